"""Every handout in the bundled library makes a complete sheet, in both print sizes."""
from __future__ import annotations

import pytest
from xml.sax.saxutils import unescape

from sheet_helpers import make_details, make_settings, page_texts, squash

from kiosk import resources
from kiosk.content.library import load_folder
from kiosk.sheet import labels as lb
from kiosk.sheet import render_sheet, text
from kiosk.sheet.story import covered_by

LIBRARY = load_folder(resources.handouts_dir()).handouts if resources.handouts_dir().is_dir() else []


@pytest.mark.skipif(not LIBRARY, reason="no handout files in handouts/ yet")
@pytest.mark.parametrize("handout", LIBRARY, ids=lambda h: f"{h.slug}.{h.language}")
@pytest.mark.parametrize("large", [False, True], ids=["standard", "large"])
def test_every_bundled_handout_makes_a_complete_sheet(handout, large):
    details = make_details(large_print=large, medications=("Steroid",), language=handout.language)
    result = render_sheet(handout, 1, make_settings(), details)
    assert result.warnings == []
    pages = page_texts(result.pdf)
    squashed = [squash(p) for p in pages]
    emergency = [unescape(item) for item in text.items(handout.section("emergency"))]
    labels = lb.labels(handout.language)
    for item in emergency:
        assert any(squash(item) in p for p in squashed), item
    for item in (*handout.do, *handout.dont):
        # a line the steroid box says in full (checking blood sugar) is not printed twice: the box is there
        if covered_by(item, {"steroid"}, handout.language):
            assert any(squash(labels["steroid_sugar"]) in p for p in squashed), item
            continue
        assert any(squash(item) in p for p in squashed), item
    assert squash(labels["title"].format(title=handout.title)) in squashed[0]
    footer = labels["footer_page"]
    assert all(footer.format(page=i, pages=len(pages)) in p for i, p in enumerate(pages, start=1))
