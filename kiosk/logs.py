"""Logging and crash traces for an unattended kiosk. No Qt.

    logs.setup(data_folder, level="INFO")   # `kiosk run` does this once, before the window

- levelled records to standard error (journald keeps them under the service) and to a rotating file,
  DATA/logs/kiosk.log (1 MB x 5, mode 0600: only the kiosk's user reads it);
- `sys.excepthook` and `threading.excepthook` log an uncaught exception and write DATA/logs/crash-TIME.log;
- `faulthandler` writes the Python stack of every thread to DATA/logs/faults.log on a fatal signal (a segfault
  or an abort in Qt) - the model is qutebrowser's misc/crashsignal.py.

Privacy: no log line may hold patient text. Our code logs slugs, printer names, job numbers and counts, never a
name or a note; and since an exception's message can quote its input (reportlab quotes the paragraph it could not
lay out), every traceback written here - in a log record, a crash log or by faulthandler - names only the
exception's type and the code it passed through (file, line, function), never its message or any source line's
variables. tests/ui/staff/test_log_privacy.py runs a discharge with marker text and searches every log.
"""
from __future__ import annotations

import faulthandler
import logging
import logging.handlers
import os
import sys
import threading
import time
import traceback
from pathlib import Path

LOGGER = "kiosk"
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
MAX_BYTES = 1_000_000
BACKUPS = 5

_state: dict = {}


def _type_name(te: traceback.TracebackException) -> str:
    name = getattr(te, "exc_type_str", None)  # Python 3.13+
    if name:
        return name
    kind = te.exc_type
    module = getattr(kind, "__module__", "")
    qualname = getattr(kind, "__qualname__", str(kind))
    return qualname if module in ("builtins", "__main__", "") else f"{module}.{qualname}"


def safe_traceback(exc_type, exc, tb) -> str:
    """A traceback of the whole chain (causes first) that names each exception's type and the frames it passed
    through (file, line, function): never an exception's message (it may quote a patient's text), never the
    source lines or variables."""
    te = traceback.TracebackException(exc_type, exc, tb, lookup_lines=False, capture_locals=False)
    chain = []
    while te is not None and len(chain) < 20:
        chain.append(te)
        te = te.__cause__ or (None if te.__suppress_context__ else te.__context__)
    lines: list[str] = []
    for n, item in enumerate(reversed(chain)):
        if n:
            lines.append("which led to:")
        lines.append("Traceback (most recent call last):")
        for frame in item.stack:
            lines.append(f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}')
        lines.append(f"{_type_name(item)} (its message is not logged: it may hold patient text)")
    return "\n".join(lines)


class SafeFormatter(logging.Formatter):
    """A formatter whose exception text never includes the exception's message (see safe_traceback)."""

    def formatException(self, ei) -> str:  # noqa: N802 - logging's name
        return safe_traceback(*ei)

    def formatStack(self, stack_info: str) -> str:  # noqa: N802
        return stack_info


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """RotatingFileHandler whose files are created (and kept) 0600: only the kiosk's own user reads them."""

    def _open(self):
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        os.fchmod(fd, 0o600)
        return os.fdopen(fd, "a", encoding=self.encoding, errors=self.errors)


def log_folder(data_folder: str | os.PathLike) -> Path:
    return Path(data_folder) / "logs"


def _private_file(path: Path):
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    os.fchmod(fd, 0o600)
    return os.fdopen(fd, "a", encoding="utf-8")


def setup(data_folder: str | os.PathLike | None, level: str = "INFO", stream=None) -> Path | None:
    """Send the `kiosk` loggers to standard error and (when DATA_FOLDER is given) to DATA/logs/kiosk.log, and
    install the crash hooks. Returns the log folder (None without a data folder). Safe to call again: the
    previous handlers are replaced. A log folder that cannot be made leaves standard error only (said once)."""
    teardown()
    logger = logging.getLogger(LOGGER)
    logger.setLevel(getattr(logging, str(level).upper(), logging.INFO))
    logger.propagate = False
    formatter = SafeFormatter(FORMAT)
    console = logging.StreamHandler(stream if stream is not None else sys.stderr)
    console.setFormatter(formatter)
    logger.addHandler(console)
    handlers = [console]
    folder = None
    if data_folder is not None:
        try:
            folder = log_folder(data_folder)
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            file_handler = PrivateRotatingFileHandler(folder / "kiosk.log", maxBytes=MAX_BYTES, backupCount=BACKUPS,
                                                      encoding="utf-8")
            file_handler.setFormatter(formatter)
            logger.addHandler(file_handler)
            handlers.append(file_handler)
            faults = _private_file(folder / "faults.log")
            faulthandler.enable(file=faults, all_threads=True)
            _state["faults"] = faults
        except OSError as exc:
            folder = None
            logger.warning("No log file: %s cannot be written (%s).", data_folder, exc.strerror or type(exc).__name__)
    _state.update(handlers=handlers, folder=folder, excepthook=sys.excepthook,
                  threading_excepthook=threading.excepthook)
    sys.excepthook = _excepthook
    threading.excepthook = _threading_excepthook
    return folder


def teardown() -> None:
    """Remove what setup() installed (tests; a second setup())."""
    logger = logging.getLogger(LOGGER)
    for handler in _state.pop("handlers", []):
        logger.removeHandler(handler)
        handler.close()
    if "excepthook" in _state:
        sys.excepthook = _state.pop("excepthook")
        threading.excepthook = _state.pop("threading_excepthook")
    faults = _state.pop("faults", None)
    if faults is not None:
        faulthandler.disable()
        faults.close()
    _state.pop("folder", None)


def write_crash_log(exc_type, exc, tb, where: str = "main thread") -> Path | None:
    """Log an uncaught exception (CRITICAL, safe traceback) and write it to DATA/logs/crash-TIME.log."""
    text = safe_traceback(exc_type, exc, tb)
    logging.getLogger(LOGGER).critical("Uncaught exception in the %s:\n%s", where, text)
    folder = _state.get("folder")
    if folder is None:
        return None
    path = folder / f"crash-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.log"
    try:
        with _private_file(path) as fh:
            fh.write(f"patient-handout-kiosk crash, {time.strftime('%Y-%m-%d %H:%M:%S %z')}, pid {os.getpid()}, "
                     f"{where}\n{text}\n")
    except OSError:
        return None
    return path


def _excepthook(exc_type, exc, tb) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        return _state.get("excepthook", sys.__excepthook__)(exc_type, exc, tb)
    write_crash_log(exc_type, exc, tb)


def _threading_excepthook(args) -> None:
    if args.exc_type is SystemExit:
        return
    write_crash_log(args.exc_type, args.exc_value, args.exc_traceback,
                    where=f"thread {args.thread.name if args.thread else '?'}")
