"""Checked content in compact form: cheap to write, to read, and to hold before it is used.

The cache holds, per file, the diagnostics, the facts other files are checked against (ids,
references, which languages texts have: plain tuples) and each case as a small ``marshal`` blob
of its encoding (`coach.content.codec`) beside its light *head* (what a listing shows). A case
is rebuilt only when something asks for it: `LazyCases` is the mapping ``ContentIndex.cases``
uses, `LazyHeads` the one ``ContentIndex.heads`` uses.
"""

from __future__ import annotations

import marshal
import pickle
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from coach.content.codec import FORMAT, CaseHead, dec_head, decode_case
from coach.content.diagnostics import Diagnostic
from coach.domain.content import Bank, Case, Curriculum, Framework

if TYPE_CHECKING:  # the checker (and YAML) load only when a file is checked, not from the cache
    from coach.content.schema import FileResult

# -- the lazy mappings -------------------------------------------------------------------------


class LazyCases(Mapping[str, Case]):
    """Cases by id, each rebuilt from its blob the first time it is asked for, then kept."""

    __slots__ = ("_done", "_entries")

    def __init__(self) -> None:
        self._entries: dict[str, tuple | bytes] = {}  # the encoding or its marshal blob
        self._done: dict[str, Case] = {}

    def add(self, cid: str, payload: tuple | bytes) -> None:
        """Keep the first case of an id, as a dict's ``setdefault`` would."""
        if cid not in self._entries:
            self._entries[cid] = payload

    def __getitem__(self, cid: str) -> Case:
        case = self._done.get(cid)
        if case is None:
            case = decode_case(self.encoded(cid))
            self._done[cid] = case
        return case

    def encoded(self, cid: str) -> tuple:
        """The case as `coach.content.codec` encodes it: for reading a few fields of many cases
        (search) without building them all."""
        payload = self._entries[cid]
        return payload if type(payload) is tuple else marshal.loads(payload)

    def __contains__(self, cid: object) -> bool:
        return cid in self._entries

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __repr__(self) -> str:
        return f"<LazyCases: {len(self)} cases, {len(self._done)} read>"


class LazyHeads(Mapping[str, CaseHead]):
    """Case heads by id, decoded on first access (a listing of every case decodes them all)."""

    __slots__ = ("_done", "_entries")

    def __init__(self) -> None:
        self._entries: dict[str, tuple | CaseHead] = {}
        self._done: dict[str, CaseHead] = {}

    def add(self, cid: str, head: tuple | CaseHead) -> None:
        if cid not in self._entries:
            self._entries[cid] = head

    def __getitem__(self, cid: str) -> CaseHead:
        head = self._done.get(cid)
        if head is None:
            raw = self._entries[cid]
            head = raw if isinstance(raw, CaseHead) else dec_head(raw)
            self._done[cid] = head
        return head

    def __contains__(self, cid: object) -> bool:
        return cid in self._entries

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)


# -- one file's result -------------------------------------------------------------------------


@dataclass(slots=True)
class FileRecord:
    """One file's checked result in compact form, as the index is assembled from it.

    ``diags``, ``ids``, ``refs`` and ``texts`` are plain tuples (see `coach.content.schema`);
    ``cases`` holds (id, encoded head, case) with the case encoded or as its blob; ``blobs`` the
    blobs to write to the cache, when they were made.
    """

    path: str
    kind: str = ""
    diags: list[Diagnostic] = field(default_factory=list)
    ids: list[tuple] = field(default_factory=list)
    refs: list[tuple] = field(default_factory=list)
    texts: list[tuple] = field(default_factory=list)  # (scope, langs, (line, col, line, …))
    frameworks: list[Framework] = field(default_factory=list)
    bank: Bank | None = None
    bank_has_title: bool = False
    curricula: list[Curriculum] = field(default_factory=list)
    cases: list[tuple] = field(default_factory=list)
    blobs: list[bytes] | None = None


def record_of(result: FileResult, *, encode: bool) -> FileRecord:
    """The compact record of a freshly checked file; ``encode``: also make the cache's blobs."""
    cases = [(enc[0][0], enc[0], enc) for enc in result.cases]
    blobs = [marshal.dumps(enc) for enc in result.cases] if encode else None
    return FileRecord(
        path=result.path,
        kind=result.kind,
        diags=result.diags,
        ids=result.ids,
        refs=result.refs,
        texts=[
            (scope, tuple(sorted(langs)), tuple(where))
            for (scope, langs), where in result.texts.items()
        ],
        frameworks=result.frameworks,
        bank=result.bank,
        bank_has_title=result.bank_has_title,
        curricula=result.curricula,
        cases=cases,
        blobs=blobs,
    )


def dump_record(rec: FileRecord, key: tuple) -> bytes:
    """The cache entry of a record made with ``encode=True``: marshal throughout, except the
    file's few frameworks, bank and curricula, pickled as one small blob."""
    assert rec.blobs is not None
    others = pickle.dumps(
        (rec.frameworks, rec.bank, rec.bank_has_title, rec.curricula), pickle.HIGHEST_PROTOCOL
    )
    cases = tuple(
        (cid, head, blob) for (cid, head, _), blob in zip(rec.cases, rec.blobs, strict=True)
    )
    diags = tuple((d.path, d.line, d.col, d.severity, d.message) for d in rec.diags)
    return marshal.dumps(
        (FORMAT, key, rec.path, rec.kind, diags, tuple(rec.ids), tuple(rec.refs),
         tuple(rec.texts), others, cases)
    )  # fmt: skip


def load_record(data: bytes, key: tuple | None) -> FileRecord | None:
    """The record of a cache entry, or None when it is stale (``key`` differs) or damaged."""
    try:
        fmt, stored, path, kind, diags, ids, refs, texts, others, cases = marshal.loads(data)
        if fmt != FORMAT or (key is not None and stored != key):
            return None
        frameworks, bank, bank_has_title, curricula = pickle.loads(others)
    except Exception:  # a damaged entry is simply rebuilt
        return None
    return FileRecord(
        path,
        kind,
        [Diagnostic(*d) for d in diags],
        ids,
        refs,
        texts,
        frameworks,
        bank,
        bank_has_title,
        curricula,
        cases,
    )
