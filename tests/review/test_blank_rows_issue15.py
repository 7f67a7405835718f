"""A blank row of the cause (or action) editor, kept in a saved draft, counts as no row: the
prose of that question is read for causes (actions) as it would be with no rows at all."""

from __future__ import annotations

from datetime import date

from coach.domain.records import ActionItem, Answers, Cause
from coach.review import review_answers
from coach.review.analyse import slot_inputs
from coach.review.compiled import Slot
from tests.review.helpers import frameworks, kp, make_case

CAUSES = Slot("q2", "analyse", "causes", ())
ACTIONS = Slot("q4", "improve", "actions", ())
PROSE_CAUSES = (
    "- 客户不信任顾问 — 为什么：培训只教话术 — 为什么：考核只看件数 — 为什么：没人看客户反馈\n"
    "- 产品难讲 — 为什么：只有一页折页"
)
PROSE_ACTIONS = "- 每周抽查10通双录 负责人：王经理 期限：2026-04-30 衡量：投诉减半"
TODAY = date(2026, 3, 10)


def _answers(causes=None, actions=None) -> Answers:
    return Answers(
        text={"q2": PROSE_CAUSES, "q4": PROSE_ACTIONS},
        causes={"q2": causes} if causes is not None else {},
        actions={"q4": actions} if actions is not None else {},
    )


def test_a_blank_cause_row_lets_the_prose_be_read_as_causes() -> None:
    _, none, _ = slot_inputs(CAUSES, _answers())
    assert [c.text for c in none] == ["客户不信任顾问", "产品难讲"]
    for rows in (
        [Cause()],
        [Cause(text="  ", whys=["", " "], evidence="")],
        [Cause(category="self")],  # a category picked alone: nothing typed
        [Cause(), Cause()],
    ):
        _, causes, _ = slot_inputs(CAUSES, _answers(causes=rows))
        assert causes == none, rows


def test_a_blank_action_row_lets_the_prose_be_read_as_actions() -> None:
    _, _, none = slot_inputs(ACTIONS, _answers())
    assert [a.owner for a in none] == ["王经理"]
    _, _, actions = slot_inputs(ACTIONS, _answers(actions=[ActionItem(what=" ")]))
    assert actions == none


def test_a_row_with_something_typed_still_replaces_the_prose() -> None:
    typed = Cause(text="考核只看件数", category="self", whys=["", "佣金只看规模"])
    _, causes, _ = slot_inputs(CAUSES, _answers(causes=[Cause(), typed]))
    assert causes == [typed]
    _, causes, _ = slot_inputs(CAUSES, _answers(causes=[Cause(evidence="19件投诉")]))
    assert [c.evidence for c in causes] == ["19件投诉"]


def test_the_review_of_a_draft_with_blank_rows_is_the_review_without_them() -> None:
    case = make_case([kp("k1", "话术", question="q2"), kp("k2", "双录", question="q4")])
    fw = frameworks()[case.framework]

    def data(answers: Answers) -> dict:
        return review_answers(case, fw, answers, lang="zh", today=TODAY).to_data()

    plain = data(_answers())
    assert plain["causes_depth"], "the prose holds causes"
    blank = data(_answers(causes=[Cause()], actions=[ActionItem()]))
    assert blank == plain
