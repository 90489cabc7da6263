"""Staff screens on a touch kiosk: the Notes box's height, the print panel's other ways out, notices that do not
move the form, and the app's own keyboard."""
from __future__ import annotations

import pytest
from staff_support import click, open_form


@pytest.mark.parametrize("theme_name,size", [("default", 0), ("default", 2), ("high_contrast", 1)])
def test_notes_box_shows_at_least_six_lines(qtbot, window, staff, theme_name, size):
    from kiosk.ui import theme

    theme.apply_theme(window, theme_name, size)
    try:
        notes = open_form(qtbot, window).form.notes
        qtbot.waitUntil(notes.isVisible, timeout=2000)
        lines = (notes.viewport().height() - 2 * notes.document().documentMargin()) / notes.fontMetrics().lineSpacing()
        assert lines >= 6, lines
        # and the style sheet's one-line min-height no longer wins after a restyle
        theme.apply_theme(window, theme_name, size)
        assert notes.minimumHeight() >= 6 * notes.fontMetrics().lineSpacing()
    finally:
        theme.apply_theme(window, "default", 0)
