"""Profiles: one folder per person under the data root, with a stable id beside the display name."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coach.i18n import tr
from coach.store.errors import StoreDamaged, StoreError
from coach.store.jsonfile import read_json
from coach.store.layout import BACKUP_DIR, PROFILE_FILE, data_files

PROFILE_FORMAT = "coach-profile"
_BAD_NAME = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')


@dataclass(frozen=True, slots=True)
class Profile:
    """Who a store belongs to: ``id`` is a UUID made at creation and never changes."""

    id: str
    name: str
    created: str


def check_name(name: str) -> str:
    """A profile name usable as a folder name on every platform (Chinese is fine)."""
    clean = name.strip()
    if (
        not clean
        or clean in (".", "..")
        or clean.startswith(".")
        or clean.endswith(".")
        or len(clean) > 64
        or _BAD_NAME.search(clean)
    ):
        raise StoreError(
            tr(
                '档案名 {n!r} 不可用：1–64 个字符，不能以点开头或结尾，不能含 / \\ : * ? " < > |',
                "profile name {n!r} cannot be used: 1–64 characters, not starting or ending with "
                'a dot, none of / \\ : * ? " < > |',
                n=name,
            )
        )
    return clean


def profile_dir(data_root: Path, name: str) -> Path:
    return Path(data_root) / check_name(name)


def new_profile_data(name: str, created: str, schema: int) -> dict[str, Any]:
    return {
        "format": PROFILE_FORMAT,
        "schema": schema,
        "id": str(uuid.uuid4()),
        "name": name,
        "created": created,
        "secret": uuid.uuid4().hex,  # salt of the stable client pseudonyms; never exported
    }


def read_profile_data(path: Path) -> dict[str, Any]:
    """profile.json, checked for shape (a damaged one is reported with its position)."""
    file = path / PROFILE_FILE
    data = read_json(file)
    if not isinstance(data, dict) or data.get("format") != PROFILE_FORMAT:
        raise StoreDamaged(file, tr("不是 coach 档案文件", "not a coach profile file"))
    for key, typ in (("schema", int), ("id", str), ("name", str)):
        if not isinstance(data.get(key), typ) or isinstance(data.get(key), bool):
            raise StoreDamaged(
                file,
                tr("字段 {k} 缺失或类型不对", "field {k} is missing or of the wrong type", k=key),
            )
    return data


def identity_lost(folder: Path) -> bool:
    """Records or backups in a folder without profile.json: its identity was lost (the file
    deleted or moved), not never made."""
    if (folder / PROFILE_FILE).is_file():
        return False
    if data_files(folder):
        return True
    root = folder / BACKUP_DIR
    return root.is_dir() and any(p.is_dir() and not p.name.startswith(".") for p in root.iterdir())


def profile_of(data: dict[str, Any]) -> Profile:
    return Profile(id=data["id"], name=data["name"], created=str(data.get("created", "")))


def list_profiles(data_root: Path) -> list[Profile]:
    """Every profile under the root (a damaged one — or one whose profile.json is gone while its
    records remain — is listed by folder name with an empty id)."""
    root = Path(data_root)
    if not root.is_dir():
        return []
    out = []
    for folder in sorted(root.iterdir()):
        if not (folder / PROFILE_FILE).is_file():
            if folder.is_dir() and identity_lost(folder):  # shown as damaged, not hidden
                out.append(Profile(id="", name=folder.name, created=""))
            continue
        try:
            out.append(profile_of(read_profile_data(folder)))
        except (StoreError, OSError):
            out.append(Profile(id="", name=folder.name, created=""))
    return out
