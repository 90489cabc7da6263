"""The print controls under the preview: copies, printer, Print, and what happened.

States: ready → busy (sending, following the job) → printed, or → failed with the reason and the ways on:
Retry, another printer, Save as PDF, Discard. "Other printer…" and "Save as PDF" are there from the start, not
only after a failure (a clinic may want the PDF, or the printer down the hall, first time). The message line has
its room reserved, so a message never moves the buttons. The panel only shows and asks; the discharge screen acts.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.i18n import _, _n
from kiosk.printing import MAX_COPIES, MIN_COPIES
from kiosk.ui.staff.common import action_button, label, set_message
from kiosk.ui.widgets.buttons import set_prop


class PrintPanel(QFrame):
    print_requested = Signal()
    retry_requested = Signal()
    other_printer_requested = Signal(str)
    printers_wanted = Signal()
    save_requested = Signal()
    save_as_requested = Signal()  # an admin's "Save as…" (offered only by allow_save_anywhere)
    discard_requested = Signal()
    done_requested = Signal()
    another_requested = Signal()

    def __init__(self, printer_text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setProperty("role", "print_panel")
        self.state = "ready"
        self.copies_group = QButtonGroup(self)
        copies = QHBoxLayout()
        copies.addWidget(label(_("Copies"), "field_label"))
        self.copy_buttons: dict[int, QPushButton] = {}
        for n in range(MIN_COPIES, MAX_COPIES + 1):
            btn = QPushButton(str(n))
            btn.setCheckable(True)
            btn.setChecked(n == 1)
            btn.setProperty("role", "staff_choice")
            btn.setAccessibleName(_n("{n} copy", "{n} copies", n).format(n=n))
            self.copies_group.addButton(btn, n)
            self.copy_buttons[n] = btn
            copies.addWidget(btn)
        self.printer = label(printer_text, "muted_small")
        self.printer.setWordWrap(True)  # a long printer name or translation wraps, never widens the panel
        copies.addWidget(self.printer, 1)
        self.print_btn = action_button(_("Print"), "primary")
        self.print_btn.setDefault(True)
        self.print_btn.setToolTip(_("Print the sheet (Enter in a field, or Ctrl+Enter)"))
        self.print_btn.clicked.connect(self.print_requested)
        self.status = label("", "staff_message")
        self.status.setWordWrap(True)
        keep_room = self.status.sizePolicy()
        keep_room.setRetainSizeWhenHidden(True)  # its room stays when it is empty: nothing jumps
        self.status.setSizePolicy(keep_room)
        set_message(self.status, "")

        # Failure: the reason and the ways on.
        self.retry_btn = action_button(_("Retry"))
        self.retry_btn.clicked.connect(self.retry_requested)
        self.other_btn = action_button(_("Other printer…"))
        self.other_btn.clicked.connect(self._show_printers)
        self.printer_choice = QComboBox()
        self.printer_choice.hide()
        self.print_there_btn = action_button(_("Print there"))
        self.print_there_btn.hide()
        self.print_there_btn.clicked.connect(
            lambda: self.other_printer_requested.emit(self.printer_choice.currentText()))
        self.save_btn = action_button(_("Save as PDF"))
        self.save_btn.clicked.connect(self.save_requested)
        self.save_as_btn = action_button(_("Save as…"))
        self.save_as_btn.setToolTip(_("Admins only: choose any folder and file name"))
        self.save_as_btn.clicked.connect(self.save_as_requested)
        self.save_as_btn.setVisible(False)
        self.discard_btn = action_button(_("Discard sheet"))
        self.discard_btn.clicked.connect(self._discard_clicked)
        self.failure_box = QWidget()
        ways = QGridLayout()
        # Save as PDF has a row of its own: its words (which may say why it is off) never widen the panel
        # into the form's room
        ways.addWidget(self.other_btn, 0, 0)
        ways.addWidget(self.save_as_btn, 0, 1)
        ways.addWidget(self.save_btn, 1, 0, 1, 2)
        # why Save as PDF is off: a wrapped line under it, not the button's words (a button never wraps, and a
        # long translation would widen the panel into the form's room)
        self.save_note = label("", "muted_small")
        self.save_note.setWordWrap(True)
        self.save_note.hide()
        ways.addWidget(self.save_note, 2, 0, 1, 2)
        ways.addWidget(self.retry_btn, 3, 0)
        ways.addWidget(self.discard_btn, 3, 1)
        self._save_anywhere = False
        self._folder_set = True
        row2 = QHBoxLayout()
        row2.addWidget(self.printer_choice, 1)
        row2.addWidget(self.print_there_btn)
        fail = QVBoxLayout(self.failure_box)
        fail.setContentsMargins(0, 0, 0, 0)
        fail.addLayout(ways)
        fail.addLayout(row2)

        # Success: leave, or the next patient.
        self.done_btn = action_button(_("Done: sign out"), "primary")
        self.done_btn.clicked.connect(self.done_requested)
        self.another_btn = action_button(_("Next patient's sheet"))
        self.another_btn.clicked.connect(self.another_requested)
        self.success_box = QWidget()
        ok = QHBoxLayout(self.success_box)
        ok.setContentsMargins(0, 0, 0, 0)
        ok.addWidget(self.another_btn)
        ok.addWidget(self.done_btn)

        box = QVBoxLayout(self)
        box.setContentsMargins(16, 12, 16, 12)
        box.addLayout(copies)
        box.addWidget(self.print_btn)
        box.addWidget(self.failure_box)
        box.addWidget(self.status)
        box.addWidget(self.success_box)
        self.ready()

    def event(self, event) -> bool:
        result = super().event(event)
        if event.type() in (QEvent.Type.Polish, QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self._reserve_message_room()
        return result

    def _reserve_message_room(self) -> None:
        """Room for two lines of message, whether or not one is shown."""
        self.status.ensurePolished()
        margins = self.status.contentsMargins()
        self.status.setMinimumHeight(2 * self.status.fontMetrics().lineSpacing() + margins.top()
                                     + margins.bottom() + 2 * self.status.margin() + 8)

    def set_save_folder(self, folder_set: bool) -> None:
        """Save as PDF writes only into a folder an admin chose; without one the button says so."""
        self._folder_set = folder_set
        self.save_btn.setEnabled(folder_set and self.state != "busy")
        note = "" if folder_set else _("Save as PDF: an admin must choose a folder")
        self.save_note.setText(note)
        self.save_note.setVisible(bool(note))
        self.save_btn.setAccessibleDescription(note)
        self.save_btn.setToolTip("" if folder_set else _("An admin sets the PDF folders in Settings"))

    def allow_save_anywhere(self) -> None:
        """Show "Save as…" (the signed-in member is an admin)."""
        self._save_anywhere = True
        self.save_as_btn.setVisible(self.state != "printed")

    def copies(self) -> int:
        return max(MIN_COPIES, self.copies_group.checkedId())

    def _set_state(self, state: str) -> None:
        self.state = state
        set_prop(self, "state", state)
        self.print_btn.setVisible(state in ("ready", "busy"))
        self.print_btn.setEnabled(state == "ready")
        for btn in self.copy_buttons.values():
            btn.setEnabled(state == "ready" or state == "failed")
        # the ways on: another printer and the PDF always (not while sending); Retry and Discard after a failure
        self.failure_box.setVisible(state in ("ready", "busy", "failed"))
        for btn in (self.other_btn, self.save_btn, self.save_as_btn):
            btn.setEnabled(state != "busy" and (btn is not self.save_btn or self._folder_set))
        self.retry_btn.setVisible(state == "failed")
        self.discard_btn.setVisible(state == "failed")
        if state != "failed":
            self.printer_choice.hide()
            self.print_there_btn.hide()
        self.save_as_btn.setVisible(self._save_anywhere and state != "printed")
        self.success_box.setVisible(state == "printed")
        self.discard_btn.setText(_("Discard sheet"))

    def ready(self, text: str = "") -> None:
        self._set_state("ready")
        set_message(self.status, text, "info")

    def busy(self, text: str) -> None:
        self._set_state("busy")
        set_message(self.status, text, "busy")

    def note(self, text: str) -> None:
        if self.state == "busy":
            set_message(self.status, text, "busy")

    def failed(self, text: str, retry_may_help: bool = True) -> None:
        self._set_state("failed")
        self.retry_btn.setEnabled(retry_may_help)
        self.printer_choice.hide()
        self.print_there_btn.hide()
        set_message(self.status, text, "error")

    def printed(self, text: str) -> None:
        self._set_state("printed")
        set_message(self.status, text, "ok")
        self.done_btn.setFocus()

    def _show_printers(self) -> None:
        self.printers_wanted.emit()

    def offer_printers(self, names: list[str], current: str) -> None:
        self.printer_choice.clear()
        others = [n for n in names if n != current]
        if not others:
            set_message(self.status, self.status.text() + _(" No other printer is set up; save the sheet as a PDF "
                        "instead."), "error")
            return
        self.printer_choice.addItems(others)
        self.printer_choice.show()
        self.print_there_btn.show()
        self.printer_choice.setFocus()

    def _discard_clicked(self) -> None:
        # Two taps: a sheet is never lost to one stray touch.
        if self.discard_btn.text() == _("Discard sheet"):
            self.discard_btn.setText(_("Tap again to discard"))
            return
        self.discard_requested.emit()
