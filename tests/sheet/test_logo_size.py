"""Logos larger than 1,200 px on a side (issue 13, security review finding 16): scaled down when an admin
chooses one, and drawn from a scaled copy at render time for a logo stored before the rule. Proven on sizes, by
reading the image the PDF really holds (its /Width and /Height), never by timing (timing: benchmarks/)."""
from __future__ import annotations

import io

import pytest
from PIL import Image
from sheet_helpers import make_settings, reader, render

from kiosk.sheet.pictures import MAX_LOGO_PIXELS, RENDER_DPI, fit_logo_png

# the logo's box on the sheet (1.8 × 0.9 inches) at RENDER_DPI: the most pixels a sheet ever embeds
BOX = (int(1.8 * RENDER_DPI), int(0.9 * RENDER_DPI))


def big_png(path, w=7000, h=7000, mode="RGB"):
    """A large logo that compresses small, like the review's 143 KB 7000 × 7000 PNG: a flat colour, one mark."""
    background, mark = {"P": (0, 1), "L": (255, 60)}.get(mode, ("white", (200, 30, 30)))
    image = Image.new(mode, (w, h), background)
    image.paste(mark, (w // 4, h // 4, w // 2, h // 2))
    image.save(path, "PNG", optimize=True)
    return path


def embedded_images(pdf: bytes) -> list[tuple[int, int]]:
    sizes = []
    for page in reader(pdf).pages:
        xobjects = page.get("/Resources", {}).get("/XObject", {})
        for ref in xobjects.values():
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image":
                sizes.append((int(obj["/Width"]), int(obj["/Height"])))
    return sizes


@pytest.mark.parametrize("w,h", [(7000, 7000), (9000, 1500), (1201, 40), (600, 5000)])
def test_a_logo_stored_before_the_rule_is_drawn_from_a_kept_copy_within_1200_px(tmp_path, w, h):
    logo = big_png(tmp_path / f"logo-{w}x{h}.png", w, h)
    pdf = render(settings=make_settings(logo_path=str(logo))).pdf
    (size,) = embedded_images(pdf)
    assert max(size) <= MAX_LOGO_PIXELS and size[0] <= BOX[0] and size[1] <= BOX[1]
    assert abs((size[0] / size[1]) / (w / h) - 1) < 0.05  # the shape is kept
    (kept,) = tmp_path.glob(".logo-*.fit1200.png")  # scaled once; later starts read this copy
    with Image.open(kept) as image:
        assert max(image.size) == MAX_LOGO_PIXELS


def test_a_logo_within_the_limit_is_drawn_as_it_is(tmp_path):
    logo = big_png(tmp_path / "small.png", 480, 160)
    (size,) = embedded_images(render(settings=make_settings(logo_path=str(logo))).pdf)
    assert size == (480, 160)


@pytest.mark.parametrize("mode", ["RGB", "RGBA", "P", "L"])
def test_fit_logo_png_scales_every_png_kind_down_and_keeps_small_ones_byte_for_byte(tmp_path, mode):
    data = big_png(tmp_path / "big.png", 4000, 2000, mode).read_bytes()
    with Image.open(io.BytesIO(fit_logo_png(data))) as small:
        assert small.size == (1200, 600)
    tiny = big_png(tmp_path / "tiny.png", 300, 100, mode).read_bytes()
    assert fit_logo_png(tiny) == tiny
    with pytest.raises(ValueError):
        fit_logo_png(b"\x89PNG\r\n\x1a\n not really")


def test_the_admins_logo_screen_keeps_a_scaled_copy(tmp_path):
    pytest.importorskip("PySide6")
    from kiosk.ui.admin import logo as admin_logo

    (tmp_path / "usb").mkdir()
    chosen = big_png(tmp_path / "usb" / "clinic.png")
    data, suffix = admin_logo.check(chosen)
    kept = admin_logo.keep_copy(data, suffix, tmp_path / "data")
    with Image.open(kept) as image:
        assert image.size == (MAX_LOGO_PIXELS, MAX_LOGO_PIXELS)
    (size,) = embedded_images(render(settings=make_settings(logo_path=str(kept))).pdf)
    assert size == (BOX[1], BOX[1])  # a square logo, as high as its box at RENDER_DPI
