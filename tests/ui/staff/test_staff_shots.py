"""`kiosk screenshots` gets the staff screens, taken without touching the clinic's own database."""
from __future__ import annotations

from PySide6.QtGui import QImage


def test_screenshots_of_staff_mode(qtbot, window, store, tmp_path):
    from kiosk.ui.staff import shots

    from kiosk.ui.widgets.touch_keyboard import install

    install().reset()  # a touch-only kiosk (no hardware key yet): the keyboard gets its picture
    audit_before = len(store.audit.entries())
    paths = shots.take(window, tmp_path / "shots")
    assert [p.name for p in paths] == ["staff-pin-pad.png", "staff-lockout.png", "staff-discharge-form.png",
                                       "staff-discharge-keyboard.png", "staff-print-failure.png"]
    images = [QImage(str(p)) for p in paths]
    assert all(not img.isNull() and img.width() >= 800 for img in images)
    assert len({bytes(img.constBits()) for img in images}) == 5  # five different screens
    assert store.staff.list() == [] and len(store.audit.entries()) == audit_before
    assert window.current_screen() != "shots.discharge"
