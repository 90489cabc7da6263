"""The application core's tests run against both stores: the SQLite file (the default) and a real PostgreSQL
server (a fresh database per test). `db_path` is then the server's postgresql:// address, which App.open,
open_store and KIOSK_DB all take; each process keeps its read cache under the test's tmp_path.

Tests marked `sqlite_only` are about the file itself (copying it, its folder's modes, sqlite3 locks) and run once."""
from __future__ import annotations

import pytest


def pytest_generate_tests(metafunc):
    if "backend" in metafunc.fixturenames:
        only_sqlite = metafunc.definition.get_closest_marker("sqlite_only") is not None
        metafunc.parametrize("backend", ["sqlite"] if only_sqlite else ["sqlite", pytest.param(
            "postgresql", marks=pytest.mark.postgres)])


@pytest.fixture
def db_path(backend, tmp_path, request, monkeypatch):
    if backend == "sqlite":
        return tmp_path / "kiosk.sqlite3"
    server = request.getfixturevalue("pg_server")
    monkeypatch.setenv("KIOSK_CACHE_DIR", str(tmp_path / "cache"))
    return server.new_database()
