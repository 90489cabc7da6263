"""The admin console: one widget holding the library, editor, settings, staff, packs and audit pages.

Opened by the staff menu for admins only, and it checks again itself: the member is re-read from the store,
and anyone who is not an active admin gets a refusal screen (and an audit entry) instead of any page.
"""
from __future__ import annotations

from PySide6.QtCore import QDir, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QStackedWidget, QVBoxLayout, QWidget

from kiosk import resources
from kiosk.app import as_app
from kiosk.core.i18n import C_, _, current, translate
from kiosk.core.model import StaffMember
from kiosk.ui.admin.common import AdminContext, Notice, button, label, leave_ok, set_state, size_to_current
from kiosk.ui.widgets import wheel_guard
from kiosk.ui.widgets.touch_keyboard import offer_keyboard

NOTICE_MS = 8000
PAGES = ("Handouts", "Clinic settings", "Staff", "Packs & backup", "Audit log")  # the pages' keys
# What the navigation list shows: a context of their own, so a translation may be shorter than the page's heading.
NAV_LABELS = (C_("admin menu", "Handouts"), C_("admin menu", "Clinic settings"), C_("admin menu", "Staff"),
              C_("admin menu", "Packs & backup"), C_("admin menu", "Audit log"))


def _register_assets() -> None:
    """40_admin.qss finds its arrow images as url(admin:down.svg)."""
    folder = str(resources.path("admin"))
    if folder not in QDir.searchPaths("admin"):
        QDir.addSearchPath("admin", folder)


