"""The device's configuration for IT: one TOML file, read the same way by every door (the kiosk, the `kiosk`
command, printing, the audit log). No Qt.

Where each value comes from, first match wins:

1. the command line (only `--db` names one: `database`);
2. the environment (KIOSK_DB, KIOSK_DEVICE_NAME, KIOSK_PRINTER, CUPS_SERVER, KIOSK_LANGUAGES, KIOSK_IDLE_SECONDS,
   KIOSK_LOG_LEVEL);
3. a file: the one KIOSK_CONFIG names (only that one), else the user's
   (~/.config/patient-handout-kiosk/kiosk.toml, platformdirs' user config folder) over the system-wide
   /etc/patient-handout-kiosk/kiosk.toml;
4. built in.

`printer`, `languages` and `idle_seconds` are this device's defaults for the clinic settings of the same meaning:
they apply until an admin saves another value on the Settings screen (which is stored in the database).
`kiosk config show` prints every effective value and where it came from. deploy/kiosk.toml is a commented example.
"""
from __future__ import annotations

import os
import re
import socket
import tomllib
from dataclasses import dataclass
from pathlib import Path

from kiosk.core import i18n

APP_NAME = "patient-handout-kiosk"
SYSTEM_FILE = Path("/etc/patient-handout-kiosk/kiosk.toml")
LANGUAGES = i18n.LANGUAGES  # resources/locale/languages.toml
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


class ConfigError(ValueError):
    """A configuration file or variable that cannot be used: one sentence naming the file (and line) or variable."""


@dataclass(frozen=True)
class Setting:
    key: str
    value: object
    source: str  # "command line (--db)", "environment (KIOSK_DB)", "file /etc/…/kiosk.toml", "built-in"


def _builtin_database() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / "kiosk.sqlite3"


def _clinic_default(name: str):
    from kiosk.core.model import ClinicSettings

    return getattr(ClinicSettings(), name)


def _path(value, where: str) -> Path | str:
    """A database file path, or a postgresql:// address of a shared clinic server (kept as text)."""
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where}: the database must be a file path or a postgresql:// address.")
    if value.strip().lower().startswith(("postgresql://", "postgres://")):
        return value.strip()
    return Path(value.strip()).expanduser()


def _text(value, where: str) -> str:
    if not isinstance(value, str):
        raise ConfigError(f"{where}: expected text in quotes.")
    return value.strip()


def _languages(value, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [part.strip() for part in value.split(",") if part.strip()]
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: languages must be a list such as [\"en\", \"es\"].")
    unknown = [v for v in value if v not in LANGUAGES]
    if unknown:
        raise ConfigError(f"{where}: unknown language {unknown[0]!r}; the kiosk has {', '.join(LANGUAGES)}.")
    return tuple(dict.fromkeys(value))


def _seconds(value, where: str) -> int:
    try:
        seconds = int(value)
    except (TypeError, ValueError):
        seconds = None
    if isinstance(value, bool) or seconds is None or not 15 <= seconds <= 3600:
        raise ConfigError(f"{where}: idle_seconds must be a whole number of seconds from 15 to 3600.")
    return seconds


def _level(value, where: str) -> str:
    level = str(value).strip().upper()
    if level not in LOG_LEVELS:
        raise ConfigError(f"{where}: log_level must be one of {', '.join(LOG_LEVELS)}.")
    return level


# key: (environment variable, parser, built-in value)
KEYS = {
    "database": ("KIOSK_DB", _path, _builtin_database),
    "device_name": ("KIOSK_DEVICE_NAME", _text, socket.gethostname),
    "printer": ("KIOSK_PRINTER", _text, lambda: _clinic_default("default_printer")),
    "cups_server": ("CUPS_SERVER", _text, lambda: ""),
    "languages": ("KIOSK_LANGUAGES", _languages, lambda: _clinic_default("languages")),
    "idle_seconds": ("KIOSK_IDLE_SECONDS", _seconds, lambda: _clinic_default("idle_seconds")),
    "log_level": ("KIOSK_LOG_LEVEL", _level, lambda: "INFO"),
}

_command_line: dict[str, object] = {}


def set_command_line(**values) -> None:
    """Record values given on the command line (None = not given); `kiosk` calls this once per run."""
    _command_line.clear()
    _command_line.update({k: v for k, v in values.items() if v is not None})


def config_files() -> list[Path]:
    """The files read, lowest priority first: KIOSK_CONFIG alone, else the system-wide file then the user's."""
    named = os.environ.get("KIOSK_CONFIG", "").strip()
    if named:
        return [Path(named).expanduser()]
    from platformdirs import user_config_path

    return [SYSTEM_FILE, user_config_path(APP_NAME, appauthor=False) / "kiosk.toml"]


def _read(path: Path, required: bool) -> dict:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        if required:
            raise ConfigError(f"KIOSK_CONFIG names {path}, which does not exist.") from None
        return {}
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror or exc}).") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc}).") from None
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        raise ConfigError(f"{path}: unknown setting {unknown[0]!r}; the settings are {', '.join(KEYS)}.")
    return data


