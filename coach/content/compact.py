"""A compact form of checked content, cheap to write, to read and to hold before it is used.

A large bank's cases are thousands of frozen dataclasses, and rebuilding each one (by pickle or
otherwise) costs Python code per object. So the cache holds each case as a small ``marshal`` blob
of plain tuples, beside its light *head* (what a listing shows), and a case is rebuilt only when
something asks for it: `LazyCases` is the mapping ``ContentIndex.cases`` uses.

The encoding mirrors `coach.domain.content` field by field; ``decode_case(encode_case(c)) == c``
(tests/content/test_compact.py). Raise ``FORMAT`` whenever the encoding changes.
"""

from __future__ import annotations

import marshal
import pickle
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from coach.content.diagnostics import Diagnostic
from coach.content.reader import new_text
from coach.content.schema import FileResult
from coach.domain.content import (
    AvoidPhrase,
    Bank,
    Case,
    Chart,
    Criterion,
    Curriculum,
    Exhibit,
    Framework,
    KeyPoint,
    Keyword,
    Level,
    Loc,
    MustSay,
    Question,
)
from coach.domain.text import LText

FORMAT = 1


# -- localised text ----------------------------------------------------------------------------


def enc_text(t: LText) -> Any:
    """A plain text as str, per-language text as a dict, empty text as None."""
    if not t.by_lang:
        return t.plain
    if t.plain is None:
        return dict(t.by_lang)
    return (dict(t.by_lang), t.plain)


def dec_text(v: Any) -> LText:
    if v is None:
        return LText()
    if type(v) is str:
        return new_text({}, v)
    if type(v) is dict:
        return new_text(v)
    return new_text(v[0], v[1])


def _enc_texts(ts: tuple[LText, ...]) -> tuple:
    return tuple(enc_text(t) for t in ts)


def _dec_texts(vs: tuple) -> tuple[LText, ...]:
    return tuple(dec_text(v) for v in vs)


def _enc_cell(c: object) -> object:
    # A cell in both languages becomes a 1-tuple: no other cell is a tuple.
    return (enc_text(c),) if isinstance(c, LText) else c


def _dec_cell(c: object) -> object:
    return dec_text(c[0]) if type(c) is tuple else c  # type: ignore[index]


# -- a case ------------------------------------------------------------------------------------


class CaseHead(NamedTuple):
    """What a listing of cases needs, without the case itself."""

    id: str
    module: str
    title: LText
    summary: LText
    tags: tuple[str, ...]
    framework: str | None
    bank: str
    minutes: int
    difficulty: int


def enc_head(c: Case) -> tuple:
    return (
        c.id, c.module, enc_text(c.title), enc_text(c.summary), c.tags, c.framework, c.bank,
        c.minutes, c.difficulty,
    )  # fmt: skip


def dec_head(v: tuple) -> CaseHead:
    cid, module, title, summary, tags, framework, bank, minutes, difficulty = v
    return CaseHead(
        cid, module, dec_text(title), dec_text(summary), tags, framework, bank, minutes, difficulty
    )


def head_of(c: Case) -> CaseHead:
    return CaseHead(
        c.id, c.module, c.title, c.summary, c.tags, c.framework, c.bank, c.minutes, c.difficulty
    )


def encode_case(c: Case) -> tuple:
    """Plain tuples, dicts, strings and numbers only: what ``marshal`` writes."""
    return (
        enc_head(c),
        enc_text(c.background),
        tuple(
            (
                e.id,
                enc_text(e.title),
                _enc_texts(e.columns),
                tuple(tuple(_enc_cell(x) for x in row) for row in e.rows),
                None if e.chart is None else (e.chart.type, e.chart.x, e.chart.y),
                enc_text(e.note),
            )
            for e in c.exhibits
        ),
        tuple(
            (q.id, q.step, enc_text(q.prompt), _enc_texts(q.hints), q.input) for q in c.questions
        ),
        tuple(
            (
                k.id,
                enc_text(k.text),
                tuple(w.terms for w in k.keywords),
                k.weight,
                k.question,
                enc_text(k.feedback_hit),
                enc_text(k.feedback_missed),
            )
            for k in c.key_points
        ),
        tuple(
            (
                r.id,
                enc_text(r.title),
                r.weight,
                r.covers,
                tuple((lv.score, enc_text(lv.text)) for lv in r.levels),
            )
            for r in c.rubric
        ),
        tuple(
            (a.phrase, a.penalty, enc_text(a.reason), a.rule, a.allow, a.source) for a in c.avoid
        ),
        tuple((m.id, m.phrases, enc_text(m.reason), m.rule, m.question) for m in c.must_say),
        enc_text(c.teaching_note),
        {qid: enc_text(t) for qid, t in c.model_answer.items()},
        c.hints_in_practice,
        c.content_hash,
        None if c.loc is None else (c.loc.path, c.loc.line, c.loc.col),
    )


