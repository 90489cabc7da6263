"""Staff accounts: add nurses and admins, reset a PIN, disable and re-enable. The store keeps the last active
admin from being disabled; the page also refuses to disable the admin who is signed in (ask another admin)."""
from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.i18n import N_, _, _n, language_name
from kiosk.core.model import StaffMember
from kiosk.core.pins import MIN_PIN_DIGITS, PinPolicyError
from kiosk.app import StoreError
from kiosk.ui.admin.common import AdminContext, button, label, set_state, touch_scroll


def _pin_edit(placeholder: str) -> QLineEdit:
    e = QLineEdit()
    e.setEchoMode(QLineEdit.EchoMode.Password)
    e.setMaxLength(12)
    e.setPlaceholderText(placeholder)
    e.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly | Qt.InputMethodHint.ImhSensitiveData)
    e.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d*"), e))
    return e


class StaffPage(QWidget):
    def __init__(self, ctx: AdminContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.members: list[StaffMember] = []
        self.table = QTableWidget(0, 4)
        self.table.setAccessibleName(_("Staff"))
        self.table.setHorizontalHeaderLabels([_("Name"), _("Role"), _("State"), _("Language")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        touch_scroll(self.table)
        self.empty = label(_("No staff accounts yet."), "empty")

        self.new_name = QLineEdit()
        self.new_role = QComboBox()
        self.new_role.addItem(_("Nurse"), "nurse")
        self.new_role.addItem(_("Admin"), "admin")
        self.new_pin = _pin_edit(_("At least {min_pin_digits} digits").format(min_pin_digits=MIN_PIN_DIGITS))
        self.new_pin2 = _pin_edit(_("The same PIN again"))
        self.add_btn = button(_("Add"), "primary")
        self.add_problem = label("", "error")
        add_box = QGroupBox(_("Add a staff member"))
        form = QFormLayout(add_box)
        form.addRow(_("Name"), self.new_name)
        form.addRow(_("Role"), self.new_role)
        form.addRow("PIN", self.new_pin)
        form.addRow(_("Repeat PIN"), self.new_pin2)
        form.addRow(self.add_problem)
        form.addRow("", self.add_btn)

        self.chosen = label(_("Choose someone in the list."), "hint")
        self.reset_pin = _pin_edit(_("New PIN"))
        self.reset_pin2 = _pin_edit(_("The same PIN again"))
        self.reset_btn = button(_("Reset PIN"))
        self.toggle_btn = button(_("Disable…"), "danger")
        self.unlock_btn = button(_("Unlock"), tip=_("Lift a lock after too many wrong PINs"))
        self.member_problem = label("", "error")
        member_box = QGroupBox(_("The selected person"))
        mform = QFormLayout(member_box)
        mform.addRow(self.chosen)
        mform.addRow(_("New PIN"), self.reset_pin)
        mform.addRow(_("Repeat PIN"), self.reset_pin2)
        row = QHBoxLayout()
        row.addWidget(self.reset_btn)
        row.addWidget(self.unlock_btn)
        row.addStretch(1)
        row.addWidget(self.toggle_btn)
        mform.addRow(row)
        mform.addRow(self.member_problem)

        side = QVBoxLayout()
        side.addWidget(member_box)
        side.addWidget(add_box)
        side.addStretch(1)
        left = QVBoxLayout()
        left.addWidget(label(_("Staff"), "heading"))
        left.addWidget(label(_("Disabling an account is how someone is removed: their name stays in the audit log. "
                             "The last active admin cannot be disabled."), "hint"))
        left.addWidget(self.empty)
        left.addWidget(self.table, 1)
        lay = QHBoxLayout(self)
        lay.addLayout(left, 3)
        lay.addLayout(side, 2)

        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.add_btn.clicked.connect(self.add)
        self.new_pin2.returnPressed.connect(self.add)
        self.reset_btn.clicked.connect(self.reset)
        self.reset_pin2.returnPressed.connect(self.reset)
        self.toggle_btn.clicked.connect(self.toggle)
        self.unlock_btn.clicked.connect(self.unlock)
        ctx.staff_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        keep, problem = self.selected(), ""
        try:
            self.members = self.ctx.app.staff.members(self.ctx.member)
        except StoreError as exc:  # disabled meanwhile, or the database is busy: say so, show nobody
            self.members, problem = [], str(exc)
        self.empty.setVisible(not self.members)
        self.table.setRowCount(len(self.members))
        for r, m in enumerate(self.members):
            state = _("disabled") if m.disabled else _("active")
            if m.failed_attempts or m.locked_until:
                state += _(" · locked") if m.locked_until else _n(
                    " · {n} wrong PIN", " · {n} wrong PINs", m.failed_attempts).format(n=m.failed_attempts)
            if m.name == self.ctx.actor:
                state += _(" (you)")
            role = _("Admin") if m.role == "admin" else _("Nurse")
            for c, value in enumerate((m.name, role, state, language_name(m.language))):
                item = QTableWidgetItem(value)
                self.table.setItem(r, c, item)
        if keep:
            self.select(keep.name)
        self._selection_changed()
        if problem:
            self.member_problem.setText(problem)

    def select(self, name: str) -> None:
        for r, m in enumerate(self.members):
            if m.name.casefold() == name.casefold():
                self.table.selectRow(r)

    def selected(self) -> StaffMember | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.members[rows[0].row()] if rows and rows[0].row() < len(self.members) else None

    def _selection_changed(self) -> None:
        m = self.selected()
        self.member_problem.clear()
        for w in (self.reset_btn, self.toggle_btn, self.unlock_btn, self.reset_pin, self.reset_pin2):
            w.setEnabled(m is not None)
        if m is None:
            self.chosen.setText(_("Choose someone in the list."))
            return
        self.chosen.setText(" · ".join((m.name, _("Admin") if m.role == "admin" else _("Nurse"),
                                        _("disabled") if m.disabled else _("active"))))
        self.toggle_btn.setText(_("Enable") if m.disabled else _("Disable…"))
        self.unlock_btn.setEnabled(bool(m.failed_attempts or m.locked_until))
        set_state(self.toggle_btn, "role", "" if m.disabled else "danger")

    # ---- unsaved edits (kiosk.ui.admin.common.leave_ok asks before the console leaves this page) ----------
    EDITS = N_("a staff account (a name or PIN typed but not added or set)")

    def _typed(self) -> tuple[bool, bool]:
        """(the Add form has typing in it, the new-PIN fields have)."""
        return (bool(self.new_name.text().strip() or self.new_pin.text() or self.new_pin2.text()),
                bool(self.reset_pin.text() or self.reset_pin2.text()))

    def unsaved(self) -> bool:
        return any(self._typed())

    def save_changes(self) -> bool:
        """Add the person and/or set the new PIN that were typed; False if either is refused (its reason is
        shown next to it)."""
        adding, resetting = self._typed()
        ok = True
        if adding:
            ok = self.add() and ok
        if resetting:
            ok = self.reset() and ok
        return ok

    def discard_changes(self) -> None:
        for w in (self.new_name, self.new_pin, self.new_pin2, self.reset_pin, self.reset_pin2):
            w.clear()
        self.add_problem.clear()
        self.member_problem.clear()

    # ---- actions -------------------------------------------------------------------------------------
    def add(self) -> bool:
        name, pin = " ".join(self.new_name.text().split()), self.new_pin.text()
        if pin != self.new_pin2.text():
            self.add_problem.setText(_("The two PINs differ."))
            return False
        try:
            member = self.ctx.app.staff.add(self.ctx.member, name, self.new_role.currentData(), pin)
        except (StoreError, PinPolicyError) as exc:
            self.add_problem.setText(str(exc))
            return False
        for w in (self.new_name, self.new_pin, self.new_pin2):
            w.clear()
        self.add_problem.clear()
        self.ctx.notices.ok(_("Added {name} ({role}).").format(name=member.name, role=member.role))
        self.ctx.staff_changed.emit()
        self.select(member.name)
        return True

    def reset(self) -> bool:
        m = self.selected()
        if m is None:
            return False
        if self.reset_pin.text() != self.reset_pin2.text():
            self.member_problem.setText(_("The two PINs differ."))
            return False
        try:
            self.ctx.app.staff.reset_pin(self.ctx.member, m.name, self.reset_pin.text())
        except (StoreError, PinPolicyError) as exc:
            self.member_problem.setText(str(exc))
            return False
        self.reset_pin.clear()
        self.reset_pin2.clear()
        self.ctx.notices.ok(_("Set a new PIN for {name}; any lock on the account is lifted.").format(name=m.name))
        self.ctx.staff_changed.emit()
        return True

    def unlock(self) -> bool:
        m = self.selected()
        if m is None:
            return False
        try:
            self.ctx.app.staff.unlock(self.ctx.member, m.name)
        except StoreError as exc:
            self.member_problem.setText(str(exc))
            return False
        self.ctx.notices.ok(_("Unlocked {name}: they can try their PIN again now.").format(name=m.name))
        self.ctx.staff_changed.emit()
        return True

    def toggle(self) -> bool:
        m = self.selected()
        if m is None:
            return False
        disable = not m.disabled  # disabling yourself is refused by the core, at every door
        if disable and not self.ctx.confirm(_("Disable account"), _("Disable {name}?").format(name=m.name),
                                            _("They will not be able to sign in until an admin enables the "
                                            "account again."), _("Disable")):
            return False
        try:
            self.ctx.app.staff.set_disabled(self.ctx.member, m.name, disable)
        except StoreError as exc:
            self.member_problem.setText(str(exc))
            return False
        self.ctx.notices.ok((_("Disabled {name}.") if disable else _("Enabled {name}.")).format(name=m.name))
        self.ctx.staff_changed.emit()
        return True
