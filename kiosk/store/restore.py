"""Restore only a backup whose schema is exactly this version's; keep every live audit entry. No Qt.

A restore never touches the backup file, and never changes the live database until the backup has proved
itself on a private copy:

1. The backup (with its -wal or -journal, when present) is copied byte for byte into a temporary folder beside
   the live database; SQLite opens only that copy, so a backup on read-only media, or in WAL mode, reads like any
   other and nothing is created beside the user's file.
2. On the copy: integrity check, the kiosk's tables, a schema version it knows (never 0), its migrations, then
   the whole schema compared with what this version builds (kiosk.store.schema): tables, columns, indexes,
   triggers and views. Any difference is refused in one sentence naming it.
3. Under the live database's write lock, the live database is copied aside (kept, next to it), then in ONE
   transaction every object is dropped and rebuilt from this version's schema, the backup's rows copied in, every
   live audit entry the backup lacks carried over (matched by content, never by time) and the restore entry
   added. A SIGKILL at any moment leaves either the old database or the restored one; no audit entry is lost.

Every refusal is a StoreError subclass whose message is one sentence.
"""
from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
import time
from collections import Counter
from pathlib import Path

from kiosk.core.private_files import private_file, private_folder
from kiosk.store import audit, schema
from kiosk.store.db import CorruptError, NewerSchemaError, ReadOnlyError, StoreError, split_statements, translate
from kiosk.store.migrations import MIGRATIONS, current_version, migrate

REQUIRED_TABLES = {"handouts", "handout_versions", "settings", "staff", "audit_log"}
SQLITE_MAGIC = b"SQLite format 3\x00"
_BESIDE = ("-wal", "-journal")  # what SQLite reads beside a database file to finish or undo its last writes


def _step(name: str) -> None:
    """A named point in a restore; does nothing. The kill test replaces it to SIGKILL the process right there."""


# ---- which file is the live one ---------------------------------------------------------------------------------------------
def is_live_file(target: Path, live: Path) -> bool:
    """TARGET is the live database, one of its -wal/-shm/-journal files, or a link to any of them."""
    if str(live) == ":memory:":
        return False
    for suffix in ("", "-wal", "-shm", "-journal"):
        own = Path(f"{live}{suffix}")
        try:
            if target.exists() and own.exists() and os.path.samefile(target, own):
                return True
        except OSError:
            pass
        if os.path.realpath(target) == os.path.realpath(own):
            return True
    return False


# ---- checking a backup ----------------------------------------------------------------------------------
def _check_source(path: Path) -> None:
    """The quick refusals, before anything is copied or created."""
    if not path.exists():
        raise StoreError(f"There is no backup file at {path}.")
    if path.is_dir():
        raise StoreError(f"The backup {path.name} is a folder, not a backup file.")
    if not path.is_file():
        raise StoreError(f"The backup {path.name} is not a regular file (a device or a pipe, say).")
    try:
        with open(path, "rb") as fh:
            header = fh.read(100)
    except OSError as exc:
        raise StoreError(f"The backup {path.name} cannot be read ({exc.strerror or exc}).") from None
    if not header:
        raise CorruptError(f"The backup {path.name} is empty, so it is not a kiosk backup.")
    if not header.startswith(SQLITE_MAGIC):
        raise CorruptError(f"The backup {path.name} is not a kiosk database (it is not an SQLite file).")
    if len(header) < 100:
        raise CorruptError(f"The backup {path.name} is damaged: it is shorter than an SQLite header.")


def _private_copy(source: Path, workdir: Path) -> Path:
    """Copy SOURCE and whatever SQLite would read beside it (-wal, -journal) into WORKDIR; SQLite opens only the
    copy, so the backup's own folder may be read-only and the file itself is never changed."""
    copy = workdir / "backup.sqlite3"
    try:
        shutil.copyfile(source, copy)
        for suffix in _BESIDE:
            side = Path(f"{source}{suffix}")
            if side.is_file() and side.stat().st_size > 0:
                shutil.copyfile(side, Path(f"{copy}{suffix}"))
    except OSError as exc:
        if Path(f"{source}-wal").exists() and not os.access(f"{source}-wal", os.R_OK):
            raise StoreError(f"The backup {source.name} is a WAL-mode database whose -wal file cannot be read here; "
                             f"copy both files to a folder you can write to first.") from None
        raise StoreError(f"The backup {source.name} could not be copied for checking ({exc.strerror or exc}).") from None
    return copy


