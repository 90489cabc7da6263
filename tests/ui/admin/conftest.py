"""Admin console fixtures: a real seeded store, an admin who is signed in, and the console itself, styled with
the real theme (so a broken rule in 40_admin.qss fails the tests as a Qt warning)."""
from __future__ import annotations

from datetime import date

import pytest

ADMIN_PIN = "482913"
NURSE_PIN = "735146"
TODAY = date(2026, 1, 15)


@pytest.fixture
def admin(store):
    store.staff.add("Ana Admin", "admin", ADMIN_PIN)
    return store.staff.verify("Ana Admin", ADMIN_PIN)


@pytest.fixture
def nurse(store):
    store.staff.add("Nora Nurse", "nurse", NURSE_PIN)
    return store.staff.verify("Nora Nurse", NURSE_PIN)


class Answers:
    """Stands in for the confirmation dialogs: records each question and gives the chosen answer."""

    def __init__(self):
        self.asked: list[tuple[str, str, str]] = []
        self.answer = True

    def __call__(self, title, text, detail="", action="OK") -> bool:
        self.asked.append((title, text, detail))
        return self.answer


@pytest.fixture
def console(qtbot, store, admin):
    from kiosk.ui import theme
    from kiosk.ui.admin import AdminConsole

    theme.load_fonts()
    widget = AdminConsole(store, admin)
    theme.apply_theme(widget)
    widget.ctx.confirm = Answers()
    # Save / Discard / Keep editing, answered through the recorded confirmation: yes discards, no keeps editing
    widget.ctx.ask_unsaved = lambda what: "discard" if widget.ctx.confirm(
        "Unsaved changes", f"You have changed {what} without saving.") else "keep"
    widget.ctx.today = lambda: TODAY
    widget.resize(1400, 900)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    dispose(widget)


def dispose(widget) -> None:
    """Close (before the store closes: no delayed check may touch a closed database) and really delete, so
    later style-sheet changes in the session do not re-polish a pile of dead consoles."""
    from PySide6.QtCore import QCoreApplication, QEvent

    widget.close()
    widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def keep():
    """keep(widget) -> widget, deleted (not only closed) after the test."""
    widgets = []

    def add(widget):
        widgets.append(widget)
        return widget

    yield add
    for widget in widgets:
        dispose(widget)
