"""Measures what the issue asks of every screen, on real widgets (used by tests and by the
QT_SCALE_FACTOR subprocess check):

- touch targets at least 48 × 48 device-independent pixels, at least 8 px apart (staff screens: their own gap);
- every visible text at least 18 pt (patient screens; staff screens pass their own minimum);
- nothing clipped: wrapped text gets its height, unwrapped text and buttons their width, scroll
  content no wider than its view, no widget outside its parent, no siblings overlapping, and the
  screen's minimum size within the window.
"""
from __future__ import annotations

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import (QAbstractButton, QAbstractScrollArea, QAbstractSpinBox, QComboBox, QLabel, QLineEdit,
                               QScrollArea, QWidget)

MIN_TARGET = 48
MIN_GAP = 8
MIN_POINTS = 18.0


_rects: dict[int, QRect] = {}  # memo for one audit() call: widgets do not move while it runs


def _window_rect(w: QWidget, root: QWidget) -> QRect:
    key = id(w)
    if key not in _rects:
        _rects[key] = QRect(w.mapTo(root, QPoint(0, 0)), w.size())
    return _rects[key]


def _visible_rect(w: QWidget, root: QWidget) -> QRect:
    """The part of `w` not cut off by its ancestors (scroll viewports), in root coordinates."""
    rect = _window_rect(w, root)
    parent = w.parentWidget()
    while parent is not None and parent is not root.parentWidget():
        rect = rect.intersected(_window_rect(parent, root))
        if parent is root:
            break
        parent = parent.parentWidget()
    return rect


def _scroll_group(w: QWidget):
    p = w.parentWidget()
    while p is not None:
        if isinstance(p, QAbstractScrollArea):
            return p
        p = p.parentWidget()
    return None


def _gap(a: QRect, b: QRect) -> int:
    dx = max(b.x() - (a.x() + a.width()), a.x() - (b.x() + b.width()))
    dy = max(b.y() - (a.y() + a.height()), a.y() - (b.y() + b.height()))
    return max(dx, dy)


def _name(w: QWidget) -> str:
    text = ""
    if isinstance(w, (QLabel, QAbstractButton, QLineEdit)):
        text = w.text()
    if not text and w.findChild(QLabel) is not None:
        text = w.findChild(QLabel).text()
    return f"{type(w).__name__}({text[:30]!r})"


def _touchables(root: QWidget) -> list[QWidget]:
    from kiosk.ui.widgets.buttons import HoldLogo

    out = []
    for w in root.findChildren(QWidget):
        if not w.isVisible():
            continue
        if isinstance(w.parentWidget(), (QAbstractSpinBox, QComboBox)):
            continue  # the editor or arrows inside a spin box or combo box: the finger's target is the box
        if isinstance(w, (QAbstractButton, QLineEdit, QAbstractSpinBox, QComboBox, HoldLogo)) \
                and not _visible_rect(w, root).isEmpty():
            out.append(w)
    return out


def active_root(window: QWidget) -> QWidget:
    """What a finger can reach: an open overlay, else the window."""
    from kiosk.ui.widgets.overlay import Overlay

    open_overlays = [o for o in window.findChildren(Overlay) if o.isVisible()]
    return open_overlays[-1].card if open_overlays else window


