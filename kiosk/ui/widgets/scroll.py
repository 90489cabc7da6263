"""Scroll areas for touch: one-finger kinetic scrolling (QScroller), no horizontal scrolling, calm
deceleration and no rubber-band overshoot."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEasingCurve, QEvent, Qt, QVariantAnimation
from shiboken6 import isValid
from PySide6.QtWidgets import QAbstractButton, QFrame, QScrollArea, QScroller, QScrollerProperties, QWidget


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
    # Hand a press to the button under the finger at once (Qt holds it back 0.25 s by default and
    # replays it, which can lose a quick tap); a drag that follows still scrolls.
    props.setScrollMetric(QScrollerProperties.ScrollMetric.MousePressEventDelay, 0.0)
    scroller.setScrollerProperties(props)
    scroller.stateChanged.connect(lambda state, v=viewport: _drag_took_over(v, state))
    return scroller


def _drag_took_over(viewport: QWidget, state) -> None:
    """A press that became a drag is a scroll, not a tap: the button the finger started on gets no
    release (the scroller keeps it), so let go of it here or it stays pressed-looking until touched again."""
    if state in (QScroller.State.Dragging, QScroller.State.Scrolling) and isValid(viewport):
        for button in viewport.findChildren(QAbstractButton):
            if button.isDown():
                button.setDown(False)


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
        self._target: QWidget | None = None
        self._animation = QVariantAnimation(self, duration=250, easingCurve=QEasingCurve.Type.OutCubic)
        self._animation.setStartValue(0.0)
        self._animation.setEndValue(1.0)
        self._animation.valueChanged.connect(self._glide)
        self._from = 0

    def showEvent(self, event) -> None:
        # Words changed while this page was hidden (a new language chosen on another screen) leave
        # the content's layout measured for the old words: Qt does not lay out hidden pages. Measure
        # again on the way in, and let the area size its content to the new hint.
        super().showEvent(event)
        layout = self.content.layout()
        if layout is not None:
            layout.invalidate()
            layout.activate()
        QCoreApplication.postEvent(self, QEvent(QEvent.Type.LayoutRequest))

    def stop(self) -> None:
        """Stop any glide or fling where it is."""
        self.scroller.stop()
        self._animation.stop()
        self._target = None

    def scroll_to_top(self) -> None:
        self.stop()
        self.verticalScrollBar().setValue(0)

    def _target_y(self, widget: QWidget) -> int:
        y = widget.mapTo(self.content, widget.rect().topLeft()).y()
        return max(0, min(y, self.verticalScrollBar().maximum()))

    def _glide(self, progress) -> None:
        # aim at where the widget is now: the page may still be settling its layout
        if self._target is not None and not isValid(self._target):
            self.stop()
        elif self._target is not None:
            target = self._target_y(self._target)
            self.verticalScrollBar().setValue(round(self._from + (target - self._from) * float(progress)))

    def scroll_to_widget(self, widget: QWidget, animate: bool = True) -> None:
        """Bring `widget` (inside the content) to the top of the view, gliding there in 250 ms."""
        bar = self.verticalScrollBar()
        self.scroller.stop()
        self._animation.stop()
        self._target = widget
        if animate and self.isVisible() and self._target_y(widget) != bar.value():
            self._from = bar.value()
            self._animation.start()
        else:
            bar.setValue(self._target_y(widget))

    def animating(self) -> bool:
        return self._animation.state() == QVariantAnimation.State.Running
