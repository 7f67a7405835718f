"""Failed secrets, counted across every browser tab of a classroom.

Each tab is its own process, so the count lives in a file of the class folder, read and written
under a file lock. A key is a profile (``profile:王芳``) or a client address (``addr:10.0.0.7``).
After ``FREE_TRIES`` failures each further try waits twice as long as the one before (1 s, 2 s,
4 s … at most ``MAX_WAIT``); at ``LOCK_AFTER`` failures the key is locked until the instructor
lifts it (``coach serve unlock``). Failures older than ``FORGET_AFTER`` are forgotten, unless
locked. A success clears a profile's count, never an address's (one trainee's own login must not
reset a guesser's count).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import filelock
import orjson

from coach.store.jsonfile import write_bytes_atomic

FREE_TRIES = 3
MAX_WAIT = 300.0
LOCK_AFTER = {"profile": 10, "addr": 30}
FORGET_AFTER = 3600.0


@dataclass(frozen=True, slots=True)
class Verdict:
    """May a key try now? ``wait`` seconds until it may; ``locked`` until the instructor lifts."""

    wait: float = 0.0
    locked: bool = False

    @property
    def ok(self) -> bool:
        return not self.locked and self.wait <= 0


def backoff(failures: int) -> float:
    if failures < FREE_TRIES:
        return 0.0
    return min(MAX_WAIT, 2.0 ** (failures - FREE_TRIES))


def profile_key(name: str) -> str:
    return "profile:" + name.strip().casefold()


def addr_key(addr: str) -> str:
    return "addr:" + (addr or "unknown")


def _kind(key: str) -> str:
    return key.split(":", 1)[0]


class Throttle:
    def __init__(self, path: Path, clock=time.time) -> None:
        self.path = Path(path)
        self.clock = clock
        self._lock = filelock.FileLock(str(self.path) + ".lock", timeout=10, mode=0o600)

    def _read(self) -> dict[str, dict[str, float]]:
        try:
            data = orjson.loads(self.path.read_bytes())
        except (OSError, orjson.JSONDecodeError):
            return {}
        return data if isinstance(data, dict) else {}

    def _write(self, data: dict[str, dict[str, float]]) -> None:
        write_bytes_atomic(self.path, orjson.dumps(data))  # 0600 from the first byte

    def _live(self, entry: dict[str, float] | None, key: str, now: float) -> dict[str, float]:
        if not isinstance(entry, dict):
            return {"failures": 0, "last": 0.0}
        failures = int(entry.get("failures", 0))
        last = float(entry.get("last", 0.0))
        if failures < LOCK_AFTER[_kind(key)] and now - last > FORGET_AFTER:
            return {"failures": 0, "last": 0.0}
        return {"failures": failures, "last": last}

    def verdict(self, keys: Iterable[str]) -> Verdict:
        """The strictest verdict over ``keys``."""
        now = self.clock()
        with self._lock:
            data = self._read()
        wait, locked = 0.0, False
        for key in keys:
            e = self._live(data.get(key), key, now)
            if e["failures"] >= LOCK_AFTER[_kind(key)]:
                locked = True
            wait = max(wait, e["last"] + backoff(e["failures"]) - now)
        return Verdict(max(0.0, wait), locked)

    def fail(self, keys: Iterable[str]) -> dict[str, int]:
        """Count one failure on each key; their counts after it."""
        now = self.clock()
        out: dict[str, int] = {}
        with self._lock:
            data = self._read()
            for key in keys:
                e = self._live(data.get(key), key, now)
                e["failures"] += 1
                e["last"] = now
                data[key] = e
                out[key] = int(e["failures"])
            self._write(data)
        return out

    def succeed(self, name: str) -> None:
        key = profile_key(name)
        with self._lock:
            data = self._read()
            if key in data:
                del data[key]
                self._write(data)

    def unlock(self, key: str) -> bool:
        """Lift a lock (or forget the count) of one key; False when there was none."""
        with self._lock:
            data = self._read()
            if key not in data:
                return False
            del data[key]
            self._write(data)
            return True

    def locked(self) -> list[str]:
        now = self.clock()
        with self._lock:
            data = self._read()
        return sorted(
            k
            for k, v in data.items()
            if self._live(v, k, now)["failures"] >= LOCK_AFTER.get(_kind(k), 10**9)
        )

    @staticmethod
    def is_lock_count(key: str, failures: int) -> bool:
        return failures == LOCK_AFTER[_kind(key)]
