"""The nurse's discharge screen: the form, the live preview of the exact bytes, and printing them.

Print sends `preview.sheet.pdf` (what the nurse sees) and nothing else: if an edit is still being rendered, the
print waits for that render. The job runs on a worker thread; the form is locked meanwhile so the sheet on screen
stays the sheet on paper. On failure the sheet stays, with Retry, another printer, Save as PDF and Discard. Every
outcome is one audit entry (kiosk.printing.record), with no patient data in it. Another printer and Save as PDF
are offered from the start too, with the same checks as Print.
"""
from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QSplitter, QVBoxLayout, QWidget

from kiosk.app import StoreError, as_app
from kiosk.core.i18n import _, _n
from kiosk.printing import make_backend
from kiosk.printing import record as rec
from kiosk.printing import save as saving
from kiosk.ui.staff.common import ColumnScroll, action_button, label, set_message, staff_screen
from kiosk.ui.staff.form import DischargeForm
from kiosk.ui.staff.preview import SheetPreview
from kiosk.ui.staff.print_panel import PrintPanel
from kiosk.ui.staff.worker import Worker
from kiosk.ui.widgets import wheel_guard

log = logging.getLogger("kiosk.ui.discharge")


class DischargeScreen(QWidget):
    done = Signal()  # sign out
    new_sheet = Signal()  # rebuild the screen for the next patient
    busy_changed = Signal(bool)  # a print is being followed (the idle clock holds)
    printed = Signal(object)  # the Attempt, after it is recorded

    def __init__(self, app, member, backend_factory=make_backend, parent: QWidget | None = None):
        super().__init__(parent)
        staff_screen(self, "DischargeScreen")
        wheel_guard.watch(self)  # scrolling the form with a mouse never changes the language or follow-up
        self.app = as_app(app)
        self._journal = None  # the journal of jobs in flight, given by the core when a print starts
        self.member = member
        self.settings = self.app.settings.get()
        self.backend_factory = backend_factory
        self.backend = None
        self.attempts: list[rec.Attempt] = []
        self.printed_ok = False
        self.printing = False  # a print is being followed
        self._print_target: str | None = None
        self._waiting_for_preview = False
        self._after_render = None  # a Save as PDF waiting for the sheet on screen to catch up with the form
        self._tried_print = False  # after the first Print, "required" messages show while the nurse fixes them

        self.form = DischargeForm(self.app, self.settings, member)
        self.preview = SheetPreview()
        self.panel = PrintPanel(self._printer_text(self.settings.default_printer))
        self.worker = Worker(self)
        self.worker.done.connect(self._print_finished)
        self.worker.failed.connect(self._print_crashed)
        self.worker.note.connect(lambda _t, text: self.panel.note(text))

        form_scroll = ColumnScroll(self.form)  # never narrower than the form: a long translation is not cut
        form_scroll.setProperty("role", "form_scroll")
        # No kinetic touch scrolling here: QScroller holds every press back to tell a tap from a flick, which
        # makes the form's fields and lists feel slow to a finger. The form scrolls by its wide scroll bar.
        self.form_scroll = form_scroll
        right = QWidget()
        right_box = QVBoxLayout(right)
        right_box.setContentsMargins(0, 0, 0, 0)
        right_box.addWidget(self.preview, 1)
        right_box.addWidget(self.panel)
        split = QSplitter(Qt.Orientation.Horizontal)
        self.split = split
        self._host = None
        split.addWidget(form_scroll)
        split.addWidget(right)
        split.setStretchFactor(0, 11)
        split.setStretchFactor(1, 9)
        split.setChildrenCollapsible(False)

        self.warning = label("", "staff_warning")
        set_message(self.warning, "")
        self.leave_btn = action_button(_("Done"))
        self.leave_btn.setToolTip(_("Sign out; an unprinted sheet asks first"))
        self.leave_btn.clicked.connect(self._leave_clicked)
        top = QHBoxLayout()
        top.addWidget(label(_("Discharge sheet"), "staff_title"))
        signed_in = label(_("Signed in: {name}").format(name=member.name), "muted_small")
        signed_in.setWordWrap(True)  # a long name or translation wraps instead of widening the screen
        top.addWidget(signed_in, 1)
        top.addWidget(self.warning)
        top.addWidget(self.leave_btn)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 16, 24, 16)
        outer.addLayout(top)
        outer.addWidget(split, 1)

        self.form.changed.connect(self._form_changed)
        self.form.submit_requested.connect(self.print_sheet)
        self.preview.updated.connect(self._preview_updated)
        self.preview.failed.connect(self._preview_failed)
        self.panel.print_requested.connect(self.print_sheet)
        self.panel.retry_requested.connect(lambda: self.print_sheet(self._print_target))
        self.panel.other_printer_requested.connect(self.print_sheet)
        self.panel.printers_wanted.connect(self._find_printers)
        self.panel.save_requested.connect(self.save_as_pdf)
        self.panel.save_as_requested.connect(self.save_anywhere)
        self.panel.set_save_folder(bool(self.settings.save_folders))
        # An admin's "Save as…" path chooser (a file dialog), given by the controller to admins only: nothing a
        # nurse can reach opens a file dialog. Called as choose(parent, suggested_name) -> path or "".
        self._choose_path = None
        self.panel.discard_requested.connect(self.discard)
        self.panel.done_requested.connect(self.done)
        self.panel.another_requested.connect(self.new_sheet)
        for keys in ("Ctrl+Return", "Ctrl+Enter", "Ctrl+P"):
            QShortcut(QKeySequence(keys), self, self.print_sheet, Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._form_changed()

    # ---- layout -----------------------------------------------------------------------------------------
    def _fit_split(self) -> None:
        """Form beside the preview when both fit side by side at their minimum widths; else the preview and
        print panel go below the form (a narrow or portrait screen), so neither column is ever cut."""
        split = self.split
        margins = self.layout().contentsMargins()
        host = self.parentWidget()  # the window's scroll viewport: what the window gives, not our own minimum
        room = (host.width() if host is not None else self.width()) - margins.left() - margins.right()
        need = sum(split.widget(i).minimumSizeHint().width() for i in range(split.count()))
        need += split.handleWidth() * (split.count() - 1)
        wanted = Qt.Orientation.Horizontal if room >= need else Qt.Orientation.Vertical
        if split.orientation() != wanted:
            split.setOrientation(wanted)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit_split()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        host = self.parentWidget()
        if host is not None and host is not self._host:
            self._host = host
            host.installEventFilter(self)  # the window may shrink below this screen's minimum: follow it
        self._fit_split()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        if obj is self._host and event.type() == QEvent.Type.Resize:
            self._fit_split()
        return super().eventFilter(obj, event)

    @staticmethod
    def _printer_text(printer: str) -> str:
        return _("Printer: {printer}").format(printer=printer) if printer else _("Printer: the system's default")

    # ---- preview ----------------------------------------------------------------------------------------
    def _form_changed(self) -> None:
        if self.panel.state == "printed":
            return
        problems = self.form.problems()
        shown = problems if self._tried_print else {
            k: v for k, v in problems.items() if k not in ("procedure", "patient_name")}
        self.form.show_problems(shown)  # "required" messages wait for Print: no red on an empty form
        version = self.form.handout_version()
        if version is None:
            self.preview.placeholder(_("Choose a procedure to see the sheet here."))
            return
        if shown:
            self.preview.placeholder(_("Fix the marked fields to see the sheet."))
            return
        from kiosk.ui.staff.checks import details

        self.preview.request(version.handout, version.version, self.settings, details(self.form.values()))

    def _preview_updated(self, _generation: int) -> None:
        if self._waiting_for_preview:
            self._waiting_for_preview = False
            self._start_print()
        if self._after_render is not None:
            action, self._after_render = self._after_render, None
            action()

    def _preview_failed(self, text: str) -> None:
        if self._after_render is not None:
            self._after_render = None
            set_message(self.panel.status, _("The sheet could not be built ({error}).").format(error=text), "error")
        if self._waiting_for_preview:
            self._waiting_for_preview = False
            self._set_busy(False)
            self.form.setEnabled(True)
            self.panel.failed(_("The sheet could not be built ({text}).").format(text=text), retry_may_help=False)

    def _set_busy(self, busy: bool) -> None:
        """While a print is under way the form is locked, Done waits and the idle clock holds."""
        self.printing = busy
        self.leave_btn.setEnabled(not busy)
        self.busy_changed.emit(busy)

    # ---- printing ---------------------------------------------------------------------------------------
    def _form_ok(self) -> bool:
        """The form's checks, as Print and Save as PDF both run them: marks every problem, says so once and takes
        the nurse to the first one. True when there is nothing to fix."""
        self._tried_print = True
        problems = self.form.problems()
        self.form.show_problems(problems)
        if not problems:
            return True
        set_message(self.panel.status, _("Fix the marked fields first."), "error")
        widget = self.form.first_problem_widget(problems)
        if widget is not None:
            self.form_scroll.ensureWidgetVisible(widget)
            widget.setFocus()
        return False

    def print_sheet(self, printer: str | None = None) -> None:
        if self.panel.state == "busy" or self.panel.state == "printed":
            return
        if not self._form_ok():
            return
        self._print_target = printer if isinstance(printer, str) else self._print_target
        self.form.setEnabled(False)
        self._set_busy(True)
        if self.preview.current():
            self._start_print()
        else:
            self._waiting_for_preview = True
            self.panel.busy(_("Preparing the sheet…"))
            if self.preview.pending():
                self.preview.flush()
            elif not self.preview.retry():  # the last render failed: try once more, never wait on nothing
                self._preview_failed(_("there is nothing to print yet"))

    def _start_print(self) -> None:
        version = self.form.handout_version()
        info = rec.SheetInfo.of(version.handout, version.version)
        printer = self._print_target if self._print_target is not None else self.settings.default_printer
        if self.backend is None:
            try:
                self.backend = self.backend_factory(self.settings)
            except Exception as exc:  # noqa: BLE001 - a bad setting must not leave the form locked
                self._print_crashed(None, exc)
                return
        try:
            self._journal = self.app.prints.journal(self.member)  # signed-in staff only, checked by the core
        except StoreError as exc:
            self._set_busy(False)
            self.form.setEnabled(True)
            self.panel.failed(str(exc))
            return
        where = printer or _("the default printer")
        copies = self.panel.copies()
        self.panel.busy(_n("Sending {n} copy to {where}…", "Sending {n} copies to {where}…", copies).format(
            n=copies, where=where))
        token = len(self.attempts)
        self.worker.start(token, rec.run, self.backend, self.preview.sheet.pdf, info, printer, self.panel.copies(),
                          on_status=lambda text: self.worker.notify(token, text),
                          on_accepted=lambda job: self.worker.notify(
                              token, _("{printer} accepted the sheet (job {job_id}). Printing…").format(printer=job.printer, job_id=job.job_id)),
                          journal=self._journal, actor=self.member.name)

    def _print_finished(self, _token, attempt: rec.Attempt) -> None:
        self.attempts.append(attempt)
        self._set_busy(False)  # first: nothing below may leave the idle clock held
        # never raises for a database problem: the entry waits in the outbox, and the nurse reads one sentence
        note = self.app.prints.record(self.member, attempt, self._journal)
        note = f" {note}" if note else ""
        if attempt.ok:
            self.printed_ok = True
            try:
                self.app.prints.keep_copy(self.settings, self.preview.sheet.pdf, attempt.info)
            except Exception as exc:  # noqa: BLE001 - the sheet printed; a kept copy failing must not hide that
                self.panel.printed(_("{message} (The kept copy could not be saved: {exc}.){note}").format(message=attempt.result.message, exc=exc, note=note))
            else:
                self.panel.printed(f"{attempt.result.message}{note}")
            self.printed.emit(attempt)
            return
        self.form.setEnabled(True)
        self._print_target = attempt.printer or self._print_target
        log.warning("A sheet did not print (%s on %s).", type(attempt.error).__name__, attempt.printer or "default")
        self.panel.failed(f"{attempt.error}{note}", attempt.error.retry_may_help)
        self.printed.emit(attempt)

    def _print_crashed(self, _token, exc: Exception) -> None:
        """record.run() turns every failure into an Attempt; this is the last line if even that broke."""
        log.error("Sending a sheet to the printer failed.", exc_info=(type(exc), exc, exc.__traceback__))
        self._set_busy(False)
        self.form.setEnabled(True)
        self.panel.failed(_("The sheet could not be sent to the printer ({error}). Save it as a PDF or try "
                            "again.").format(error=type(exc).__name__))

    def _find_printers(self) -> None:
        if self.backend is None:
            self.backend = self.backend_factory(self.settings)
        try:
            names = self.backend.printers()
        except Exception:  # noqa: BLE001 - the print service is down: say so, offer the PDF
            names = []
        self.panel.offer_printers(names, self._print_target or self.settings.default_printer)

    # ---- the other ways out -----------------------------------------------------------------------------
    def allow_save_anywhere(self, choose_path) -> None:
        """Offer "Save as…" with CHOOSE_PATH(parent, suggested) -> str (the controller does this for admins)."""
        self._choose_path = choose_path
        self.panel.allow_save_anywhere()

    def _sheet_ready(self, action) -> bool:
        """Before a Save as PDF (offered at any time, not only after a failed print): the form must pass its
        checks, as for Print, and the sheet saved is the one on screen for the form as it is now. If a render
        is still under way, ACTION runs again when it ends. True when the sheet can be saved now."""
        if self.panel.state in ("busy", "printed"):
            return False
        if not self._form_ok():
            return False
        if self.preview.current():
            return True
        self._after_render = action
        set_message(self.panel.status, _("Preparing the sheet…"), "busy")
        if self.preview.pending():
            self.preview.flush()
        elif not self.preview.retry():
            self._preview_failed("there is nothing to save yet")
        return False

    def save_as_pdf(self) -> None:
        """Into the first folder an admin chose, under a generated name without the patient's name."""
        if not self._sheet_ready(self.save_as_pdf):
            return
        version = self.form.handout_version()
        if self.preview.sheet is None or version is None:
            return
        try:
            path = saving.save_sheet(self.settings.save_folders, self.preview.sheet.pdf, version.handout.slug,
                                     data_folder=self.app.data_folder)
        except saving.SaveError as exc:
            set_message(self.panel.status, str(exc), "error")
            return
        self._saved(version, _("Saved the sheet as {name} in {parent}.").format(name=path.name, parent=path.parent))

    def save_anywhere(self) -> None:
        """An admin's Save as…: any folder and name, through the admin's file dialog."""
        if self._choose_path is None or not self._sheet_ready(self.save_anywhere):
            return
        version = self.form.handout_version()
        if self.preview.sheet is None or version is None:
            return
        chosen = self._choose_path(self, saving.sheet_stem(version.handout.slug) + ".pdf")
        if not chosen:
            return
        try:
            path = saving.save_as(chosen, self.preview.sheet.pdf, data_folder=self.app.data_folder)
        except saving.SaveError as exc:
            set_message(self.panel.status, str(exc), "error")
            return
        self._saved(version, _("Saved the sheet as {name} in {parent}.").format(name=path.name, parent=path.parent))

    def _saved(self, version, text: str) -> None:
        note = self.app.prints.record_saved(self.member.name, rec.SheetInfo.of(version.handout, version.version))
        self.printed_ok = True
        self.form.setEnabled(False)  # what was saved is what is on screen
        self.panel.printed(f"{text}{f' {note}' if note else ''}")

    def unprinted(self) -> bool:
        return not self.printed_ok and not self.form.is_blank()

    def discard(self, reason: str = "") -> None:
        self.abandon(reason or "discarded by the nurse")
        self.new_sheet.emit()

    def abandon(self, reason: str) -> None:
        """Leaving without printing: a sheet whose print failed gets an audit entry saying it was dropped."""
        record = self.abandon_record(reason)
        if record is not None:
            record()

    def abandon_record(self, reason: str):
        """The audit write for abandon(), taken before the screen is destroyed and run after; None if none."""
        version = self.form.handout_version()
        if version is None:
            return None
        prints, name, info = self.app.prints, self.member.name, rec.SheetInfo.of(version.handout, version.version)
        if self.printing:
            # signed out while a print was being followed: its answer will never arrive, so say so now
            self.printed_ok = True
            return lambda: prints.record_saved(name, info, outcome="unknown", reason=f"{reason} while printing")
        if not (self.attempts and not self.printed_ok):
            return None
        self.printed_ok = True  # recorded once
        return lambda: prints.record_saved(name, info, outcome="discarded", reason=reason)

    def _leave_clicked(self) -> None:
        if self.unprinted() and self.leave_btn.text() == _("Done"):
            self.leave_btn.setText(_("Not printed: tap again to discard and sign out"))
            QTimer.singleShot(5000, self.leave_btn, lambda: self.leave_btn.setText(_("Done")))
            return
        self.abandon("signed out")
        self.done.emit()

    def idle_warning(self, seconds: int) -> None:
        set_message(self.warning, _("Signing out in {seconds} s: touch the screen to stay.").format(seconds=seconds), "error")

    def idle_cleared(self) -> None:
        set_message(self.warning, "")
