"""Atomic, private JSON files: the only way the store writes anything to disk.

A write goes to a temporary file in the same folder, is flushed and fsynced, replaces the old file
with ``os.replace`` and then the folder is fsynced, so a crash leaves either the old file or the new
one, never half of one. Files are created with mode 0600 (owner only).
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

from coach.i18n import tr
from coach.store.errors import InputRefused, StoreDamaged, StoreWriteFailed

FILE_MODE = 0o600
DIR_MODE = 0o700
TMP_PREFIX = ".tmp-"
_DUMP_OPTS = orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS


def dumps(data: Any) -> bytes:
    """UTF-8 JSON with Chinese kept readable, indented for hand inspection."""
    return orjson.dumps(data, option=_DUMP_OPTS) + b"\n"


def ensure_dir(path: Path) -> None:
    """``path`` and every missing folder above it, each made 0700 (``mkdir(parents=True)``
    would make the ancestors by the umask: a data root readable by everyone)."""
    path = Path(path)
    missing = []
    while not path.is_dir() and path.parent != path:
        missing.append(path)
        path = path.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=DIR_MODE)
        except FileExistsError:
            if not folder.is_dir():
                raise


def fsync_dir(path: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def write_bytes_atomic(path: Path, data: bytes) -> os.stat_result:
    """Replace ``path`` with ``data`` atomically and durably; returns the new file's stat."""
    tmp = path.with_name(f"{TMP_PREFIX}{path.name}.{secrets.token_hex(4)}")
    try:
        fd = os.open(
            tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), FILE_MODE
        )
    except FileNotFoundError:
        ensure_dir(path.parent)
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        except OSError as e:
            raise StoreWriteFailed(path, e) from e
    except OSError as e:
        raise StoreWriteFailed(path, e) from e
    try:
        try:
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except OSError as e:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise StoreWriteFailed(path, e) from e
    try:
        fsync_dir(path.parent)
    except OSError as e:  # the data is in place; a failed folder sync is still worth reporting
        if e.errno not in (errno.EINVAL, errno.EBADF, errno.EACCES):
            raise StoreWriteFailed(path, e) from e
    return os.stat(path)


def write_json_atomic(path: Path, data: Any) -> os.stat_result:
    return write_bytes_atomic(path, dumps(data))


def write_many_atomic(
    items: list[tuple[Path, bytes | Callable[[], bytes]]],
    written: Callable[[int], None] | None = None,
) -> list[os.stat_result]:
    """Replace several files, each atomically and durably, with one folder sync per folder.

    Every temporary file is written and fsynced before any is renamed into place, so a failed
    write (disk full) leaves every old file as it was. A crash between two renames can leave
    some files new and some old — each one whole, as with the same writes made one by one.
    A file's content may be given as a function that makes it, called just before it is
    written (a big batch then never holds every file's bytes at once); ``written(i)`` is
    called once the i-th temporary file is fsynced.
    """
    if len(items) == 1:
        path, data = items[0]
        stat = write_bytes_atomic(path, data if isinstance(data, bytes) else data())
        if written is not None:
            written(0)
        return [stat]
    done: list[tuple[Path, Path]] = []
    try:
        for i, (path, data) in enumerate(items):
            content = data if isinstance(data, bytes) else data()
            tmp = path.with_name(f"{TMP_PREFIX}{path.name}.{secrets.token_hex(4)}")
            try:
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
            except FileNotFoundError:
                ensure_dir(path.parent)
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
            done.append((path, tmp))
            try:
                _write_all(fd, content)
                os.fsync(fd)
            finally:
                os.close(fd)
            if written is not None:
                written(i)
        for path, tmp in done:
            os.replace(tmp, path)
    except OSError as e:
        for _, tmp in done:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        failed = done[-1][0] if done else items[0][0]
        raise StoreWriteFailed(failed, e) from e
    for folder in dict.fromkeys(path.parent for path, _ in items):
        try:
            fsync_dir(folder)
        except OSError as e:
            if e.errno not in (errno.EINVAL, errno.EBADF, errno.EACCES):
                raise StoreWriteFailed(folder, e) from e
    return [os.stat(path) for path, _ in items]


