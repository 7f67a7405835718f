"""Trainee PINs for the classroom: a salted scrypt hash in the profile's profile.json.

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
_PIN = re.compile(r"^\d{4,12}$")
_N, _R, _P = 2**14, 8, 1


def pin_problem(pin: str) -> str | None:
    """Why this PIN cannot be set, or None."""
    if not _PIN.match(pin):
        return tr("PIN 应是 4–12 位数字", "a PIN is 4 to 12 digits")
    return None


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


def stored_pin(profile_folder: Path) -> dict[str, Any] | None:
    """The PIN record of a profile, or None (no profile yet, or no PIN set)."""
    try:
        data = read_profile_data(profile_folder)
    except Exception:
        return None
    pin = data.get(PIN_KEY)
    return pin if isinstance(pin, dict) else None
