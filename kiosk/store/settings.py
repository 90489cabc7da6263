"""Clinic settings, one JSON value per field of ClinicSettings. No Qt."""
from __future__ import annotations

import json
from dataclasses import asdict, fields, replace

from kiosk.core.model import ClinicSettings
from kiosk.store import audit
from kiosk.store.db import transaction

_FIELDS = {f.name: f for f in fields(ClinicSettings)}


class SettingsRepo:
    def __init__(self, store):
        self._store = store

    def get(self) -> ClinicSettings:
        values = {}
        for row in self._store.conn.execute("SELECT key, value FROM settings"):
            if row["key"] in _FIELDS:
                value = json.loads(row["value"])
                values[row["key"]] = tuple(value) if isinstance(value, list) else value
        # the device's configuration (kiosk.config) supplies the defaults an admin has not overridden
        from kiosk.config import clinic_defaults

        return replace(clinic_defaults(), **values)

    def save(self, settings: ClinicSettings, actor: str) -> list[str]:
        """Store the settings; returns the names of the fields that changed (audited, values not logged for
        free-text fields beyond their names)."""
        before = asdict(self.get())
        after = asdict(settings)
        changed = [k for k in after if after[k] != before.get(k)]
        if not changed:
            return []
        with transaction(self._store.conn, self._store.path):
            for key in changed:
                value = after[key]
                self._store.conn.execute(
                    "INSERT INTO settings (key, value) VALUES (?, ?) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (key, json.dumps(list(value) if isinstance(value, tuple) else value, ensure_ascii=False)),
                )
            audit.append(self._store.conn, actor, "settings", changed=changed)
        self._store.bump()
        return changed

    def update(self, actor: str, **changes) -> ClinicSettings:
        new = replace(self.get(), **changes)
        self.save(new, actor)
        return new
