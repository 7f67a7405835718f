"""The classroom's audit log: one JSON line per event, in the class folder, mode 0600.

Events: a tab opened, a class code refused, a websocket from another origin refused, a profile
created or entered, a PIN or join code refused, a key locked or unlocked. Never a secret: no
PIN, class code, join code or cookie is ever written, only who, from where and what happened.
A line is appended with one ``write`` of an ``O_APPEND`` file, so tabs never interleave.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

#: Longest value kept for any field (names and addresses are short; anything else is cut).
MAX_FIELD = 200


def _clean(value: Any) -> Any:
    if isinstance(value, (int, float, bool)) or value is None:
        return value
    text = str(value)
    text = "".join(ch if ch.isprintable() else "?" for ch in text)
    return text[:MAX_FIELD]


def audit(path: Path, event: str, **fields: Any) -> None:
    """Append one event; a log that cannot be written never stops the classroom."""
    record = {"at": datetime.now(UTC).isoformat(timespec="seconds"), "event": event}
    record.update({k: _clean(v) for k, v in fields.items()})
    line = orjson.dumps(record) + b"\n"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, line)
        finally:
            os.close(fd)
    except OSError:
        pass


def read_audit(path: Path) -> list[dict[str, Any]]:
    """Every event of the log (a broken line skipped)."""
    out = []
    try:
        raw = Path(path).read_bytes()
    except OSError:
        return []
    for line in raw.splitlines():
        try:
            out.append(orjson.loads(line))
        except orjson.JSONDecodeError:
            continue
    return out
