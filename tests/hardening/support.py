"""Helpers shared by the hardening suite: soak switch, hypothesis profiles, database snapshots, a network guard.

Imported as `hardening.support` (tests/ is on sys.path). Fixtures live in conftest.py beside it.

Sizes: every harness has a CI size (run by `make test`) and a soak size. Soak variants carry `@pytest.mark.slow`
and are skipped unless KIOSK_SOAK=1, which `make soak` sets (it runs `pytest -m slow`). See README.md here.
"""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

SOAK = os.environ.get("KIOSK_SOAK") == "1"

# Registered here, never loaded globally: other suites keep hypothesis' defaults. Each property test has a
# [ci] variant and a [soak] variant (SOAK_ONLY below) and picks its profile with `fuzz_settings(size)`.
settings.register_profile(
    "hardening-ci",
    max_examples=50,
    deadline=None,  # the machine is shared: wall-clock deadlines would flake
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "hardening-soak",
    max_examples=10_000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def fuzz_settings(size: str) -> settings:
    """The profile for a test variant: "ci" (make test) or "soak" (make soak, which also sets KIOSK_SOAK=1)."""
    return settings.get_profile({"ci": "hardening-ci", "soak": "hardening-soak"}[size])


# Marks for a soak-only variant: selected by `make soak` (-m slow), skipped in `make test` unless KIOSK_SOAK=1.
SOAK_ONLY = [
    pytest.mark.slow,
    pytest.mark.skipif(not SOAK, reason="soak size: run by `make soak` (KIOSK_SOAK=1)"),
]

ROOT = Path(__file__).resolve().parents[2]

# Every table a user's data lives in, with an ORDER BY that makes two snapshots comparable row by row.
SNAPSHOT_QUERIES = {
    "handouts": "SELECT * FROM handouts ORDER BY id",
    "handout_versions": "SELECT * FROM handout_versions ORDER BY id",
    "audit_log": "SELECT * FROM audit_log ORDER BY id",
    "settings": "SELECT * FROM settings ORDER BY key",
    "staff": "SELECT * FROM staff ORDER BY id",
    "handout_fts": "SELECT slug, language, title, keywords, body FROM handout_fts ORDER BY slug, language",
    "user_version": "PRAGMA user_version",
}


def snapshot(conn: sqlite3.Connection) -> dict[str, list[tuple]]:
    """Every row of every table (row counts and content), to prove that a refused operation changed nothing."""
    return {name: [tuple(r) for r in conn.execute(sql).fetchall()] for name, sql in SNAPSHOT_QUERIES.items()}


def one_sentence(message: str) -> bool:
    """A message a person can read at a glance: one line, no traceback, ends like a sentence."""
    message = message.strip()
    return (
        bool(message)
        and "\n" not in message
        and "Traceback" not in message
        and message[0].isupper()
        and message.endswith((".", ".)"))
    )


# ---- no network -----------------------------------------------------------------------------------------
class NetworkAttempt(AssertionError):
    pass


class NetworkGuard:
    """Records every attempt to resolve a name or open a network connection, and refuses it."""

    def __init__(self):
        self.attempts: list[str] = []

    def refuse(self, what: str):
        self.attempts.append(what)
        raise NetworkAttempt(f"network access at run time: {what}")