def _prepare(source: Path, workdir: Path) -> Path:
    """Copy SOURCE into WORKDIR and bring the copy to this version, checking it at every step. Returns the copy
    (closed, rollback-journal mode; any page size: restore copies rows, not pages). Raises CorruptError / NewerSchemaError / StoreError
    with one sentence naming what is wrong."""
    _check_source(source)
    copy = _private_copy(source, workdir)
    name = source.name
    try:
        conn = sqlite3.connect(copy, isolation_level=None)
    except sqlite3.Error:
        raise CorruptError(f"The backup {name} is damaged or not a kiosk database.") from None
    try:
        try:
            result = conn.execute("PRAGMA integrity_check").fetchall()
            if result != [("ok",)]:
                raise CorruptError(f"The backup {name} is damaged: {str(result[0][0]).rstrip('.')}.")
            conn.execute("PRAGMA journal_mode = DELETE")  # folds a WAL-mode backup's log into the copy
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            version = current_version(conn)
        except sqlite3.DatabaseError:
            raise CorruptError(f"The backup {name} is damaged or not a kiosk database.") from None
        if not REQUIRED_TABLES <= tables:
            raise CorruptError(f"The backup {name} is an SQLite file but not a kiosk database.")
        if version > len(MIGRATIONS):
            raise NewerSchemaError(f"The backup {name} was made by a newer version of the kiosk (schema {version}; "
                                   f"this version knows {len(MIGRATIONS)}).")
        if version <= 0:
            raise CorruptError(f"The backup {name} holds kiosk tables but no schema version (user_version {version}), "
                               f"so it was not made by the kiosk.")
        try:
            migrate(conn, path=str(copy))
        except StoreError:
            raise
        except sqlite3.Error as exc:
            raise CorruptError(f"The backup {name} could not be brought up to this version's schema ({exc}).") from None
        diffs = schema.differences(conn)
        if diffs:
            raise CorruptError(schema.describe(diffs, "The backup's"))
        if conn.execute("PRAGMA foreign_key_check").fetchone() is not None:
            raise CorruptError(f"The backup {name} has handout versions that belong to no handout.")
        bad = conn.execute("SELECT id FROM audit_log WHERE typeof(detail) != 'text' OR NOT json_valid(detail) "
                           "OR typeof(ts) != 'text' OR typeof(actor) != 'text' OR typeof(kind) != 'text' "
                           "LIMIT 1").fetchone()
        if bad is not None:
            raise CorruptError(f"The backup {name} has an unreadable audit entry (number {bad[0]}).")
    finally:
        conn.close()
    return copy


def verify_file(path: str | os.PathLike) -> None:
    """Raise a StoreError subclass (CorruptError, NewerSchemaError; one sentence) unless PATH is a sound kiosk
    backup that this version can restore: the same checks as restore(), on a private temporary copy."""
    path = Path(path)
    _check_source(path)
    with tempfile.TemporaryDirectory(prefix="kiosk-verify-") as work:
        _prepare(path, Path(work))


