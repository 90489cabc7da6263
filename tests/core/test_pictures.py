"""The one picture rule (kiosk.core.pictures), Qt-free: what it takes, what it scales, and what it refuses with
one sentence naming the file. The doors that use it are tested in tests/ui/admin/test_admin_drawing.py."""
from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from kiosk.core.pictures import MAX_PICTURE_PIXELS, PictureRefused, check_picture, svg_problem

SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/>{}</svg>'


def png(size, mode="RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size).save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize("extra", [
    "", '<use href="#a"/>', '<rect id="a" fill="url(#g)"/>', "<style>rect { fill: url(#g) }</style>",
    '<g transform="translate(1 1)"><circle r="2"/></g>',
])
def test_a_plain_svg_is_taken_as_it_is(extra):
    data = SVG.format(extra).encode()
    assert check_picture(data, "Knee.SVG", "The drawing") == (data, ".svg")


def test_a_large_png_is_scaled_down_once_and_a_small_one_kept_byte_for_byte():
    small = png((300, 200))
    assert check_picture(small, "a.png") == (small, ".png")
    data, suffix = check_picture(png((3000, 1500), "P"), "a.png")
    assert suffix == ".png" and Image.open(io.BytesIO(data)).size == (MAX_PICTURE_PIXELS, 600)


@pytest.mark.parametrize(("data", "name", "words"), [
    (b"GIF89a", "a.gif", "The drawing must be a PNG or SVG file."),
    (b"x" * 2_000_001, "a.svg", "The drawing file is 2,000,001 bytes; keep it under 2,000,000."),
    (b"not a png", "a.png", "a.png is not a readable PNG image."),
    (b"\x89PNG\r\n\x1a\n broken", "a.png", "a.png is not a readable PNG image."),
    (png((200, 200))[:60], "cut.png", "cut.png is not a readable PNG image."),
    (SVG.format("<script>x()</script>").encode(), "s.svg", "s.svg holds a script."),
    (SVG.format('<svg:script xmlns:svg="http://www.w3.org/2000/svg"/>').encode(), "s.svg", "s.svg holds a script."),
    (SVG.format('<a onclick="x()"/>').encode(), "s.svg", "s.svg holds a script (the onclick attribute)."),
    (SVG.format("<foreignObject/>").encode(), "f.svg", "f.svg holds a foreignObject (a web page inside the picture)."),
    (SVG.format('<image href="https://example.org/x.png"/>').encode(), "l.svg", "l.svg links to something outside the file."),
    (SVG.format('<image href="data:image/png;base64,AAAA"/>').encode(), "l.svg", "l.svg links to something outside the file."),
    (SVG.format('<rect style="fill: url( \'http://e.org/a\')"/>').encode(), "l.svg", "l.svg links to something outside the file."),
    (SVG.format("<style>@import 'x.css';</style>").encode(), "l.svg", "l.svg links to something outside the file."),
    (b'<!DOCTYPE svg SYSTEM "http://e.org/x.dtd"><svg xmlns="http://www.w3.org/2000/svg"/>', "d.svg",
     "d.svg declares a DOCTYPE or entities, which a picture does not need."),
    (b"<html><body>svg</body></html>", "h.svg", "h.svg is not an SVG image."),
    (b"<svg><unclosed></svg>", "b.svg", "b.svg is not a readable SVG image."),
    (("<svg>" + "<g>" * 200 + "</g>" * 200 + "</svg>").encode(), "n.svg", "n.svg nests deeper than 64 levels."),
], ids=["gif", "huge", "not-png", "png-signature-only", "truncated-png", "script", "prefixed-script", "onclick",
        "foreign-object", "remote-image", "data-uri", "css-url", "css-import", "doctype", "html", "broken-xml",
        "deep"])
def test_a_hostile_or_broken_picture_is_refused_in_one_sentence(data, name, words):
    with pytest.raises(PictureRefused) as refused:
        check_picture(data, name, "The drawing")
    assert str(refused.value) == words


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2048), st.sampled_from(["x.svg", "x.png", "x.jpg", "x"]))
def test_any_bytes_give_a_picture_or_one_sentence(data, name):
    try:
        out, suffix = check_picture(data, name)
    except PictureRefused as exc:
        assert str(exc).endswith(".") and "\n" not in str(exc)
    else:
        assert suffix in (".svg", ".png") and (suffix != ".svg" or svg_problem(out) == "")
