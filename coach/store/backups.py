"""Dated backup copies of a profile folder: before migrations, once a day, on request.

A backup is a folder ``backups/<YYYYMMDD-HHMMSS>-<reason>/`` holding copies of every data file and a
``backup.json`` manifest that says whether every file parsed (a backup taken of damaged data is kept
but marked, and never counted as "good"). The last ``KEEP`` backups are kept, and always the newest
good one, so days of opening a damaged store cannot rotate away the copy that would save it.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

from coach.i18n import tr
from coach.store.errors import StoreDamaged, StoreError
from coach.store.jsonfile import (
    TMP_PREFIX,
    ensure_dir,
    fsync_dir,
    parse,
    write_bytes_atomic,
    write_json_atomic,
)
from coach.store.layout import BACKUP_DIR, PROFILE_FILE, data_files
from coach.store.storage import check_records, check_shape

KEEP = 7
MANIFEST = "backup.json"


@dataclass(slots=True)
class BackupInfo:
    name: str
    path: Path
    created: str
    reason: str
    schema: int | None
    good: bool
    problems: list[str] = field(default_factory=list)
    files: int = 0


def backup_root(profile_dir: Path) -> Path:
    return profile_dir / BACKUP_DIR


def check_file(path: Path, raw: bytes) -> str | None:
    """Why this data file is damaged (not JSON, the wrong shape, a record of the wrong types —
    whatever reading it back would refuse), or None."""
    try:
        data = parse(path, raw)
        if path.name != PROFILE_FILE:
            check_shape(path, data)
            check_records(path, data)
    except StoreDamaged as e:
        return e.summary
    return None


def make_backup(profile_dir: Path, reason: str, schema: int | None) -> BackupInfo:
    """Copy every data file into a new dated backup folder, then prune old ones."""
    root = backup_root(profile_dir)
    ensure_dir(root)
    now = datetime.now().astimezone()
    base = f"{now:%Y%m%d-%H%M%S}-{reason}"
    name, n = base, 1
    while (root / name).exists():
        n += 1
        name = f"{base}-{n}"
    tmp = root / f"{TMP_PREFIX}{name}"
    problems: list[str] = []
    files = 0
    try:
        for src in data_files(profile_dir):
            raw = src.read_bytes()
            why = check_file(src, raw)
            if why:
                problems.append(why)
            write_bytes_atomic(tmp / src.relative_to(profile_dir), raw)
            files += 1
        manifest = {
            "created": now.isoformat(timespec="seconds"),
            "reason": reason,
            "schema": schema,
            "good": not problems,
            "problems": problems,
            "files": files,
        }
        write_json_atomic(tmp / MANIFEST, manifest)
        os.rename(tmp, root / name)
        fsync_dir(root)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    prune(profile_dir)
    return _info(root / name)


def _info(folder: Path) -> BackupInfo:
    try:
        m: dict[str, Any] = orjson.loads((folder / MANIFEST).read_bytes())
        if not isinstance(m, dict):
            raise ValueError
    except (OSError, ValueError):
        m = {"good": False, "problems": [tr("缺少备份说明文件", "the backup manifest is missing")]}
    return BackupInfo(
        name=folder.name,
        path=folder,
        created=str(m.get("created", "")),
        reason=str(m.get("reason", "")),
        schema=m.get("schema") if isinstance(m.get("schema"), int) else None,
        good=bool(m.get("good")),
        problems=[str(p) for p in m.get("problems", [])],
        files=int(m.get("files", 0) or 0),
    )


def list_backups(profile_dir: Path) -> list[BackupInfo]:
    """Every finished backup, newest first."""
    root = backup_root(profile_dir)
    if not root.is_dir():
        return []
    names = sorted(
        (p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")),
        key=lambda p: p.name,
        reverse=True,
    )
    return [_info(p) for p in names]


def newest_good(profile_dir: Path) -> BackupInfo | None:
    return next((b for b in list_backups(profile_dir) if b.good), None)


def prune(profile_dir: Path, keep: int = KEEP) -> list[str]:
    """Delete all but the newest ``keep`` backups (and the newest good one); returns the names."""
    backups = list_backups(profile_dir)
    good = next((b for b in backups if b.good), None)
    removed = []
    for b in backups[keep:]:
        if good is not None and b.name == good.name:
            continue
        shutil.rmtree(b.path, ignore_errors=True)
        removed.append(b.name)
    root = backup_root(profile_dir)
    for p in root.glob(f"{TMP_PREFIX}*"):
        shutil.rmtree(p, ignore_errors=True)
    return removed


def due_today(profile_dir: Path) -> bool:
    today = datetime.now().astimezone().strftime("%Y%m%d")
    return not any(b.name.startswith(today) for b in list_backups(profile_dir))


def find_backup(profile_dir: Path, name: str) -> BackupInfo:
    for b in list_backups(profile_dir):
        if b.name == name or (name and b.name.startswith(name)):
            return b
    raise StoreError(
        tr(
            "没有名为 {n} 的备份（{p}）；用 `coach restore` 查看列表",
            "no backup named {n} in {p}; run `coach restore` to list them",
            n=name,
            p=backup_root(profile_dir),
        ),
        backup_root(profile_dir),
    )


def restore_files(profile_dir: Path, backup: BackupInfo) -> int:
    """Put the backup's data files in place (each write atomic); live files it lacks are removed.

    The caller holds the write lock and has taken a backup of the current state first.
    """
    wanted = {p.relative_to(backup.path) for p in data_files(backup.path)}
    current = {p.relative_to(profile_dir) for p in data_files(profile_dir)}
    for rel in sorted(wanted):
        write_bytes_atomic(profile_dir / rel, (backup.path / rel).read_bytes())
    for rel in sorted(current - wanted):
        if rel.name != PROFILE_FILE:
            (profile_dir / rel).unlink(missing_ok=True)
    return len(wanted)