# ---- restore --------------------------------------------------------------------------------------------
def fsync_path(path: Path) -> None:
    """Ask the disk to keep PATH (a file or a folder) as it is now; a folder that cannot be fsynced is let be."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError:
        pass  # a folder on a file system that cannot fsync one
    finally:
        os.close(fd)


STALE_WORK_SECONDS = 3600


def _clear_stale_work(live: Path) -> None:
    """Remove the temporary folders of restores killed part-way (they hold a copy of a backup, PIN hashes
    included). Only those untouched for an hour: a restore running now in another process keeps its own."""
    for folder in live.parent.glob(f".{live.name}.restore-*"):
        try:
            if folder.is_dir() and time.time() - folder.stat().st_mtime > STALE_WORK_SECONDS:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            pass


def _aside_path(live: Path, label: str) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    suffix = live.suffix or ".sqlite3"
    candidate = live.with_name(f"{live.stem}.{label}-{stamp}{suffix}")
    n = 2
    while candidate.exists():
        candidate = live.with_name(f"{live.stem}.{label}-{stamp}-{n}{suffix}")
        n += 1
    return candidate


def _keep_aside(live: Path) -> Path:
    """Copy the live database (as committed now: the caller holds its write lock) to a file beside it."""
    aside = _aside_path(live, "before-restore")
    private_file(aside)  # 0600: it holds the PIN hashes and the audit log
    reader = sqlite3.connect(live)
    try:
        dest = sqlite3.connect(aside)
        try:
            reader.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")
        finally:
            dest.close()
        fsync_path(aside)
    except BaseException:
        aside.unlink(missing_ok=True)
        raise
    finally:
        reader.close()
    return aside


def _user_objects(conn: sqlite3.Connection, where: str) -> list[tuple[str, str, str]]:
    return conn.execute(f"SELECT type, name, sql FROM {where}.sqlite_master "
                        "WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'").fetchall()


def _rebuild_from(conn: sqlite3.Connection, source: str) -> None:
    """Inside the caller's transaction: drop every object of main, build this version's schema, and copy every
    row of SOURCE (an attached, checked database with the same schema) into it."""
    objects = _user_objects(conn, "main")
    virtual = [n for t, n, sql in objects if t == "table" and (sql or "").upper().startswith("CREATE VIRTUAL")]
    for kind in ("trigger", "view"):
        for t, n, _ in objects:
            if t == kind:
                conn.execute(f"DROP {kind.upper()} main.{schema._quote(n)}")
    for n in virtual:  # drops its shadow tables too
        conn.execute(f"DROP TABLE main.{schema._quote(n)}")
    for t, n, _ in _user_objects(conn, "main"):
        if t == "table":
            conn.execute(f"DROP TABLE main.{schema._quote(n)}")
    for migration in MIGRATIONS:
        if callable(migration):
            migration(conn)
        else:
            for statement in split_statements(migration):
                conn.execute(statement)
    conn.execute(f"PRAGMA main.user_version = {len(MIGRATIONS)}")
    tables = [(n, sql) for t, n, sql in _user_objects(conn, "main") if t == "table"]
    virtual = [n for n, sql in tables if (sql or "").upper().startswith("CREATE VIRTUAL")]
    for table, _sql in tables:
        if any(table.startswith(f"{v}_") for v in virtual):
            continue  # a virtual table's shadow: filled by inserting into the virtual table
        columns = [r[1] for r in conn.execute(f"PRAGMA main.table_info({schema._quote(table)})")]
        names = ", ".join(["rowid", *map(schema._quote, columns)] if table in virtual else map(schema._quote, columns))
        conn.execute(f"INSERT INTO main.{schema._quote(table)} ({names}) SELECT {names} "
                     f"FROM {source}.{schema._quote(table)}")


def _carry_audit(conn: sqlite3.Connection, live_rows: list[tuple]) -> int:
    """Append every live audit entry (id, ts, actor, kind, detail, device) that the restored log does not hold,
    matched by content: the same entry twice counts twice. Its id is kept when free and later than every id
    present, so a backup taken from this database gets its later entries back under their own numbers."""
    have = Counter(tuple(r) for r in conn.execute("SELECT ts, actor, kind, detail, device FROM main.audit_log"))
    carried = 0
    for entry_id, *content in live_rows:
        key = tuple(content)
        if have[key] > 0:
            have[key] -= 1
            continue
        top = conn.execute("SELECT COALESCE(MAX(id), 0) FROM main.audit_log").fetchone()[0]
        conn.execute("INSERT INTO main.audit_log (id, ts, actor, kind, detail, device) VALUES (?, ?, ?, ?, ?, ?)",
                     (entry_id if entry_id > top else top + 1, *content))
        carried += 1
    return carried


def restore(store, source: str | os.PathLike, actor: str = "admin") -> Path:
    """Replace the live database's content with SOURCE, a backup whose schema is, after its migrations, exactly
    this version's. The live database is first copied aside (the returned path, next to it). The audit log is
    never replaced: every live entry the backup lacks is carried over, and the restore is audited, in the same
    transaction as the content. Raises a StoreError subclass (one sentence) and changes nothing when SOURCE is
    refused or the restore fails."""
    source = Path(source)
    live = Path(store.path)
    if str(live) == ":memory:" or getattr(store, "read_only_reason", None):
        raise ReadOnlyError("The kiosk is showing the bundled handouts read-only because its database could not be "
                            "used; restore with `kiosk restore FILE`, which replaces the unusable database.")
    _check_source(source)
    if is_live_file(source, live):
        raise StoreError(f"That is the live database itself ({source.name}); choose a backup file.")
    conn = store.conn
    check = getattr(conn, "check_identity", None)
    if check is not None:
        check()  # never restore into a database file that was deleted or replaced under the running kiosk
    _clear_stale_work(live)
    work = Path(tempfile.mkdtemp(prefix=f".{live.name}.restore-", dir=live.parent))
    try:
        prepared = _prepare(source, work)
        _step("prepared")
        try:
            conn.execute("PRAGMA foreign_keys = OFF")  # rows go in table by table; checked before COMMIT
            conn.execute("ATTACH DATABASE ? AS restored", (str(prepared),))
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            _undo(conn)
            translated = translate(exc, live)
            raise (translated if translated is not exc else
                   StoreError(f"The restore could not start, and nothing was changed ({exc}).")) from None
        aside = None
        try:
            aside = _keep_aside(live)
            _step("aside")
            live_rows = conn.execute("SELECT id, ts, actor, kind, detail, device FROM main.audit_log ORDER BY id"
                                     ).fetchall()
            _rebuild_from(conn, "restored")
            _step("rebuilt")
            carried = _carry_audit(conn, [tuple(r) for r in live_rows])
            audit.append(conn, actor, "restore", file=source.name, kept_aside=aside.name, carried=carried)
            diffs = schema.differences(conn)
            if diffs:
                raise CorruptError(schema.describe(diffs, "The restored database's"))
            if conn.execute("PRAGMA main.foreign_key_check").fetchone() is not None:
                raise CorruptError("The restored database has handout versions that belong to no handout.")
            if conn.execute("PRAGMA main.integrity_check").fetchone()[0] != "ok":
                raise CorruptError("The restored database did not pass its integrity check.")
            _step("before-commit")
            conn.execute("COMMIT")
            _step("committed")
        except BaseException as exc:
            _undo(conn)
            if aside is not None:  # nothing changed: no copy of it to keep (nor of its PIN hashes)
                aside.unlink(missing_ok=True)
            if isinstance(exc, sqlite3.Error):
                translated = translate(exc, live)
                raise (translated if translated is not exc else
                       StoreError(f"The restore failed and nothing was changed ({exc}).")) from None
            if isinstance(exc, OSError):
                raise StoreError(f"The restore failed and nothing was changed ({exc.strerror or exc}).") from None
            raise
        _undo(conn)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    store.bump()
    return aside


def _undo(conn: sqlite3.Connection) -> None:
    """Roll back what is open, detach the backup, and turn foreign keys back on."""
    if conn.in_transaction:
        try:
            conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass
    try:
        if any(r[1] == "restored" for r in conn.execute("PRAGMA database_list")):
            conn.execute("DETACH DATABASE restored")
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.Error:
        pass


def restore_over_unusable(path: str | os.PathLike, source: str | os.PathLike, actor: str = "admin",
                          reason: str = "") -> Path:
    """Restore when the live database cannot even be opened (damaged, foreign, newer, wrong schema): the checked
    backup, with its restore audit entry already in it, is built beside PATH and renamed over it in one step; the
    unusable file (and its -wal) is kept aside untouched first. Returns where the unusable file was kept. REASON
    (one sentence, why the live file was unusable) goes into the audit entry."""
    path, source = Path(path), Path(source)
    _check_source(source)
    if is_live_file(source, path):
        raise StoreError(f"That is the database being replaced ({source.name}); choose a backup file.")
    private_folder(path.parent, tighten=False)  # a folder made here is 0700; a chosen one keeps its mode
    _clear_stale_work(path)
    aside = _aside_path(path, "unusable")
    work = Path(tempfile.mkdtemp(prefix=f".{path.name}.restore-", dir=path.parent))
    try:
        prepared = _prepare(source, work)
        conn = sqlite3.connect(prepared, isolation_level=None)
        try:
            conn.execute("BEGIN IMMEDIATE")
            audit.append(conn, actor, "restore", file=source.name, kept_aside=aside.name,
                         replaced_unusable=reason or "the database could not be opened")
            conn.execute("COMMIT")
        finally:
            conn.close()
        os.chmod(prepared, 0o600)  # the new database holds the PIN hashes: private, like every database we make
        fsync_path(prepared)
        _step("prepared")
        try:
            if path.is_dir():
                os.rename(path, aside)  # a folder where the file belongs: moved aside whole
            elif path.exists() or path.is_symlink():
                try:
                    os.link(path, aside)  # the unusable file stays at PATH until the new one replaces it
                except OSError:
                    shutil.copy2(path, aside)
                fsync_path(aside)
            for suffix in ("-wal", "-journal", "-shm"):
                side = Path(f"{path}{suffix}")
                if side.exists():  # never left beside the new file: SQLite would replay it onto it
                    os.replace(side, Path(f"{aside}{suffix}"))
            _step("aside")
            os.replace(prepared, path)
            fsync_path(path.parent)
        except OSError as exc:
            raise StoreError(f"The restore could not replace the unusable database ({exc.strerror or exc}).") from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return aside