def audit(window: QWidget, min_points: float = MIN_POINTS, min_gap: int = MIN_GAP) -> list[str]:
    from kiosk.ui.patient.bodymap import TOUCH_SLOP, BodyMap
    from kiosk.ui.widgets.overlay import Overlay, Toast

    _rects.clear()
    problems: list[str] = []
    root = active_root(window)
    targets = _touchables(root)

    # touch targets
    for w in targets:
        if w.width() < MIN_TARGET or w.height() < MIN_TARGET:
            problems.append(f"target too small: {_name(w)} {w.width()}x{w.height()}")
    for i, a in enumerate(targets):
        for b in targets[i + 1:]:
            if a.isAncestorOf(b) or b.isAncestorOf(a):
                continue
            same = _scroll_group(a) is _scroll_group(b)
            ra = _window_rect(a, root) if same else _visible_rect(a, root)
            rb = _window_rect(b, root) if same else _visible_rect(b, root)
            if ra.isEmpty() or rb.isEmpty():
                continue
            if _gap(ra, rb) < min_gap:
                problems.append(f"targets closer than {min_gap}px: {_name(a)} and {_name(b)} (gap {_gap(ra, rb)})")
    for bodymap in root.findChildren(BodyMap):
        if bodymap.isVisible():
            for region, rects in ((r, bodymap.region_rects(r)) for r in bodymap.element_ids):
                for rect in rects:
                    if min(rect.width(), rect.height()) + 2 * TOUCH_SLOP < MIN_TARGET:
                        problems.append(f"body map region {region} too small to touch: {rect.width():.0f}x{rect.height():.0f}")

    # text size and clipping
    for w in root.findChildren(QWidget):
        if not w.isVisible() or _visible_rect(w, root).isEmpty():
            continue
        text = w.text() if isinstance(w, (QLabel, QAbstractButton, QLineEdit)) else ""
        if isinstance(w, QLineEdit):
            text = text or w.placeholderText()
        if text.strip():
            pt = w.font().pointSizeF()
            if pt < min_points:
                problems.append(f"text below {min_points:g} pt: {_name(w)} {pt:g} pt")
        if isinstance(w, QLabel) and text.strip():
            if w.wordWrap():
                need = w.heightForWidth(w.width())
                if need > w.height() + 1:
                    problems.append(f"wrapped text clipped: {_name(w)} needs {need}px, has {w.height()}")
            else:
                hint = w.sizeHint()
                if hint.width() > w.width() + 1 or hint.height() > w.height() + 1:
                    problems.append(f"text clipped: {_name(w)} needs {hint.width()}x{hint.height()}, "
                                    f"has {w.width()}x{w.height()}")
        if isinstance(w, QAbstractButton) and w.text().strip():
            hint = w.sizeHint()
            if hint.width() > w.width() + 1 or hint.height() > w.height() + 1:
                problems.append(f"button text clipped: {_name(w)} needs {hint.width()}x{hint.height()}, "
                                f"has {w.width()}x{w.height()}")
        if isinstance(w, QScrollArea) and w.widget() is not None:
            content, view = w.widget(), w.viewport()
            if content.width() > view.width() + 1 or content.minimumSizeHint().width() > view.width() + 1:
                problems.append(f"scroll content wider than its view: {content.minimumSizeHint().width()} > {view.width()}")

    # geometry: children inside their parents (unless scrolled), siblings apart
    for parent in [root, *root.findChildren(QWidget)]:
        if not parent.isVisible():
            continue
        kids = [k for k in parent.children() if isinstance(k, QWidget) and k.isVisible()
                and not k.isWindow() and not isinstance(k, (Overlay, Toast))
                and not k.objectName().startswith("qt_")]
        in_viewport = parent.objectName() == "qt_scrollarea_viewport"
        for k in kids:
            if not in_viewport and not parent.rect().adjusted(-1, -1, 1, 1).contains(k.geometry()):
                problems.append(f"{_name(k)} {k.geometry().getRect()} outside its parent {_name(parent)} "
                                f"{parent.rect().getRect()}")
        for i, a in enumerate(kids):
            for b in kids[i + 1:]:
                inter = a.geometry().intersected(b.geometry())
                if inter.width() > 1 and inter.height() > 1:
                    problems.append(f"{_name(a)} overlaps {_name(b)}")

    stack = getattr(window, "stack", None)
    if stack is not None and stack.currentWidget() is not None:
        need = stack.currentWidget().minimumSizeHint()
        if need.width() > stack.width() or need.height() > stack.height():
            problems.append(f"screen needs at least {need.width()}x{need.height()}, window is "
                            f"{stack.width()}x{stack.height()}")
    return sorted(set(problems))
