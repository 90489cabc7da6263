"""Clinic settings, one JSON value per field of ClinicSettings, checked by type and range on every read. No Qt.

RULES is the one table of what each setting may hold (its kind, its range or allowed values, its default). A
stored value that is not JSON, of the wrong type or out of range is never used: `get()` gives the default for it,
`problems()` says so in one sentence per setting (for the app to show an admin, and the CLI to print), and the
audit log gets one entry per bad setting the first time a process notices it (none when the store is read-only).
`save()` refuses a value outside its rule, so the kiosk itself never stores one.
"""
from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, fields, replace

from kiosk.core.aftercare import SUGAR_MAX, SUGAR_MIN
from kiosk.core.model import LANGUAGES, ClinicSettings
from kiosk.store import audit
from kiosk.store.db import StoreError, transaction

_FIELDS = {f.name: f for f in fields(ClinicSettings)}
_DEFAULTS = ClinicSettings()


class SettingsError(StoreError):
    """A setting was given a value outside its rule; nothing was saved."""


@dataclass(frozen=True)
class Rule:
    """What one setting may hold. kind: text | list (of text) | number (int or float) | whole (int) | bool |
    choice (one of `choices`) | subset (a non-empty list drawn from `choices`). low/high bound numbers,
    inclusive, in the setting's unit (seconds, days, grade points)."""

    kind: str
    low: float | None = None
    high: float | None = None
    choices: tuple = ()

    def problem(self, value) -> str | None:
        """Why VALUE (already decoded from JSON) does not fit, as a phrase ('is not a whole number'); None if it fits."""
        if self.kind == "text":
            return None if isinstance(value, str) else "is not text"
        if self.kind == "list":
            ok = isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value)
            return None if ok else "is not a list of text lines"
        if self.kind == "bool":
            return None if isinstance(value, bool) else "is not true or false"
        if self.kind == "choice":
            return None if isinstance(value, str) and value in self.choices else \
                f"is not one of {', '.join(self.choices)}"
        if self.kind == "subset":
            ok = (isinstance(value, (list, tuple)) and value and all(isinstance(v, str) and v in self.choices
                                                                      for v in value))
            return None if ok else f"is not a list drawn from {', '.join(self.choices)}"
        if self.kind in ("number", "whole"):
            if isinstance(value, bool) or not isinstance(value, (int, float)) or \
                    (isinstance(value, float) and not math.isfinite(value)):
                return "is not a number"
            if self.kind == "whole" and not isinstance(value, int):
                return "is not a whole number"
            if not self.low <= value <= self.high:
                return f"is out of range (from {self.low:g} to {self.high:g})"
            return None
        raise ValueError(f"unknown rule kind {self.kind!r}")


# The one table. Ranges are what the kiosk can work with (a timer of at most a day, a paper size it knows); the
# settings page may offer narrower ones. Defaults are ClinicSettings' own (DEFAULTS below shows them).
RULES: dict[str, Rule] = {
    "name": Rule("text"),
    "address": Rule("text"),
    "phone": Rule("text"),
    "after_hours_phone": Rule("text"),
    "web_address": Rule("text"),
    "logo_path": Rule("text"),
    "paper_size": Rule("choice", choices=("letter", "a4")),
    "default_language": Rule("choice", choices=LANGUAGES),
    "languages": Rule("subset", choices=LANGUAGES),
    "default_text_size": Rule("whole", 0, 2),
    "default_theme": Rule("choice", choices=("default", "high_contrast")),
    "idle_seconds": Rule("number", 0.1, 86_400),
    "idle_countdown_seconds": Rule("number", 1, 3_600),
    "staff_signout_seconds": Rule("number", 1, 86_400),
    "default_printer": Rule("text"),
    "print_backend": Rule("choice", choices=("cups", "qt", "folder")),
    "print_folder": Rule("text"),
    "reading_grade_target": Rule("number", 1, 16),
    "spanish_reading_target": Rule("number", 0, 100),
    "keep_printed_copies": Rule("bool"),
    "keep_copies_days": Rule("whole", 1, 3_650),
    "sugar_call_above": Rule("whole", SUGAR_MIN, SUGAR_MAX),  # mg/dL, kiosk.core.aftercare
    "medications": Rule("list"),
    "physicians": Rule("list"),
    "smart_phrases": Rule("list"),
    "save_folders": Rule("list"),  # folders Save as PDF writes into; kiosk.printing.save checks each at save time
}
DEFAULTS = asdict(_DEFAULTS)
assert RULES.keys() == _FIELDS.keys(), "every ClinicSettings field needs a rule in RULES"