class AdminConsole(QWidget):
    closed = Signal()

    def __init__(self, app, staff_member: StaffMember, parent=None):
        super().__init__(parent)
        _register_assets()
        wheel_guard.watch(self)  # no wheel changes a field here that is not being edited
        offer_keyboard(self)  # the app's own keyboard for every text field on a touch-only kiosk
        self.setObjectName("AdminConsole")
        self.setProperty("role", "admin")
        self.setWindowTitle(_("Admin console"))
        self.app = as_app(app)
        self.member = staff_member
        self.ctx = AdminContext(self.app, staff_member, self)
        self.ctx.window = self
        self.allowed = self.app.staff.is_active_admin(staff_member)
        # Notices are laid over a reserved slot in the title row, never in the layout: a notice that comes or
        # goes (after NOTICE_MS) moves nothing, so a tap lands where the admin aimed. A notice longer than the
        # slot grows down over the page, on top of it.
        self.banner = label("", "banner", self)
        self.banner.hide()
        self.banner_slot = QWidget()
        self.banner_slot.setMinimumWidth(200)
        self.banner_slot.installEventFilter(self)
        self.banner.setCursor(Qt.CursorShape.PointingHandCursor)
        self.banner.mousePressEvent = lambda _e: self.banner.hide()
        self._banner_timer = QTimer(self, singleShot=True, interval=NOTICE_MS)
        self._banner_timer.timeout.connect(self.banner.hide)
        self.ctx.notices.posted.connect(self.show_notice)
        self.close_btn = button(_("Close"), "quiet", _("Leave the admin console (Ctrl+W)"))
        self.close_btn.clicked.connect(self.close_console)
        if self.allowed:
            self._build()
            self._show_settings_problems()
        else:
            self._build_refusal()

    # ---- building ------------------------------------------------------------------------------------
    def _top(self, title: str) -> QHBoxLayout:
        top = QHBoxLayout()
        heading = label(title, "title")
        heading.setWordWrap(False)
        top.addWidget(heading)
        top.addWidget(self.banner_slot, 1)  # where notices show, over the row
        top.addWidget(self.close_btn)
        return top

    def _root_layout(self) -> QVBoxLayout:
        lay = QVBoxLayout(self)
        # the console fills whatever it is given (a screen of the main window); never push a minimum size
        # on to a platform window (the offscreen platform warns when one is pushed)
        lay.setSizeConstraint(QVBoxLayout.SizeConstraint.SetNoConstraint)
        return lay

    def _build_refusal(self) -> None:
        name = self.member.name if self.member else "?"
        self.app.audit.access_denied(name, "admin console", f"role {getattr(self.member, 'role', '')}")
        self.refusal = label(_("Only an admin can open the admin console. Ask an admin to sign in."), "empty")
        self.refusal.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay = self._root_layout()
        lay.addLayout(self._top(_("Admin console")))
        lay.addWidget(self.refusal, 1)
        self.pages = None

    def _build(self) -> None:
        from kiosk.ui.admin.audit_page import AuditPage
        from kiosk.ui.admin.editor import HandoutEditor
        from kiosk.ui.admin.library_page import LibraryPage
        from kiosk.ui.admin.packs_page import PacksPage
        from kiosk.ui.admin.settings_page import SettingsPage
        from kiosk.ui.admin.staff_page import StaffPage

        ctx = self.ctx
        self.library = LibraryPage(ctx)
        self.editor = HandoutEditor(ctx)
        self.handouts = QStackedWidget()
        self.handouts.addWidget(self.library)
        self.handouts.addWidget(self.editor)
        self.settings_page = SettingsPage(ctx)
        self.staff_page = StaffPage(ctx)
        self.packs_page = PacksPage(ctx)
        self.audit_page = AuditPage(ctx)
        self.pages = QStackedWidget()
        for page in (self.handouts, self.settings_page, self.staff_page, self.packs_page, self.audit_page):
            self.pages.addWidget(page)
        for stack in (self.handouts, self.pages):
            size_to_current(stack)  # the console is as wide as the page on screen needs, not the widest page
        self.nav = QListWidget()
        self.nav.setProperty("role", "nav")
        self.nav.addItems([translate(entry, current()) for entry in NAV_LABELS])
        self.nav.setFixedWidth(190)
        self.nav.setAccessibleName(_("Admin console"))
        self.nav.setCurrentRow(0)

        body = QHBoxLayout()
        body.addWidget(self.nav)
        body.addWidget(self.pages, 1)
        lay = self._root_layout()
        lay.addLayout(self._top(_("Admin console · {name}").format(name=self.member.name)))
        lay.addLayout(body, 1)

        self.nav.currentRowChanged.connect(self._nav_changed)
        self.library.open_requested.connect(self.open_handout)
        self.editor.back.connect(self.show_library)
        self.packs_page.restored.connect(self._after_restore)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Close), self, self.close_console)
        self.library.table.setFocus()

    # ---- navigation ----------------------------------------------------------------------------------
    def show_page(self, name: str) -> None:
        self.nav.setCurrentRow(PAGES.index(name))

    def _page_with_edits(self):
        """The page on screen, as the thing that may hold unsaved edits (the editor, on the Handouts page)."""
        page = self.pages.currentWidget()
        if page is self.handouts:
            return self.editor if self.handouts.currentWidget() is self.editor else None
        return page

    def _nav_changed(self, row: int) -> None:
        if row == self.pages.currentIndex():
            return
        if not leave_ok(self.ctx, self._page_with_edits()):  # Keep editing (or a save that failed): stay
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(self.pages.currentIndex())
            self.nav.blockSignals(False)
            return
        if self.handouts.currentWidget() is self.editor:
            self.show_library()
        self.pages.setCurrentIndex(row)
        if self.pages.currentWidget() is self.audit_page:
            self.audit_page.refresh()

    def open_handout(self, slug: str, language: str) -> bool:
        if self.editor.open(slug, language):
            self.nav.setCurrentRow(0)
            self.handouts.setCurrentWidget(self.editor)
            self.editor.form.title.setFocus()
            return True
        return False

    def show_library(self) -> None:
        self.handouts.setCurrentWidget(self.library)
        self.library.refresh()
        self.library.table.setFocus()

    def _show_settings_problems(self) -> None:
        """A stored setting that broke its rule is in use as its default: say so until the admin saves settings."""
        problems = self.app.settings.problems()
        if problems:
            self.show_notice(Notice(" ".join(problems) + _(" Saving the clinic settings stores valid values."), "error"))

    def _after_restore(self) -> None:
        if not self.app.staff.is_active_admin(self.member):
            self.show_notice(Notice(_("The restored database has no active admin account for you; the console "
                                    "closes."), "error"))
            self.closed.emit()

    # ---- notices and closing ---------------------------------------------------------------------------
    def show_notice(self, notice: Notice) -> None:
        self.banner.setText(notice.text)
        set_state(self.banner, "level", notice.kind)
        self.banner.show()
        self._place_banner()
        if notice.kind == "error":
            self._banner_timer.stop()
        else:
            self._banner_timer.start()

    def _place_banner(self) -> None:
        """Over the slot, as wide as it; taller only if the words need it (then over the page below)."""
        slot = self.banner_slot
        if not self.banner.isVisible():
            return
        top_left = slot.mapTo(self, slot.rect().topLeft())
        height = max(slot.height(), self.banner.heightForWidth(slot.width()))
        self.banner.setGeometry(top_left.x(), top_left.y(), slot.width(), height)
        self.banner.raise_()

    def eventFilter(self, obj, event) -> bool:
        if obj is self.banner_slot and event.type() in (QEvent.Type.Resize, QEvent.Type.Move):
            self._place_banner()
        return False

    def closeEvent(self, event) -> None:
        if self.allowed:
            self.editor.stop()
        self._banner_timer.stop()
        super().closeEvent(event)

    def unsaved_draft(self):
        """For a sign-out that cannot ask (idle, exit): the editor's unsaved edits as a call that saves them as
        the handout's draft, given the reason; None when nothing is unsaved. Taken before the console is
        destroyed, run after (a database error must not keep the console on screen)."""
        if not self.allowed or not self.editor.dirty:
            return None
        handout, member, expected = self.editor.current(), self.member, self.editor.expected
        handouts = self.app.handouts
        return lambda reason: handouts.save_draft(member, handout, expected, keep_on_conflict=True, reason=reason)

    def close_console(self) -> None:
        """Close, after Save / Discard / Keep editing if the page on screen has unsaved edits."""
        if self.allowed and not leave_ok(self.ctx, self._page_with_edits()):
            return
        self.closed.emit()
