"""The deal review without a screen: facts from the log, carry-over, finished reviews becoming
actions and lessons, follow-up buckets, the lesson schedule, and coaching suggestions."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from coach.content import load_content
from coach.deal_review.carry_over import carry_over
from coach.deal_review.coaching import suggest_cases
from coach.deal_review.facts import collect_facts, prefill
from coach.deal_review.finish import apply_loss, finish_review, lesson_step
from coach.deal_review.lessons import due_lessons, is_due, new_lesson, rate_lesson
from coach.deal_review.tracking import bucket_of, follow_up, grouped, needs_follow_up
from coach.domain.records import Action, Answers, Deal, Review

NOW = dt.datetime(2026, 3, 10, 9, 30)
TODAY = NOW.date()


@pytest.fixture(scope="module")
def content():
    return load_content()


def _log() -> list[Deal]:
    return [
        Deal(client="Mrs Li", product="annuity", amount=200_000.0, target=300_000.0,
             outcome="lost", loss_type="competitor", stage="proposal", competitor="Ping An",
             opened="2026-01-05", closed="2026-02-20", loss_reason="price"),
        Deal(product="annuity", amount=100_000.0, outcome="won", opened="2026-01-01",
             closed="2026-01-11"),
        Deal(product="annuity", amount=300_000.0, outcome="won", opened="2025-11-01",
             closed="2025-12-01"),
        Deal(product="annuity", amount=50_000.0, outcome="lost", loss_type="no_decision"),
        Deal(product="fund", amount=9.0, outcome="won"),
    ]  # fmt: skip


def test_facts_of_one_lost_deal(content):
    log = _log()
    facts = collect_facts([log[0]], log)
    assert (facts.goal, facts.result, facts.gap) == (300_000.0, 0.0, -300_000.0)
    assert facts.cycle_days == 46
    assert facts.lost_stages == [("proposal", 1)]
    assert facts.product == "annuity" and facts.product_deals == 4
    assert facts.product_win_rate == pytest.approx(2 / 4)
    assert facts.product_avg_size == pytest.approx(200_000.0)
    answers = prefill(content.frameworks["grai"], facts)
    assert "Goal: 300,000 CNY" in answers.text["goal"]
    result = answers.text["result"]
    assert "Result: 0 CNY" in result and "Gap: -300,000 CNY (0% of goal)" in result
    assert "Cycle time: 46 days" in result and "Lost at stage: proposal" in result
    assert "win rate 50%" in result and "average won size 200,000 CNY" in result
    # five-step: everything in the collect step; a step already written is kept
    five = prefill(content.frameworks["five-step"], facts, Answers(text={"collect": "mine"}))
    assert five.text["collect"] == "mine"
    assert "Goal:" in prefill(content.frameworks["five-step"], facts).text["collect"]


def test_facts_of_a_set_of_deals():
    log = _log()
    facts = collect_facts(log[:4], log)
    assert (facts.won, facts.lost, facts.lost_no_decision, facts.lost_competitor) == (2, 2, 1, 1)
    assert facts.goal == 300_000 + 100_000 + 300_000 + 50_000
    assert facts.result == 400_000
    assert facts.win_rate == 0.5


def _done(review_id: str, when: str, action_ids: list[str], subject: str = "deal") -> Review:
    return Review(id=review_id, subject=subject, status="done", action_ids=action_ids,
                  extra={"finished": when})  # fmt: skip


def test_carry_over_takes_the_last_review_of_the_same_kind():
    a1 = Action(id="a1", review_id="r1", text="old one", due="2026-01-10")
    a2 = Action(id="a2", review_id="r2", text="call back", due="2026-03-01")
    a3 = Action(id="a3", review_id="r2", text="done one", status="done")
    a4 = Action(id="a4", review_id="p1", text="period action")
    reviews = [
        _done("r1", "2026-01-01T10:00:00", ["a1"]),
        _done("r2", "2026-02-01T10:00:00", ["a2", "a3"], subject="deals"),
        _done("p1", "2026-02-15T10:00:00", ["a4"], subject="period"),
        Review(id="r3", subject="deal", status="draft"),
    ]
    co = carry_over(reviews, [a1, a2, a3, a4], "deals")
    assert co.review is not None and co.review.id == "r2"
    assert [a.id for a in co.actions] == ["a2"]
    assert [a.id for a in carry_over(reviews, [a1, a2, a3, a4], "period").actions] == ["a4"]
    assert not carry_over(reviews, [a1, a2], "case")
    assert carry_over(reviews, [a1, a2, a3], "deals", exclude="r2").review.id == "r1"


def test_a_finished_review_becomes_actions_and_lessons(content):
    grai = content.frameworks["grai"]
    step, added = lesson_step(grai)
    assert (step, added) == ("lessons", True)
    review = Review(
        subject="deal",
        framework_id="grai",
        answers=Answers(
            text={
                "analyse": "self: clients doubt my expertise — I could not explain the cash "
                "value — I skipped the product training — I thought selling was enough",
                "insight": "- Call Mrs Li with the cash-value table owner: me due: 2026-03-20 "
                "measure: meeting booked\n- Rehearse the comparison with CDs owner: me "
                "due: next Friday measure: 2 role-plays\n- Read the product manual",
                "lessons": "- Next time I explain the cash value before the price\n"
                "- Never skip the comparison with CDs",
            }
        ),
    )
    fin = finish_review(review, grai, NOW, owner="Zhang", score=71.26)
    assert fin.review.status == "done" and fin.review.extra["score"] == 71.3
    # "next Friday" on Tuesday 10 March is the Friday of next week (coach.domain.dates)
    assert [a.due for a in fin.actions] == ["2026-03-20", "2026-03-20", "2026-03-24"]
    assert fin.actions[2].owner == "Zhang" and fin.undated == ["Read the product manual"]
    assert fin.actions[0].measure == "meeting booked"
    assert fin.review.action_ids == [a.id for a in fin.actions]
    assert all(a.review_id == review.id for a in fin.actions)
    assert [x.text for x in fin.lessons] == fin.review.lessons
    assert len(fin.lessons) == 2 and fin.lessons[0].due == "2026-03-11T09:30:00"
    cause = fin.review.answers.causes["analyse"][0]
    assert cause.category == "self" and len(cause.whys) == 3


def test_loss_written_back_to_a_lost_deal_only():
    lost = Deal(outcome="lost", loss_type="unknown")
    assert apply_loss(lost, "no_decision", " budget frozen ").loss_reason == "budget frozen"
    assert apply_loss(lost, "no_decision", "").loss_type == "no_decision"
    won = Deal(outcome="won")
    assert apply_loss(won, "competitor", "x") is won


@pytest.mark.parametrize(
    ("status", "due", "bucket", "asks"),
    [
        ("open", "2026-03-09", "overdue", True),
        ("open", "2026-03-10", "due_soon", True),
        ("open", "2026-03-17", "due_soon", False),
        ("open", "2026-03-18", "open", False),
        ("open", "", "open", False),
        ("open", "someday", "open", False),
        ("done", "2026-03-01", "done", False),
        ("dropped", "2026-03-01", "dropped", False),
    ],
)
def test_buckets_and_follow_up(status, due, bucket, asks):
    a = Action(status=status, due=due)
    assert bucket_of(a, TODAY) == bucket
    assert needs_follow_up(a, TODAY) is asks


def test_follow_up_closes_or_moves_on():
    a = Action(text="call", due="2026-03-09")
    done = follow_up(a, "done", TODAY, worked=4, note=" booked ")
    assert (done.status, done.closed, done.worked, done.note) == ("done", "2026-03-10", 4, "booked")
    dropped = follow_up(a, "dropped", TODAY, worked=5, note="client moved")
    assert (dropped.status, dropped.worked) == ("dropped", None)
    later = follow_up(a, "not_yet", TODAY)
    assert (later.status, later.due) == ("open", "2026-03-17")
    with pytest.raises(ValueError):
        follow_up(a, "done", TODAY, worked=9)
    groups = grouped([a, done, dropped, later], TODAY)
    assert [len(groups[b]) for b in groups] == [1, 1, 0, 1, 1]


def test_lesson_schedule_adapts_to_ratings():
    lesson = new_lesson("Explain the cash value first", NOW)
    assert not is_due(lesson, NOW) and is_due(lesson, NOW + dt.timedelta(days=1))
    first = dt.datetime.fromisoformat(lesson.due)

    def after(ratings: list[int]) -> dt.datetime:
        x, when = lesson, first
        for r in ratings:
            x = rate_lesson(x, r, when)
            when = dt.datetime.fromisoformat(x.due)
        assert x.reviews == len(ratings) and x.card["stability"] > 0
        return when

    good, easy, again = after([3, 3]), after([4, 4]), after([1, 1])
    assert again < good < easy  # applying it well pushes it further out
    assert due_lessons([lesson], NOW) == []
    assert due_lessons([lesson], first) == [lesson]
    with pytest.raises(ValueError):
        rate_lesson(lesson, 0, NOW)
    stored = Lesson_round_trip(rate_lesson(lesson, 3, first))
    assert rate_lesson(stored, 3, dt.datetime.fromisoformat(stored.due)).due > stored.due


def Lesson_round_trip(lesson):
    from coach.domain.records import Lesson

    return Lesson.from_data(lesson.to_data())


@pytest.mark.parametrize(
    "cause",
    ["Clients doubt my expertise", "客户怀疑我的专业性", "客戶懷疑我的專業性"],
)
def test_coaching_suggests_the_insurer_case(content, cause: str):
    found = suggest_cases(content, [cause])
    assert found and found[0].case.id == "product-insurer-expertise"
    assert found[0].matched


def test_coaching_suggests_nothing_for_unrelated_text(content):
    assert suggest_cases(content, ["zzz qqq"]) == []
    assert suggest_cases(content, []) == []
    lost = suggest_cases(content, ["the client never decided, no decision after three months"])
    assert lost[0].case.id == "selling-lost-deals-review"


def test_records_survive_the_store_round_trip():
    a = follow_up(Action(text="x", due="2026-03-01"), "done", TODAY, worked=3)
    assert Action.from_data(a.to_data()) == dataclasses.replace(a)


def test_a_lost_deal_with_a_written_reason_is_not_reason_unknown():
    from coach.deal_review.facts import outcome_label
    from coach.domain.records import Deal

    written = Deal(id="d1", outcome="lost", loss_type="unknown", loss_reason="价格太高")
    assert "价格太高" in outcome_label(written) and "unknown" not in outcome_label(written)
    silent = Deal(id="d2", outcome="lost", loss_type="unknown")
    assert outcome_label(silent) in ("丢单：原因未知", "lost, reason unknown")
