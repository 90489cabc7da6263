"""The admin console (issue 7): `AdminConsole(store, staff_member)`, a QWidget with a `closed` signal."""
from kiosk.ui.admin.console import AdminConsole

__all__ = ["AdminConsole"]
