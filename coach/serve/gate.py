"""Who may enter which profile of a classroom: the gate's rules, without the screen.

A profile is entered with its PIN. A new name creates a profile, and the PIN typed becomes its
PIN. A profile the instructor made from a roster carries a one-time join code instead: the
trainee gives it once and sets a PIN. A profile with neither cannot be entered. Every refused
secret is counted per profile and per client address across all tabs (``throttle.py``) and
written to the audit log (``audit.py``) — never the secret itself.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import filelock

from coach.i18n import tr
from coach.serve.audit import audit
from coach.serve.classroom import AUDIT_FILE, THROTTLE_FILE
from coach.serve.pins import (
    JOIN_KEY,
    PASSPHRASE,
    PIN_KEY,
    hash_pin,
    pin_problem,
    stored_pin,
    verify_pin,
)
from coach.serve.throttle import Throttle, addr_key, profile_key
from coach.store import StoreError, open_store
from coach.store.profiles import PROFILE_FILE, check_name, profile_dir
from coach.store.store import Store

Outcome = Literal["entered", "created", "needs-pin", "wrong", "wait", "locked", "refused", "bad"]
_JOIN_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
JOIN_CODE_LENGTH = 10  # 32**10 ≈ 10**15: beyond guessing at the gate's pace


@dataclass(slots=True)
class GateResult:
    outcome: Outcome
    message: str = ""
    store: Store | None = None
    wait: float = 0.0


def new_join_code() -> str:
    raw = "".join(secrets.choice(_JOIN_ALPHABET) for _ in range(JOIN_CODE_LENGTH))
    return f"{raw[:5]}-{raw[5:]}"


def _join_form(code: str) -> str:
    return code.strip().upper().replace("-", "").replace(" ", "")


class Gate:
    """The gate of one class folder, as seen from one tab (its client address and tab id)."""

    def __init__(self, root: Path, *, client: str = "", tab: str = "", signup: bool = True) -> None:
        self.root = Path(root)
        self.client = client
        self.tab = tab
        self.signup = signup  # may a new name create a profile, or only the roster's names?
        self.throttle = Throttle(self.root / THROTTLE_FILE)
        self._lock = filelock.FileLock(str(self.root / ".gate.lock"), timeout=30, mode=0o600)

    def log(self, event: str, **fields: object) -> None:
        audit(self.root / AUDIT_FILE, event, addr=self.client, tab=self.tab, **fields)

    def enter(self, name: str, secret: str, new_pin: str | None = None) -> GateResult:
        """Try ``secret`` (a PIN, or a join code) on profile ``name``."""
        try:
            name = check_name(name)
        except StoreError as e:
            return GateResult("bad", str(e))
        if len(secret) > PASSPHRASE[1]:
            return GateResult("bad", pin_problem("") or "")
        keys = [profile_key(name), addr_key(self.client)]
        verdict = self.throttle.verdict(keys)
        if verdict.locked:
            self.log("refused-locked", profile=name)
            return GateResult(
                "locked",
                tr(
                    "错误次数太多，已锁定。请讲师解锁。",
                    "Too many wrong tries: locked. Ask your instructor to unlock it.",
                ),
            )
        if verdict.wait > 0:
            self.log("refused-waiting", profile=name, wait=round(verdict.wait, 1))
            return GateResult(
                "wait",
                tr(
                    "请等 {s} 秒再试。",
                    "Wait {s} seconds before trying again.",
                    s=int(verdict.wait + 0.999),
                ),
                wait=verdict.wait,
            )
        folder = profile_dir(self.root, name)
        if not (folder / PROFILE_FILE).is_file():
            if not self.signup:
                # counted like a wrong PIN: names must not be probed for free
                self._wrong(name, keys, "refused-unknown")
                return GateResult(
                    "refused",
                    tr(
                        "名单上没有这个名字，或 PIN / 加入码不对。",
                        "That name is not on the roster, or the PIN / join code is wrong.",
                    ),
                )
            return self._create(name, secret)
        pin = stored_pin(folder)
        if pin is not None:
            if not verify_pin(secret, pin):
                return self._wrong(name, keys, "pin-failed")
            return self._open(name, "profile-entered")
        join = stored_pin(folder, JOIN_KEY)
        if join is None:
            self.log("refused-no-pin", profile=name)
            return GateResult(
                "refused",
                tr(
                    "这个档案没有 PIN，不能进入。请讲师给你一个加入码。",
                    "This profile has no PIN and cannot be entered. Ask your instructor for a "
                    "join code.",
                ),
            )
        if not verify_pin(_join_form(secret), join):
            return self._wrong(name, keys, "join-code-failed")
        if new_pin is None:
            return GateResult(
                "needs-pin",
                tr(
                    "加入码正确。请设置你的 PIN（6–12 位数字，或 10 个字符以上的口令）。",
                    "Join code accepted. Set your PIN (6 to 12 digits, or a passphrase of 10+ "
                    "characters).",
                ),
            )
        problem = pin_problem(new_pin)
        if problem:
            return GateResult("bad", problem)
        with self._lock:
            if stored_pin(folder) is not None:  # another tab set it a moment ago
                return self._wrong(name, keys, "pin-failed")
            result = self._open(name, "join-code-used")
            if result.store is not None:
                result.store.write_profile(**{PIN_KEY: hash_pin(new_pin), JOIN_KEY: None})
        return result

    def _create(self, name: str, pin: str) -> GateResult:
        problem = pin_problem(pin)
        if problem:
            return GateResult("bad", problem)
        with self._lock:
            folder = profile_dir(self.root, name)
            if (folder / PROFILE_FILE).is_file():  # another tab created it first
                return self.enter(name, pin)
            try:
                store = open_store(self.root, name, daily_backup=False)
                store.write_profile(**{PIN_KEY: hash_pin(pin)})
            except StoreError as e:
                return GateResult("bad", str(e))
        self.throttle.succeed(name)
        self.log("profile-created", profile=name)
        return GateResult("created", store=store)

    def _open(self, name: str, event: str) -> GateResult:
        try:
            store = open_store(self.root, name, daily_backup=False)
        except StoreError as e:
            return GateResult("bad", str(e))
        self.throttle.succeed(name)
        self.log(event, profile=name)
        return GateResult("entered", store=store)

    def _wrong(self, name: str, keys: list[str], event: str) -> GateResult:
        counts = self.throttle.fail(keys)
        self.log(event, profile=name, failures=counts[keys[0]])
        for key, n in counts.items():
            if Throttle.is_lock_count(key, n):
                self.log("locked", key=key)
        return GateResult("wrong", tr("PIN 或加入码不对。", "Wrong PIN or join code."))


def add_roster(root: Path, names: list[str]) -> list[tuple[str, str]]:
    """Profiles for ``names`` with one-time join codes: (name, code) for each new or not yet
    joined one; a trainee who already set a PIN keeps it (and gets no code)."""
    out: list[tuple[str, str]] = []
    for raw in names:
        name = check_name(raw)
        folder = profile_dir(root, name)
        if stored_pin(folder) is not None:
            continue
        code = new_join_code()
        with open_store(root, name, daily_backup=False) as store:
            store.write_profile(**{JOIN_KEY: hash_pin(_join_form(code))})
        audit(root / AUDIT_FILE, "join-code-issued", profile=name)
        out.append((name, code))
    return out
