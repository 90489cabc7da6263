"""The append-only audit log (triggers in the schema reject UPDATE and DELETE). No Qt.

Details are JSON; callers must never put a patient's name or notes in them.
"""
from __future__ import annotations

import csv
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from kiosk.store.db import transaction

KINDS = (
    "print", "publish", "draft", "retire", "revert", "review", "sign_in", "sign_out", "pin_failed", "locked",
    "settings", "import", "export", "backup", "restore", "staff", "render",
)


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


class AuditLog:
    def __init__(self, store):
        self._store = store

    def record(self, actor: str, kind: str, **detail) -> None:
        with transaction(self._store.conn, self._store.path):
            append(self._store.conn, actor, kind, **detail)

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
                writer.writerow([e.id, e.ts, e.actor, e.kind, json.dumps(e.detail, ensure_ascii=False, sort_keys=True),
                                 e.device])
        return len(rows)
