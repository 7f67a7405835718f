"""Schema versions of a profile folder and the ordered steps between them.

``MIGRATIONS[v]`` turns a version ``v`` folder into version ``v + 1``. They run on open, in order,
after a backup copy; profile.json records each finished step, so a crash mid-way resumes at the
step that did not finish (so a step must be safe to run again). A folder whose version is newer than
``SCHEMA_VERSION`` is refused and left untouched.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

#: The version this code writes. Version 1: TinyDB files {kind: {id: record}}, sharded by layout.py.
SCHEMA_VERSION = 1

#: from-version -> a function migrating the profile folder one step up.
MIGRATIONS: dict[int, Callable[[Path], None]] = {}


def steps(found: int, target: int | None = None) -> list[tuple[int, Callable[[Path], None]]]:
    target = SCHEMA_VERSION if target is None else target
    out = []
    for v in range(found, target):
        if v not in MIGRATIONS:
            raise KeyError(v)
        out.append((v, MIGRATIONS[v]))
    return out
