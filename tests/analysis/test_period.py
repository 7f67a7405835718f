"""Period review figures against numbers worked out by hand, on a small log and on the real CRM
export; periods as people write them; properties that hold for any log."""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.analysis.period import (
    NOT_RECORDED,
    PeriodError,
    parse_period,
    period_review,
    recurring_causes,
)
from coach.domain.records import Answers, Cause, Deal, Review
from tests.conftest import shared_data


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2025-Q2", "2025-04-01", "2025-06-30"),
        ("2025q1", "2025-01-01", "2025-03-31"),
        ("2025-03", "2025-03-01", "2025-03-31"),
        ("2024-02", "2024-02-01", "2024-02-29"),
        ("2025", "2025-01-01", "2025-12-31"),
        ("2025-W14", "2025-03-31", "2025-04-06"),
        ("2025-W01", "2024-12-30", "2025-01-05"),
        ("2025-03-05", "2025-03-05", "2025-03-05"),
        ("2025-02..2025-Q2", "2025-02-01", "2025-06-30"),
        (" 2025-01-15..2025-01-20 ", "2025-01-15", "2025-01-20"),
    ],
)
def test_periods_as_written(text: str, start: str, end: str):
    p = parse_period(text)
    assert (p.start.isoformat(), p.end.isoformat()) == (start, end)


@pytest.mark.parametrize(
    "text", ["2025-Q5", "2025-13", "Q2", "last month", "2025-02-30", "2025-06..2025-01", ""]
)
def test_bad_periods_say_what_is_accepted(text: str):
    with pytest.raises(PeriodError) as err:
        parse_period(text)
    assert "\n" not in str(err.value)
    assert text.strip() in str(err.value)


def D(outcome, amount, opened, closed="", **kw) -> Deal:
    return Deal(outcome=outcome, amount=amount, opened=opened, closed=closed, **kw)


#: Q2 2025 holds: 3 won, 4 lost (2 no decision, 1 competitor, 1 unknown), 2 open.
#: Outside it: a win in 2024 and one in Q1 2025, a loss closed in July, an open deal opened in March.
LOG = [
    D("won", 100.0, "2025-03-20", "2025-04-10", product="fund", owner="Li", target=120.0),
    D("won", 300.0, "2025-04-01", "2025-05-01", product="insurance", owner="Li", target=300.0),
    D("won", 200.0, "2025-05-05", "2025-06-04", product="fund", owner="Wang"),
    D("lost", 50.0, "2025-04-01", "2025-04-21", product="fund", owner="Li", loss_type="no_decision",
      loss_reason="price"),
    D("lost", 70.0, "2025-04-02", "2025-05-02", product="fund", owner="Wang",
      loss_type="no_decision", loss_reason="timing"),
    D("lost", 80.0, "2025-04-03", "2025-06-02", product="insurance", owner="Wang",
      loss_type="competitor", loss_reason="price", competitor="CMB"),
    D("lost", 10.0, "2025-04-04", "2025-06-13", product="insurance", owner="Li",
      loss_type="unknown"),
    D("open", 40.0, "2025-04-15", product="fund", owner="Li"),
    D("open", 60.0, "2025-06-30", product="insurance", owner="Wang"),
    D("won", 400.0, "2024-01-02", "2024-01-12", product="fund", owner="Li"),
    D("won", 100.0, "2024-12-01", "2024-12-11", product="fund", owner="Li"),
    D("won", 100.0, "2025-01-01", "2025-01-31", product="fund", owner="Li"),
    D("lost", 90.0, "2025-06-01", "2025-07-01", product="fund", owner="Li", loss_reason="price"),
    D("open", 20.0, "2025-03-01", product="fund", owner="Li"),
]  # fmt: skip


def test_small_log_against_hand_counts():
    r = period_review(LOG, "2025-Q2")
    t = r.totals
    assert (t.deals, t.won, t.lost, t.open) == (9, 3, 4, 2)
    assert (t.lost_no_decision, t.lost_competitor, t.lost_unknown) == (2, 1, 1)
    assert t.win_rate == pytest.approx(3 / 7)
    assert t.win_rate_decided == pytest.approx(3 / 5)
    assert t.won_amount == 600.0
    assert t.lost_amount == 210.0
    assert t.open_amount == 100.0
    # targets written on two deals of the period: 120 + 300
    assert t.target == 420.0
    assert t.attainment == pytest.approx(600 / 420)
    assert t.avg_won_amount == pytest.approx(200.0)
    # cycles: won 21, 30, 30; lost 20, 30, 60, 70
    assert t.avg_cycle_won_days == pytest.approx(27.0)
    assert t.avg_cycle_days == pytest.approx((21 + 30 + 30 + 20 + 30 + 60 + 70) / 7)

    fund = r.by_product.loc["fund"]
    assert (fund["deals"], fund["won"], fund["lost"], fund["no_decision"], fund["open"]) == (
        5, 2, 2, 2, 1)  # fmt: skip
    assert fund["win_rate"] == pytest.approx(0.5)
    assert fund["won_amount"] == 300.0
    assert list(r.by_month.index) == ["2025-04", "2025-05", "2025-06"]
    assert list(r.by_month["won"]) == [1, 1, 1]
    assert list(r.by_month["lost"]) == [1, 1, 2]
    assert r.by_owner.loc["Wang", "won_amount"] == 200.0

    # Pareto: price 2, timing 1, not recorded 1 (of 4 losses)
    assert list(r.pareto["reason"]) == ["price", "timing", NOT_RECORDED]
    assert list(r.pareto["count"]) == [2, 1, 1]
    assert list(r.pareto["cumulative"]) == pytest.approx([0.5, 0.75, 1.0])

    # Seasonality over the whole log's wins (asked for: the default is the period's years):
    # 2024 = Jan 400, Dec 100; 2025 = Jan 100, Apr 100, May 300, Jun 200. All years: 1200.
    s = period_review(LOG, "2025-Q2", season_years="all").seasonality
    assert s.loc[1, "2024"] == pytest.approx(0.8)
    assert s.loc[12, "2024"] == pytest.approx(0.2)
    assert s.loc[5, "2025"] == pytest.approx(300 / 700)
    assert s.loc[1, "all"] == pytest.approx(500 / 1200)
    assert s["all"].sum() == pytest.approx(1.0)
    assert s.loc[8, "all"] == 0.0


