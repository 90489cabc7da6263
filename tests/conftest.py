"""Shared test set-up: headless Qt, fast PIN hashing, and a real SQLite store seeded from handouts/."""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# New PIN hashes in tests use fewer PBKDF2 rounds; verifying still honours each hash's stored figures.
os.environ.setdefault("KIOSK_PIN_ITERATIONS", "2000")
os.environ.pop("KIOSK_DB", None)
# The first-admin set-up markers (kiosk.store.setup_state) of this test session: never the user's own.
os.environ["KIOSK_STATE_DIR"] = tempfile.mkdtemp(prefix="kiosk-test-state-")
# Only this (empty) configuration file: a kiosk.toml in /etc or ~/.config must not change what a test sees.
for _name in ("KIOSK_DEVICE_NAME", "KIOSK_PRINTER", "KIOSK_LANGUAGES", "KIOSK_IDLE_SECONDS", "KIOSK_LOG_LEVEL"):
    os.environ.pop(_name, None)
os.environ["KIOSK_CONFIG"] = str(Path(__file__).resolve().parent / "helpers" / "kiosk-test.toml")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import pytest  # noqa: E402

# PySide6 6.12.0 on CPython 3.11 loses a reference to None/True/False on every void/bool call; every Qt test
# (printing's Qt backend included, not only tests/ui) needs the guard. See kiosk.ui.app.guard_singleton_refcounts.
from kiosk.ui.app import guard_singleton_refcounts  # noqa: E402

guard_singleton_refcounts()


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "kiosk.sqlite3"


@pytest.fixture
def store(db_path):
    """A real SQLite store in a temporary file, seeded from the bundled handouts/ like a first start."""
    from kiosk.services import open_store

    s = open_store(db_path)
    yield s
    s.close()


@pytest.fixture
def empty_store(db_path):
    from kiosk.store import Store

    s = Store.open(db_path)
    yield s
    s.close()


@pytest.fixture(scope="session")
def pg_server():
    """One throw-away PostgreSQL server for the session (tests/helpers/pg_server.py); each test takes a fresh
    database from it. Skips without PostgreSQL, unless KIOSK_REQUIRE_POSTGRES=1 (set by .ci/run) makes that fail."""
    from helpers.pg_server import start_or_skip

    server = start_or_skip()
    yield server
    server.close()
