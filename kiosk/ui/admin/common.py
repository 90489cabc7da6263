"""What every admin page shares: the context (the application core, who is signed in, notices, questions) and small widgets.

Questions to the user (confirm, pick a file) are plain callables on the context, so tests replace them and a
dialog never blocks a test run. Notices go through one QObject (`Notices`) that the console shows in its banner.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QScroller,
    QSizePolicy,
    QWidget,
)

from kiosk.app import as_app
from kiosk.core.i18n import _


@dataclass(frozen=True)
class Notice:
    text: str
    kind: str = "info"  # info | ok | error


class Notices(QObject):
    """The one bridge for messages to the admin: pages call info/ok/error; the console shows them."""

    posted = Signal(object)  # Notice

    def info(self, text: str) -> None:
        self.posted.emit(Notice(text, "info"))

    def ok(self, text: str) -> None:
        self.posted.emit(Notice(text, "ok"))

    def error(self, text: str) -> None:
        self.posted.emit(Notice(text, "error"))


def ask_with_box(parent: QWidget | None, title: str, text: str, detail: str = "", action: str = "") -> bool:
    """The default confirmation: a modal box whose default button is Cancel (destructive steps need a choice)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    if detail:
        box.setInformativeText(detail)
    yes = box.addButton(action or _("OK"), QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)  # ours: Qt's own is not translated
    box.setDefaultButton(cancel)
    box.exec()
    return box.clickedButton() is yes


UNSAVED_ANSWERS = ("save", "discard", "keep")


def unsaved_box(parent: QWidget | None, what: str) -> tuple[QMessageBox, dict]:
    """The Save / Discard / Keep editing box (not yet shown) and its {button: answer}. Keep editing is the
    default button and Escape's."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(_("Unsaved changes"))
    box.setText(_("You have changed {what} without saving.").format(what=_(what)))
    box.setInformativeText(_("Save the changes, discard them, or keep editing?"))
    save = box.addButton(_("Save"), QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton(_("Discard"), QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton(_("Keep editing"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    return box, {save: "save", discard: "discard", keep: "keep"}


def ask_unsaved_with_box(parent: QWidget | None, what: str) -> str:
    """The default unsaved-changes question. WHAT names the edits ("the clinic settings").
    Returns "save", "discard" or "keep"."""
    box, answers = unsaved_box(parent, what)
    box.exec()
    return answers.get(box.clickedButton(), "keep")


class AdminContext(QObject):
    """Shared by every page of one console. `confirm`, `ask_unsaved`, `open_file`, `save_file` and
    `pick_folder` are attributes so that tests (and a future touch-only shell) can swap them."""

    library_changed = Signal()  # a handout was saved, published, retired, imported or restored
    staff_changed = Signal()

    def __init__(self, app, member, parent: QObject | None = None):
        super().__init__(parent)
        self.app = as_app(app)
        self.member = member
        self.notices = Notices(self)
        self.today: Callable[[], date] = date.today
        self.confirm: Callable[..., bool] = lambda title, text, detail="", action="OK": ask_with_box(
            self._window(), title, text, detail, action)
        self.ask_unsaved: Callable[[str], str] = lambda what: ask_unsaved_with_box(self._window(), what)
        self.open_file: Callable[[str, str], str | None] = self._open_file
        self.save_file: Callable[[str, str, str], str | None] = self._save_file
        self.pick_folder: Callable[[str], str | None] = self._pick_folder
        self.window: QWidget | None = None

    @property
    def actor(self) -> str:
        return self.member.name

    def settings(self):
        return self.app.settings.get()

    def _window(self) -> QWidget | None:
        return self.window

    def _open_file(self, title: str, filters: str) -> str | None:
        path, _filter = QFileDialog.getOpenFileName(self._window(), title, "", filters)
        return path or None

    def _save_file(self, title: str, suggested: str, filters: str) -> str | None:
        path, _filter = QFileDialog.getSaveFileName(self._window(), title, suggested, filters)
        return path or None

    def _pick_folder(self, title: str) -> str | None:
        path = QFileDialog.getExistingDirectory(self._window(), title)
        return path or None


def button(text: str, role: str = "", tip: str = "", parent: QWidget | None = None) -> QPushButton:
    """A push button styled by role in 40_admin.qss: primary | danger | quiet (default: plain)."""
    b = QPushButton(text, parent)
    if role:
        b.setProperty("role", role)
    if tip:
        b.setToolTip(tip)
    b.setAutoDefault(False)
    return b


def label(text: str = "", role: str = "", parent: QWidget | None = None) -> QLabel:
    """A label styled by role: heading | hint | empty | error | ok | warning."""
    w = QLabel(text, parent)
    if role:
        w.setProperty("role", role)
    w.setWordWrap(True)
    w.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return w


def set_state(widget: QWidget, name: str, value) -> None:
    """Change a dynamic property that QSS selects on, and make the style notice it."""
    if widget.property(name) == value:
        return
    widget.setProperty(name, value)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()


def size_to_current(stack) -> None:
    """Make a QStackedWidget as small as the page it shows: hidden pages ignore their size, so a wide page
    (the editor, a long translation) never forces its width on the others and cuts them at the window's edge."""
    def follow(_index: int = 0) -> None:
        for i in range(stack.count()):
            page = stack.widget(i)
            policy = QSizePolicy.Policy.Preferred if page is stack.currentWidget() else QSizePolicy.Policy.Ignored
            page.setSizePolicy(policy, policy)
        stack.updateGeometry()

    stack.currentChanged.connect(follow)
    follow()


def touch_scroll(area: QAbstractScrollArea) -> None:
    """One-finger kinetic scrolling for a scroll area on the touch screen."""
    QScroller.grabGesture(area.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)


def leave_ok(ctx: AdminContext, page) -> bool:
    """Whether the admin may leave PAGE now. A page with edits (it has `unsaved()`, `save_changes()` and
    `discard_changes()`, and `EDITS` naming them) that holds unsaved ones asks Save / Discard / Keep editing:
    Save leaves only if saving worked; Keep editing stays."""
    if page is None or not hasattr(page, "unsaved") or not page.unsaved():
        return True
    answer = ctx.ask_unsaved(page.EDITS)
    if answer == "save":
        return bool(page.save_changes())
    if answer == "discard":
        page.discard_changes()
        return True
    return False