def parse(path: Path, raw: bytes) -> Any:
    """Parse bytes read from ``path``; damage is reported with its line, column and byte."""
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as e:
        raise damage_at(path, raw, e) from None


def damage_at(path: Path, raw: bytes, e: orjson.JSONDecodeError) -> StoreDamaged:
    if not raw:
        return StoreDamaged(
            path,
            tr("文件是空的（可能被截断）", "the file is empty (truncated?)"),
            line=1,
            column=1,
            offset=0,
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as u:
        before = raw[: u.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        return StoreDamaged(
            path,
            tr("不是有效的 UTF-8 文本", "not valid UTF-8 text"),
            line=line,
            column=col,
            offset=u.start,
        )
    pos = min(e.pos, len(text))
    offset = len(text[:pos].encode("utf-8"))
    line = text.count("\n", 0, pos) + 1
    col = pos - (text.rfind("\n", 0, pos) + 1) + 1
    if pos >= len(text.rstrip()):
        reason = tr(
            "文件在中途结束（被截断）：{m}", "the file ends too early (truncated): {m}", m=e.msg
        )
    else:
        reason = tr("不是有效的 JSON：{m}", "not valid JSON: {m}", m=e.msg)
    return StoreDamaged(path, reason, line=line, column=col, offset=offset)


def size_text(n: int) -> str:
    """A size for a message: bytes below 1 MiB, else MB with one decimal."""
    if n < 2**20:
        return tr("{n} 字节", "{n} bytes", n=f"{n:,}")
    return f"{n / 2**20:.1f}".removesuffix(".0") + " MB"


def read_input(path: Path, max_bytes: int) -> bytes:
    """The bytes of a file someone hands us (a bundle, a roster): a regular file of at most
    ``max_bytes``, else InputRefused.

    The file is checked with ``os.stat`` before it is opened (a FIFO would block the open until a
    writer comes, a device like /dev/zero never ends), opened non-blocking in case it was swapped
    since, checked again on the open descriptor, and read no further than the limit — so a file
    growing while it is read is refused too.
    """
    path = Path(path)
    try:
        st = os.stat(path)
    except OSError as e:
        raise InputRefused(path, e.strerror or str(e)) from None
    _check_regular(path, st, max_bytes)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as e:
        raise InputRefused(path, e.strerror or str(e)) from None
    try:
        _check_regular(path, os.fstat(fd), max_bytes)
        chunks: list[bytes] = []
        got = 0
        while got <= max_bytes:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - got))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
    except OSError as e:
        raise InputRefused(path, e.strerror or str(e)) from None
    finally:
        os.close(fd)
    if got > max_bytes:
        raise InputRefused(path, _too_big(got, max_bytes))
    return b"".join(chunks)


def _too_big(size: int, limit: int) -> str:
    return tr(
        "文件有 {s}，超过上限 {m}",
        "it is {s}, over the {m} limit",
        s=size_text(size),
        m=size_text(limit),
    )


def _check_regular(path: Path, st: os.stat_result, max_bytes: int) -> None:
    if stat.S_ISDIR(st.st_mode):
        raise InputRefused(path, tr("这是文件夹，不是文件", "it is a folder, not a file"))
    if not stat.S_ISREG(st.st_mode):
        raise InputRefused(
            path,
            tr(
                "不是普通文件（设备、管道或套接字），不读取",
                "not a regular file (a device, pipe or socket); not read",
            ),
        )
    if st.st_size > max_bytes:
        raise InputRefused(path, _too_big(st.st_size, max_bytes))


def read_json(path: Path) -> Any:
    """The parsed content of ``path`` (raises FileNotFoundError when it is missing)."""
    return parse(path, path.read_bytes())


def remove_stale_tmp(folder: Path) -> None:
    """Temporary files left by a writer killed mid-write; never part of the data."""
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        return
    for entry in entries:
        if entry.name.startswith(TMP_PREFIX) and entry.is_file():
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
