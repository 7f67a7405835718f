"""Live checks as the person types: re-check one step's answers only (a budget of 2 ms).

The case is prepared once (automaton, slots); each call normalises and matches just the slots of
one step and reports what the full review would say about them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from coach.domain.content import AvoidPhrase, Case, Framework, MustSay
from coach.domain.records import Answers
from coach.review.analyse import analyse_slot
from coach.review.checks import cause_depths, check_action
from coach.review.compiled import compiled_for
from coach.review.engine import answer_size_problem, key_point_results, must_say_results
from coach.review.feedback import (
    AvoidHit,
    CauseDepth,
    KeyPointResult,
    MustSayResult,
    SmartResult,
    StuffingFinding,
)
from coach.review.messages import t


@dataclass(slots=True)
class StepFindings:
    """What the coach can say about one step right now."""

    step: str
    key_points: list[KeyPointResult] = field(default_factory=list)
    avoid_hits: list[AvoidHit] = field(default_factory=list)
    must_say: list[MustSayResult] = field(default_factory=list)
    smart: list[SmartResult] = field(default_factory=list)
    causes_depth: list[CauseDepth] = field(default_factory=list)
    stuffing: list[StuffingFinding] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class LiveChecker:
    def __init__(
        self,
        case: Case | None,
        framework: Framework,
        lang: str = "zh",
        *,
        today: date | None = None,
        extra_avoid: Sequence[AvoidPhrase] = (),
        extra_must_say: Sequence[MustSay] = (),
    ):
        self.lang = lang
        self.today = case.as_of if case is not None and case.as_of is not None else today
        self.compiled = compiled_for(case, framework, tuple(extra_avoid), tuple(extra_must_say))

    def check_step(self, step_id: str, answers: Answers) -> StepFindings:
        """Findings for one step; over ``MAX_ANSWER_CHARS``, none but a warning saying so."""
        c, lang = self.compiled, self.lang
        too_long = answer_size_problem(answers)
        if too_long is not None:
            return StepFindings(step_id, warnings=[too_long])
        slots = c.step_slots(step_id)
        ids = {s.id for s in slots}
        results = [analyse_slot(c, s, answers, lang) for s in slots]
        out = StepFindings(step_id)
        for i, kp in enumerate(key_point_results(c, results, lang)):
            scope = c.kp_slots.get(i)
            if (scope is not None and scope & ids) or (scope is None and (kp.hit or kp.note)):
                out.key_points.append(kp)
        for i, m in enumerate(must_say_results(c, results, lang)):
            scope = c.must_slots.get(i)
            if (scope is not None and scope & ids) or (scope is None and m.satisfied):
                out.must_say.append(m)
        out.avoid_hits = [h for r in results for h in r.avoid]
        out.smart = [
            check_action(r.slot.id, i, a, self.today, lang)
            for r in results
            for i, a in enumerate(r.actions)
        ]
        out.causes_depth = cause_depths(results, lang)
        out.stuffing = [s for r in results for s in r.stuffing]
        for r in results:
            if r.copied:
                out.warnings.append(
                    t(
                        lang,
                        "这段回答照抄了提示，请写你自己的内容。",
                        "This answer copies the prompt; write your own.",
                    )
                )
            elif r.slot.expected and not r.empty and r.own_units < 10:
                out.warnings.append(
                    t(
                        lang,
                        "回答太短，多写几句具体的事实和原因。",
                        "Too short; add a few sentences of facts and causes.",
                    )
                )
        return out
