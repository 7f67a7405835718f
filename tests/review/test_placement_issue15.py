"""Issue 15: a point written under another question than its own, found for the live coach, and
said as the review scores it (a key point counts anywhere; a question-bound must-say only under
its question). Nothing here scores: the scores are the review's, unchanged."""

from __future__ import annotations

import pytest

from coach.content import load_content
from coach.domain.records import Answers
from coach.review import LiveChecker, review_answers
from coach.review.placement import Misplaced, misplaced

CONTENT = load_content()
CASE = CONTENT.cases["product-insurer-expertise"]  # ms-cooling-off belongs to q4 (improve)
FW = CONTENT.framework_for(CASE)
COMPILED = LiveChecker(CASE, FW, "zh").compiled
STEP_OF = {q.id: q.step for q in CASE.questions}


def review(text: dict[str, str]):
    return review_answers(CASE, FW, Answers(text=text), lang="zh")


def must(feedback, item: str) -> bool:
    return next(m for m in feedback.must_say if m.id == item).satisfied


def test_a_disclosure_under_another_question_is_found_and_does_not_count() -> None:
    text = {"q2": "客户投保后有15天犹豫期，可以全额退保。"}
    found = misplaced(COMPILED, Answers(text=text), "zh")
    assert found == [
        Misplaced("must_say", "ms-cooling-off", "销售人身保险必须告知犹豫期。", "q2", "q4", False)
    ]
    # as the review scores it: not under q2, yes once moved to q4
    assert not must(review(text), "ms-cooling-off")
    assert must(review({"q4": text["q2"]}), "ms-cooling-off")


@pytest.mark.parametrize("step, shown", [("analyse", True), ("improve", True), ("collect", False)])
def test_only_the_steps_of_both_questions_hear_of_it(step: str, shown: bool) -> None:
    assert STEP_OF["q2"] == "analyse" and STEP_OF["q4"] == "improve"
    text = Answers(text={"q2": "客户投保后有15天犹豫期，可以全额退保。"})
    assert bool(misplaced(COMPILED, text, "zh", step)) is shown


def test_a_key_point_under_another_question_is_found_and_counts() -> None:
    text = {"q3": "满意度从72分提升11分，投诉从46件降到17件。"}
    found = misplaced(COMPILED, Answers(text=text), "en")
    assert [(f.kind, f.item_id, f.written_in, f.belongs_to, f.counts) for f in found] == [
        ("key_point", "kp-trend", "q3", "q1", True)
    ]
    assert found[0].text.startswith("Quantifies the change")
    kp = next(k for k in review(text).key_points if k.id == "kp-trend")
    assert kp.hit  # the review counts it where it is


@pytest.mark.parametrize(
    "text",
    [
        {"q2": "没有提醒客户犹豫期。"},  # said to be absent: no point made
        {"q4": "告知犹豫期。", "q2": "犹豫期很重要。"},  # already under its own question
        {"q4": "每周培训一次。"},  # nothing of another question anywhere
        {},
    ],
)
def test_nothing_to_say(text: dict[str, str]) -> None:
    assert misplaced(COMPILED, Answers(text=text), "zh") == []


def test_a_point_made_at_home_is_not_reported_for_a_second_mention() -> None:
    said = "满意度从72分提升11分，投诉从46件降到17件。"
    text = {"q1": said, "q3": said}
    assert [f.item_id for f in misplaced(COMPILED, Answers(text=text), "zh")] == []
