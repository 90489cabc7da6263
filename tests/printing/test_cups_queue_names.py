"""Every queue name a clinic can give CUPS prints, and every name it cannot have is "no printer called …".

cupsd itself refuses names with a space, '#', '?', quotes, '/' or '\\' ("lpadmin: Printer name can only contain
printable characters"), so "Front Desk" can never exist on a CUPS server; the kiosk must still answer with the
unknown-printer sentence, not "CUPS is not running" or a Python exception name.
"""
from __future__ import annotations

import pytest
from print_support import PATIENT

from kiosk.cli import main
from kiosk.printing import NoSuchPrinter, ipp
from kiosk.printing.cups import CupsBackend
from kiosk.printing.record import run

pytestmark = pytest.mark.cups

ALLOWED = ["Empfang-Büro", "50%-Etage", "x+y&z;=@,!", "Recepción-ñ", "受付"]
REFUSED_BY_CUPS = ["Front Desk", "Lab #2", "what?", "O'Brien", "a/b"]


@pytest.fixture
def named_queue(cups_session, request):
    name = request.param
    cups_session.add_pdf_queue(name)
    for old in cups_session.outputs():
        old.unlink()
    yield name
    cups_session.admin("lpadmin", "-x", name)


@pytest.mark.parametrize("named_queue", ALLOWED, indirect=True)
def test_a_queue_with_any_name_cups_allows_is_listed_and_prints(cups_session, named_queue, sheet):
    result, info = sheet
    backend = CupsBackend(cups_session.socket)
    assert named_queue in backend.printers()
    attempt = run(backend, result.pdf, info, named_queue)
    assert attempt.ok, attempt.error
    assert attempt.result.message.startswith(f"Printed 1 copy on {named_queue} (job ")
    (paper,) = cups_session.wait_for_outputs(1)
    assert paper.stat().st_size > 0


@pytest.mark.parametrize("name", REFUSED_BY_CUPS + ["Empfang-Bür0", "100%", "x" * 300, "tab\there"])
def test_an_unknown_name_of_any_shape_is_no_printer_called(cups_session, sheet, name):
    result, info = sheet
    attempt = run(CupsBackend(cups_session.socket), result.pdf, info, name)
    assert isinstance(attempt.error, NoSuchPrinter), attempt.error
    assert str(attempt.error) == f"There is no printer called '{name}'. Choose another printer."


@pytest.mark.parametrize("name", REFUSED_BY_CUPS[:3])
def test_cups_itself_refuses_names_with_spaces_hash_or_question_mark(cups_session, name):
    """Why 'Front Desk' is only tested as an unknown name: no CUPS server can have such a queue."""
    with pytest.raises(RuntimeError, match="printable characters"):
        cups_session.add_pdf_queue(name)


def test_printer_uri_and_resource_percent_encode_every_path_segment():
    client = ipp.Client("/run/cups/cups.sock")
    assert client.printer_uri("Front Desk") == "ipp://localhost/printers/Front%20Desk"
    assert client.printer_uri("Empfang-Büro") == "ipp://localhost/printers/Empfang-B%C3%BCro"
    assert ipp.printer_resource("Lab #2?x=1%/..") == "/printers/Lab%20%232%3Fx%3D1%25%2F.."


def test_the_print_command_names_the_unknown_printer_in_one_sentence(cups_session, store, db_path, capsys, nurse_cli):
    code = main(["--db", str(db_path), "print", "facet-joint-injection", "--printer", "Front Desk",
                 "--server", cups_session.socket, "--patient", PATIENT, "--as", "Nora Nurse"])
    err = capsys.readouterr().err
    assert code == 3
    assert "There is no printer called 'Front Desk'." in err and "Traceback" not in err
    assert err.strip().endswith("reason: no_such_printer")


def test_a_queue_the_servers_policy_locks_is_not_allowed_rather_than_cups_not_running(sheet):
    """cupsd answers with an HTTP error (401 here: the location wants a user the kiosk is not; 403 for a denied
    address), not IPP, for a location its policy guards: that is a policy, not an outage."""
    from cups_server import start_or_skip

    from kiosk.printing import NotAllowed

    server = start_or_skip()
    try:
        server.add_pdf_queue("locked-queue")
        conf = server.root / "etc" / "cupsd.conf"
        conf.write_text(conf.read_text() + "<Location /printers/locked-queue>\n  AuthType Basic\n"
                        "  Require user kiosk-nobody\n</Location>\n")
        server.restart()
        result, info = sheet
        attempt = run(CupsBackend(server.socket), result.pdf, info, "locked-queue")
        assert isinstance(attempt.error, NotAllowed), attempt.error
        assert "does not allow this kiosk to print to 'locked-queue' (the print server answered HTTP 401" in str(
            attempt.error)
    finally:
        server.stop()
