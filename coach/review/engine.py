"""review_answers: the full feedback for one set of answers, and review_deal for reviews without
a case. Pure: content comes in loaded, "today" comes in as an argument, nothing is read or written.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from coach.domain.content import AvoidPhrase, Case, Framework, MustSay
from coach.domain.quantities import Quantity
from coach.domain.records import Answers
from coach.i18n import tr
from coach.review.analyse import SlotResult, analyse_slot
from coach.review.checks import (
    cause_depths,
    check_action,
    depth_share,
    goal_gap,
    goal_gap_share,
    motions_evidence,
    pitfall_share,
    pitfalls,
    smart_share,
)
from coach.review.compiled import CompiledReview, compiled_for
from coach.review.feedback import Feedback, KeyPointResult, MustSayResult, SmartResult
from coach.review.gates import gates
from coach.review.messages import t
from coach.review.method import METHOD_MIN_STEPS, method_shares

#: The most characters one set of answers may hold, all its text, causes and actions together.
#: The longest answer of the calibration set is 4,477 characters and the longest model answer of
#: the bundled cases 7,044: a million is some 140 times that, a 500-page book, and is still
#: scored within the 2 s of issue 14 (bench row "review: score an answer at the limit"). Longer
#: answers are refused (``AnswerTooLong``) before any work: scoring is linear in the length, but
#: ten million characters would take some 14 s.
MAX_ANSWER_CHARS = 1_000_000


class AnswerTooLong(ValueError):
    """Answers over ``MAX_ANSWER_CHARS``; the message says how long and what the limit is."""

    def __init__(self, chars: int, limit: int = MAX_ANSWER_CHARS) -> None:
        self.chars, self.limit = chars, limit
        super().__init__(
            tr(
                "答案共 {n:,} 个字符，超过上限 {limit:,}，不予评分：真实的复盘写不了这么长，"
                "请检查是否误贴了别的内容。",
                "the answer holds {n:,} characters, over the limit of {limit:,}, and is not "
                "scored: no real review is that long; check that nothing else was pasted in.",
                n=chars,
                limit=limit,
            )
        )


def answer_chars(answers: Answers) -> int:
    """How many characters ``answers`` hold: every text, cause and action field."""
    n = sum(len(v) if isinstance(v, str) else len(str(v)) for v in answers.text.values())
    for causes in answers.causes.values():
        n += sum(len(c.text) + sum(map(len, c.whys)) + len(c.evidence) for c in causes)
    for actions in answers.actions.values():
        n += sum(len(a.what) + len(a.owner) + len(a.due) + len(a.measure) for a in actions)
    return n


def answer_size_problem(answers: Answers, limit: int = MAX_ANSWER_CHARS) -> str | None:
    """Why ``answers`` cannot be scored for their size (a message), or None when they can.

    For readers of answers (a hand-in, an answer file) to refuse one before keeping it."""
    n = answer_chars(answers)
    return str(AnswerTooLong(n, limit)) if n > limit else None


def check_answer_size(answers: Answers, limit: int = MAX_ANSWER_CHARS) -> None:
    """Raise ``AnswerTooLong`` when ``answers`` hold more than ``limit`` characters."""
    n = answer_chars(answers)
    if n > limit:
        raise AnswerTooLong(n, limit)


def review_answers(
    case: Case | None,
    framework: Framework,
    answers: Answers,
    *,
    lang: str = "zh",
    today: date | None = None,
    extra_avoid: Sequence[AvoidPhrase] = (),
    extra_must_say: Sequence[MustSay] = (),
    goal: Quantity | float | None = None,
    result: Quantity | float | None = None,
) -> Feedback:
    """Score ``answers`` to ``case`` in ``framework``; every point explained in ``lang``.

    ``extra_avoid`` / ``extra_must_say`` are the bank's lists; the built-in compliance list always
    applies. ``goal`` / ``result`` override what is read from the text (a deal's target and amount).
    Raises ``AnswerTooLong`` for answers over ``MAX_ANSWER_CHARS`` characters.
    """
    check_answer_size(answers)
    compiled = compiled_for(case, framework, tuple(extra_avoid), tuple(extra_must_say))
    results = [analyse_slot(compiled, slot, answers, lang) for slot in compiled.slots]
    return assemble(compiled, results, lang=lang, today=today, goal=goal, result=result)


def review_deal(
    framework: Framework,
    answers: Answers,
    *,
    lang: str = "zh",
    today: date | None = None,
    goal: Quantity | float | None = None,
    result: Quantity | float | None = None,
    extra_avoid: Sequence[AvoidPhrase] = (),
    extra_must_say: Sequence[MustSay] = (),
) -> Feedback:
    """A review with no case (a deal, a set of deals, a period): one answer per framework step,
    scored on the built-in checks (goal vs result, cause depth, SMART, pitfalls, compliance)."""
    return review_answers(
        None,
        framework,
        answers,
        lang=lang,
        today=today,
        extra_avoid=extra_avoid,
        extra_must_say=extra_must_say,
        goal=goal,
        result=result,
    )


def key_point_results(
    c: CompiledReview, results: Sequence[SlotResult], lang: str
) -> list[KeyPointResult]:
    out: list[KeyPointResult] = []
    for i, kp in enumerate(c.key_points):
        scope = c.kp_slots.get(i)
        every = [m for r in results for m in r.kp.get(i, ())]
        matches = [m for m in every if scope is None or m.where.slot in scope]
        counted = [m for m in matches if m.status == "counted"]
        # a point made under another question still counts: a trainer reads the whole answer
        elsewhere = [] if counted else [m for m in every if m.status == "counted"]
        counted = counted or elsewhere
        negated = [
            m for m in matches if m.status in ("negated", "dismissed", "unquantified", "vague")
        ]
        stuffed = [m for m in matches if m.status == "stuffed"]
        hit = bool(counted)
        note = ""
        if not hit and negated and negated[0].status == "dismissed":
            note = t(
                lang,
                "提到了“{w}”，但同一句说它“{n}”，不计分。",
                'Mentioned "{w}", but the same sentence says it "{n}"; it does not count.',
                w=negated[0].matched,
                n=negated[0].negation,
            )
        elif not hit and negated and negated[0].status == "vague":
            note = t(
                lang,
                "提到了“{w}”，但只说了“有问题”，没说是什么问题、为什么，不计分。",
                'Mentioned "{w}", but only to say something was wrong, not what or why; it does '
                "not count.",
                w=negated[0].matched,
            )
        elif not hit and negated and negated[0].status == "unquantified":
            note = t(
                lang,
                "提到了“{w}”，但这一要点要量化，同一句里没有数字，不计分。",
                'Mentioned "{w}", but this point asks for figures and the sentence has none; '
                "it does not count.",
                w=negated[0].matched,
            )
        elif not hit and negated:
            note = t(
                lang,
                "提到了“{w}”，但说的是没有（{n}……），不计分。",
                'Mentioned "{w}" only as absent ("{n} …"); it does not count.',
                w=negated[0].matched,
                n=negated[0].negation,
            )
        elif not hit and stuffed:
            note = t(
                lang,
                "“{w}”只以关键词罗列出现，没有成句说明，不计分。",
                '"{w}" appears only in a bare list of keywords; it does not count.',
                w=stuffed[0].matched,
            )
        elif elsewhere:
            note = t(
                lang,
                "写在了 {s} 下（这一要点属于 {q}），照样计分。",
                "Made under {s} (the point belongs to {q}); it counts all the same.",
                s=elsewhere[0].where.slot,
                q=kp.question,
            )
        feedback = (kp.feedback_hit if hit else kp.feedback_missed).get(lang)
        out.append(
            KeyPointResult(
                kp.id,
                kp.text.get(lang),
                kp.weight,
                kp.question,
                hit,
                counted,
                negated,
                stuffed,
                feedback,
                note,
            )
        )
    return out


def must_say_results(
    c: CompiledReview, results: Sequence[SlotResult], lang: str
) -> list[MustSayResult]:
    out: list[MustSayResult] = []
    for i, m in enumerate(c.must_say):
        where = next((r.must[i] for r in results if i in r.must), None)
        negation = next((r.must_negated[i] for r in results if i in r.must_negated), "")
        note = ""
        if where is None:
            note = (
                t(
                    lang,
                    "提到了，但说的是没有（{n}……）。",
                    'Mentioned only as not done ("{n} …").',
                    n=negation,
                )
                if negation
                else t(lang, "缺少必要提示：{r}", "Missing disclosure: {r}", r=m.reason.get(lang))
            )
        out.append(
            MustSayResult(
                m.id,
                list(m.phrases),
                where is not None,
                m.reason.get(lang),
                m.rule,
                m.question,
                where,
                note,
            )
        )
    return out


def smart_results(
    results: Sequence[SlotResult], today: date | None, lang: str
) -> list[SmartResult]:
    return [
        check_action(r.slot.id, i, action, today, lang)
        for r in results
        for i, action in enumerate(r.actions)
    ]


def assemble(
    c: CompiledReview,
    results: Sequence[SlotResult],
    *,
    lang: str,
    today: date | None,
    goal: Quantity | float | None = None,
    result: Quantity | float | None = None,
) -> Feedback:
    from coach.review.scoring import score_rubric

    if c.case is not None and c.case.as_of is not None:
        today = c.case.as_of  # a case set in its own time: 11月15日 is read in the case's year
    kps = key_point_results(c, results, lang)
    must = must_say_results(c, results, lang)
    smart = smart_results(results, today, lang)
    depths = cause_depths(results, lang)
    gap = goal_gap(results, lang, goal, result)
    found = pitfalls(results, depths, lang)
    avoid_hits = [h for r in results for h in r.avoid]
    thin = bool(motions_evidence(results))
    checks = {
        "smart-actions": smart_share(smart),
        "root-cause-depth": depth_share(depths),
        "goal-gap": goal_gap_share(gap),
        # checks that reward an absence earn nothing on an answer too thin to judge
        "no-pitfalls": 0.0 if thin else pitfall_share(found),
        "compliance": 0.0
        if thin or any(h.penalty > 0 or h.severity == "redline" for h in avoid_hits)
        else 1.0,
    }
    if c.case is not None and len({q.step for q in c.case.questions}) >= METHOD_MIN_STEPS:
        # a case that asks for the whole review is marked on its method too (review/method.py)
        checks.update(method_shares(results, depths, smart, gap))
    quantities = sum(1 for r in results for q, _ in r.quantities)
    closed = gates(results, depths, smart, avoid_hits, quantities, lang)
    score, breakdown = score_rubric(c, kps, must, checks, avoid_hits, lang, closed)
    return Feedback(
        score=score,
        breakdown=breakdown,
        key_points=kps,
        avoid_hits=avoid_hits,
        must_say=must,
        smart=smart,
        pitfalls=found,
        goal_gap=gap,
        causes_depth=depths,
        stuffing=[s for r in results for s in r.stuffing],
        checks=checks,
        gates=[g.id for g in closed],
        content_hash=c.case.content_hash if c.case else "",
        case_id=c.case.id if c.case else "",
        framework_id=c.framework.id,
        lang=lang,
    )
