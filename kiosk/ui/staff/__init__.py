"""Staff mode: PIN sign-in, the staff menu, the nurse's discharge sheet and printing.

The main window calls `install(window)` when it is built; from then on the hidden logo gesture
(`window.staff_requested`) opens the PIN pad, or "create the first admin" when there is no staff yet.
Everything Qt is imported here lazily, so `kiosk.ui.staff.checks` stays usable without a screen.
"""
from __future__ import annotations


def install(window):
    """Attach staff mode to the main window; returns the controller (also kept as window.staff)."""
    from kiosk.ui.staff.controller import StaffController
    from kiosk.ui.staff.preview import warm_up

    controller = StaffController(window)
    idle = getattr(window, "idle", None)
    warm_up(quiet_ms=idle.quiet_ms if idle is not None else None)
    window.staff = controller
    return controller
