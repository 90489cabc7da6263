"""Staff PIN hashing: salted PBKDF2-HMAC-SHA256 with its parameters stored beside the hash. No Qt, no SQL.

600,000 iterations is OWASP's current figure for PBKDF2-SHA256. The parameters travel with every hash, so a
hash made with other figures still verifies after the default changes. KIOSK_PIN_ITERATIONS lowers the cost
for new hashes (the test suite uses it to stay fast); it never goes below MIN_ITERATIONS.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets

DEFAULT_ITERATIONS = 600_000
MIN_ITERATIONS = 1_000
MIN_PIN_DIGITS = 6
SALT_BYTES = 16


class PinPolicyError(ValueError):
    pass


def check_policy(pin: str) -> None:
    if not pin.isdigit() or not pin.isascii():
        raise PinPolicyError("A PIN may hold only the digits 0 to 9.")
    if len(pin) < MIN_PIN_DIGITS:
        raise PinPolicyError(f"A PIN needs at least {MIN_PIN_DIGITS} digits.")
    if len(set(pin)) == 1 or pin in "0123456789" or pin in "9876543210":
        raise PinPolicyError("That PIN is too easy to guess; choose digits that are not all the same or in a row.")


def iterations() -> int:
    try:
        value = int(os.environ.get("KIOSK_PIN_ITERATIONS", DEFAULT_ITERATIONS))
    except ValueError:
        value = DEFAULT_ITERATIONS
    return max(MIN_ITERATIONS, value)


def hash_pin(pin: str) -> tuple[bytes, bytes, str]:
    """Return (hash, salt, parameters as JSON)."""
    salt = secrets.token_bytes(SALT_BYTES)
    params = {"algorithm": "pbkdf2_sha256", "iterations": iterations(), "dklen": 32}
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), salt, params["iterations"], params["dklen"])
    return digest, salt, json.dumps(params, sort_keys=True)


def verify_pin(pin: str, digest: bytes, salt: bytes, params_json: str) -> bool:
    params = json.loads(params_json)
    if params.get("algorithm") != "pbkdf2_sha256":
        return False
    candidate = hashlib.pbkdf2_hmac("sha256", pin.encode(), salt, int(params["iterations"]), int(params["dklen"]))
    return hmac.compare_digest(candidate, digest)


MAX_LOCKOUT_SECONDS = 3600.0  # the longest wait the policy ever sets; also the cap on any stored lock


def lockout_seconds(failed_attempts: int) -> float:
    """After 5 wrong PINs: 30 s, then doubling with each further wrong PIN, at most MAX_LOCKOUT_SECONDS (1 h)."""
    if failed_attempts < 5:
        return 0.0
    return float(min(MAX_LOCKOUT_SECONDS, 30 * 2 ** (failed_attempts - 5)))
