"""Bundles: one versioned JSON file holding a profile (all of it or some kinds), and importing one.

The format is documented in docs/data.md (the cohort report of issue 9 reads it too). Import merges
by record id and revision: a record not here is added, a higher revision replaces ours, the same
revision with the same content changes nothing (so importing twice changes nothing), and the same
revision with different content is a conflict — ours is kept and the conflict reported. A bundle
that is not valid is rejected whole, before anything is written, with the reason.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import orjson

from coach.domain.records import RECORD_TYPES
from coach.i18n import tr
from coach.store import codec, migrations
from coach.store.errors import BundleInvalid, StoreError
from coach.store.jsonfile import damage_at, write_bytes_atomic
from coach.store.layout import KINDS
from coach.store.privacy import NameReplacer, pseudonyms
from coach.store.store import Store

BUNDLE_FORMAT = "coach-bundle"
BUNDLE_VERSION = 1
MAX_BUNDLE_BYTES = 512 * 1024 * 1024
_BAD_ID = re.compile(r"[\x00-\x1f\x7f]")
#: Fields never rewritten when anonymising (identifiers and bookkeeping).
_KEEP = ("id", "rev", "created", "updated")


@dataclass(slots=True)
class ExportReport:
    path: Path
    counts: dict[str, int]
    anonymised_names: int = 0
    replaced: int = 0


@dataclass(slots=True)
class ImportReport:
    added: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    kept_newer: dict[str, int] = field(default_factory=dict)
    conflicts: list[tuple[str, str, int, int]] = field(
        default_factory=list
    )  # kind, id, ours, theirs
    bundle_profile: dict[str, str] = field(default_factory=dict)
    adopted_identity: bool = False

    @property
    def changed(self) -> int:
        return sum(self.added.values()) + sum(self.updated.values())


def parse_only(only: str | Iterable[str] | None) -> list[str]:
    if only is None:
        return list(KINDS)
    items = [s.strip() for s in (only.split(",") if isinstance(only, str) else only) if s.strip()]
    unknown = [k for k in items if k not in KINDS]
    if unknown or not items:
        raise StoreError(
            tr(
                "--only 只能是这些记录类型：{k}（收到 {u}）",
                "--only takes record kinds among: {k} (got {u})",
                k=", ".join(KINDS),
                u=", ".join(unknown) or "nothing",
            )
        )
    return [k for k in KINDS if k in items]


def _app_version() -> str:
    try:
        return metadata.version("coach")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "0"


def build_bundle(
    store: Store,
    *,
    only: str | Iterable[str] | None = None,
    anonymise: bool = False,
    extra_names: Iterable[str] = (),
) -> tuple[dict[str, Any], int, int]:
    """The bundle as data; with the number of names pseudonymised and of places replaced."""
    kinds = parse_only(only)
    replacer = None
    if anonymise:
        names = [d.get("client", "") for d in store.deals.raw_docs()]
        replacer = NameReplacer(pseudonyms(store.secret, [*names, *extra_names]))
    replaced = 0
    records: dict[str, list[dict[str, Any]]] = {}
    for kind in kinds:
        docs = sorted(store.repo(kind).raw_docs(), key=lambda d: (d.get("created", ""), d["id"]))
        if replacer is not None:
            out = []
            for d in docs:
                body, n = replacer.walk({k: v for k, v in d.items() if k not in _KEEP})
                replaced += n
                out.append({**d, **body} if n else d)
            docs = out
        records[kind] = docs
    profile = store.profile
    bundle = {
        "format": BUNDLE_FORMAT,
        "version": BUNDLE_VERSION,
        "exported": datetime.now().astimezone().isoformat(timespec="seconds"),
        "app": {"name": "coach", "version": _app_version()},
        "schema": store.schema,
        "profile": {"id": profile.id, "name": profile.name, "created": profile.created},
        "kinds": kinds,
        "anonymised": anonymise,
        "counts": {k: len(v) for k, v in records.items()},
        "records": records,
    }
    return bundle, (replacer.size if replacer else 0), replaced


def export_bundle(
    store: Store,
    path: Path,
    *,
    only: str | Iterable[str] | None = None,
    anonymise: bool = False,
    extra_names: Iterable[str] = (),
) -> ExportReport:
    bundle, names, replaced = build_bundle(
        store, only=only, anonymise=anonymise, extra_names=extra_names
    )
    path = Path(path)
    write_bytes_atomic(path, orjson.dumps(bundle, option=orjson.OPT_INDENT_2) + b"\n")
    return ExportReport(
        path=path, counts=bundle["counts"], anonymised_names=names, replaced=replaced
    )


# --- reading and checking ---------------------------------------------------------------------


def read_bundle(path: Path, *, max_bytes: int = MAX_BUNDLE_BYTES) -> dict[str, Any]:
    """A bundle file, checked whole: every problem raises BundleInvalid naming the file."""
    path = Path(path)
    try:
        size = os.stat(path).st_size
    except OSError as e:
        raise BundleInvalid(path, e.strerror or str(e)) from None
    if size > max_bytes:
        raise BundleInvalid(
            path,
            tr(
                "文件 {s:.0f} MB，超过上限 {m:.0f} MB",
                "it is {s:.0f} MB, over the {m:.0f} MB limit",
                s=size / 2**20,
                m=max_bytes / 2**20,
            ),
        )
    raw = path.read_bytes()
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as e:
        raise BundleInvalid(path, damage_at(path, raw, e).summary) from None
    problem = bundle_problem(data)
    if problem:
        raise BundleInvalid(path, problem)
    return data


def bundle_problem(data: Any) -> str | None:
    """Why this is not a bundle we can import, or None."""
    if not isinstance(data, dict) or data.get("format") != BUNDLE_FORMAT:
        return tr(
            '不是 coach 数据包（缺少 "format": "coach-bundle"）',
            'not a coach bundle (no "format": "coach-bundle")',
        )
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        return tr("缺少有效的 version", "no valid version")
    if version > BUNDLE_VERSION:
        return tr(
            "数据包版本 {v} 比本程序新（最多 {m}）；请升级 coach",
            "bundle version {v} is newer than this coach reads ({m}); upgrade coach",
            v=version,
            m=BUNDLE_VERSION,
        )
    schema = data.get("schema", 1)
    if not isinstance(schema, int) or schema > migrations.SCHEMA_VERSION:
        return tr(
            "数据版本 {v} 比本程序新；请升级 coach",
            "data version {v} is newer than this coach reads; upgrade coach",
            v=schema,
        )
    prof = data.get("profile")
    if not isinstance(prof, dict) or not all(
        isinstance(prof.get(k), str) and prof.get(k) for k in ("id", "name")
    ):
        return tr("profile 应含 id 和 name", "profile must have an id and a name")
    records = data.get("records")
    if not isinstance(records, dict):
        return tr("records 应是对象", "records must be an object")
    for kind, docs in records.items():
        if kind not in RECORD_TYPES:
            return tr("未知的记录类型 {k}", "unknown record kind {k}", k=kind)
        if not isinstance(docs, list):
            return tr("records.{k} 应是列表", "records.{k} must be a list", k=kind)
        seen: set[str] = set()
        cls = RECORD_TYPES[kind]
        for i, doc in enumerate(docs):
            where = f"records.{kind}[{i}]"
            if not isinstance(doc, dict):
                return tr("{w} 应是对象", "{w} must be an object", w=where)
            rid = doc.get("id")
            if not isinstance(rid, str) or not rid or len(rid) > 200 or _BAD_ID.search(rid):
                return tr("{w} 的 id 无效", "{w} has no valid id", w=where)
            if rid in seen:
                return tr("{w}：id {i} 重复", "{w}: id {i} appears twice", w=where, i=rid)
            seen.add(rid)
            rev = doc.get("rev")
            if not isinstance(rev, int) or isinstance(rev, bool) or rev < 1:
                return tr(
                    "{w}（id {i}）的 rev 应是正整数",
                    "{w} (id {i}): rev must be a positive whole number",
                    w=where,
                    i=rid,
                )
            bad = codec.problems(cls, doc, f"{where} (id {rid})")
            if bad:
                return bad[0]
    return None


# --- merging ----------------------------------------------------------------------------------


def import_bundle(
    store: Store,
    path: Path,
    *,
    max_bytes: int = MAX_BUNDLE_BYTES,
    other_profile: bool = False,
) -> ImportReport:
    """Merge a bundle into the store (see the module docstring); idempotent."""
    data = read_bundle(path, max_bytes=max_bytes)
    report = ImportReport(bundle_profile={k: str(v) for k, v in data["profile"].items()})
    theirs_id = data["profile"]["id"]
    with store.writing():
        if theirs_id != store.profile.id:
            if store.is_empty():
                store.write_profile(id=theirs_id)
                report.adopted_identity = True
            elif not other_profile:
                raise StoreError(
                    tr(
                        "数据包 {p} 属于另一个档案（{n}，id {i}），而这个档案是 {me}；"
                        "确要合并请加 --other-profile",
                        "bundle {p} belongs to another profile ({n}, id {i}), not {me}; add "
                        "--other-profile to merge it anyway",
                        p=path,
                        n=data["profile"]["name"],
                        i=theirs_id,
                        me=store.profile.name,
                    ),
                    Path(path),
                )
        for kind in KINDS:
            docs = data["records"].get(kind)
            if not docs:
                continue
            _merge_kind(store, kind, docs, report)
    return report


def _merge_kind(store: Store, kind: str, docs: list[dict[str, Any]], report: ImportReport) -> None:
    repo = store.repo(kind)
    dec, enc = codec.decoder(repo.cls), codec.encoder(repo.cls)
    ours = repo.fresh_docs(d["id"] for d in docs)
    changes = []
    counts = {"added": 0, "updated": 0, "unchanged": 0, "kept": 0}
    for doc in docs:
        incoming = enc(dec(doc))  # normalised: same field order and defaults as ours
        mine = ours.get(doc["id"])
        if mine is None:
            changes.append(incoming)
            counts["added"] += 1
            continue
        my_rev = mine.get("rev", 0)
        if incoming["rev"] > my_rev:
            changes.append(incoming)
            counts["updated"] += 1
        elif incoming["rev"] < my_rev:
            counts["kept"] += 1
        elif incoming == mine:
            counts["unchanged"] += 1
        else:
            report.conflicts.append((kind, doc["id"], my_rev, incoming["rev"]))
    repo.put_docs(changes)
    for name, store_in in (
        ("added", report.added),
        ("updated", report.updated),
        ("unchanged", report.unchanged),
        ("kept", report.kept_newer),
    ):
        if counts[name]:
            store_in[kind] = counts[name]
