"""Staff PINs: salted hashes with parameters, lockout that survives a restart, the last admin protected."""
import json

import pytest

from kiosk.core import pins
from kiosk.core.pins import PinPolicyError
from kiosk.store import Store
from kiosk.store.staff import LockedOut, StaffError, WrongPin


def test_pins_are_stored_only_as_salted_hashes_with_their_parameters(empty_store):
    empty_store.staff.add("Ann", "admin", "482913")
    empty_store.staff.add("Bob", "nurse", "482913")
    rows = empty_store.conn.execute("SELECT pin_hash, pin_salt, pin_params FROM staff").fetchall()
    assert rows[0]["pin_hash"] != rows[1]["pin_hash"]  # same PIN, different salt
    assert b"482913" not in rows[0]["pin_hash"] + rows[0]["pin_salt"]
    assert json.loads(rows[0]["pin_params"])["algorithm"] == "pbkdf2_sha256"


def test_the_default_cost_is_owasps_figure_and_old_hashes_still_verify(monkeypatch):
    monkeypatch.delenv("KIOSK_PIN_ITERATIONS")
    assert pins.iterations() == 600_000
    monkeypatch.setenv("KIOSK_PIN_ITERATIONS", "3000")
    digest, salt, params = pins.hash_pin("482913")
    monkeypatch.setenv("KIOSK_PIN_ITERATIONS", "5000")
    assert pins.verify_pin("482913", digest, salt, params)
    assert not pins.verify_pin("482914", digest, salt, params)


@pytest.mark.parametrize("pin", ["12345", "111111", "123456", "12a456", "٤٨٢٩١٣"])
def test_weak_or_odd_pins_are_refused(empty_store, pin):
    with pytest.raises(PinPolicyError):
        empty_store.staff.add("Ann", "admin", pin)


def test_five_wrong_pins_lock_the_account_even_across_a_restart(db_path):
    store = Store.open(db_path)
    store.staff.add("Nina", "nurse", "482913")
    for left in (4, 3, 2, 1):
        with pytest.raises(WrongPin) as info:
            store.staff.verify("Nina", "000001")
        assert info.value.attempts_left == left
    with pytest.raises(LockedOut) as info:
        store.staff.verify("Nina", "000001")
    assert 25 <= info.value.seconds <= 30 and "wait" in str(info.value)
    store.close()
    reopened = Store.open(db_path)
    with pytest.raises(LockedOut):
        reopened.staff.verify("Nina", "482913")  # even the right PIN waits
    kinds = [e.kind for e in reopened.audit.entries(actor="Nina")]
    assert kinds.count("pin_failed") == 6


def test_the_lockout_grows_with_each_further_wrong_pin(empty_store):
    now = [1000.0]
    empty_store.staff._clock = lambda: now[0]
    empty_store.staff._monotonic = lambda: now[0]  # time really passes: both clocks move
    empty_store.staff.add("Nina", "nurse", "482913")
    delays = []
    for _ in range(7):
        try:
            empty_store.staff.verify("Nina", "000001")
        except LockedOut as exc:
            delays.append(exc.seconds)
            now[0] += exc.seconds + 1
        except WrongPin:
            pass
    assert delays == [30, 60, 120]
    assert empty_store.staff.verify("Nina", "482913").name == "Nina"


def test_the_last_active_admin_cannot_be_disabled(empty_store):
    empty_store.staff.add("Ann", "admin", "482913")
    with pytest.raises(StaffError, match="last active admin"):
        empty_store.staff.set_disabled("Ann", True, "Ann")
    empty_store.staff.add("Zoe", "admin", "583914")
    empty_store.staff.set_disabled("Ann", True, "Zoe")
    with pytest.raises(StaffError, match="not active"):
        empty_store.staff.verify("Ann", "482913")
