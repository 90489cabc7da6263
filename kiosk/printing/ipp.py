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


class IppHttpError(IppConnectionError):
    """The server answered, with an HTTP error instead of IPP (401/403: its policy refuses us)."""

    def __init__(self, status: int, reason: str):
        super().__init__(f"the print server answered HTTP {status} {reason}")
        self.status = status


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
           job_attrs: list[tuple[int, str, object]] = (), version: tuple[int, int] = (1, 1)) -> bytes:
    """An IPP request (version 1.1 unless asked). The charset and language attributes come first, as RFC 8011
    requires."""
    body = struct.pack(">BBHI", version[0], version[1], operation, request_id)
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


def possible_queue_name(queue: str) -> bool:
    """Whether CUPS could have a queue by this name: 1-127 bytes of UTF-8, no control characters, no space, '/',
    '\\', '?', "'", '"' or '#' (cupsd's validate_name; lpadmin refuses the rest). Any other character is allowed,
    including '%', '&', '+' and non-ASCII letters ("Empfang-Büro")."""
    data = str(queue).encode("utf-8", "surrogatepass")
    return 0 < len(data) < 128 and not any(b <= 0x20 or b == 0x7F or b in b"/\\?'\"#" for b in data)


def printer_resource(queue: str) -> str:
    """The HTTP path of a queue, "/printers/NAME", with every character outside RFC 3986's unreserved set
    percent-encoded as UTF-8: "Front Desk" -> "/printers/Front%20Desk", "Empfang-Büro" -> "…B%C3%BCro", and '#',
    '%', '?', '/' likewise, so no queue name can break the request line or name another resource."""
    return "/printers/" + quote(str(queue), safe="")


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


class ServerAddressError(ValueError):
    """A server form that names no server a client could reach (an empty value, a port out of range)."""


@dataclass(frozen=True)
class ServerAddress:
    """Where a CUPS server listens, from any form `lp` accepts (see `parse_server`)."""

    text: str  # the form as given, for messages and the print journal
    host: str  # for TCP; "localhost" for a socket
    port: int = DEFAULT_PORT
    socket: str = ""  # a Unix socket path, or ""
    version: tuple[int, int] = (1, 1)  # the IPP version to speak ("/version=2.0"); 1.1 unless asked otherwise

    @property
    def uri_host(self) -> str:
        """The host part of ipp:// URIs: "localhost" for a socket (what lp sends), else host[:port]."""
        if self.socket:
            return "localhost"
        host = f"[{self.host}]" if ":" in self.host else self.host  # IPv6 literals go in brackets
        return host if self.port == DEFAULT_PORT else f"{host}:{self.port}"


_VERSIONS = {"1.0": (1, 0), "1.1": (1, 1), "2.0": (2, 0), "2.1": (2, 1), "2.2": (2, 2)}


def parse_server(text: str) -> ServerAddress:
    """Parse a server form the way CUPS's own clients do (cupsSetServer in libcups):

    - "/run/cups/cups.sock": an absolute path is a Unix domain socket (options are not read after a path);
    - "host", "host:port", "[v6addr]:port", "192.168.1.5:8631";
    - any of the host forms + "/version=1.0|1.1|2.0|2.1|2.2": the IPP version to speak (unknown options are
      ignored, as libcups ignores them).

    Returns a ServerAddress; raises ServerAddressError (a ValueError) with one sentence for an empty form or a
    port outside 1-65535.
    """
    raw = str(text or "").strip()
    if not raw:
        raise ServerAddressError("The print server address is empty.")
    if raw.startswith("/"):
        return ServerAddress(raw, "localhost", DEFAULT_PORT, socket=raw)
    host, version = raw, (1, 1)
    if "/" in host:
        host, _, options = host.rpartition("/")
        for option in options.split(","):
            key, _, value = option.strip().partition("=")
            if key.strip().lower() == "version" and value.strip() in _VERSIONS:
                version = _VERSIONS[value.strip()]
    port = DEFAULT_PORT
    head, sep, tail = host.rpartition(":")
    if sep and tail.isdigit() and "]" not in tail and (not head.count(":") or head.startswith("[")):
        port = int(tail)
        if not 0 < port < 65536:
            raise ServerAddressError(f"The print server address '{raw}' has a port outside 1-65535.")
        host = head
    host = host.strip()
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if not host:
        raise ServerAddressError(f"The print server address '{raw}' names no host.")
    return ServerAddress(raw, host, port, version=version)