_memo: tuple[object, dict] | None = None


def _fingerprint(files: list[Path]) -> tuple:
    """What the effective values depend on: the variables, the files' modification times, the command line."""
    stamps = []
    for path in files:
        try:
            st = path.stat()
            stamps.append((str(path), st.st_mtime_ns, st.st_size))
        except OSError:
            stamps.append((str(path), None, None))
    # the built-in database path follows the platform's data folder (XDG_DATA_HOME, HOME)
    places = tuple(os.environ.get(name) for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "HOME"))
    return (tuple(os.environ.get(env) for env, _, _ in KEYS.values()), os.environ.get("KIOSK_CONFIG"),
            tuple(stamps), tuple(sorted((k, str(v)) for k, v in _command_line.items())), places)


def effective() -> dict[str, Setting]:
    """Every setting's effective value and its source. Raises ConfigError (one sentence) on a bad file or value.

    Re-read whenever a variable, a file's modification time or the command line changed (the audit log asks on
    every entry; two stat() calls instead of two parses)."""
    global _memo
    files = config_files()
    stamp = _fingerprint(files)
    if _memo is not None and _memo[0] == stamp:
        return _memo[1]
    result = _effective(files)
    _memo = (stamp, result)
    return result


def _effective(files: list[Path]) -> dict[str, Setting]:
    required = bool(os.environ.get("KIOSK_CONFIG", "").strip())
    from_files: dict[str, tuple[object, Path]] = {}
    for path in files:
        for key, value in _read(path, required).items():
            from_files[key] = (value, path)
    result = {}
    for key, (env, parse, builtin) in KEYS.items():
        if key in _command_line:
            flag = "--db" if key == "database" else key
            setting = Setting(key, parse(_command_line[key], f"the command line ({flag})"),
                              f"command line ({flag})")
        elif os.environ.get(env, "").strip():
            setting = Setting(key, parse(os.environ[env], f"the environment variable {env}"), f"environment ({env})")
        elif key in from_files:
            value, path = from_files[key]
            setting = Setting(key, parse(value, f"{path}, {key}"), f"file {path}")
        else:
            setting = Setting(key, builtin(), "built-in")
        result[key] = setting
    return result


def get(key: str):
    """One effective value (see the module docstring for the order). Raises ConfigError, KeyError."""
    if key not in KEYS:
        raise KeyError(key)
    return effective()[key].value


def device_name() -> str:
    """This device's name for the audit log. A configuration file broken while the kiosk runs (IT editing it)
    must not stop an audit entry from being written: then the last good name is used, else the host name."""
    global _last_device
    try:
        _last_device = get("device_name")
    except ConfigError:
        pass
    return _last_device or socket.gethostname()


_last_device = ""


def clinic_defaults():
    """ClinicSettings whose device-level fields (printer, languages, idle_seconds) come from this configuration:
    the values the Settings screen starts from, until an admin saves others."""
    from dataclasses import replace

    from kiosk.core.model import ClinicSettings

    values = effective()
    return replace(ClinicSettings(), default_printer=values["printer"].value, languages=values["languages"].value,
                   idle_seconds=values["idle_seconds"].value)


def show() -> list[tuple[str, str, str]]:
    """(key, value as text, source) rows for `kiosk config show`."""
    rows = []
    for key, setting in effective().items():
        value = setting.value
        text = ", ".join(value) if isinstance(value, tuple) else str(value)
        if key == "database":  # a server address may carry a password: never shown
            text = re.sub(r"(://[^:/@?]*:)[^@/?]*@", r"\1***@", text)
        rows.append((key, text if text else "(none)", setting.source))
    return rows
