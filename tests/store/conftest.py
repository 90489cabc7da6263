"""The repository tests that go through a store (the `store` and `empty_store` fixtures) run against both stores:
the SQLite file and a real PostgreSQL server (kiosk.store.pg_store, a fresh database per test). Tests that open
the file themselves (their own `db_path`) stay SQLite's."""
from __future__ import annotations

import pytest

# test_settings is not here: it plants bad values by writing the SQLite file directly
BOTH = {"test_handouts", "test_sign_off_keeps_draft", "test_search", "test_staff", "test_audit_csv"}


def pytest_generate_tests(metafunc):
    if "backend" not in metafunc.fixturenames:
        return
    own = set(metafunc.definition._fixtureinfo.argnames)
    both = metafunc.module.__name__.rsplit(".", 1)[-1] in BOTH and "db_path" not in own
    metafunc.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)] if both
                         else ["sqlite"])


@pytest.fixture
def backend_url(backend, request, tmp_path, monkeypatch):
    if backend == "sqlite":
        return None
    monkeypatch.setenv("KIOSK_CACHE_DIR", str(tmp_path / "cache"))
    return request.getfixturevalue("pg_server").new_database()


@pytest.fixture
def store(backend_url, db_path):
    from kiosk.services import open_store

    s = open_store(backend_url or db_path)
    yield s
    s.close()


@pytest.fixture
def empty_store(backend_url, db_path):
    if backend_url is None:
        from kiosk.store import Store

        s = Store.open(db_path)
    else:
        from kiosk.store.pg_store import PgStore

        s = PgStore.open(backend_url)
    yield s
    s.close()
