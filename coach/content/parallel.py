"""Run one function in a forked second process and get its list of bytes back, or None.

Used to check half of a large bank's files on a second CPU. Only where ``fork`` exists, more than
one CPU is ours and no other thread runs (a fork copies only the calling thread, and a lock
another thread held would stay held in the child). Anything that goes wrong in the child gives
None, and the caller does the work itself: never a lost file, never a hang on a dead child.
"""

from __future__ import annotations

import marshal
import os
import threading
from collections.abc import Callable
from typing import NamedTuple


class Child(NamedTuple):
    pid: int
    fd: int


def cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def available() -> bool:
    """A second process may help: ``COACH_CONTENT_WORKERS=1`` turns it off."""
    if not hasattr(os, "fork") or os.environ.get("COACH_CONTENT_WORKERS") == "1":
        return False
    return cpus() >= 2 and threading.active_count() == 1


def start(work: Callable[[], list[bytes]]) -> Child | None:
    """Fork a child that runs ``work`` and writes its result to a pipe; None if it cannot."""
    try:
        r, w = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(r)
        os.close(w)
        return None
    if pid == 0:  # the child: never returns into the caller's code
        code = 1
        try:
            os.close(r)
            data = marshal.dumps(work())
            with os.fdopen(w, "wb") as fh:
                fh.write(data)
            code = 0
        except BaseException:
            pass
        finally:
            os._exit(code)
    os.close(w)
    return Child(pid, r)


def finish(child: Child | None) -> list[bytes] | None:
    """Wait for the child; its result, or None if it failed."""
    if child is None:
        return None
    try:
        with os.fdopen(child.fd, "rb") as fh:
            data = fh.read()
    except OSError:
        data = b""
    _, status = os.waitpid(child.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        return None
    try:
        out = marshal.loads(data)
    except (EOFError, ValueError, TypeError):
        return None
    return out if isinstance(out, list) else None
