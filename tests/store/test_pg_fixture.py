"""The CI gate: without PostgreSQL the server tests skip, unless KIOSK_REQUIRE_POSTGRES=1 makes that a failure."""
from __future__ import annotations

import pytest
from _pytest.outcomes import Failed, Skipped
from helpers import pg_server


def test_no_postgresql_is_a_skip_on_a_laptop_and_a_failure_in_ci(monkeypatch):
    monkeypatch.setenv("KIOSK_PG_BIN", "/nonexistent")
    monkeypatch.setattr(pg_server.shutil, "which", lambda name: None)
    monkeypatch.delenv("KIOSK_REQUIRE_POSTGRES", raising=False)
    with pytest.raises(Skipped, match="no PostgreSQL server"):
        pg_server.start_or_skip()
    monkeypatch.setenv("KIOSK_REQUIRE_POSTGRES", "1")
    with pytest.raises(Failed, match="KIOSK_REQUIRE_POSTGRES=1 but no PostgreSQL server could be started"):
        pg_server.start_or_skip()
