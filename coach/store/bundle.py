"""Bundles: one versioned JSON file holding a profile (all of it or some kinds), and importing one.

The format is documented in docs/data.md (the cohort report of issue 9 reads it too). Import merges
by record id and revision: a record not here is added, a higher revision replaces ours, the same
revision with the same content changes nothing (so importing twice changes nothing), and the same
revision with different content is a conflict — ours is kept and the conflict reported. A bundle
that is not valid is rejected whole, before anything is written, with the reason.
"""

from __future__ import annotations

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
from coach.store.codec import MAX_REV
from coach.store.display import printable
from coach.store.errors import BundleInvalid, InputRefused, StoreDamaged, StoreError
from coach.store.jsonfile import damage_at, read_input, write_bytes_atomic
from coach.store.layout import KINDS
from coach.store.privacy import NameReplacer, pseudonyms
from coach.store.store import Store

BUNDLE_FORMAT = "coach-bundle"
BUNDLE_VERSION = 1
#: Limits of what a bundle may be, all checked before anything of it is written (docs/data.md).
MAX_BUNDLE_BYTES = 512 * 1024 * 1024
#: Nesting of objects and lists, counted from the bundle's top level (a record sits at level 3
#: and is itself a few levels deep). Far below what the store's writer takes (255), so whatever
#: a bundle brings in can be written back — and any reader's recursion stays shallow.
MAX_DEPTH = 64
#: The longest record or profile id.
MAX_ID = 200
#: Ids hold no control, format or separator character (C0, DEL, C1, bidi overrides, zero-width).
_BAD_ID = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")
_BOM = b"\xef\xbb\xbf"
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
        repo = store.repo(kind)
        docs = sorted(repo.raw_docs(), key=lambda d: (str(d.get("created", "")), str(d.get("id"))))
        _check_exportable(repo, kind, docs)
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


def _check_exportable(repo: Any, kind: str, docs: list[dict[str, Any]]) -> None:
    """Every record passes the checks ``import`` makes, or StoreDamaged names its store file and
    the record: a bundle is never written that ``coach import`` would refuse."""
    seen: set[str] = set()
    for i, doc in enumerate(docs):
        problem = doc_problem(kind, i, doc, seen)
        if problem is None and too_deep(doc, MAX_DEPTH - 3):  # records.<kind>[i] are 3 levels
            problem = tr("嵌套超过 {m} 层", "nested more than {m} levels deep", m=MAX_DEPTH - 3)
        if problem:
            rid = doc.get("id") if isinstance(doc, dict) else None
            path = repo.path_of(rid) if isinstance(rid, str) else repo.path_of("")
            raise StoreDamaged(
                path,
                tr(
                    "记录 {i} 无法导出：{p}",
                    "record {i} cannot be exported: {p}",
                    i=rid,
                    p=problem,
                ),
            )


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
    """A bundle file, checked whole: every problem raises BundleInvalid naming the file.

    Only a regular file is read (a FIFO or a device is refused before it is opened), no more
    than ``max_bytes`` of it; a UTF-8 byte-order mark (Notepad's) is allowed; nesting deeper
    than MAX_DEPTH and revisions past MAX_REV are refused (see ``bundle_problem``).
    """
    path = Path(path)
    try:
        raw = read_input(path, max_bytes)
    except InputRefused as e:
        raise BundleInvalid(path, e.reason) from None
    body = raw[len(_BOM) :] if raw.startswith(_BOM) else raw
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError as e:
        raise BundleInvalid(path, damage_at(path, body, e).summary) from None
    problem = bundle_problem(data)
    if problem:
        raise BundleInvalid(path, problem)
    return data


def too_deep(value: Any, limit: int = MAX_DEPTH) -> bool:
    """Whether objects and lists nest more than ``limit`` levels (the top one is level 1)."""
    stack = [(value, 1)]
    while stack:
        v, depth = stack.pop()
        if isinstance(v, dict):
            items: Iterable[Any] = v.values()
        elif isinstance(v, list):
            items = v
        else:
            continue
        if depth > limit:
            return True
        stack.extend((x, depth + 1) for x in items if isinstance(x, dict | list))
    return False


def _bad_id(value: Any) -> bool:
    return (
        not isinstance(value, str)
        or not value
        or len(value) > MAX_ID
        or bool(_BAD_ID.search(value))
    )


