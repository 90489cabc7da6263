"""One section-text parser (kiosk.core.sections) for the patient screen, the sheet, the admin preview and the
lint: for any text, each gets the same paragraphs and list items."""
from __future__ import annotations

from xml.sax.saxutils import unescape

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.core.sections import ITEM, PARA, blocks, items

LINES = st.lists(
    st.one_of(
        st.sampled_from(["", "-", "- ", "  - indented item", "- an item", "a line", "   ", "-no space", "\t- tab"]),
        st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\x0b\x0c\x1c\x1d\x1e"
                                       "\x85\u2028\u2029"), max_size=30),
    ),
    max_size=12,
)


@settings(max_examples=300, deadline=None)
@given(LINES)
def test_screen_sheet_and_preview_get_the_same_blocks_for_any_text(lines):
    from kiosk.sheet.text import content_blocks
    from kiosk.ui.admin.preview import _split
    from kiosk.ui.patient.content import blocks as screen_blocks

    text = "\n".join(lines)
    core = [(b.kind, b.text) for b in blocks(text)]
    assert [(b.kind, b.text) for b in screen_blocks(text)] == core
    assert [(b.kind, b.text) for b in _split(text)] == core
    sheet = [("item" if kind == "li" else "para", unescape(m)) for kind, m in content_blocks(text)]
    # the sheet cleans text for print (NFC, control characters) before parsing; compare on text it keeps as is
    if all(ch.isprintable() for ch in text.replace("\n", "").replace("\t", "")):
        assert [k for k, _ in sheet] == [k for k, _ in core]
    for kind, block_text in core:
        assert block_text and "\n" not in block_text and kind in (PARA, ITEM)


def test_the_handout_format_rules():
    text = "Intro line one\nline two\n\n- first item\n  wrapped on\n- second\n-\nAfter a lone dash.\n\n\n- last"
    assert [(b.kind, b.text) for b in blocks(text)] == [
        (PARA, "Intro line one line two"),
        (ITEM, "first item wrapped on"),
        (ITEM, "second"),
        (PARA, "After a lone dash."),
        (ITEM, "last"),
    ]
    assert items(text) == ["first item wrapped on", "second", "last"]
    assert blocks("") == [] and blocks(None) == [] and blocks("-\n - \n") == []
    assert blocks("a\r\nb\rc") == [blocks("a b c")[0]]
