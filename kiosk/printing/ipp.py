"""A minimal IPP/1.1 client: just what the CUPS backend needs, over HTTP on TCP or a Unix socket. No Qt.

Why not `lp`/`lpstat`: their messages are localised prose, and following a job means parsing it. IPP gives
typed answers (status codes, job-state enums, printer-state-reasons keywords such as `media-empty-error`) with one
round trip each, no subprocess, and works the same against the clinic's cupsd and the tests' throw-away one.

Encoding follows RFC 8010 section 3: version, operation or status, request id, then attribute groups of
(value-tag, name, value) and an end tag. Only the value types CUPS returns for the attributes we ask for are
decoded; everything else is kept as bytes.
"""
from __future__ import annotations

import http.client
import os
import socket
import struct
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

# Operations (RFC 8011 and CUPS extensions).
PRINT_JOB = 0x0002
CANCEL_JOB = 0x0008
GET_JOB_ATTRIBUTES = 0x0009
GET_PRINTER_ATTRIBUTES = 0x000B
CUPS_GET_DEFAULT = 0x4001
CUPS_GET_PRINTERS = 0x4002

# Status codes we act on.
OK_MAX = 0x00FF
NOT_FOUND = 0x0406
FORBIDDEN = 0x0401
NOT_AUTHENTICATED = 0x0402
NOT_AUTHORIZED = 0x0403
NOT_POSSIBLE = 0x0404
NOT_ACCEPTING_JOBS = 0x0506

# Delimiter and value tags.
OPERATION_GROUP, JOB_GROUP, END, PRINTER_GROUP = 0x01, 0x02, 0x03, 0x04
INTEGER, BOOLEAN, ENUM = 0x21, 0x22, 0x23
TEXT, NAME, KEYWORD, URI, CHARSET, LANGUAGE, MIME = 0x41, 0x42, 0x44, 0x45, 0x47, 0x48, 0x49
_STRING_TAGS = {TEXT, NAME, KEYWORD, URI, 0x46, CHARSET, LANGUAGE, MIME, 0x4A}

# Job states (RFC 8011 5.3.7).
PENDING, HELD, PROCESSING, PROCESSING_STOPPED, CANCELED, ABORTED, COMPLETED = 3, 4, 5, 6, 7, 8, 9
# Printer states.
IDLE, BUSY, STOPPED = 3, 4, 5

DEFAULT_PORT = 631
# Where CUPS listens when nothing says otherwise, most specific first (Debian/Ubuntu, macOS, others).
DOMAIN_SOCKETS = ("/run/cups/cups.sock", "/var/run/cups/cups.sock", "/private/var/run/cupsd")


class IppConnectionError(OSError):
    """The server could not be reached (not running, wrong address) or hung up mid-request."""


