"""The append-only audit log (triggers in the schema reject UPDATE and DELETE). No Qt.

Details are JSON; callers must never put a patient's name or notes in them.
"""
from __future__ import annotations

import csv
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from kiosk.store.db import StoreError, transaction
from kiosk.store.outbox import Outbox, why

KINDS = (
    "print", "publish", "draft", "retire", "revert", "review", "sign_in", "sign_out", "pin_failed", "locked",
    "settings", "import", "export", "backup", "restore", "staff", "render",
)


# OWASP's CSV-injection rule: a spreadsheet reads a cell starting with one of these as a formula (or, for tab and
# carriage return, as the start of one after its own trimming).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    """One CSV cell as text, neutralised: a leading =, +, -, @, tab or carriage return gets a single quote in
    front, so a staff name such as '=HYPERLINK(...)' is shown as text and never run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


@dataclass(frozen=True)
class AuditEntry:
    id: int
    ts: str
    actor: str
    kind: str
    detail: dict
    device: str = ""


def append(conn: sqlite3.Connection, actor: str, kind: str, **detail) -> None:
    """Write one entry on an open connection (inside the caller's transaction when there is one), stamped with
    this device's name (kiosk.config device_name: the configuration file, KIOSK_DEVICE_NAME, or the host name)."""
    from kiosk import config

    conn.execute(
        "INSERT INTO audit_log (actor, kind, detail, device) VALUES (?, ?, ?, ?)",
        (actor, kind, json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str), config.device_name()),
    )


def _append_kept(conn: sqlite3.Connection, entry: dict) -> None:
    """Write an entry from the outbox unless an earlier give-back already did (the process died after the
    commit, before the outbox was emptied)."""
    marker = json.dumps({"outbox_id": entry["outbox_id"]})[1:-1]  # '"outbox_id": "…"', as json.dumps writes it
    if conn.execute("SELECT 1 FROM audit_log WHERE kind = ? AND instr(detail, ?) > 0 LIMIT 1",
                    (entry["kind"], marker)).fetchone():
        return
    detail = dict(entry["detail"], outbox_id=entry["outbox_id"], happened_at=entry.get("happened_at", ""))
    append(conn, entry["actor"], entry["kind"], **detail)


class AuditLog:
    def __init__(self, store):
        self._store = store
        self.outbox = Outbox(store.path)

    def record(self, actor: str, kind: str, **detail) -> None:
        """Write one entry, after any entries the outbox kept (one transaction). Raises StoreError."""
        with self.outbox.draining() as kept, transaction(self._store.conn, self._store.path):
            for entry in kept:
                _append_kept(self._store.conn, entry)
            append(self._store.conn, actor, kind, **detail)

    def record_or_keep(self, actor: str, kind: str, **detail) -> str:
        """Write one entry; when the database refuses it (busy beyond the timeout, full, read-only, deleted),
        keep it in the outbox instead. Never raises for a database problem: returns "" when written, else one
        sentence saying the entry was kept (for the person at the screen; it holds no detail values)."""
        try:
            self.record(actor, kind, **detail)
            return ""
        except (StoreError, sqlite3.Error, OSError) as exc:
            reason = why(exc)
        if self.outbox.put(actor, kind, detail):
            return f"The record could not be written to the audit log now ({reason}); it is kept and will be " \
                   "added later."
        return f"The record could not be written to the audit log now ({reason}); it is held until the " \
               "database can take it, but would be lost if the kiosk stopped first."

    def flush_outbox(self) -> int:
        """Write the kept entries now (at start); returns how many were waiting. Raises StoreError."""
        if not self.outbox.has_entries():
            return 0
        with self.outbox.draining() as kept, transaction(self._store.conn, self._store.path):
            for entry in kept:
                _append_kept(self._store.conn, entry)
        return len(kept)

    def entries(
        self,
        kind: str | None = None,
        actor: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int | None = None,
    ) -> list[AuditEntry]:
        sql = "SELECT id, ts, actor, kind, detail, device FROM audit_log WHERE 1=1"
        args: list = []
        if kind:
            sql += " AND kind = ?"
            args.append(kind)
        if actor:
            sql += " AND actor = ?"
            args.append(actor)
        if since:
            sql += " AND ts >= ?"
            args.append(since)
        if until:
            sql += " AND ts < ?"
            args.append(until)
        sql += " ORDER BY id DESC"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [
            AuditEntry(r["id"], r["ts"], r["actor"], r["kind"], json.loads(r["detail"]), r["device"])
            for r in self._store.conn.execute(sql, args)
        ]

    def export_csv(self, out: Path, **filters) -> int:
        rows = list(reversed(self.entries(**filters)))
        out = Path(out)
        with open(out, "w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(["id", "time_utc", "actor", "kind", "detail", "device"])
            for e in rows:
                cells = [e.id, e.ts, e.actor, e.kind, json.dumps(e.detail, ensure_ascii=False, sort_keys=True),
                         e.device]
                writer.writerow([csv_cell(c) for c in cells])
        return len(rows)