def test_amounts_in_another_currency_are_counted_but_not_summed():
    log = [*LOG, D("won", 9999.0, "2025-04-01", "2025-04-02", currency="USD")]
    t = period_review(log, "2025-Q2").totals
    assert t.won == 4 and t.won_amount == 600.0
    assert t.other_currency == 1 and t.currency == "CNY"


def test_an_empty_period_has_no_rates():
    r = period_review(LOG, "2023")
    assert r.totals.deals == 0 and r.totals.win_rate is None and r.totals.attainment is None
    assert r.by_month.empty and r.pareto.empty


def _review(causes: list[tuple[str, str]]) -> Review:
    return Review(
        status="done",
        answers=Answers(causes={"analyse": [Cause(text=t, category=c) for t, c in causes]}),
    )


def test_causes_that_recur_across_reviews():
    reviews = [
        _review([("Clients doubt my expertise", "self"), ("Price too high", "product")]),
        _review([("clients doubt my expertise.", ""), ("Market fell", "market")]),
        _review([("Clients  doubt my EXPERTISE", "self"), ("clients doubt my expertise", "self")]),
    ]
    recurring, categories = recurring_causes(reviews)
    assert [(c.text, c.category, c.reviews) for c in recurring] == [
        ("Clients doubt my expertise", "self", 3)
    ]
    assert categories == {"self": 3, "product": 1, "": 1, "market": 1}


deal_st = st.builds(
    Deal,
    outcome=st.sampled_from(["won", "lost", "open"]),
    loss_type=st.sampled_from(["", "competitor", "no_decision", "unknown"]),
    amount=st.one_of(st.none(), st.floats(0, 1e6)),
    opened=st.dates(dt.date(2024, 1, 1), dt.date(2025, 12, 31)).map(dt.date.isoformat),
    closed=st.one_of(
        st.just(""), st.dates(dt.date(2024, 1, 1), dt.date(2026, 3, 1)).map(dt.date.isoformat)
    ),
    product=st.sampled_from(["", "a", "b"]),
    loss_reason=st.sampled_from(["", "x", "y"]),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(deal_st, max_size=40), st.sampled_from(["2025", "2025-Q2", "2024-07", "2025-W20"]))
def test_counts_always_add_up(deals: list[Deal], period: str):
    r = period_review(deals, period)
    t = r.totals
    assert t.won + t.lost + t.open == t.deals
    assert t.lost_competitor + t.lost_no_decision + t.lost_unknown == t.lost
    assert int(r.by_product["deals"].sum()) == t.deals == int(r.by_month["deals"].sum())
    if t.win_rate is not None:
        assert 0 <= t.win_rate <= (t.win_rate_decided or 1.0) <= 1
    if not r.pareto.empty:
        assert int(r.pareto["count"].sum()) == t.lost
        assert r.pareto["cumulative"].iloc[-1] == pytest.approx(1.0)


def test_real_crm_export_through_the_import(tmp_path: Path):
    """The real CRM export, imported with coach.io, reviewed for 2017 against the csv module."""
    path = shared_data("crm-sales-opportunities", "sales_pipeline.csv")
    from coach.io.deals_import import apply_import, plan_import, preview_import
    from tests.io.conftest import FakeDeals

    deals = FakeDeals()
    apply_import(plan_import(preview_import(path), []), deals)
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    outcome = {"Won": "won", "Lost": "lost"}
    closed = Counter(
        outcome[r["deal_stage"]]
        for r in rows
        if r["deal_stage"] in outcome and (r["close_date"] or r["engage_date"]).startswith("2017")
    )
    won_amount = sum(
        float(r["close_value"])
        for r in rows
        if r["deal_stage"] == "Won" and r["close_date"].startswith("2017") and r["close_value"]
    )
    r = period_review(deals.list(), "2017")
    assert (r.totals.won, r.totals.lost) == (closed["won"], closed["lost"])
    assert r.totals.win_rate == pytest.approx(closed["won"] / (closed["won"] + closed["lost"]))
    assert r.totals.won_amount == pytest.approx(won_amount)
    assert r.totals.lost_unknown == closed["lost"]  # the export does not say why deals were lost
    by_agent = Counter(
        r["sales_agent"]
        for r in rows
        if r["deal_stage"] == "Won" and r["close_date"].startswith("2017")
    )
    assert {k: int(v) for k, v in r.by_owner["won"].items() if v} == dict(by_agent)


def test_stored_documents_give_the_same_figures(tmp_path: Path):
    """The Insights screen feeds the store's raw documents; they must read like the records."""
    from coach.store import open_store

    with open_store(tmp_path, "p", daily_backup=False) as store:
        store.deals.save_many(LOG)
        docs = list(store.deals.raw_docs())
        records = store.deals.list()
    a, b = period_review(docs, "2025-Q2"), period_review(records, "2025-Q2")
    assert a.totals == b.totals
    assert a.pareto.equals(b.pareto) and a.by_product.equals(b.by_product)
