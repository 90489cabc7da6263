"""Clinical review sign-off: who reviewed the published text, when, and when it is next due (default +1 year)."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QCompleter, QDateEdit, QFormLayout, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from kiosk.core.i18n import _, current, format_date
from kiosk.core.model import HandoutVersion
from kiosk.ui.admin.common import button, label, set_state
from kiosk.ui.admin.drafting import next_review_due


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


class ReviewPanel(QWidget):
    sign_off = Signal(str, object, object)  # reviewer, reviewed on, next due

    def __init__(self, parent=None):
        super().__init__(parent)
        self.status = label("", "status")
        self.reviewer = QLineEdit()
        self.reviewer.setPlaceholderText(_("The clinician who checked this text"))
        self.on = QDateEdit()
        self.due = QDateEdit()
        for d in (self.on, self.due):
            d.setCalendarPopup(True)
            d.setDisplayFormat("yyyy-MM-dd")
        self.problem = label("", "error")
        self.sign_btn = button(_("Sign off the published text"), "primary")
        form = QFormLayout()
        form.addRow(_("Reviewer"), self.reviewer)
        form.addRow(_("Reviewed on"), self.on)
        form.addRow(_("Next review due"), self.due)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.sign_btn)
        lay = QVBoxLayout(self)
        lay.addWidget(self.status)
        lay.addWidget(label(_("A sign-off applies to the published version. It is recorded as a new version "
                            "with the reviewer's name, so the history shows who checked which text."), "hint"))
        lay.addLayout(form)
        lay.addWidget(self.problem)
        lay.addLayout(row)
        lay.addStretch(1)
        self._due_edited = False
        self.on.dateChanged.connect(self._on_changed)
        self.due.dateChanged.connect(lambda _d: setattr(self, "_due_edited", not self._setting_due))
        self._setting_due = False
        self.sign_btn.clicked.connect(self._sign)

    def show_for(self, published: HandoutVersion | None, today: date, physicians=()) -> None:
        self.problem.clear()
        self.reviewer.setCompleter(QCompleter(list(physicians), self.reviewer))
        self._due_edited = False
        self.on.setDate(_qdate(today))
        self._set_due(next_review_due(today))
        if published is None:
            self.status.setText(_("Nothing is published yet: publish the handout, then sign it off."))
            set_state(self.status, "level", "off")
            self.sign_btn.setEnabled(False)
            return
        self.sign_btn.setEnabled(True)
        r = published.handout.review
        if r.status == "reviewed":
            text = _("v{version} was reviewed by {reviewer} on {date}.").format(
                version=published.version, reviewer=r.reviewed_by, date=format_date(r.review_date, current(), "medium"))
        else:
            text = _("v{version} needs clinical review.").format(version=published.version)
        if r.review_due:
            overdue = r.review_due < today
            due = format_date(r.review_due, current(), "medium")
            text += (_(" Review was due {date}.") if overdue else _(" Review is due {date}.")).format(date=due)
            set_state(self.status, "level", "off" if overdue or r.status != "reviewed" else "ok")
        else:
            text += _(" No review-due date is set.")
            set_state(self.status, "level", "off")
        self.status.setText(text)

    def _set_due(self, d: date) -> None:
        self._setting_due = True
        self.due.setDate(_qdate(d))
        self._setting_due = False

    def _on_changed(self, q: QDate) -> None:
        if not self._due_edited:
            self._set_due(next_review_due(_pydate(q)))

    def _sign(self) -> None:
        reviewer = " ".join(self.reviewer.text().split())
        on, due = _pydate(self.on.date()), _pydate(self.due.date())
        if not reviewer:
            self.problem.setText(_("Write the reviewer's name."))
            return
        if due <= on:
            self.problem.setText(_("The next review must be due after the review date."))
            return
        self.problem.clear()
        self.sign_off.emit(reviewer, on, due)