# (database path, key, stored text) already audited by this process: one entry per bad value, not one per read.
_AUDITED: set[tuple[str, str, str]] = set()


def decode(key: str, raw) -> tuple[object, str | None]:
    """The value stored for KEY (its JSON text) decoded and checked: (value, None), or (default, sentence)."""
    default = DEFAULTS[key]
    if not isinstance(raw, str):
        why = "is not text"
    else:
        try:
            value = json.loads(raw)
        except ValueError:
            why = "is not readable (it is not JSON)"
        else:
            why = RULES[key].problem(value)
            if why is None:
                return (tuple(value) if isinstance(value, list) else value), None
    shown = json.dumps(list(default) if isinstance(default, tuple) else default, ensure_ascii=False)
    return default, f"The stored setting {key} {why}, so the kiosk uses its default ({shown})."


def _device_defaults() -> ClinicSettings:
    """The built-in defaults, with what this device's configuration file supplies (kiosk.config: printer,
    languages, idle time) for the settings an admin has not saved. A broken file gives the built-in ones (it is
    reported by `kiosk config show` and `kiosk doctor`)."""
    from kiosk.config import clinic_defaults

    try:
        return clinic_defaults()
    except Exception:  # noqa: BLE001 - a settings read never raises for a configuration problem
        return _DEFAULTS


class SettingsRepo:
    def __init__(self, store):
        self._store = store
        self._problems: dict[str, str] = {}

    def get(self) -> ClinicSettings:
        """The settings, each stored value checked against RULES; a bad one gives its default (see problems()).
        Keys the kiosk does not know are ignored. Never raises for stored content."""
        values, problems, bad = {}, {}, []
        for key, raw in self._store.conn.execute("SELECT key, value FROM settings").fetchall():
            if key not in RULES:
                continue
            value, problem = decode(key, raw)
            if problem:
                problems[key] = problem
                bad.append((key, raw))
            else:
                values[key] = value
        self._problems = problems
        if bad:
            self._audit_once(bad)
        return replace(_device_defaults(), **values)

    def problems(self) -> list[str]:
        """One sentence per stored setting that is not valid and was replaced by its default (empty: all fine)."""
        self.get()
        return list(self._problems.values())

    def _audit_once(self, bad: list[tuple[str, object]]) -> None:
        conn = self._store.conn
        if getattr(self._store, "read_only_reason", None) or conn.in_transaction or \
                conn.execute("PRAGMA query_only").fetchone()[0]:
            return
        where = str(self._store.path)
        new = [(key, raw) for key, raw in bad if (where, key, repr(raw)) not in _AUDITED]
        if not new:
            return
        try:
            with transaction(conn, self._store.path):
                for key, _raw in new:  # the value itself is not logged: it may be anything
                    audit.append(conn, "kiosk", "settings", invalid=key, used="default")
        except StoreError:
            return  # read-only file or full disk: the notice still shows; the entry waits for a later start
        _AUDITED.update((where, key, repr(raw)) for key, raw in new)

    def save(self, settings: ClinicSettings, actor: str) -> list[str]:
        """Store the settings; returns the names of the fields that changed (audited, values not logged for
        free-text fields beyond their names); a stored value that broke its rule is replaced even when unchanged
        here. Raises SettingsError (one sentence, nothing saved) when a changed
        value breaks its rule in RULES."""
        before = asdict(self.get())
        after = asdict(settings)
        # a key whose stored value is bad is written too, so saving the settings page repairs it
        changed = [k for k in after if after[k] != before.get(k) or k in self._problems]
        if not changed:
            return []
        for key in changed:
            why = RULES[key].problem(after[key])
            if why:
                raise SettingsError(f"The setting {key} {why}; nothing was saved.")
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
