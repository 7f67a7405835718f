"""A case and framework prepared for matching: answer slots, one automaton, the phrase lists.

Preparing costs a few milliseconds; reviewing against the prepared form is what must be fast,
so prepared forms are kept (a few, most recent first) and shared by the full review and the live
checker.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field

from coach.domain.content import AvoidPhrase, Case, Framework, KeyPoint, MustSay
from coach.domain.quantities import Quantity, find_quantities
from coach.domain.text import LText
from coach.review.builtin import RedLine, builtin_compliance
from coach.review.matcher import PhraseMatcher
from coach.review.normalize import normalize_term

KP, AVOID, ALLOW, MUST = "kp", "avoid", "allow", "must"


@dataclass(frozen=True, slots=True)
class Slot:
    """One place an answer is written: a case question, or a framework step."""

    id: str
    step: str
    kind: str  # text | causes | actions
    prompts: tuple[str, ...]  # normalised prompts in every language, to spot copying
    is_step: bool = False  # keyed by the step id (deal reviews, or answers written per step)
    expected: bool = True  # an answer is expected here (False: a step whose questions cover it)


@dataclass(frozen=True, slots=True)
class Entry:
    kind: str
    index: int  # into key_points / avoid / must_say
    keyword: str = ""  # for key points: the keyword's first term


@dataclass
class CompiledReview:
    case: Case | None
    framework: Framework
    slots: tuple[Slot, ...]
    key_points: tuple[KeyPoint, ...]
    avoid: tuple[AvoidPhrase, ...]
    must_say: tuple[MustSay, ...]
    near: dict[int, tuple[str, ...]]  # avoid index -> normalised words needed in the clause
    severity: dict[int, str]  # avoid index -> warning | penalty | redline
    superlatives: frozenset[int]  # avoid indices that count only as claims about a product
    entries: tuple[Entry, ...]
    matcher: PhraseMatcher
    slots_by_id: dict[str, Slot] = field(default_factory=dict)
    kp_slots: dict[int, frozenset[str] | None] = field(default_factory=dict)
    must_slots: dict[int, frozenset[str] | None] = field(default_factory=dict)
    allow_norm: dict[int, tuple[str, ...]] = field(default_factory=dict)
    redlines: tuple[RedLine, ...] = ()
    kp_numbers: tuple[tuple[int, Quantity], ...] = ()  # (entry, the figure a keyword is)
    kp_quantified: frozenset[int] = frozenset()  # key points whose text asks for figures

    def step_slots(self, step_id: str) -> list[Slot]:
        return [s for s in self.slots if s.step == step_id]


def _prompts(*texts: LText) -> tuple[str, ...]:
    out = []
    for lt in texts:
        out.extend(normalize_term(t) for t in lt.all_texts() if t.strip())
    return tuple(out)


def build_slots(case: Case | None, framework: Framework) -> tuple[Slot, ...]:
    """Questions of the case, then a slot per framework step (for answers written per step)."""
    slots: list[Slot] = []
    for q in case.questions if case else ():
        step = framework.step(q.step)
        kind = q.input or (step.input if step else "text")
        slots.append(Slot(q.id, q.step, kind, _prompts(q.prompt, *q.hints)))
    taken = {s.id for s in slots}
    asked = {s.step for s in slots}
    for step in framework.steps:
        if step.id not in taken:
            prompts = _prompts(*step.prompts)
            slots.append(Slot(step.id, step.id, step.input, prompts, True, step.id not in asked))
    return tuple(slots)


def _merge_avoid(
    case: Case | None, extra: Sequence[AvoidPhrase]
) -> tuple[list[AvoidPhrase], dict[int, tuple[str, ...]], dict[int, str]]:
    builtin = builtin_compliance()
    seen: set[tuple[str, str]] = set()
    merged: list[AvoidPhrase] = []
    near: dict[int, tuple[str, ...]] = {}
    severity: dict[int, str] = {}
    by_phrase = {normalize_term(p): v for p, v in builtin.severity.items()}
    for phrase in [*(case.avoid if case else ()), *extra, *builtin.avoid]:
        key = (normalize_term(phrase.phrase), phrase.source)
        if key in seen or not key[0]:
            continue
        if phrase.source == "builtin" and any(k[0] == key[0] for k in seen):
            continue  # the case or bank wrote its own rule for this phrase; theirs wins
        seen.add(key)
        if phrase.source == "builtin" and phrase.phrase in builtin.near:
            near[len(merged)] = tuple(
                w if w == "%" else normalize_term(w) for w in builtin.near[phrase.phrase]
            )
        severity[len(merged)] = (
            "warning"
            if phrase.penalty <= 0
            else by_phrase.get(key[0], "penalty")  # a red line stays one whoever lists it
        )
        merged.append(phrase)
    return merged, near, severity


def _merge_must(case: Case | None, extra: Sequence[MustSay]) -> list[MustSay]:
    """The case's and the caller's must-say, plus built-in ones the rubric names by id."""
    out: list[MustSay] = []
    seen: set[str] = set()
    for m in [*(case.must_say if case else ()), *extra]:
        if m.id not in seen:
            seen.add(m.id)
            out.append(m)
    named = {c for crit in (case.rubric if case else ()) for c in crit.covers}
    for m in builtin_compliance().must_say:
        if m.id in named and m.id not in seen:
            seen.add(m.id)
            out.append(m)
    return out


def compile_review(
    case: Case | None,
    framework: Framework,
    extra_avoid: Sequence[AvoidPhrase] = (),
    extra_must_say: Sequence[MustSay] = (),
) -> CompiledReview:
    slots = build_slots(case, framework)
    key_points = tuple(case.key_points if case else ())
    avoid, near, severity = _merge_avoid(case, extra_avoid)
    must = _merge_must(case, extra_must_say)
    entries: list[Entry] = []
    terms: list[tuple[int, str]] = []

    def add(entry: Entry, term: str) -> None:
        terms.append((len(entries), term))
        entries.append(entry)

    numbers: list[tuple[int, Quantity]] = []
    for i, kp in enumerate(key_points):
        for kw in kp.keywords:
            for term in kw.terms:
                figure = _figure(term)
                if figure is not None:
                    numbers.append((len(entries), figure))
                add(Entry(KP, i, kw.terms[0] if kw.terms else term), term)
    allow_norm: dict[int, tuple[str, ...]] = {}
    for i, phrase in enumerate(avoid):
        add(Entry(AVOID, i), phrase.phrase)
        for allowed in phrase.allow:
            add(Entry(ALLOW, i), allowed)
        allow_norm[i] = tuple(normalize_term(a) for a in phrase.allow)
    for i, m in enumerate(must):
        for term in _with_wordings(m.phrases):
            add(Entry(MUST, i), term)
    compiled = CompiledReview(
        case=case,
        framework=framework,
        slots=slots,
        key_points=key_points,
        avoid=tuple(avoid),
        must_say=tuple(must),
        near=near,
        severity=severity,
        superlatives=frozenset(
            i for i, p in enumerate(avoid) if p.phrase in builtin_compliance().product_claims
        ),
        entries=tuple(entries),
        matcher=PhraseMatcher(terms),
        allow_norm=allow_norm,
        redlines=builtin_compliance().redlines,
        kp_numbers=tuple(numbers),
        kp_quantified=frozenset(
            i
            for i, kp in enumerate(key_points)
            if any(_ASKS_FIGURES.search(x) for x in kp.text.all_texts())
        ),
    )
    compiled.slots_by_id = {s.id: s for s in slots}
    step_of = {s.id: s.step for s in slots}
    for i, kp in enumerate(key_points):
        compiled.kp_slots[i] = _scope(kp.question, step_of)
    for i, m in enumerate(must):
        compiled.must_slots[i] = _scope(m.question, step_of)
    return compiled


#: A key point whose text asks for figures ("量化变化", "算出差距", "quantifies the change").
_ASKS_FIGURES = re.compile(r"量化|算出|计算|quantif|comput", re.IGNORECASE)


def _with_wordings(phrases: Sequence[str]) -> list[str]:
    """A must-say's phrases and every other wording of the disclosures they name."""
    out = list(phrases)
    said = {normalize_term(p) for p in phrases}
    for group in builtin_compliance().wordings:
        if said & {normalize_term(w) for w in group}:
            out.extend(w for w in group if w not in out)
    return out


