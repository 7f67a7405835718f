"""What a Practice screen works on: a case attempt now, a guided deal review later.

The screen only needs the framework's steps, the answer boxes of each step, how to score the
answers and what to do with the result. A case brings its questions, key points and the bank's
phrase lists; a review without a case has one answer per framework step and is scored with
``review_deal`` on the built-in checks. Subclasses decide where a submitted result is kept.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from coach.domain.content import AvoidPhrase, Case, Framework, InputKind, MustSay, Step
from coach.domain.records import Answers
from coach.domain.text import LText

if TYPE_CHECKING:
    from coach.review import Feedback
    from coach.tui.session import Session


@dataclass(frozen=True, slots=True)
class AnswerSlot:
    """One answer box: a case question, or a framework step answered as a whole."""

    id: str  # the key in Answers (question id, or step id)
    step: str
    prompt: LText
    hints: tuple[LText, ...] = ()
    input: InputKind = "text"


@dataclass
class PracticeTarget(ABC):
    """A framework to fill in, without a case (deal and period reviews).

    ``key`` names the draft ("review:<id>"); ``goal`` / ``result`` are the deal's numbers, which
    override what the engine reads from the text.
    """

    key: str
    framework: Framework
    title: LText = field(default_factory=LText)
    time_limit: int | None = None  # minutes, counted down in class mode
    extra_avoid: tuple[AvoidPhrase, ...] = ()
    extra_must_say: tuple[MustSay, ...] = ()
    goal: float | None = None
    result: float | None = None

    case: Case | None = None  # set by CaseTarget

    @property
    def steps(self) -> tuple[Step, ...]:
        return self.framework.steps

    @property
    def hints_in_practice(self) -> bool:
        """May the live panel say which key points are covered before submission?"""
        return self.case.hints_in_practice if self.case else True

    def slots_for(self, step: Step) -> list[AnswerSlot]:
        """The answer boxes of one step: its questions, or the step itself when it has none."""
        questions = [q for q in (self.case.questions if self.case else ()) if q.step == step.id]
        if not questions:
            return [AnswerSlot(step.id, step.id, step.title, (step.hint,), step.input)]
        return [
            AnswerSlot(q.id, q.step, q.prompt, q.hints, q.input or step.input) for q in questions
        ]

    def all_slots(self) -> list[AnswerSlot]:
        return [s for step in self.steps for s in self.slots_for(step)]

    def review(self, answers: Answers, *, lang: str, today: dt.date | None) -> Feedback:
        from coach.review import review_deal

        return review_deal(
            self.framework,
            answers,
            lang=lang,
            today=today,
            goal=self.goal,
            result=self.result,
            extra_avoid=self.extra_avoid,
            extra_must_say=self.extra_must_say,
        )

    def live_checker(self, lang: str, today: dt.date | None):
        from coach.review import LiveChecker

        return LiveChecker(
            self.case,
            self.framework,
            lang,
            today=today,
            extra_avoid=self.extra_avoid,
            extra_must_say=self.extra_must_say,
        )

    @abstractmethod
    def keep_result(
        self, session: Session, answers: Answers, feedback: Feedback, seconds: float, started: str
    ) -> str:
        """Store the submitted work; returns the id of what was stored. Subclasses decide."""

    @abstractmethod
    def show_result(self, app, result_id: str) -> None:
        """Open the screen that shows the stored result."""


@dataclass
class CaseTarget(PracticeTarget):
    """An attempt at a case: scored with ``review_answers``, kept as an Attempt."""

    curriculum_id: str = ""

    def review(self, answers: Answers, *, lang: str, today: dt.date | None) -> Feedback:
        from coach.review import review_answers

        return review_answers(
            self.case,
            self.framework,
            answers,
            lang=lang,
            today=today,
            extra_avoid=self.extra_avoid,
            extra_must_say=self.extra_must_say,
        )

    def keep_result(
        self, session: Session, answers: Answers, feedback: Feedback, seconds: float, started: str
    ) -> str:
        from coach.tui.attempts import attempt_from

        assert self.case is not None and session.store is not None
        attempt = attempt_from(
            self, answers, feedback, seconds=seconds, started=started, now=session.clock()
        )
        return session.store.attempts.save(attempt).id

    def show_result(self, app, result_id: str) -> None:
        app.open_feedback(result_id)


def case_target(session: Session, case: Case) -> CaseTarget:
    """The target for practising ``case``: its framework, its bank's lists, its time limit."""
    content = session.content
    curriculum = content.curriculum_of(case.id)
    bank = content.bank_of(case)
    limit = None
    if curriculum is not None and session.class_mode:
        limit = next(
            (r.time_limit for m in curriculum.modules for r in m.cases if r.case == case.id), None
        )
    return CaseTarget(
        key=f"case:{case.id}",
        framework=content.framework_for(case, curriculum),
        title=case.title,
        time_limit=limit,
        extra_avoid=tuple(bank.avoid) if bank else (),
        extra_must_say=tuple(bank.must_say) if bank else (),
        case=case,
        curriculum_id=curriculum.id if curriculum else "",
    )
