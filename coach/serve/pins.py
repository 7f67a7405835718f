"""Trainee PINs and join codes for the classroom: salted scrypt hashes in profile.json.

A PIN is short, so the hash is deliberately slow (scrypt, n=2**14: ~50 ms) and salted per
profile; the PIN itself is never written anywhere. Bundles never carry it (they copy only the
profile's id, name and creation time).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from pathlib import Path
from typing import Any

from coach.i18n import tr
from coach.store.profiles import read_profile_data

PIN_KEY = "classroom_pin"
JOIN_KEY = (
    "classroom_join"  # a one-time join code from the instructor's roster, hashed the same way
)
#: A PIN is 6 to 12 digits, or a passphrase of 10 to 128 characters that is not all digits.
PIN_DIGITS = (6, 12)
PASSPHRASE = (10, 128)
_DIGITS = re.compile(r"^\d+$")
_N, _R, _P = 2**14, 8, 1


def pin_problem(pin: str) -> str | None:
    """Why this PIN cannot be set, or None."""
    if _DIGITS.match(pin):
        if PIN_DIGITS[0] <= len(pin) <= PIN_DIGITS[1]:
            return None
    elif PASSPHRASE[0] <= len(pin) <= PASSPHRASE[1] and pin.isprintable():
        return None
    return tr(
        "PIN 应是 6–12 位数字，或 10–128 个字符的口令",
        "a PIN is 6 to 12 digits, or a passphrase of 10 to 128 characters",
    )


def hash_pin(pin: str, salt: bytes | None = None) -> dict[str, Any]:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return {"algo": "scrypt", "n": _N, "r": _R, "p": _P, "salt": salt.hex(), "hash": digest.hex()}


def verify_pin(pin: str, stored: dict[str, Any] | None) -> bool:
    if not isinstance(stored, dict) or stored.get("algo") != "scrypt":
        return False
    try:
        digest = hashlib.scrypt(
            pin.encode(),
            salt=bytes.fromhex(stored["salt"]),
            n=int(stored["n"]),
            r=int(stored["r"]),
            p=int(stored["p"]),
            dklen=32,
        )
    except (KeyError, ValueError, TypeError):
        return False
    return hmac.compare_digest(digest.hex(), str(stored.get("hash", "")))


def stored_pin(profile_folder: Path, key: str = PIN_KEY) -> dict[str, Any] | None:
    """The PIN record (or, with ``key=JOIN_KEY``, the join code) of a profile, or None."""
    try:
        data = read_profile_data(profile_folder)
    except Exception:
        return None
    pin = data.get(key)
    return pin if isinstance(pin, dict) else None
