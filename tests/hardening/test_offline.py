"""Nothing at run time reaches the network: rendering a sheet, importing, exporting, checking, searching.

The `no_network` fixture (conftest.py) refuses and records every name lookup and every non-local connect,
and fails the test at teardown even when the code under test swallowed the refusal (the sheet's logo loader,
for one, swallows every error by design). The folder print backend and the browsing screens are checked
with the UI suites.
"""
from __future__ import annotations

import io
import socket
from datetime import date

import pytest

from hardening.support import NetworkAttempt
from kiosk import resources
from kiosk.content.check import check_folder
from kiosk.core.model import ClinicSettings, DischargeDetails
from kiosk.services import export_folder, import_folder, open_store, open_store_or_fallback

IMG_NOTE = 'Keep the site dry. <img src="http://example.com/x.png"/> <font color="red" size="40">big</font> ]]] &amp;'


def test_the_guard_notices_a_connection_even_when_it_is_swallowed(no_network):
    """The fixture can fail: a lookup, a connect, and reportlab fetching an image it was told to trust."""
    with pytest.raises(NetworkAttempt):
        socket.create_connection(("example.com", 80), timeout=1)
    with pytest.raises(NetworkAttempt):
        socket.getaddrinfo("example.com", 443)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    with pytest.raises(NetworkAttempt):
        sock.connect(("127.0.0.1", 9))
    sock.close()
    from reportlab import rl_config
    from reportlab.lib.utils import ImageReader

    trusted = rl_config.trustedHosts
    rl_config.trustedHosts = ["*"]
    try:
        with pytest.raises(OSError):  # reportlab wraps the refusal; the guard still saw it
            ImageReader("http://example.com/x.png")
    finally:
        rl_config.trustedHosts = trusted
    assert len(no_network.attempts) == 4 and "example.com" in no_network.attempts[-1]
    no_network.attempts.clear()  # seen: let this test pass


def test_reportlab_trusts_no_remote_host():
    """What keeps an <img src="http://…"> in any paragraph from being fetched: reportlab opens URLs only for
    rl_config.trustedHosts, and the project leaves it unset."""
    pytest.importorskip("kiosk.sheet")
    from reportlab import rl_config

    assert rl_config.trustedHosts is None


def test_rendering_a_sheet_reaches_no_network_and_prints_markup_as_text(no_network, store):
    sheet = pytest.importorskip("kiosk.sheet")
    from pypdf import PdfReader

    version = store.handouts.get_published("knee-joint-injection", "en")
    settings = ClinicSettings(name="Clinic <b>&</b>", logo_path="http://example.com/logo.png",
                              web_address="https://example.com/aftercare")
    details = DischargeDetails(procedure_date=date(2026, 3, 2), patient_name="<img src='http://example.com/p.png'/>",
                               notes=IMG_NOTE, physician="Dr <font name=Courier>X</font>")
    result = sheet.render_sheet(version.handout, version.version, settings, details)
    reader = PdfReader(io.BytesIO(result.pdf))
    text = " ".join((page.extract_text() or "") for page in reader.pages)
    flat = " ".join(text.split())
    assert '<img src="http://example.com/x.png"/>' in flat  # printed as the nurse typed it, not fetched
    assert '<font color="red" size="40">big</font>' in flat and "]]] &amp;" in flat
    images = [name for page in reader.pages
              for name, obj in (page["/Resources"].get("/XObject") or {}).items()
              if obj.get_object().get("/Subtype") == "/Image"]
    assert images == [], "an image made it onto the sheet: a URL was read as a picture"


def test_import_export_check_and_search_reach_no_network(no_network, tmp_path):
    store = open_store(tmp_path / "kiosk.sqlite3")
    try:
        plan = import_folder(store, resources.handouts_dir(), actor="offline")
        assert len(plan.unchanged) == 24
        assert len(export_folder(store, tmp_path / "out", actor="offline")) == 24
        assert check_folder(tmp_path / "out", date(2026, 1, 1)) == []  # readability scores computed offline
        for query in ("knee", "http://example.com", "www.example.com/x.png", "facit", "inyeccion rodilla"):
            assert isinstance(store.search.search(query, "en"), list)
        assert store.search.search("knee", "en")[0].slug == "knee-joint-injection"
    finally:
        store.close()


def test_the_read_only_fallback_reaches_no_network(no_network, tmp_path):
    bad = tmp_path / "kiosk.sqlite3"
    bad.write_bytes(b"not a database" * 100)
    store, problem = open_store_or_fallback(bad)
    assert problem and store.search.search("epidural", "en")
    store.close()
