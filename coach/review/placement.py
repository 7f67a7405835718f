"""Points written under another question than the one they belong to, for the live coach.

A key point or a must-say may belong to one question (``question:`` in the case). The review
treats the two differently, and this module only reports what the review does:

- a key point made under another question counts all the same (engine.key_point_results says
  "照样计分" in the feedback);
- a question-bound must-say counts only under its own question (analyse_slot skips it
  elsewhere), so written under another question it earns nothing until it is moved.

The live checks look at one step's answers only, so such a point was shown nowhere while the
trainee wrote: not in the step where it was written (it is not that step's point), not in its
own step (that step's answers do not have it). ``misplaced`` finds them. It changes no score:
it reads the prepared case (CompiledReview) and the answers, and scores nothing.

Cheap first (normalise and match every answer once, well under a millisecond for a whole
case); a slot is analysed in full only when a point of another question was found in it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from coach.domain.records import Answers
from coach.review.analyse import SlotResult, analyse_slot, slot_inputs
from coach.review.compiled import KP, MUST, CompiledReview
from coach.review.negation import negation_before
from coach.review.normalize import normalize


@dataclass(frozen=True, slots=True)
class Misplaced:
    """One point found in the answer to another question than its own."""

    kind: Literal["key_point", "must_say"]
    item_id: str
    text: str  # the key point's text, or the must-say's reason, in the review language
    written_in: str  # the slot (question id) whose answer has it
    belongs_to: str  # the question it belongs to
    counts: bool  # True: counted where it is (a key point); False: only under its question


def misplaced(
    c: CompiledReview, answers: Answers, lang: str, step_id: str | None = None
) -> list[Misplaced]:
    """Points written under another question than theirs, that their own question lacks.

    With ``step_id``, only those written in that step's answers or belonging to one of its
    questions. A mention said to be absent ("没有提醒犹豫期") is no point made; a point
    already made under its own question is not reported again.
    """
    step_of = {s.id: s.step for s in c.slots}
    found: dict[tuple[str, int], tuple[str, list[int]]] = {}  # (kind, index) -> (slot, starts)
    norms: dict[str, str] = {}
    for slot in c.slots:
        full, _, _ = slot_inputs(slot, answers)
        if not full.strip():
            continue
        norm = normalize(full)
        norms[slot.id] = norm
        for hit in c.matcher.iter(norm):
            entry = c.entries[hit.entry]
            if entry.kind == KP:
                scope = c.kp_slots.get(entry.index)
            elif entry.kind == MUST:
                scope = c.must_slots.get(entry.index)
            else:
                continue
            if scope is None or slot.id in scope:
                continue
            key = (entry.kind, entry.index)
            if key not in found:
                found[key] = (slot.id, [])
            if found[key][0] == slot.id:
                found[key][1].append(hit.start)
    if not found:
        return []

    analysed: dict[str, SlotResult] = {}

    def result(slot_id: str) -> SlotResult | None:
        slot = c.slots_by_id.get(slot_id)
        if slot is None:
            return None
        if slot_id not in analysed:
            analysed[slot_id] = analyse_slot(c, slot, answers, lang)
        return analysed[slot_id]

    out: list[Misplaced] = []
    order = {s.id: i for i, s in enumerate(c.slots)}
    for (kind, index), (slot_id, starts) in sorted(
        found.items(), key=lambda kv: (order[kv[1][0]], kv[0][0] != MUST, kv[0][1])
    ):
        if kind == KP:
            kp = c.key_points[index]
            question, scope = kp.question or "", c.kp_slots.get(index) or frozenset()
        else:
            m = c.must_say[index]
            question, scope = m.question or "", c.must_slots.get(index) or frozenset()
        steps = {step_of.get(slot_id), step_of.get(question, question)}
        if step_id is not None and step_id not in steps:
            continue
        if kind == KP:
            made = _kp_counted(result, slot_id, index)
            at_home = any(_kp_counted(result, s, index) for s in scope)
            if made and not at_home:
                out.append(
                    Misplaced("key_point", kp.id, kp.text.get(lang), slot_id, question, True)
                )
        else:
            norm = norms[slot_id]
            made = any(not negation_before(norm, start) for start in starts)
            at_home = any(index in r.must for s in scope if (r := result(s)) is not None)
            if made and not at_home:
                out.append(
                    Misplaced("must_say", m.id, m.reason.get(lang), slot_id, question, False)
                )
    return out


def _kp_counted(result: Callable[[str], SlotResult | None], slot_id: str, index: int) -> bool:
    r = result(slot_id)
    return r is not None and any(m.status == "counted" for m in r.kp.get(index, ()))
