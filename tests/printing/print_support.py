"""Shared by the print tests (a module of its own: `from conftest import` is ambiguous across test folders)."""

# Marker patient details: searched for in job titles, CUPS logs, file names and the audit log.
PATIENT = "Quentin Marlowe-Zyx"
NOTES = "Ice pack twenty minutes zebracorn"
