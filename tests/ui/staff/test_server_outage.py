"""A kiosk on the clinic server whose server goes away: the PIN pad says so in one sentence (no traceback, no
blank list), a nurse already at the pad gets the same sentence, and the patient screens keep their handouts."""
from __future__ import annotations

import pytest
from helpers.pg_server import wait_until
from staff_support import NURSE, NURSE_PIN, enter_pin, open_pin_pad

pytestmark = pytest.mark.postgres


@pytest.fixture
def store(pg_server, tmp_path):
    from kiosk.services import open_server_store

    s = open_server_store(pg_server.new_database(), cache=tmp_path / "cache.sqlite3")
    s.poll_seconds = 0
    yield s
    s.close()


def test_the_pin_pad_says_the_server_is_down_and_patients_keep_reading(qtbot, window, staff, pg_server):
    titles = [h.handout.title for h in window.app.handouts.published("en")]
    pad = open_pin_pad(qtbot, window)
    assert NURSE in pad.name_buttons
    pg_server.stop()
    try:
        enter_pin(qtbot, pad, NURSE, NURSE_PIN)  # the pad was open with the names: the sign-in is refused
        assert pad.message.text().startswith("The clinic server cannot be reached") and pad.message.isVisible()
        assert window.staff.member is None
        window.staff.sign_out("cancel")
        assert wait_until(lambda: (staff.handouts.published("en"), staff.offline_reason)[1])
        again = open_pin_pad(qtbot, window)  # opened while down: no names, the sentence, only Cancel
        assert again.name_buttons == {} and again.message.text().startswith("The clinic server cannot be reached")
        assert not again.sign_in.isEnabled()
        assert [h.handout.title for h in window.app.handouts.published("en")] == titles
        assert window.app.handouts.search("knee", "en")
    finally:
        pg_server.start_again()
