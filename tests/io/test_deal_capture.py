"""One-line capture: each word placed by its form, in Chinese and English; nothing dropped."""

from __future__ import annotations

import datetime as dt

import pytest

from coach.domain.capture import parse_capture

TODAY = dt.date(2025, 3, 20)

CASES = [
    (
        "王女士 增额终身寿险 50万 赢单 2025-03-12 #开门红",
        dict(client="王女士", product="增额终身寿险", amount=500_000, currency="CNY",
             outcome="won", closed="2025-03-12", tags=["开门红"]),
        [],
    ),
    (
        "Mr Smith term life $1.2k won 2025-03-12 #q1",
        dict(client="Mr Smith", product="term life", amount=1_200, currency="USD",
             outcome="won", closed="2025-03-12", tags=["q1"]),
        [],
    ),
    (
        "李总 年金 300万元 输给平安 3月5日 原因:价格",
        dict(client="李总", product="年金", amount=3_000_000, outcome="lost",
             loss_type="competitor", competitor="平安", closed="2025-03-05", loss_reason="价格"),
        [],
    ),
    (
        "Acme fund 80,000.50 lost to Fidelity yesterday",
        dict(client="Acme", product="fund", amount=80_000.5, outcome="lost",
             loss_type="competitor", competitor="Fidelity", closed="2025-03-19"),
        [],
    ),
    (
        "张先生 理财 跟进中 价格太高 #高净值#续期",
        dict(client="张先生", product="理财", outcome="open", opened="2025-03-20",
             tags=["高净值", "续期"]),
        ["价格太高"],
    ),
    (
        'Ms Chen "whole life" no decision 2025/3/10 HK$3,000',
        dict(client="Ms Chen", product="whole life", amount=3_000, currency="HKD",
             outcome="lost", loss_type="no_decision", closed="2025-03-10"),
        [],
    ),
    (
        "增额终身寿险 王女士 1.5万 closed won",
        dict(client="王女士", product="增额终身寿险", amount=15_000, outcome="won",
             closed="2025-03-20"),
        [],
    ),
    (
        "赵女士 年金险 丢单 €5k 12月30日",  # a day later in the year than today: last year
        dict(client="赵女士", product="年金险", amount=5_000, currency="EUR", outcome="lost",
             loss_type="unknown", closed="2024-12-30"),
        [],
    ),
    (
        "钱总 私募 2025-01-05 2025-03-01 成交 阶段:4-谈判 竞品:某券商",
        dict(client="钱总", product="私募", outcome="won", opened="2025-01-05",
             closed="2025-03-01", stage="谈判", competitor="某券商"),
        [],
    ),
    (
        "孙先生 基金 金额:abc",
        dict(client="孙先生", product="基金", amount=None),
        ["金额:abc"],
    ),
    (
        "ＡＢＣ公司 企业年金 ５０万 签约",  # full-width from a Chinese input method
        dict(client="ＡＢＣ公司", product="企业年金", amount=500_000, outcome="won"),
        [],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("line", "fields", "unplaced"), CASES, ids=[c[0] for c in CASES])
def test_capture(line, fields, unplaced):
    cap = parse_capture(line, today=TODAY)
    for name, value in fields.items():
        assert getattr(cap.deal, name) == value, name
    assert cap.unplaced == unplaced
    assert cap.deal.source == "manual"


def test_nothing_is_dropped():
    line = "周女士 年金险 50万 赢单 2025-03-01 一见面就签 很顺利 #春季"
    cap = parse_capture(line, today=TODAY)
    kept = " ".join(
        [cap.deal.client, cap.deal.product, *cap.placed.values(), *cap.unplaced, *cap.deal.tags]
    )
    for word in ["周女士", "年金险", "50万", "赢单", "一见面就签", "很顺利", "春季"]:
        assert word in kept
    assert cap.unplaced == ["一见面就签", "很顺利"]


# Issue 15: past weekdays are dates, a competitor of several words, a reason written out.
MONDAY, FRIDAY, SUNDAY = dt.date(2025, 3, 17), dt.date(2025, 3, 21), dt.date(2025, 3, 23)


@pytest.mark.parametrize(
    ("line", "today", "closed"),
    [
        ("王女士 年金 赢单 上周五", MONDAY, "2025-03-14"),
        ("王女士 年金 赢单 上星期五", SUNDAY, "2025-03-14"),
        ("王女士 年金 赢单 周五", SUNDAY, "2025-03-21"),
        ("王女士 年金 赢单 星期五", FRIDAY, "2025-03-21"),
        ("Acme fund won last Friday", FRIDAY, "2025-03-14"),
        ("Acme fund won last Friday", SUNDAY, "2025-03-21"),
        ("Acme fund won on Friday", MONDAY, "2025-03-14"),
    ],
)
def test_capture_past_weekday_is_the_date(line, today, closed):
    cap = parse_capture(line, today=today)
    assert cap.deal.closed == closed
    assert cap.unplaced == []


def test_capture_lost_to_a_competitor_of_two_words_with_a_reason():
    cap = parse_capture("Mr Li annuity 50万 lost to Ping An price too high", today=MONDAY)
    deal = cap.deal
    assert (deal.outcome, deal.loss_type, deal.competitor) == ("lost", "competitor", "Ping An")
    assert deal.loss_reason == "price too high"
    assert cap.unplaced == []


@pytest.mark.parametrize(
    ("line", "competitor", "reason"),
    [
        # issue 15: typed in lower case, the name is read as the capitalised one is, as typed
        ("Mr Li annuity 50万 lost to ping an, price too high", "ping an", "price too high"),
        ("Mr Li annuity 50万 lost to ping an price too high", "ping an", "price too high"),
        ("Mr Li annuity 50万 lost to Ping an price too high", "Ping an", "price too high"),
        ("Acme fund lost to big corp, went cheaper", "big corp", "went cheaper"),
        ("Acme fund lost to acme price too high", "acme", "price too high"),
        ("Acme fund lost to acme, price too high", "acme", "price too high"),
    ],
)
def test_capture_lost_to_a_competitor_in_lower_case(line, competitor, reason):
    cap = parse_capture(line, today=MONDAY)
    deal = cap.deal
    assert (deal.outcome, deal.loss_type) == ("lost", "competitor")
    assert (deal.competitor, deal.loss_reason) == (competitor, reason)
    assert cap.unplaced == []


def test_capture_lower_case_competitor_stops_at_a_date_or_an_amount():
    deal = parse_capture("Acme fund lost to ping an 2025-03-01 50k", today=MONDAY).deal
    assert (deal.competitor, deal.closed, deal.amount) == ("ping an", "2025-03-01", 50000.0)


@pytest.mark.parametrize(
    ("line", "reason", "loss_type"),
    [
        ("李总 年金 丢单 价格太高", "价格太高", "unknown"),
        ("李总 年金 丢单 原因:客户暂不决策", "客户暂不决策", "no_decision"),
        ("Acme fund lost due to budget freeze", "budget freeze", "no_decision"),
        ("Acme fund lost, went with another vendor", "went with another vendor", "competitor"),
    ],
)
def test_capture_reason_of_a_lost_deal(line, reason, loss_type):
    deal = parse_capture(line, today=MONDAY).deal
    assert (deal.loss_reason, deal.loss_type) == (reason, loss_type)


def test_unplaced_english_words_are_one_phrase_chinese_stay_apart():
    cap = parse_capture("王女士 年金 赢单 很顺利 一次就签 good first meeting", today=MONDAY)
    assert cap.unplaced == ["很顺利", "一次就签", "good first meeting"]
