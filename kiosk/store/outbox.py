"""Audit entries that could not be written when they happened, kept until the database takes them. No Qt.

When the database refuses an audit write (busy beyond its timeout, disk full, read-only, deleted or replaced),
the entry goes into a small file beside the database, `<database>.audit-outbox` (mode 0600, one JSON object a
line), and the next audit write that succeeds writes the kept entries first, in the same transaction. When even
that file cannot be written (the disk is full, the folder is read-only), the entry is held in this process's
memory instead and written the same way; only then can a crash lose it.

Each kept entry carries an `outbox_id`, so an entry is never written twice even if the process dies between
the commit and emptying the file, and `happened_at` (UTC), because the log's own time stamp is the time it was
finally written. Callers put the same details in as in any audit entry: never a patient's name or notes.
"""
from __future__ import annotations

import json
import os
import threading
import uuid
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no other kiosk process shares the file there
    fcntl = None

SUFFIX = ".audit-outbox"
_memory: dict[str, list[dict]] = {}  # db path -> entries no file could hold, for this process
_lock = threading.Lock()


def outbox_path(db_path) -> Path | None:
    """The outbox beside a database file; None for an in-memory database."""
    if not db_path or str(db_path) == ":memory:":
        return None
    return Path(f"{db_path}{SUFFIX}")


class Outbox:
    def __init__(self, db_path):
        self.path = outbox_path(db_path)
        # entries held in memory are shared by every Store of one database file in this process, but never
        # between two in-memory databases
        self._key = str(db_path) if self.path is not None else f":memory:{id(self)}"

    # ---- keeping ------------------------------------------------------------------------------------------
    def put(self, actor: str, kind: str, detail: dict) -> bool:
        """Keep one entry. True when it is on disk, False when only this process's memory holds it."""
        entry = {"outbox_id": uuid.uuid4().hex, "happened_at": datetime.now(timezone.utc).isoformat(
            timespec="seconds"), "actor": actor, "kind": kind, "detail": detail}
        line = (json.dumps(entry, ensure_ascii=False, sort_keys=True, default=str) + "\n").encode("utf-8")
        if self.path is not None:
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
                try:
                    self._flock(fd)
                    written = os.write(fd, line)
                    if written != len(line):  # a partial line (disk filled meanwhile): cut it off again
                        os.ftruncate(fd, os.fstat(fd).st_size - written)
                        raise OSError("short write")
                    os.fsync(fd)
                    return True
                finally:
                    os.close(fd)  # closing releases the lock
            except OSError:
                pass
        with _lock:
            _memory.setdefault(self._key, []).append(entry)
        return False

    # ---- giving back --------------------------------------------------------------------------------------
    def has_entries(self) -> bool:
        with _lock:
            if _memory.get(self._key):
                return True
        try:
            return self.path is not None and self.path.stat().st_size > 0
        except OSError:
            return False

    @contextmanager
    def draining(self):
        """Yield the kept entries, oldest first; the caller writes them in its transaction. When the block ends
        without an exception they are gone from the file and memory; otherwise they stay. Holds the file's lock
        for the block, so two processes never give the same entries back."""
        if not self.has_entries():
            yield []
            return
        fd = None
        if self.path is not None:
            try:
                fd = os.open(self.path, os.O_RDWR)
            except OSError:
                fd = None
        try:
            on_disk: list[dict] = []
            if fd is not None:
                self._flock(fd)
                on_disk = _parse(_read_all(fd))
            with _lock:
                in_memory = list(_memory.get(self._key, ()))
            yield on_disk + in_memory
            if fd is not None and on_disk:
                os.ftruncate(fd, 0)
                os.fsync(fd)
            with _lock:
                left = _memory.get(self._key, [])
                _memory[self._key] = [e for e in left if e not in in_memory]
        finally:
            if fd is not None:
                os.close(fd)

    @staticmethod
    def _flock(fd: int) -> None:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)


def _read_all(fd: int) -> bytes:
    os.lseek(fd, 0, os.SEEK_SET)
    chunks = []
    while chunk := os.read(fd, 65536):
        chunks.append(chunk)
    return b"".join(chunks)


def _parse(data: bytes) -> list[dict]:
    """The entries in the file; a torn last line (a crash mid-write) is skipped."""
    entries = []
    for line in data.decode("utf-8", "replace").splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict) and {"outbox_id", "actor", "kind", "detail"} <= entry.keys():
            entries.append(entry)
    return entries


def why(exc: BaseException) -> str:
    """A few words for the nurse about why the database refused a write."""
    name = type(exc).__name__
    if name == "BusyError":
        return "the database is busy"
    if name == "DiskFullError":
        return "the disk is full"
    if name == "ReadOnlyError":
        return "the database is read-only"
    if name == "ServerDownError":
        return "the clinic server cannot be reached"
    if name in ("ReplacedError", "CannotOpenError"):
        return "the database file is missing or was replaced"
    return "the database could not be written"
