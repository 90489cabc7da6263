"""A widget that places its child widgets in rows and wraps them (chips). Positions are set by hand:
a Python QLayout subclass must return None from itemAt(), which PySide mis-counts (a crash in long
sessions), so there is none here."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, QTimer
from PySide6.QtWidgets import QSizePolicy, QWidget


class FlowBox(QWidget):
    def __init__(self, spacing: int = 12, parent: QWidget | None = None):
        super().__init__(parent)
        self.spacing = spacing
        self.items: list[QWidget] = []
        self.keep_widest = False
        self._timer = QTimer(self, singleShot=True, interval=0, timeout=self._relayout)
        sp = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        sp.setHeightForWidth(True)
        self.setSizePolicy(sp)

    def add(self, widget: QWidget) -> None:
        widget.setParent(self)
        widget.installEventFilter(self)
        self.items.append(widget)
        self._relayout()

    def _place(self, width: int, apply: bool) -> int:
        x = y = line = 0
        for w in self.items:
            if w.isHidden():
                continue
            hint = w.sizeHint().expandedTo(w.minimumSizeHint())
            cw = min(hint.width(), max(1, width))
            if x > 0 and x + cw > width:
                x, y, line = 0, y + line + self.spacing, 0
            if apply:
                w.setGeometry(x, y, cw, hint.height())
            x += cw + self.spacing
            line = max(line, hint.height())
        return y + line

    def heightForWidth(self, width: int) -> int:
        return self._place(width, apply=False)

    def hasHeightForWidth(self) -> bool:
        return True

    def sizeHint(self) -> QSize:
        return QSize(240, self.heightForWidth(max(self.width(), 240)))

    def minimumSizeHint(self) -> QSize:
        widest = max((w.sizeHint().width() for w in self.items if not w.isHidden()), default=0)
        return QSize(widest if self.keep_widest else min(widest, 240), 0)

    def set_keep_widest(self, keep: bool) -> None:
        """Ask the enclosing layout for room for the widest item on its own line (beside another
        widget that can give way); otherwise the box may be narrower and items are cut to fit."""
        if keep != self.keep_widest:
            self.keep_widest = keep
            self.updateGeometry()

    def _relayout(self) -> None:
        self._place(self.width(), apply=True)
        self.updateGeometry()

    def showEvent(self, event) -> None:
        # Chips given new words while this box was hidden (a language change on another screen) told
        # nobody: Qt sends no layout request to a hidden parent without a layout. Place them again.
        super().showEvent(event)
        self._relayout()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._place(event.size().width(), apply=True)

    def event(self, event) -> bool:
        # A chip's new words (a language switch while this box is on show), font or style call its
        # updateGeometry(), which posts LayoutRequest to its parent: this box, which has no QLayout to
        # answer it. Place the chips again for their new sizes, and tell the enclosing layout.
        if event.type() in (QEvent.Type.LayoutRequest, QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self._timer.start()
        return super().event(event)

    def eventFilter(self, obj, event) -> bool:
        if event.type() in (QEvent.Type.LayoutRequest, QEvent.Type.StyleChange, QEvent.Type.FontChange,
                            QEvent.Type.Show, QEvent.Type.Hide):
            self._timer.start()
        return False
