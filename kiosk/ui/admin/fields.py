"""Editor building blocks: the reading-level meter, a section field (text + meter + inline lint + the
original beside it when translating) and a one-item-per-line list field."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.i18n import _
from kiosk.core.lint import LintIssue
from kiosk.core.readability import measure, meets_target
from kiosk.ui.admin.common import label, set_state


class ReadingMeter(QWidget):
    """Flesch-Kincaid grade (en, lower is easier) or Fernández-Huerta ease (es, higher is easier), shown as a
    bar whose `level` property is ok | off | empty so the QSS colours it against the clinic's target."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.bar = QProgressBar()
        self.bar.setTextVisible(False)
        self.bar.setFixedHeight(10)
        self.bar.setFixedWidth(90)
        self.text = QLabel()
        self.text.setProperty("role", "meter")
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.text)
        lay.addWidget(self.bar)
        self.score: float | None = None
        self.level = "empty"

    def update_for(self, text: str, language: str, grade_target: float, spanish_target: float) -> None:
        r = measure(text, language)
        if r.words == 0:
            self.score, level, words = None, "empty", _("No text yet")
            self.bar.setRange(0, 100)
            self.bar.setValue(0)
        else:
            self.score = r.score
            level = "ok" if meets_target(r, grade_target, spanish_target) else "off"
            if language == "es":
                words = _("Ease {score:g} (aim ≥ {spanish_target:g})").format(score=r.score, spanish_target=spanish_target)
                self.bar.setRange(0, 100)
                self.bar.setValue(int(max(0, min(100, r.score))))
            else:
                words = _("Grade {score:g} (aim ≤ {grade_target:g})").format(score=r.score, grade_target=grade_target)
                self.bar.setRange(0, 160)
                self.bar.setValue(int(max(0.0, min(16.0, r.score)) * 10))
        self.level = level
        self.text.setText(words)
        self.setToolTip(_("{words} words in {sentences} sentences").format(words=r.words, sentences=r.sentences))
        set_state(self.bar, "level", level)
        set_state(self.text, "level", level)


class LintList(QLabel):
    """The lint of one field, inline under it; hidden when the field is clean."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setProperty("role", "lint")
        self.setWordWrap(True)
        self.hide()
        self.messages: list[str] = []

    def show_issues(self, issues: list[LintIssue]) -> None:
        self.messages = [i.message for i in issues]
        self.setText("\n".join(f"• {m}" for m in self.messages))
        self.setVisible(bool(self.messages))


class PlainEdit(QPlainTextEdit):
    """Plain text only (pasting from a word processor must not bring its formatting), Tab moves focus, and the
    box grows with its text (between `lines` and MAX_LINES lines), so a long form scrolls as one page."""

    MAX_LINES = 30

    def __init__(self, lines: int = 5, parent=None):
        super().__init__(parent)
        self._min_lines = lines
        self.setTabChangesFocus(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.textChanged.connect(self._fit)
        self._fit()

    def _fit(self) -> None:
        width = self.viewport().width() - int(2 * self.document().documentMargin()) - 2
        fm = self.fontMetrics()
        line = fm.lineSpacing()
        if width > 50:
            flags = Qt.TextFlag.TextWordWrap | Qt.TextFlag.TextExpandTabs
            text = self.toPlainText() or " "
            needed = fm.boundingRect(QRect(0, 0, width, 1_000_000), flags, text + ("x" if text.endswith("\n") else "")).height()
            lines = round(needed / line)
        else:
            lines = self.document().blockCount()
        lines = max(self._min_lines, min(self.MAX_LINES, lines))
        chrome = max(0, self.height() - self.viewport().height())  # frame, padding and margins around the text
        height = int(lines * line + 2 * self.document().documentMargin() + chrome + 2)
        if height != self.height():
            self.setFixedHeight(height)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self._fit()

    def changeEvent(self, event) -> None:  # the style sheet sets the font after construction
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit()

    def text(self) -> str:
        return self.toPlainText()

    def set_text(self, text: str) -> None:
        if text != self.toPlainText():
            self.setPlainText(text)


class FieldCard(QFrame):
    """A titled card: the editing widget, optionally the original beside it, and the inline lint under it."""

    changed = Signal()

    def __init__(self, key: str, title: str, editor: QWidget, meter: bool = False, hint: str = "", parent=None):
        super().__init__(parent)
        self.key = key
        self.setProperty("role", "field_card")
        self.editor = editor
        self.title = label(title, "field")
        if not editor.accessibleName():
            editor.setAccessibleName(title)  # a screen reader says which field this is, as the card's title does
        self.meter = ReadingMeter() if meter else None
        self.hint = label(hint, "hint") if hint else None
        self.lint = LintList()
        self.original = QPlainTextEdit()
        self.original.setReadOnly(True)
        self.original.setProperty("role", "original")
        self.original.setTabChangesFocus(True)
        self.original.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.original.hide()
        self.original_title = label("", "hint")
        self.original_title.hide()
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        if self.meter:
            head.addWidget(self.meter)
        self._grid = grid = QGridLayout()
        grid.addWidget(self.original_title, 0, 0)
        grid.addWidget(self.original, 1, 0)
        grid.addWidget(editor, 1, 1)
        grid.setColumnStretch(0, 0)
        grid.setColumnStretch(1, 1)
        lay = QVBoxLayout(self)
        lay.addLayout(head)
        if self.hint:
            lay.addWidget(self.hint)
        lay.addLayout(grid)
        lay.addWidget(self.lint)

    def set_original(self, text: str | None, language_name: str = "English") -> None:
        shown = text is not None
        self.original.setVisible(shown)
        self.original_title.setVisible(shown)
        if shown:
            self.original.setPlainText(text)
            self.original_title.setText(_("{language} original").format(language=language_name))
        self._grid.setColumnStretch(0, 1 if shown else 0)

    def update_meter(self, text: str, language: str, settings) -> None:
        if self.meter:
            self.meter.update_for(text, language, settings.reading_grade_target, settings.spanish_reading_target)


def split_lines(text: str) -> tuple[str, ...]:
    """A list field's text → its items: one per line, blank lines and list marks dropped."""
    return tuple(line.strip().lstrip("-•*").strip() for line in text.split("\n") if line.strip().lstrip("-•*").strip())
