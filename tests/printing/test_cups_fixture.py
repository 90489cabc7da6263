"""The CI gate: without a CUPS server the print tests skip, unless KIOSK_REQUIRE_CUPS=1 makes that a failure."""
import pytest
from _pytest.outcomes import Failed, Skipped

import cups_server


@pytest.fixture
def no_cups(monkeypatch):
    def refuse(cls, timeout=15.0):
        raise cups_server.CupsUnavailable("cupsd is not installed (test stand-in)")

    monkeypatch.setattr(cups_server.CupsServer, "start", classmethod(refuse))


def test_missing_cups_is_a_skip_with_the_reason(no_cups, monkeypatch):
    monkeypatch.delenv("KIOSK_REQUIRE_CUPS", raising=False)
    with pytest.raises(Skipped, match="no CUPS server: cupsd is not installed"):
        cups_server.start_or_skip()


def test_missing_cups_fails_when_ci_requires_it(no_cups, monkeypatch):
    monkeypatch.setenv("KIOSK_REQUIRE_CUPS", "1")
    with pytest.raises(Failed, match="KIOSK_REQUIRE_CUPS=1 but no CUPS server could be started"):
        cups_server.start_or_skip()