def _home() -> Path | None:
    """The home folder, or None: HOME unset and no passwd entry for this uid (Path.home() would raise)."""
    try:
        return Path.home()
    except (RuntimeError, KeyError, OSError):
        return None


def _server_name_in(conf: Path) -> str:
    """The last ServerName in a client.conf ("" if none or unreadable). As libcups reads it: the directive's
    name in any case, everything from '#' on is a comment."""
    found = ""
    try:
        text = conf.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        parts = line.split(None, 1)
        if len(parts) == 2 and parts[0].lower() == "servername":
            found = parts[1].strip()
    return found


def configured_server() -> str:
    """The server form CUPS's own clients (lp, lpstat) would use, most specific first:
    CUPS_SERVER; else ServerName in ~/.cups/client.conf; else in $CUPS_SERVERROOT/client.conf (default
    /etc/cups); else the local domain socket when it exists; else "localhost:631". The kiosk's configuration
    file (kiosk.config: cups_server) comes right after CUPS_SERVER."""
    from kiosk import config

    env = os.environ.get("CUPS_SERVER", "").strip()
    if env:
        return env
    try:
        configured = str(config.get("cups_server") or "").strip()
    except Exception:  # noqa: BLE001 - a broken configuration file is reported by `kiosk config show`/doctor
        configured = ""
    if configured:
        return configured
    home = _home()
    confs = [home / ".cups" / "client.conf"] if home is not None else []
    confs.append(Path(os.environ.get("CUPS_SERVERROOT") or "/etc/cups") / "client.conf")
    for conf in confs:
        name = _server_name_in(conf)
        if name:
            return name
    for path in DOMAIN_SOCKETS:
        if Path(path).exists():
            return path
    return f"localhost:{DEFAULT_PORT}"


default_server = configured_server  # the old name


class Client:
    """One IPP client for one server, given in any form `parse_server` reads (None: `configured_server()`).
    An address that cannot be parsed is kept as `address_error`, and every request raises IppConnectionError
    with that sentence, so a bad CUPS_SERVER is reported like an unreachable server, never as a traceback."""

    def __init__(self, server: str | None = None, timeout: float = 10.0):
        self.server = str(server) if server else configured_server()
        self.timeout = timeout
        self._request_id = 0
        try:
            self.address: ServerAddress | None = parse_server(self.server)
            self.address_error = ""
        except ServerAddressError as exc:
            self.address, self.address_error = None, str(exc)

    def _connection(self) -> http.client.HTTPConnection:
        address = self.address
        if address.socket:
            return _UnixConnection(address.socket, self.timeout)
        return http.client.HTTPConnection(address.host, address.port, timeout=self.timeout)

    @property
    def host_for_uri(self) -> str:
        return self.address.uri_host if self.address else "localhost"

    def printer_uri(self, queue: str) -> str:
        """ipp://HOST/printers/QUEUE with the queue name percent-encoded (spaces, non-ASCII, '#', '%', '?')."""
        return f"ipp://{self.host_for_uri}{printer_resource(queue)}"

    def request(self, operation: int, resource: str, operation_attrs, job_attrs=(), document: bytes = b"") -> Response:
        if self.address is None:
            raise IppConnectionError(self.address_error)
        self._request_id += 1
        body = encode(operation, self._request_id, operation_attrs, job_attrs, self.address.version) + document
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
            raise IppHttpError(reply.status, reply.reason)
        return decode(data)