def _figure(term: str) -> Quantity | None:
    """The figure a keyword is (63%, 6.6万, 8,300万元), when the keyword is nothing else."""
    norm = normalize_term(term)
    found = find_quantities(norm)
    if len(found) != 1 or (found[0].kind == "number" and not found[0].unit):
        return None
    q = found[0]
    return q if q.start == 0 and q.end >= len(norm.rstrip("元")) else None


def _scope(question: str | None, step_of: dict[str, str]) -> frozenset[str] | None:
    """The slots a question-bound item is looked for in: the question, and its step's slot."""
    if not question:
        return None
    step = step_of.get(question, question)
    return frozenset({question, step})


_CACHE: OrderedDict[tuple[int, ...], tuple[tuple[object, ...], CompiledReview]] = OrderedDict()
_CACHE_SIZE = 256  # a class's cases all stay prepared: a cohort rescoring cycles through them


def _cache_key(
    case: Case | None,
    framework: Framework,
    extra_avoid: Sequence[AvoidPhrase],
    extra_must_say: Sequence[MustSay],
) -> tuple[tuple[int, ...], tuple[object, ...]]:
    """(key, the objects that must be the very same for a hit).

    Objects are named by identity (a content hash may be stale on a hand-made case); the lists
    as a whole when they are tuples (a bank's lists are the same tuple every call), else item
    by item.
    """

    def seq(items: Sequence[object]) -> tuple[object, ...]:
        return (items,) if type(items) is tuple else tuple(items)

    avoid = seq(extra_avoid)
    held = (case, framework, *avoid, *seq(extra_must_say))
    return (len(avoid), *(id(o) for o in held)), held


def compiled_for(
    case: Case | None,
    framework: Framework,
    extra_avoid: Sequence[AvoidPhrase] = (),
    extra_must_say: Sequence[MustSay] = (),
) -> CompiledReview:
    """The prepared form, from the cache when the same case was prepared before with the very
    same framework and lists."""
    key, held = _cache_key(case, framework, extra_avoid, extra_must_say)
    cached = _CACHE.get(key)
    if (
        cached is not None
        and len(cached[0]) == len(held)
        and all(a is b for a, b in zip(cached[0], held, strict=True))
    ):
        _CACHE.move_to_end(key)
        return cached[1]
    compiled = compile_review(case, framework, extra_avoid, extra_must_say)
    _CACHE[key] = (held, compiled)
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return compiled
