"""Staff mode's life cycle on the main window: PIN → menu → discharge sheet / admin → sign out.

Signing out (Done, idle, exit) removes every staff screen from the window and deletes it: the next nurse gets
widgets built from nothing, so no name, note, undo history or cached sheet of the last patient survives. The
clipboard is cleared too. An admin's unsaved handout edits are kept as that handout's draft (never published), so
walking away from the editor loses no work. While staff screens are up, the patient idle reset is off and the staff idle clock
(settings.staff_signout_seconds) runs instead.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QClipboard, QGuiApplication
from shiboken6 import isValid

from kiosk.core import i18n, messages
from kiosk.core.i18n import _
from kiosk.printing import make_backend
from kiosk.app import StoreError
from kiosk.ui.staff.common import screen_scroll
from kiosk.ui.staff.idle import StaffIdle
from kiosk.ui.staff.worker import retire_within

PIN_IDLE_SECONDS = 60  # an abandoned PIN pad goes back to the patient screens


class StaffController(QObject):
    signed_in = Signal(object)  # StaffMember
    signed_out = Signal(str)  # reason: done | idle | exit | cancel

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.app = window.app
        self.member = None
        self.screens: dict = {}
        self.idle: StaffIdle | None = None
        self.backend_factory = make_backend  # tests and demos may swap in another backend
        self._setup_offered = False  # first-admin set-up: once per run, at start
        window.staff_requested.connect(self.request_access)

    # ---- screens ----------------------------------------------------------------------------------------
    def _show(self, name: str, widget) -> None:
        if name in self.screens:
            self._drop(name)
        self.screens[name] = widget
        self.window.add_screen(name, screen_scroll(widget))  # a small window scrolls the screen, never cuts it
        self.window.show_screen(name)

    def _drop(self, name: str) -> None:
        widget = self.screens.pop(name, None)
        if widget is None:
            return
        self.window.remove_screen(name)
        if isValid(widget):
            retire_within(widget)  # a print or render that ends from now on answers nobody
            widget.hide()
            widget.deleteLater()

    def _watch_idle(self, seconds: float) -> None:
        if self.idle is not None:
            self.idle.stop()
            self.idle.deleteLater()
        self.idle = StaffIdle(seconds, self)
        self.idle.expired.connect(self._idle_expired)

    def _idle_expired(self) -> None:
        self.sign_out("idle" if self.member else "cancel")

    # ---- signing in -------------------------------------------------------------------------------------
    def request_access(self) -> None:
        """The hidden logo gesture: the PIN pad, or the menu if already signed in. Never first-admin set-up
        (a patient could hold the logo): with no staff, the PIN pad says why nobody can sign in."""
        if self.member is not None:
            self.show_menu()
            return
        from kiosk.ui.staff.pin_screen import PinScreen

        self.window.set_patient_idle_enabled(False)
        self._watch_idle(PIN_IDLE_SECONDS)
        self._use_clinic_language()
        screen = PinScreen(self.app)
        reason = self.app.staff.unavailable_reason()
        if reason:
            screen.unavailable(reason)
        self._open_sign_in("staff.pin", screen)

    def offer_first_setup(self) -> bool:
        """At start, before any patient screen is shown: "Create the first admin" when this database may get
        one (kiosk.app.Staff.first_setup_allowed). Cancel or the PIN idle time goes to the patient screens, and
        the set-up is not offered again in this run. Returns whether it was shown."""
        if self._setup_offered or not self.app.staff.first_setup_allowed():
            return False
        self._setup_offered = True
        from kiosk.ui.staff.first_admin import FirstAdminScreen

        self.window.set_patient_idle_enabled(False)
        self._watch_idle(PIN_IDLE_SECONDS)
        self._use_clinic_language()
        self._open_sign_in("staff.first_admin", FirstAdminScreen(self.app))
        return True

    def _use_clinic_language(self) -> None:
        """Before anyone has signed in, staff screens speak the clinic's default language."""
        try:
            i18n.use(self.app.settings.get().default_language)
        except StoreError:
            i18n.use(i18n.SOURCE)

    def _open_sign_in(self, name: str, screen) -> None:
        screen.signed_in.connect(self._signed_in)
        screen.cancelled.connect(lambda: self.sign_out("cancel"))
        self._show(name, screen)

    def _signed_in(self, member) -> None:
        self.member = member
        i18n.use(member.language)  # every staff screen from here is built in the member's own language
        for name in ("staff.pin", "staff.first_admin"):
            self._drop(name)
        self._watch_idle(self.app.settings.get().staff_signout_seconds)
        self.signed_in.emit(member)
        self.show_menu()

    # ---- the menu and its destinations ------------------------------------------------------------------
    def show_menu(self) -> None:
        from kiosk.ui.staff.menu import StaffMenu

        menu = StaffMenu(self.member)
        menu.language.connect(self.set_language)
        menu.discharge.connect(self.open_discharge)
        menu.admin.connect(self.open_admin)
        menu.exit_kiosk.connect(self.exit_kiosk)
        menu.sign_out.connect(lambda: self.sign_out("done"))
        self._show("staff.menu", menu)
        menu.discharge_btn.setFocus()

    def set_language(self, code: str) -> None:
        """Save the signed-in member's screen language and show the menu again in it."""
        try:
            self.member = self.app.staff.set_language(self.member, self.member.name, code)
        except StoreError as exc:
            menu = self.screens.get("staff.menu")
            if menu is not None:
                menu.say(str(exc), "error")
            return
        i18n.use(self.member.language)
        self.show_menu()

    def open_discharge(self) -> None:
        """A discharge screen built from nothing (also for "Next patient's sheet")."""
        from kiosk.ui.staff.discharge import DischargeScreen

        self._drop("staff.discharge")
        screen = DischargeScreen(self.app, self.member, self.backend_factory)
        screen.done.connect(lambda: self.sign_out("done"))
        screen.new_sheet.connect(self.open_discharge)
        screen.busy_changed.connect(self._print_busy)
        if self.idle is not None:
            self.idle.warning.connect(screen.idle_warning)
            self.idle.activity.connect(screen.idle_cleared)
        if self._is_admin_now():  # only an admin may browse the file system, so only an admin gets Save as…
            from kiosk.ui.admin.save_anywhere import choose_pdf_path

            screen.allow_save_anywhere(choose_pdf_path)
        self._show("staff.discharge", screen)
        screen.form.search.setFocus()

    def _print_busy(self, busy: bool) -> None:
        if self.idle is not None:
            self.idle.pause() if busy else self.idle.resume()

    def _is_admin_now(self) -> bool:
        """The role as the database says now (an admin disabled meanwhile loses the menu's admin entries)."""
        return self.app.staff.is_active_admin(self.member)

    def open_admin(self) -> None:
        menu = self.screens.get("staff.menu")
        if not self._is_admin_now():
            if menu is not None:
                menu.say(_("Only an admin can open the admin console."), "error")
            return
        try:
            from kiosk.ui.admin import AdminConsole
        except ImportError:
            if menu is not None:
                menu.say(_("The admin console is not available in this version."), "error")
            return
        console = AdminConsole(self.app, self.member)
        console.closed.connect(self._admin_closed)
        self._show("staff.admin", console)

    def _admin_closed(self) -> None:
        self._drop("staff.admin")
        if self.member is not None:
            self.show_menu()

    def exit_kiosk(self) -> None:
        if not self._is_admin_now():
            return
        self.sign_out("exit", back_to_patients=False)
        from kiosk.ui.app import leave_kiosk

        leave_kiosk(self.window)  # exit status EXIT_BY_ADMIN: the kiosk service leaves it down

    # ---- signing out ------------------------------------------------------------------------------------
    def sign_out(self, reason: str = "done", back_to_patients: bool = True) -> None:
        """Destroy every staff screen first, then write the audit entries: a database that refuses the write
        (full, busy, read-only) must never leave the patient's sheet on screen."""
        discharge = self.screens.get("staff.discharge")
        abandon = None
        if discharge is not None and isValid(discharge):
            abandon = discharge.abandon_record("signed out after idle" if reason == "idle" else "signed out")
        console = self.screens.get("staff.admin")
        keep_draft = console.unsaved_draft() if console is not None and isValid(console) else None
        if self.idle is not None:
            self.idle.stop()
            self.idle.deleteLater()
            self.idle = None
        for name in list(self.screens):
            self._drop(name)
        clipboard = QGuiApplication.clipboard()
        clipboard.clear()
        if clipboard.supportsSelection():  # X11's middle-click selection holds a copy of selected text too
            clipboard.clear(QClipboard.Mode.Selection)
        member, self.member = self.member, None
        i18n.use(i18n.SOURCE)
        if back_to_patients:
            self.window.set_patient_idle_enabled(True)
            self.window.reset_to_welcome()
        try:
            if keep_draft is not None:  # an admin's unsaved edits are not lost to an idle sign-out
                keep_draft(f"unsaved edits kept at sign-out ({reason})")
        except StoreError as exc:
            messages.error(_("Unsaved handout edits could not be kept as a draft at sign-out: {exc}").format(exc=exc))
        try:
            if abandon is not None:
                abandon()
            if member is not None:
                note = self.app.staff.sign_out(member, reason)  # kept in the outbox when the database refuses
                if note:
                    messages.error(_("Signed out. {note}").format(note=note))
        except StoreError as exc:
            messages.error(_("The sign-out could not be written to the audit log: {exc}").format(exc=exc))
        self.signed_out.emit(reason)