def decode_case(v: tuple) -> Case:
    (head, background, exhibits, questions, key_points, rubric, avoid, must_say, teaching,
     model, hints, content_hash, loc) = v  # fmt: skip
    cid, module, title, summary, tags, framework, bank, minutes, difficulty = head
    return Case(
        id=cid,
        module=module,
        title=dec_text(title),
        summary=dec_text(summary),
        background=dec_text(background),
        exhibits=tuple(
            Exhibit(
                eid,
                dec_text(etitle),
                _dec_texts(columns),
                tuple(tuple(_dec_cell(x) for x in row) for row in rows),
                None if chart is None else Chart(*chart),
                dec_text(note),
            )
            for eid, etitle, columns, rows, chart, note in exhibits
        ),
        questions=tuple(
            Question(qid, step, dec_text(prompt), _dec_texts(qhints), kind)
            for qid, step, prompt, qhints, kind in questions
        ),
        key_points=tuple(
            KeyPoint(
                kid,
                dec_text(text),
                tuple(Keyword(terms) for terms in keywords),
                weight,
                question,
                dec_text(hit),
                dec_text(missed),
            )
            for kid, text, keywords, weight, question, hit, missed in key_points
        ),
        rubric=tuple(
            Criterion(
                rid,
                dec_text(rtitle),
                weight,
                covers,
                tuple(Level(score, dec_text(text)) for score, text in levels),
            )
            for rid, rtitle, weight, covers, levels in rubric
        ),
        avoid=tuple(
            AvoidPhrase(phrase, penalty, dec_text(reason), rule, allow, source)
            for phrase, penalty, reason, rule, allow, source in avoid
        ),
        must_say=tuple(
            MustSay(mid, phrases, dec_text(reason), rule, question)
            for mid, phrases, reason, rule, question in must_say
        ),
        teaching_note=dec_text(teaching),
        model_answer={qid: dec_text(t) for qid, t in model.items()},
        hints_in_practice=hints,
        tags=tags,
        difficulty=difficulty,
        minutes=minutes,
        framework=framework,
        bank=bank,
        content_hash=content_hash,
        loc=None if loc is None else Loc(*loc),
    )


def case_blob(c: Case) -> bytes:
    return marshal.dumps(encode_case(c))


def case_from_blob(blob: bytes) -> Case:
    return decode_case(marshal.loads(blob))


# -- the lazy mappings -------------------------------------------------------------------------

#: One case as held before use: its id, its encoded head, and the case or its blob.
Entry = tuple[str, tuple, "Case | bytes"]


class LazyCases(Mapping[str, Case]):
    """Cases by id, each rebuilt from its blob the first time it is asked for, then kept."""

    __slots__ = ("_done", "_entries")

    def __init__(self) -> None:
        self._entries: dict[str, Case | bytes] = {}
        self._done: dict[str, Case] = {}

    def add(self, cid: str, payload: Case | bytes) -> None:
        """Keep the first case of an id, as a dict's ``setdefault`` would."""
        if cid not in self._entries:
            self._entries[cid] = payload

    def __getitem__(self, cid: str) -> Case:
        case = self._done.get(cid)
        if case is None:
            payload = self._entries[cid]
            case = payload if isinstance(payload, Case) else case_from_blob(payload)
            self._done[cid] = case
        return case

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
    ``cases`` holds (id, head, case) with the case as a `Case` or as its blob; ``blobs`` the
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
    cases: list[tuple] = []
    blobs: list[bytes] | None = None
    if encode:
        blobs = []
        for c in result.cases:
            enc = encode_case(c)
            cases.append((c.id, enc[0], c))
            blobs.append(marshal.dumps(enc))
    else:
        cases = [(c.id, head_of(c), c) for c in result.cases]
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
