"""The database file under the running kiosk, and who may read it (issue 13): a deleted or replaced database
stops every write with one sentence; the database, its WAL and SHM, backups, before-restore copies and kept
sheet copies are 0600 in 0700 folders. Real files, real unlink and rename, modes read back with os.stat."""
from __future__ import annotations

import os
import shutil
import sqlite3
import stat

import pytest

from kiosk.store import ReplacedError, Store, StoreError
from kiosk.store.backup import backup, restore, restore_over_unusable

PIN = "482913"


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def live(tmp_path):
    s = Store.open(tmp_path / "data" / "kiosk.sqlite3")
    s.staff.add("Ana Admin", "admin", PIN)
    yield s
    s.close()


# ---- deleted or replaced under the running kiosk ------------------------------------------------------------
def _every_write(store):
    """One write of each kind the kiosk makes; each must refuse."""
    return [
        lambda: store.audit.record("Ana Admin", "sign_out", reason="done"),
        lambda: store.staff.add("Nina Nurse", "nurse", "739152", actor="Ana Admin"),
        lambda: store.staff.verify("Ana Admin", PIN),
        lambda: store.settings.update("Ana Admin", name="Another clinic"),
        lambda: store.staff.set_disabled("Ana Admin", True, "Ana Admin"),
    ]


def test_an_unlinked_database_refuses_every_write_with_one_sentence(live):
    before = len(live.audit.entries())
    os.unlink(live.path)
    for write in _every_write(live):
        with pytest.raises(ReplacedError) as caught:
            write()
        assert str(caught.value) == ("The database file was removed or replaced while the kiosk was running; "
                                     "nothing more is written. Restart the kiosk.")
        assert isinstance(caught.value, StoreError)  # every screen that handles StoreError says it
    # nothing went into the orphaned file either: it still reads as before
    assert len(live.audit.entries()) == before


def test_a_database_renamed_over_by_another_file_refuses_every_write(live, tmp_path):
    other = Store.open(tmp_path / "other.sqlite3")
    other.close()
    before = len(live.audit.entries())
    os.replace(tmp_path / "other.sqlite3", live.path)  # the path now names another inode
    for write in _every_write(live):
        with pytest.raises(ReplacedError):
            write()
    assert len(live.audit.entries()) == before


def test_once_replaced_it_stays_stopped_even_when_a_file_comes_back(live, tmp_path):
    keep = tmp_path / "moved.sqlite3"
    os.rename(live.path, keep)
    with pytest.raises(ReplacedError):
        live.audit.record("Ana Admin", "sign_out")
    os.rename(keep, live.path)  # the same inode is back at the path
    with pytest.raises(ReplacedError):
        live.audit.record("Ana Admin", "sign_out")


def test_the_same_file_keeps_working_and_a_restore_into_a_replaced_file_is_refused(live, tmp_path):
    live.audit.record("Ana Admin", "sign_out")  # nothing moved: writes go on
    copy = backup(live, tmp_path / "b.sqlite3", actor="Ana Admin")
    os.unlink(live.path)
    with pytest.raises(ReplacedError):
        restore(live, copy, actor="Ana Admin")


# ---- file modes ---------------------------------------------------------------------------------------------
def test_a_new_database_and_its_wal_and_shm_are_0600_in_a_0700_folder(live):
    live.audit.record("Ana Admin", "sign_out")  # WAL and SHM exist while the connection is open
    folder = live.path.parent
    assert mode(folder) == 0o700
    for path in (live.path, f"{live.path}-wal", f"{live.path}-shm"):
        assert os.path.exists(path), path
        assert mode(path) == 0o600, (path, oct(mode(path)))


def test_an_old_world_readable_database_is_tightened_when_opened(tmp_path):
    path = tmp_path / "old.sqlite3"
    Store.open(path).close()
    os.chmod(path, 0o644)
    with Store.open(path) as s:
        s.audit.record("x", "sign_out")
        assert mode(path) == 0o600 and mode(f"{path}-wal") == 0o600


def test_backups_and_before_restore_copies_are_0600_and_a_new_backup_folder_is_0700(live, tmp_path):
    out = backup(live, tmp_path / "new-folder" / "nested" / "b.sqlite3", actor="Ana Admin")
    assert mode(out) == 0o600
    assert mode(out.parent) == 0o700 and mode(out.parent.parent) == 0o700
    aside = restore(live, out, actor="Ana Admin")
    assert aside.exists() and mode(aside) == 0o600


def test_a_database_restored_over_an_unusable_one_is_0600(live, tmp_path):
    good = backup(live, tmp_path / "good.sqlite3", actor="Ana Admin")
    broken = tmp_path / "data2" / "kiosk.sqlite3"
    broken.parent.mkdir()
    broken.write_bytes(b"not a database at all" * 100)
    restore_over_unusable(broken, good)
    assert mode(broken) == 0o600
    with sqlite3.connect(broken) as conn:
        assert conn.execute("SELECT COUNT(*) FROM staff").fetchone()[0] == 1


def test_kept_sheet_copies_are_0600_in_a_0700_folder(store):
    from kiosk.printing import record as rec

    settings = store.settings.update("Ana Admin", keep_printed_copies=True)
    version = store.handouts.published("en")[0]
    kept = rec.keep_copy(store, settings, b"%PDF-1.4 test", rec.SheetInfo.of(version.handout, version.version))
    assert mode(kept) == 0o600 and mode(kept.parent) == 0o700


def test_a_folder_someone_else_chose_keeps_its_mode(tmp_path):
    shared = tmp_path / "share"
    shared.mkdir()
    os.chmod(shared, 0o755)
    with Store.open(shared / "kiosk.sqlite3") as s:
        s.audit.record("x", "sign_out")
    assert mode(shared) == 0o755  # not the kiosk's data folder: only the files are tightened
    assert mode(shared / "kiosk.sqlite3") == 0o600
    shutil.rmtree(shared)


def test_the_kiosks_own_data_folder_is_tightened_to_0700(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))  # where platformdirs puts the data folder
    from kiosk.store import default_db_path

    monkeypatch.delenv("KIOSK_DB", raising=False)
    path = default_db_path()
    assert path.parent == tmp_path / "share" / "patient-handout-kiosk"
    path.parent.mkdir(parents=True)
    os.chmod(path.parent, 0o755)  # as an older version (or the umask) left it
    with Store.open(path) as s:
        s.audit.record("x", "sign_out")
    assert mode(path.parent) == 0o700 and mode(path) == 0o600
