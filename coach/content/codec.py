"""Cases as plain tuples: what the checker builds, ``marshal`` writes, and a case is rebuilt from.

A large bank's cases are thousands of frozen dataclasses (about 53 objects a case), and building
each one costs Python code per object. So the checker builds a case in this encoding (cheap
tuples, dicts and strings), the cache writes it with ``marshal``, and `decode_case` makes the
dataclasses only when the case is used (`coach.content.compact.LazyCases`).

The encoding mirrors `coach.domain.content` field by field; ``decode_case(encode_case(c)) == c``
(tests/content/test_compact.py). Raise ``FORMAT`` whenever the encoding changes.

A text is encoded as str (plain), dict (per language), (dict, str) (both) or None (empty); an
exhibit cell in both languages as a 1-tuple of its text.
"""

from __future__ import annotations

import marshal
from datetime import date
from typing import Any, NamedTuple

from coach.domain.content import (
    AvoidPhrase,
    Case,
    Chart,
    Criterion,
    Exhibit,
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

_new = object.__new__
_set_by_lang = LText.by_lang.__set__  # type: ignore[attr-defined]
_set_plain = LText.plain.__set__  # type: ignore[attr-defined]


def new_text(by_lang: dict[str, str], plain: str | None = None) -> LText:
    """``LText(by_lang, plain)`` without the frozen dataclass's per-field ``__setattr__`` calls:
    a large bank holds hundreds of thousands of texts, and this is four times faster."""
    t = _new(LText)
    _set_by_lang(t, by_lang)
    _set_plain(t, plain)
    return t


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


def all_texts(v: Any) -> list[str]:
    """``LText.all_texts`` of an encoded text."""
    if v is None:
        return []
    if type(v) is str:
        return [v]
    if type(v) is dict:
        return list(v.values())
    return [*v[0].values(), v[1]]


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
        c.as_of.isoformat() if c.as_of else None,
    )


def decode_case(v: tuple) -> Case:
    (head, background, exhibits, questions, key_points, rubric, avoid, must_say, teaching,
     model, hints, content_hash, loc, *rest) = v  # fmt: skip
    as_of = date.fromisoformat(rest[0]) if rest and rest[0] else None
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
        as_of=as_of,
    )


def case_blob(c: Case) -> bytes:
    return marshal.dumps(encode_case(c))


def case_from_blob(blob: bytes) -> Case:
    return decode_case(marshal.loads(blob))


def dec_avoid(v: tuple) -> AvoidPhrase:
    phrase, penalty, reason, rule, allow, source = v
    return AvoidPhrase(phrase, penalty, dec_text(reason), rule, allow, source)


def dec_must_say(v: tuple) -> MustSay:
    mid, phrases, reason, rule, question = v
    return MustSay(mid, phrases, dec_text(reason), rule, question)
