"""SMART letters, goal vs result, cause depth and the five pitfalls."""

from datetime import date

import pytest

from coach.domain.records import ActionItem, Answers, Cause
from coach.review import review_answers, review_deal
from coach.review.checks import check_action
from tests.review.helpers import frameworks, make_case

TODAY = date(2025, 3, 5)
FW = frameworks()["five-step"]
GRAI = frameworks()["grai"]


@pytest.mark.parametrize(
    ("action", "missing"),
    [
        (ActionItem("组织两场产品培训", "张经理", "3月底前", "考试通过率90%"), []),
        (
            ActionItem("加强客户沟通", "张经理", "下周五", "回访20户"),
            [],
        ),  # the number makes it concrete
        (ActionItem("加强客户沟通", "张经理", "下周五", ""), ["S", "M"]),
        (ActionItem("组织两场产品培训", "", "3月底前", ""), ["A"]),
        (ActionItem("组织产品培训", "张经理", "", ""), ["M", "T"]),
        (ActionItem("组织产品培训", "张经理", "改天", "通过率90%"), ["T"]),
        (ActionItem("Call all 40 A-class clients", "Li", "within 2 weeks", ""), []),
        (ActionItem("Improve communication", "", "", ""), ["S", "M", "A", "T"]),
        (ActionItem("我负责下周五前拜访10位客户"), []),  # everything in one sentence
    ],
)
def test_smart_letters(action, missing):
    result = check_action("q4", 0, action, TODAY, "en")
    assert result.missing == missing
    assert len(result.reasons) == len(missing)


def test_realistic_is_a_warning_only():
    r = check_action("q4", 0, ActionItem("把转化率提升200%", "张经理", "月底前", ""), TODAY, "zh")
    assert r.letters["R"] is False and r.missing == []
    assert r.warnings and "200%" in r.warnings[0]


def test_due_date_is_resolved_and_a_past_date_warned():
    r = check_action("q4", 0, ActionItem("组织培训", "张", "2025-03-01", "通过率90%"), TODAY, "en")
    assert r.due == "2025-03-01"
    assert r.warnings == ["The due date 2025-03-01 has passed."]


@pytest.mark.parametrize(
    ("text", "goal", "result", "attainment"),
    [
        ("本季度目标是1200万，实际完成960万元。", 12_000_000, 9_600_000, 80.0),
        ("Target was 1.2 million; actual came in at 960k.", 1_200_000, 960_000, 80.0),
        ("目标转化率15%，实际只有12%。", 15, 12, 80.0),
    ],
)
def test_goal_gap_from_text(text, goal, result, attainment):
    fb = review_answers(make_case(), FW, Answers(text={"q1": text}))
    assert (fb.goal_gap.goal, fb.goal_gap.result, fb.goal_gap.attainment) == (
        goal,
        result,
        attainment,
    )
    assert fb.goal_gap.gap == result - goal
    assert fb.checks["goal-gap"] == 1.0


def test_goal_gap_from_grai_steps_and_from_a_deal():
    answers = Answers(text={"goal": "拿下200万的年金险订单", "result": "最终签了150万"})
    fb = review_deal(GRAI, answers)
    assert (fb.goal_gap.goal, fb.goal_gap.result, fb.goal_gap.attainment) == (2e6, 1.5e6, 75.0)
    fb = review_deal(GRAI, Answers(text={"goal": "签单"}), goal=100.0, result=120.0)
    assert (fb.goal_gap.gap, fb.goal_gap.attainment) == (20.0, 120.0)


def test_goal_only_is_half_and_named():
    fb = review_answers(make_case(), FW, Answers(text={"q1": "目标是1200万。"}), lang="en")
    assert fb.checks["goal-gap"] == 0.5
    assert fb.goal_gap.reason.startswith("Only the goal is quantified")


def test_cause_depth_and_categories():
    causes = [
        Cause("没有做客户分层", "selling", ["名单太长", "没有标签", "培训没覆盖"], "转化率5%"),
        Cause("行情下跌", "market", ["央行加息导致债市下跌"]),
    ]
    fb = review_answers(make_case(), FW, Answers(causes={"q2": causes}), lang="en")
    assert [(d.depth, d.flagged, d.category) for d in fb.causes_depth] == [
        (3, False, "selling"),
        (1, True, "market"),
    ]
    assert fb.causes_depth[1].reason.startswith("Only 1 level(s) of why")
    assert fb.checks["root-cause-depth"] == 1.0


def pitfall_ids(answers, fw=FW, case=None):
    case = case or make_case()
    return [p.id for p in review_answers(case, fw, answers).pitfalls]


GOOD = {
    "q1": "本季度目标是1200万，实际完成960万元，差距240万，主要不足在一月。",
    "q3": "经验：开门红要提前两个月准备客户名单，并按上年同月倒排营销日历。",
    "q5": "每周一在晨会上检查措施进度，月底对照回访数据复盘一次效果。",
}
GOOD_CAUSES = [
    Cause("我们没有做客户分层", "selling", ["名单太长", "没有标签", "培训没覆盖"], "转化率5%")
]


def test_no_pitfall_in_a_sound_answer():
    assert pitfall_ids(Answers(text=dict(GOOD), causes={"q2": GOOD_CAUSES})) == []


@pytest.mark.parametrize(
    ("change", "pitfall"),
    [
        (lambda a: (a.text.update(q1="目标1200万，实际完成1300万元，全面超额。", q3="经验：提前准备名单很有效。"),
                    a.causes.update(q2=[Cause("我们提前准备了名单", "self", ["a", "b", "c"], "x")])), "proving-right"),
        (lambda a: (a.text.clear(), a.text.update(q1="目标和实际结果是多少？")), "going-through-motions"),
        (lambda a: a.causes.update(q2=[Cause("小王太懒，没有跟进客户", "self", ["他不想打电话", "他嫌客户难缠", "他没被督促过"], "x")]), "blame-session"),
        (lambda a: a.causes.update(q2=[Cause("行情下跌", "market", ["a", "b", "c"]), Cause("客户观望", "client")]), "outside-only"),
    ],
)  # fmt: skip
def test_each_pitfall(change, pitfall):
    answers = Answers(text=dict(GOOD), causes={"q2": list(GOOD_CAUSES)})
    change(answers)
    assert pitfall in pitfall_ids(answers)


def test_jumping_to_conclusions():
    answers = Answers(text={"q3": "客户不喜欢这个产品，下次换一个产品推荐给他们就行了，没有别的办法。",
                            "q1": "这次的产品推荐做得很失败，大家都看到了结果很不好。"})  # fmt: skip
    assert "jumping" in pitfall_ids(answers)


def test_pitfall_explanations_are_in_the_language_asked():
    fb = review_answers(make_case(), FW, Answers(text={"q1": "很好"}), lang="en")
    motions = next(p for p in fb.pitfalls if p.id == "going-through-motions")
    assert motions.title == "Going through the motions"
    assert motions.explanation.startswith("Answers copy the prompts")
