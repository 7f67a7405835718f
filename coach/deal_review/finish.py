"""A finished review becomes records: its actions become Action records with resolved due dates,
its lessons become Lesson cards, its causes are stored parsed (so later reviews can find the ones
that recur), and a lost deal's loss type and reason are written back to the log.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

from coach.deal_review.lessons import new_lesson
from coach.domain.content import Framework
from coach.domain.dates import parse_due
from coach.domain.records import Action, ActionItem, Answers, Deal, Lesson, Review
from coach.review.structure import parse_actions, parse_causes, split_items

#: The step that holds lessons, when a framework has one; else the review adds its own.
LESSON_STEPS = ("lessons",)
EXTRA_LESSON_STEP = "lessons"
#: Days given to an action whose due date could not be read.
DEFAULT_DUE_DAYS = 14


def lesson_step(framework: Framework) -> tuple[str, bool]:
    """The step id lessons are written in, and whether the framework lacks it (the review adds it)."""
    for step in framework.steps:
        if step.id in LESSON_STEPS:
            return step.id, False
    return EXTRA_LESSON_STEP, True


def step_actions(framework: Framework, answers: Answers) -> list[tuple[str, ActionItem]]:
    out: list[tuple[str, ActionItem]] = []
    for step in framework.steps:
        if step.input != "actions":
            continue
        items = answers.actions.get(step.id) or parse_actions(answers.text.get(step.id, ""))
        out.extend((step.id, item) for item in items)
    return out


def lessons_of(framework: Framework, answers: Answers) -> list[str]:
    step, _ = lesson_step(framework)
    return [item for item in split_items(answers.text.get(step, "")) if item.strip()]


def with_parsed_causes(framework: Framework, answers: Answers) -> Answers:
    """Causes written as prose in cause steps, stored structured (category, whys, evidence)."""
    causes = dict(answers.causes)
    for step in framework.steps:
        if step.input == "causes" and not causes.get(step.id):
            parsed = parse_causes(answers.text.get(step.id, ""))
            if parsed:
                causes[step.id] = parsed
    return dataclasses.replace(answers, causes=causes)


@dataclass
class Finished:
    review: Review
    actions: list[Action] = field(default_factory=list)
    lessons: list[Lesson] = field(default_factory=list)
    undated: list[str] = field(default_factory=list)  # actions given the default due date


def finish_review(
    review: Review,
    framework: Framework,
    now: dt.datetime,
    *,
    owner: str = "",
    score: float | None = None,
) -> Finished:
    """The review marked done, with its new Action and Lesson records (not yet saved)."""
    today = now.date()
    answers = with_parsed_causes(framework, review.answers)
    actions: list[Action] = []
    undated: list[str] = []
    for _step, item in step_actions(framework, answers):
        text = item.what.strip() or item.measure.strip()
        if not text:
            continue
        due = parse_due(item.due, today) if item.due else None
        due = due or parse_due(item.what, today)
        if due is None:
            undated.append(text)
            day = today + dt.timedelta(days=DEFAULT_DUE_DAYS)
        else:
            day = due.date
        actions.append(
            Action(
                review_id=review.id,
                text=text,
                owner=item.owner.strip() or owner,
                due=day.isoformat(),
                measure=item.measure.strip(),
            )
        )
    texts = lessons_of(framework, answers)
    lessons = [new_lesson(t, now, review.id) for t in texts]
    extra = dict(review.extra)
    extra["finished"] = now.isoformat(timespec="seconds")
    if score is not None:
        extra["score"] = round(score, 1)
    done = dataclasses.replace(
        review,
        answers=answers,
        lessons=texts,
        action_ids=[*review.action_ids, *(a.id for a in actions)],
        status="done",
        extra=extra,
    )
    return Finished(done, actions, lessons, undated)


def apply_loss(deal: Deal, loss_type: str, reason: str) -> Deal:
    """The deal with the loss type and primary reason the review settled on (lost deals only)."""
    if deal.outcome != "lost":
        return deal
    changes: dict[str, str] = {}
    if loss_type in ("competitor", "no_decision", "unknown") and loss_type != deal.loss_type:
        changes["loss_type"] = loss_type
    if reason.strip() and reason.strip() != deal.loss_reason:
        changes["loss_reason"] = reason.strip()
    return dataclasses.replace(deal, **changes) if changes else deal


def review_framework(framework: Framework) -> Framework:
    """The framework as a deal review asks it: with a lessons step at the end where it has none
    (GRAI, AAR and KPT fold lessons into other steps; the review keeps them as cards)."""
    from coach.domain.content import Step
    from coach.domain.text import LText

    _, missing = lesson_step(framework)
    if not missing:
        return framework
    step = Step(
        id=EXTRA_LESSON_STEP,
        title=LText.of({"zh": "经验教训", "en": "Lessons"}),
        prompts=(
            LText.of(
                {
                    "zh": "这次学到了什么？每条写成一句下次可以照做的规则，一行一条。",
                    "en": "What did you learn? Write each as a rule to follow next time, "
                    "one per line.",
                }
            ),
        ),
        hint=LText.of(
            {
                "zh": "经验会变成卡片，按间隔重复回到首页，直到你用熟为止。",
                "en": "Each lesson becomes a card that comes back on Home on a spaced "
                "schedule until it sticks.",
            }
        ),
        input="text",
    )
    return dataclasses.replace(framework, steps=(*framework.steps, step))
