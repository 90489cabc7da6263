"""An admin's own drawing on the printed sheet: an SVG in the loader's subset prints as vector paths in place of
the project's drawing, a PNG as its one image, and an SVG outside the subset leaves the sheet without a drawing
and says so (never a failed print)."""
from __future__ import annotations

import io

from PIL import Image
from sheet_helpers import make_details, make_settings, reader
from test_sheet_drawings import images, path_ops

from kiosk import resources
from kiosk.content.library import load_folder
from kiosk.core.model import OwnDrawing
from kiosk.sheet import render_sheet

SLUG = "knee-joint-injection"
KNEE = next(h for h in load_folder(resources.handouts_dir()).handouts if h.slug == SLUG and h.language == "en")
SVG = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300">'
       '<rect x="20" y="20" width="360" height="260" rx="12" fill="#e9f0f2" stroke="#1c5a70" stroke-width="6"/>'
       '<circle cx="200" cy="150" r="60" fill="#1c5a70"/></svg>').encode()


def sheet(handout):
    return render_sheet(handout, 1, make_settings(), make_details(medications=("Steroid",)))


def own(data: bytes, name: str):
    return KNEE.with_changes(drawing=OwnDrawing(name, "A knee with the needle's place marked.", data))


def test_an_own_svg_prints_as_vector_paths_instead_of_the_projects_drawing():
    theirs, mine = sheet(KNEE), sheet(own(SVG, "k.svg"))
    assert images(mine.pdf) == [] and not mine.warnings
    assert "Sit or lie down" in reader(theirs.pdf).pages[0].extract_text()
    assert "Sit or lie down" not in reader(mine.pdf).pages[0].extract_text()  # the project's labels are gone
    assert path_ops(mine.pdf) < path_ops(theirs.pdf)  # a rectangle and a circle instead of the knee's outlines
    data = reader(mine.pdf).pages[0].get_contents().get_data()
    assert b"re" in data and len(reader(mine.pdf).pages) == len(reader(theirs.pdf).pages)


def test_an_own_png_prints_as_its_one_image():
    buf = io.BytesIO()
    Image.new("RGB", (600, 450), (28, 90, 112)).save(buf, "PNG")
    mine = sheet(own(buf.getvalue(), "k.png"))
    assert len(images(mine.pdf)) == 1 and not mine.warnings
    assert len(reader(mine.pdf).pages) == len(reader(sheet(KNEE).pdf).pages)


def test_an_own_svg_outside_the_subset_is_left_out_with_a_notice():
    odd = SVG.replace(b"</svg>", b'<polygon points="1,1 9,9 1,9"/></svg>')
    mine = sheet(own(odd, "k.svg"))
    assert "The procedure drawing could not be read; the sheet has none." in mine.warnings
    assert mine.pdf.startswith(b"%PDF")
