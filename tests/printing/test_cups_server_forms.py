"""Every server form `lp` accepts reaches the same CUPS server: CUPS_SERVER or --server as a socket path, host,
host:port, host:port/version=1.1; ServerName in ~/.cups/client.conf and $CUPS_SERVERROOT/client.conf."""
from __future__ import annotations

import pytest
from cups_server import start_or_skip

from kiosk.cli import main
from kiosk.printing import PrintServerDown, ipp
from kiosk.printing.cups import CupsBackend
from kiosk.printing.ipp import ServerAddress, ServerAddressError, configured_server, parse_server
from kiosk.printing.record import run


# ---- the parser, form by form (no server needed) -----------------------------------------------------------
@pytest.mark.parametrize("form, host, port, socket, version", [
    ("printhost", "printhost", 631, "", (1, 1)),
    ("printhost:8631", "printhost", 8631, "", (1, 1)),
    ("printhost:8631/version=1.1", "printhost", 8631, "", (1, 1)),
    ("printhost/version=1.0", "printhost", 631, "", (1, 0)),
    ("10.0.0.5:631/version=2.0", "10.0.0.5", 631, "", (2, 0)),
    ("printhost:8631/version=9.9", "printhost", 8631, "", (1, 1)),  # unknown option: ignored, as libcups does
    ("[::1]:8631", "::1", 8631, "", (1, 1)),
    ("[fe80::1]", "fe80::1", 631, "", (1, 1)),
    ("/run/cups/cups.sock", "localhost", 631, "/run/cups/cups.sock", (1, 1)),
    ("/tmp/odd dir/cups.sock", "localhost", 631, "/tmp/odd dir/cups.sock", (1, 1)),
    ("  printhost:8631  ", "printhost", 8631, "", (1, 1)),
])
def test_each_server_form_lp_accepts_is_parsed(form, host, port, socket, version):
    address = parse_server(form)
    assert (address.host, address.port, address.socket, address.version) == (host, port, socket, version)


@pytest.mark.parametrize("form", ["", "   ", "printhost:99999", "printhost:0", ":631"])
def test_a_server_form_naming_no_server_is_one_sentence(form):
    with pytest.raises(ServerAddressError) as raised:
        parse_server(form)
    assert str(raised.value).endswith(".")


def test_uri_host_is_what_lp_sends():
    assert ServerAddress("x", "localhost", socket="/s").uri_host == "localhost"
    assert parse_server("printhost").uri_host == "printhost"
    assert parse_server("printhost:8631/version=1.1").uri_host == "printhost:8631"
    assert parse_server("[::1]:8631").uri_host == "[::1]:8631"


def test_a_bad_server_form_is_reported_without_a_traceback(store):
    attempt = run(CupsBackend("printhost:99999"), b"%PDF-1.4", _info(store), "front-desk")
    assert isinstance(attempt.error, PrintServerDown)
    assert "port outside 1-65535" in str(attempt.error) and "CUPS_SERVER" in str(attempt.error)


def _info(store):
    from kiosk.printing.record import SheetInfo

    version = store.handouts.get_published("facet-joint-injection", "en")
    return SheetInfo.of(version.handout, version.version)


# ---- where the form comes from: CUPS_SERVER, then the user's client.conf, then the system's ---------------
@pytest.fixture
def confs(tmp_path, monkeypatch):
    home, root = tmp_path / "home", tmp_path / "etc-cups"
    (home / ".cups").mkdir(parents=True)
    root.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("CUPS_SERVERROOT", str(root))
    monkeypatch.delenv("CUPS_SERVER", raising=False)
    return home / ".cups" / "client.conf", root / "client.conf"


def test_configured_server_follows_lps_order(confs, monkeypatch):
    user, system = confs
    system.write_text("# the clinic's server\nServerName sys-host:8631\nServerName sys-host:9631  # last wins\n")
    assert configured_server() == "sys-host:9631"
    user.write_text("servername /home/nurse/cups.sock\n")
    assert configured_server() == "/home/nurse/cups.sock"
    monkeypatch.setenv("CUPS_SERVER", "env-host/version=1.1")
    assert configured_server() == "env-host/version=1.1"


def test_no_home_folder_is_no_error(confs, monkeypatch):
    """A uid with no passwd entry and no HOME: Path.home() raises; the system client.conf is still read."""
    _user, system = confs
    system.write_text("ServerName sys-host\n")
    monkeypatch.delenv("HOME")
    import pwd

    def no_entry(uid):
        raise KeyError(f"getpwuid(): uid not found: {uid}")

    monkeypatch.setattr(pwd, "getpwuid", no_entry)
    assert configured_server() == "sys-host"


# ---- against a real cupsd listening on a socket and on 127.0.0.1:PORT ------------------------------------
@pytest.fixture(scope="module")
def tcp_cups():
    server = start_or_skip(tcp=True)
    server.queue = server.add_pdf_queue("kiosk-forms")
    yield server
    server.stop()


def _forms(server) -> dict[str, str]:
    port = server.tcp_port
    return {
        "socket path": server.socket,
        "host:port": f"127.0.0.1:{port}",
        "localhost:port": f"localhost:{port}",
        "host:port/version=1.1": f"127.0.0.1:{port}/version=1.1",
        "host:port/version=2.0": f"127.0.0.1:{port}/version=2.0",
    }


@pytest.mark.cups
@pytest.mark.parametrize("form", ["socket path", "host:port", "localhost:port", "host:port/version=1.1",
                                  "host:port/version=2.0"])
@pytest.mark.parametrize("where", ["CUPS_SERVER", "--server", "~/.cups/client.conf", "/etc/cups/client.conf"])
def test_every_server_form_from_every_place_reaches_the_real_cupsd(tcp_cups, confs, monkeypatch, form, where):
    text = _forms(tcp_cups)[form]
    user, system = confs
    server = None
    if where == "CUPS_SERVER":
        monkeypatch.setenv("CUPS_SERVER", text)
    elif where == "--server":
        server = text
    elif where == "~/.cups/client.conf":
        user.write_text(f"ServerName {text}\n")
    else:
        system.write_text(f"ServerName {text}\n")
    backend = CupsBackend(server)
    assert backend.client.server == text
    assert tcp_cups.queue in backend.printers()
    state = backend.check_printer(tcp_cups.queue)
    assert state["printer-name"] == tcp_cups.queue


@pytest.mark.cups
@pytest.mark.parametrize("form", ["socket path", "host:port/version=1.1"])
def test_the_print_command_prints_through_each_form(tcp_cups, store, db_path, capsys, monkeypatch, form, nurse_cli):
    for old in tcp_cups.outputs():
        old.unlink()
    monkeypatch.setenv("CUPS_SERVER", _forms(tcp_cups)[form])
    code = main(["--db", str(db_path), "print", "facet-joint-injection", "--printer", tcp_cups.queue,
                 "--as", "Nora Nurse"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.startswith(f"Printed 1 copy on {tcp_cups.queue} (job ")
    assert len(tcp_cups.wait_for_outputs(1)) == 1


def test_requests_carry_the_version_asked_for():
    body = ipp.encode(ipp.GET_PRINTER_ATTRIBUTES, 1, [], version=(2, 0))
    assert body[:2] == b"\x02\x00"
    assert ipp.encode(ipp.GET_PRINTER_ATTRIBUTES, 1, [])[:2] == b"\x01\x01"
