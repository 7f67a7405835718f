"""A classroom's own data root: one folder per trainee profile, the gate's throttle and its
audit log, created 0700 and marked so that ``coach serve`` never runs on personal profiles.

No Textual here: the gate screen, the server and the instructor's commands all use it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import orjson

from coach.i18n import tr

MARKER = "classroom.json"
MARKER_FORMAT = "coach-classroom/1"
THROTTLE_FILE = "gate-throttle.json"
AUDIT_FILE = "audit.jsonl"


class ClassroomError(Exception):
    """A class folder that cannot be used, with a one-line reason."""


def _private_dir(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if stat.S_IMODE(path.stat().st_mode) != 0o700:
        os.chmod(path, 0o700)


def prepare_class_root(path: str | os.PathLike[str], *, personal_root: Path | None = None) -> Path:
    """The class folder, created 0700 and marked; refused when it holds personal profiles.

    A folder is a classroom when it carries ``classroom.json``, or when it is new or empty.
    The instructor's own data root (``personal_root``) is never one.
    """
    root = Path(path).expanduser().resolve()
    if personal_root is not None and root == Path(personal_root).expanduser().resolve():
        raise ClassroomError(
            tr(
                "{d} 是你自己的数据目录；课堂要用单独的文件夹（--class DIR）",
                "{d} is your own data root; a classroom needs a folder of its own (--class DIR)",
                d=root,
            )
        )
    marker = root / MARKER
    if root.exists() and not root.is_dir():
        raise ClassroomError(tr("{d} 不是文件夹", "{d} is not a folder", d=root))
    if root.is_dir() and not marker.is_file() and any(root.iterdir()):
        raise ClassroomError(
            tr(
                "{d} 已有内容但不是课堂文件夹（没有 {m}）；请用新的空文件夹",
                "{d} is not empty and is no class folder (no {m}); use a new, empty folder",
                d=root,
                m=MARKER,
            )
        )
    try:
        _private_dir(root)
        if not marker.is_file():
            fd = os.open(marker, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(orjson.dumps({"format": MARKER_FORMAT}))
    except OSError as e:
        raise ClassroomError(
            tr(
                "无法准备课堂文件夹 {d}：{e}",
                "cannot prepare the class folder {d}: {e}",
                d=root,
                e=e.strerror or e,
            )
        ) from None
    return root


def is_class_root(path: Path) -> bool:
    return (Path(path) / MARKER).is_file()
