"""Faults the operating system can throw at the store, made on demand for the drills.

Tests often run as root (CI containers), and root writes through ``chmod a-w``; so besides the
real permission bits a folder can be made read-only the way a read-only disk is: every call that
would write inside it fails with EROFS, as the kernel would answer.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


def _inside(path: object, folder: Path) -> bool:
    try:
        return Path(os.fsdecode(path)).resolve().is_relative_to(folder)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


@contextmanager
def read_only_disk(monkeypatch: pytest.MonkeyPatch, folder: Path, code: int = errno.EROFS):
    """Every write under ``folder`` fails with ``code`` until the block ends; reads work."""
    folder = folder.resolve()

    def refuse(path: object) -> None:
        raise OSError(code, os.strerror(code), os.fsdecode(path))  # type: ignore[arg-type]

    real_open = os.open

    def open_(path, flags, *args, **kwargs):
        if flags & _WRITE_FLAGS and _inside(path, folder):
            refuse(path)
        return real_open(path, flags, *args, **kwargs)

    def two_paths(real):
        def call(src, dst, *args, **kwargs):
            if _inside(src, folder) or _inside(dst, folder):
                refuse(dst)
            return real(src, dst, *args, **kwargs)

        return call

    def one_path(real):
        def call(path, *args, **kwargs):
            if _inside(path, folder):
                refuse(path)
            return real(path, *args, **kwargs)

        return call

    real_access = os.access

    def access(path, mode, *args, **kwargs):
        if mode & os.W_OK and _inside(path, folder):
            return False
        return real_access(path, mode, *args, **kwargs)

    with monkeypatch.context() as m:
        m.setattr(os, "open", open_)
        m.setattr(os, "access", access)
        for name in ("replace", "rename"):
            m.setattr(os, name, two_paths(getattr(os, name)))
        for name in ("unlink", "remove", "mkdir", "rmdir"):
            m.setattr(os, name, one_path(getattr(os, name)))
        yield


def chmod_read_only(folder: Path) -> Iterator[None]:
    """The real thing: ``chmod -R a-w`` (restored afterwards so the folder can be cleaned)."""
    paths = [folder, *folder.rglob("*")]
    modes = {p: p.stat().st_mode for p in paths}
    for p in paths:
        p.chmod(modes[p] & ~0o222)
    try:
        yield
    finally:
        for p in reversed(paths):
            p.chmod(modes[p])


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file's bytes under ``folder`` (the lock file aside: it holds no data)."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".lock"
    }
