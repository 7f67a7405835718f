"""Where each record kind lives inside a profile folder, and which file holds a given id.

Large kinds are split into many small files by a hash of the record id, so saving one record
rewrites one small file (100,000 deals -> 256 files of ~400 records each). Drafts are kept apart
from finished records so a burst of keystroke saves never rewrites finished work.
Changing these numbers changes where records are found: it needs a migration.
"""

from __future__ import annotations

import zlib
from pathlib import Path

from coach.domain.records import RECORD_TYPES

PROFILE_FILE = "profile.json"
LOCK_FILE = ".lock"
BACKUP_DIR = "backups"

SHARDS: dict[str, int] = {
    "attempts": 256,
    "deals": 256,
    "reviews": 16,
    "actions": 16,
    "lessons": 16,
    "drafts": 16,
    "settings": 1,
    "grades": 16,  # an instructor's grades (or a trainee's returned ones)
}
KINDS: tuple[str, ...] = tuple(SHARDS)
assert set(KINDS) == set(RECORD_TYPES), "every record kind needs a place in the store"


def shard_of(record_id: str, shards: int) -> int:
    return zlib.crc32(record_id.encode("utf-8", "surrogatepass")) % shards if shards > 1 else 0


def shard_name(shard: int) -> str:
    return f"{shard:02x}.json"


def shard_path(profile_dir: Path, kind: str, shard: int) -> Path:
    return profile_dir / kind / shard_name(shard)


def data_files(profile_dir: Path) -> list[Path]:
    """Every data file of a profile that exists (profile.json first), in a stable order."""
    out = []
    if (profile_dir / PROFILE_FILE).is_file():
        out.append(profile_dir / PROFILE_FILE)
    for kind in KINDS:
        folder = profile_dir / kind
        if folder.is_dir():
            out.extend(
                sorted(
                    p
                    for p in folder.iterdir()
                    if p.suffix == ".json" and not p.name.startswith(".")
                )
            )
    return out
