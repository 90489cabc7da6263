"""Shared by the print tests (a module of its own: `from conftest import` is ambiguous across test folders)."""

# Marker patient details: searched for in job titles, CUPS logs, file names and the audit log.
PATIENT = "Quentin Marlowe-Zyx"
NOTES = "Ice pack twenty minutes zebracorn"

# `kiosk print` writes an audit entry, so it names who prints (--as) and reads that PIN from standard input.
NURSE, NURSE_PIN = "Nora Nurse", "735146"
AS_NURSE = ["--as", NURSE]


def add_nurse(store) -> None:
    """A nurse (and the admin who added her) in STORE, for `kiosk print --as NURSE`."""
    if store.staff.get(NURSE) is None:
        if not store.staff.list():
            store.staff.add("Ana Admin", "admin", "482913")
        store.staff.add(NURSE, "nurse", NURSE_PIN, actor="Ana Admin")
