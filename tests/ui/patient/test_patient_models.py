"""Thin Qt models over plain lists, checked with pytest-qt's qtmodeltester; the UI string table."""
from __future__ import annotations

from PySide6.QtCore import Qt

from kiosk.core.model import SearchHit
from kiosk.ui.models import HandoutListModel, one_line
from kiosk.ui.patient.content import Block, blocks
from kiosk.ui.patient.strings import STRINGS, tr


def test_handout_model_passes_the_model_tester(qtmodeltester, store):
    hits = store.search.by_region("knee", "en")
    model = HandoutListModel(hits)
    qtmodeltester.check(model)
    assert model.rowCount() == len(hits)
    first = model.index(0)
    assert model.data(first) == hits[0].title
    assert model.data(first, HandoutListModel.SlugRole) == hits[0].slug
    assert model.data(first, HandoutListModel.SummaryRole) == one_line(hits[0].summary)
    model.set_hits(store.search.search("facit", "en"))
    qtmodeltester.check(model)
    assert model.data(model.index(0)) == "Facet joint injection"


def test_set_hits_resets_only_when_the_list_changes(qtbot):
    hits = [SearchHit("a", "en", "A", "One. Two."), SearchHit("b", "en", "B", "Three.")]
    model = HandoutListModel(hits)
    with qtbot.assertNotEmitted(model.modelReset):
        model.set_hits(list(hits))
    with qtbot.waitSignal(model.modelReset):
        model.set_hits(hits[:1])
    assert model.rowCount() == 1 and model.data(model.index(0), Qt.ItemDataRole.ToolTipRole) == "One."


def test_one_line_summary_is_the_first_sentence():
    assert one_line("Facet joints are small joints in your spine. They help you bend.") == \
        "Facet joints are small joints in your spine."
    assert one_line("  No full stop  ") == "No full stop"
    assert one_line("") == ""


def test_section_text_becomes_paragraphs_and_list_items():
    text = "First line\ncontinues here.\n\n- one\n- two\n\nLast."
    assert blocks(text) == [Block("para", "First line continues here."), Block("item", "one"),
                            Block("item", "two"), Block("para", "Last.")]


def test_every_ui_string_is_translated_and_formats():
    assert set(STRINGS["es"]) == set(STRINGS["en"])
    for key in STRINGS["en"]:
        assert STRINGS["es"][key].strip(), key
    assert tr("found_many", "es", n=3) == "3 procedimientos encontrados"
    assert tr("no_results", "en", query="zz") == "Nothing found for “zz”."