def bundle_problem(data: Any) -> str | None:
    """Why this is not a bundle we can import, or None."""
    if not isinstance(data, dict) or data.get("format") != BUNDLE_FORMAT:
        return tr(
            '不是 coach 数据包（缺少 "format": "coach-bundle"）',
            'not a coach bundle (no "format": "coach-bundle")',
        )
    if too_deep(data):
        return tr(
            "嵌套超过 {m} 层（对象套对象、列表套列表）",
            "nested more than {m} levels deep (objects or lists inside each other)",
            m=MAX_DEPTH,
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
    if _bad_id(prof["id"]):
        return tr(
            "profile 的 id 无效（1–{m} 个字符，不含控制字符）",
            "the profile id is not valid (1–{m} characters, no control characters)",
            m=MAX_ID,
        )
    if not isinstance(prof.get("created", ""), str):
        return tr("profile.created 应是文本", "profile.created must be text")
    records = data.get("records")
    if not isinstance(records, dict):
        return tr("records 应是对象", "records must be an object")
    for kind, docs in records.items():
        if kind not in RECORD_TYPES:
            return tr("未知的记录类型 {k}", "unknown record kind {k}", k=kind)
        if not isinstance(docs, list):
            return tr("records.{k} 应是列表", "records.{k} must be a list", k=kind)
        seen: set[str] = set()
        for i, doc in enumerate(docs):
            problem = doc_problem(kind, i, doc, seen)
            if problem:
                return problem
    return None


def doc_problem(kind: str, i: int, doc: Any, seen: set[str]) -> str | None:
    """Why ``doc``, the i-th of ``kind`` in a bundle, cannot be imported, or None; ``seen``
    collects the ids so far (an id twice is a problem)."""
    where = f"records.{kind}[{i}]"
    if not isinstance(doc, dict):
        return tr("{w} 应是对象", "{w} must be an object", w=where)
    rid = doc.get("id")
    if _bad_id(rid):
        return tr("{w} 的 id 无效", "{w} has no valid id", w=where)
    if rid in seen:
        return tr("{w}：id {i} 重复", "{w}: id {i} appears twice", w=where, i=rid)
    seen.add(rid)
    rev = doc.get("rev")
    if type(rev) is not int or not 1 <= rev <= MAX_REV:
        return tr(
            "{w}（id {i}）的 rev 应是 1 到 {m} 之间的整数",
            "{w} (id {i}): rev must be a whole number from 1 to {m}",
            w=where,
            i=rid,
            m=MAX_REV,
        )
    bad = codec.problems(RECORD_TYPES[kind], doc, f"{where} (id {rid})")
    return bad[0] if bad else None


# --- merging ----------------------------------------------------------------------------------


def import_bundle(
    store: Store,
    path: Path,
    *,
    max_bytes: int = MAX_BUNDLE_BYTES,
    other_profile: bool = False,
) -> ImportReport:
    """Merge a bundle into the store (see the module docstring); idempotent.

    Everything is read and checked first — the bundle whole, then every record against ours —
    and only then written: the profile id (an empty profile takes the bundle's), then the
    records kind by kind."""
    data = read_bundle(path, max_bytes=max_bytes)
    report = ImportReport(bundle_profile={k: str(v) for k, v in data["profile"].items()})
    theirs_id = data["profile"]["id"]
    with store.writing():
        adopt = False
        if theirs_id != store.profile.id:
            if store.is_empty():
                adopt = True
            elif not other_profile:
                raise StoreError(
                    tr(
                        "数据包 {p} 属于另一个档案（{n}，id {i}），而这个档案是 {me}；"
                        "确要合并请加 --other-profile",
                        "bundle {p} belongs to another profile ({n}, id {i}), not {me}; add "
                        "--other-profile to merge it anyway",
                        p=printable(path, limit=None),
                        n=printable(data["profile"]["name"]),
                        i=theirs_id,
                        me=store.profile.name,
                    ),
                    Path(path),
                )
        planned = [
            (kind, _plan_kind(store, kind, docs, report))
            for kind in KINDS
            if (docs := data["records"].get(kind))
        ]
        if adopt:
            store.write_profile(id=theirs_id)
            report.adopted_identity = True
        for kind, changes in planned:
            store.repo(kind).put_docs(changes)
    return report


def _plan_kind(
    store: Store, kind: str, docs: list[dict[str, Any]], report: ImportReport
) -> list[dict[str, Any]]:
    """The documents of ``kind`` to write (nothing is written here); counts go in ``report``."""
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
        if type(my_rev) is not int:
            raise StoreDamaged(
                repo.path_of(doc["id"]),
                tr("记录 {i}：rev {r!r}", "record {i}: rev {r!r}", i=doc["id"], r=my_rev),
                backup=store.newest_good_backup(),
            )
        if incoming["rev"] > my_rev:
            changes.append(incoming)
            counts["updated"] += 1
        elif incoming["rev"] < my_rev:
            counts["kept"] += 1
        elif incoming == mine:
            counts["unchanged"] += 1
        else:
            report.conflicts.append((kind, doc["id"], my_rev, incoming["rev"]))
    for name, store_in in (
        ("added", report.added),
        ("updated", report.updated),
        ("unchanged", report.unchanged),
        ("kept", report.kept_newer),
    ):
        if counts[name]:
            store_in[kind] = counts[name]
    return changes
