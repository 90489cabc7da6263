"""Scroll areas for touch: one-finger kinetic scrolling (QScroller), no horizontal scrolling, calm
deceleration and no rubber-band overshoot."""
from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QScroller, QScrollerProperties, QWidget


def kinetic(area: QScrollArea) -> QScroller:
    viewport = area.viewport()
    QScroller.grabGesture(viewport, QScroller.ScrollerGestureType.LeftMouseButtonGesture)
    scroller = QScroller.scroller(viewport)
    props = scroller.scrollerProperties()
    off = QScrollerProperties.OvershootPolicy.OvershootAlwaysOff
    props.setScrollMetric(QScrollerProperties.ScrollMetric.HorizontalOvershootPolicy, off)
    props.setScrollMetric(QScrollerProperties.ScrollMetric.VerticalOvershootPolicy, off)
    props.setScrollMetric(QScrollerProperties.ScrollMetric.DecelerationFactor, 0.35)
    props.setScrollMetric(QScrollerProperties.ScrollMetric.DragStartDistance, 0.004)
    scroller.setScrollerProperties(props)
    return scroller


class TouchScrollArea(QScrollArea):
    """A vertical, kinetic scroll area whose content is `self.content` (a plain QWidget)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.content = QWidget()
        self.content.setProperty("role", "scroll_content")
        self.setWidget(self.content)
        self.viewport().setAutoFillBackground(False)
        self.scroller = kinetic(self)

    def scroll_to_top(self) -> None:
        self.scroller.stop()
        self.verticalScrollBar().setValue(0)

    def scroll_to_widget(self, widget: QWidget, animate: bool = True) -> None:
        """Bring `widget` (inside the content) to the top of the view."""
        y = widget.mapTo(self.content, widget.rect().topLeft()).y()
        y = max(0, min(y - 8, self.verticalScrollBar().maximum()))
        if animate and self.isVisible():
            self.scroller.scrollTo(QPointF(0, y), 250)
        else:
            self.scroller.stop()
            self.verticalScrollBar().setValue(y)