@dataclass
class Response:
    status: int
    groups: list[tuple[int, dict[str, list]]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status <= OK_MAX

    def first(self, group_tag: int) -> dict[str, list]:
        for tag, attrs in self.groups:
            if tag == group_tag:
                return attrs
        return {}

    def all(self, group_tag: int) -> list[dict[str, list]]:
        return [attrs for tag, attrs in self.groups if tag == group_tag]

    def value(self, name: str, default=None):
        for _tag, attrs in self.groups:
            if name in attrs:
                return attrs[name][0]
        return default

    def message(self) -> str:
        return str(self.value("status-message", "") or "")


# ---- encoding --------------------------------------------------------------------------------------------
def _attr(tag: int, name: str, values) -> bytes:
    if not isinstance(values, (list, tuple)):
        values = [values]
    out = b""
    for i, value in enumerate(values):
        if tag in (INTEGER, ENUM):
            data = struct.pack(">i", int(value))
        elif tag == BOOLEAN:
            data = b"\x01" if value else b"\x00"
        else:
            data = str(value).encode("utf-8")
        key = name.encode("ascii") if i == 0 else b""
        out += struct.pack(">BH", tag, len(key)) + key + struct.pack(">H", len(data)) + data
    return out


def encode(operation: int, request_id: int, operation_attrs: list[tuple[int, str, object]],
           job_attrs: list[tuple[int, str, object]] = ()) -> bytes:
    """An IPP/1.1 request. The charset and language attributes come first, as RFC 8011 requires."""
    body = struct.pack(">BBHI", 1, 1, operation, request_id)
    body += bytes([OPERATION_GROUP]) + _attr(CHARSET, "attributes-charset", "utf-8")
    body += _attr(LANGUAGE, "attributes-natural-language", "en")
    for tag, name, value in operation_attrs:
        body += _attr(tag, name, value)
    if job_attrs:
        body += bytes([JOB_GROUP])
        for tag, name, value in job_attrs:
            body += _attr(tag, name, value)
    return body + bytes([END])


def decode(data: bytes) -> Response:
    try:
        return _decode(data)
    except (struct.error, IndexError) as exc:
        raise IppConnectionError("The print server sent a reply that is not valid IPP.") from exc


def _decode(data: bytes) -> Response:
    if len(data) < 9:
        raise IppConnectionError("The print server sent a reply that is too short to be IPP.")
    _major, _minor, status, _request_id = struct.unpack(">BBHI", data[:8])
    response = Response(status)
    pos, current, last_name = 8, None, ""
    while pos < len(data):
        tag = data[pos]
        pos += 1
        if tag == END:
            break
        if tag < 0x10:  # a new attribute group
            current = {}
            response.groups.append((tag, current))
            continue
        name_len = struct.unpack(">H", data[pos:pos + 2])[0]
        name = data[pos + 2:pos + 2 + name_len].decode("utf-8", "replace")
        pos += 2 + name_len
        value_len = struct.unpack(">H", data[pos:pos + 2])[0]
        raw = data[pos + 2:pos + 2 + value_len]
        pos += 2 + value_len
        if current is None:
            continue
        if name:
            last_name = name
            current.setdefault(name, [])
        elif not last_name:
            continue
        current.setdefault(last_name, []).append(_value(tag, raw))
    return response


def _value(tag: int, raw: bytes):
    if tag in (INTEGER, ENUM) and len(raw) == 4:
        return struct.unpack(">i", raw)[0]
    if tag == BOOLEAN and len(raw) == 1:
        return raw != b"\x00"
    if tag in _STRING_TAGS:
        return raw.decode("utf-8", "replace")
    if tag in (0x35, 0x36):  # text/name with language: 2-byte length, language, 2-byte length, text
        lang_len = struct.unpack(">H", raw[:2])[0]
        return raw[4 + lang_len:].decode("utf-8", "replace")
    return raw


# ---- transport -------------------------------------------------------------------------------------------
class _UnixConnection(http.client.HTTPConnection):
    def __init__(self, path: str, timeout: float):
        super().__init__("localhost", timeout=timeout)
        self._path = path

    def connect(self):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        try:
            sock.connect(self._path)
        except OSError:
            sock.close()
            raise
        self.sock = sock


def default_server() -> str:
    """Where CUPS's own clients would look: CUPS_SERVER (or the kiosk configuration's cups_server), client.conf's
    ServerName, the domain socket, localhost."""
    from kiosk import config

    configured = config.get("cups_server")  # CUPS_SERVER first, then the config file
    if configured:
        return configured
    for conf in (Path.home() / ".cups" / "client.conf", Path("/etc/cups/client.conf")):
        try:
            for line in conf.read_text(encoding="utf-8", errors="replace").splitlines():
                parts = line.split()
                if len(parts) >= 2 and parts[0].lower() == "servername":
                    return parts[1]
        except OSError:
            continue
    for path in DOMAIN_SOCKETS:
        if Path(path).exists():
            return path
    return f"localhost:{DEFAULT_PORT}"


class Client:
    """One IPP client for one server: "host", "host:port" or a Unix socket path ("/run/cups/cups.sock")."""

    def __init__(self, server: str | None = None, timeout: float = 10.0):
        self.server = server or default_server()
        self.timeout = timeout
        self._request_id = 0

    def _connection(self) -> http.client.HTTPConnection:
        if self.server.startswith("/"):
            return _UnixConnection(self.server, self.timeout)
        host, _, port = self.server.rpartition(":") if ":" in self.server else (self.server, "", "")
        return http.client.HTTPConnection(host or self.server, int(port or DEFAULT_PORT), timeout=self.timeout)

    @property
    def host_for_uri(self) -> str:
        return "localhost" if self.server.startswith("/") else self.server

    def printer_uri(self, queue: str) -> str:
        return f"ipp://{self.host_for_uri}/printers/{quote(queue, safe='')}"

    def request(self, operation: int, resource: str, operation_attrs, job_attrs=(), document: bytes = b"") -> Response:
        self._request_id += 1
        body = encode(operation, self._request_id, operation_attrs, job_attrs) + document
        conn = self._connection()
        try:
            conn.request("POST", resource, body=body, headers={"Content-Type": "application/ipp"})
            reply = conn.getresponse()
            data = reply.read()
        except (OSError, http.client.HTTPException) as exc:
            raise IppConnectionError(str(exc) or type(exc).__name__) from exc
        finally:
            conn.close()
        if reply.status != 200:
            raise IppConnectionError(f"the print server answered HTTP {reply.status} {reply.reason}")
        return decode(data)
