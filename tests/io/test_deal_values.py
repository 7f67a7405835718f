"""Every value form the deal log reads, in both languages: one cell (capture) and whole columns
(import) must agree."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from coach.domain import values as V
from coach.i18n import set_lang
from coach.io import cells

AMOUNTS = [
    # text, value, currency named by the text
    ("1,200,000", 1_200_000, None),
    ("￥50万", 500_000, "CNY"),
    ("¥50万", 500_000, "CNY"),
    ("300万元", 3_000_000, "CNY"),
    ("1.5万", 15_000, None),
    ("80,000.50", 80_000.5, None),
    ("$1.2k", 1_200, "USD"),
    ("HK$3,000", 3_000, "HKD"),
    ("€5k", 5_000, "EUR"),
    ("５０万", 500_000, None),
    ("1，200，000", 1_200_000, None),
    ("2亿", 200_000_000, None),
    ("3千", 3_000, None),
    ("12w", 120_000, None),
    ("USD 2,500", 2_500, "USD"),
    ("2500 USD", 2_500, "USD"),
    ("100美元", 100, "USD"),
    ("500港元", 500, "HKD"),
    ("RMB 8,000", 8_000, "CNY"),
    ("-5万", -50_000, None),
    ("(1,200)", -1_200, None),
    ("0", 0, None),
    ("1054", 1054, None),
    (" 42 ", 42, None),
    ("$1.5m", 1_500_000, "USD"),
]
BAD_AMOUNTS = ["abc", "1,2", "五十万", "$", "1.2.3", "50万 60万", "$5 欧元"]


@pytest.mark.parametrize(("text", "value", "currency"), AMOUNTS)
def test_amount_one_cell(text, value, currency):
    got = V.parse_amount(text)
    assert got.value == pytest.approx(value)
    assert got.currency == currency


@pytest.mark.parametrize("text", BAD_AMOUNTS)
def test_amount_one_cell_refused_with_message(text):
    with pytest.raises(ValueError, match="amount"):
        V.parse_amount(text)


def test_amount_message_in_chinese():
    set_lang("zh")
    with pytest.raises(ValueError, match="无法识别的金额"):
        V.parse_amount("abc")


def test_amount_column_agrees_with_one_cell():
    texts = [t for t, _, _ in AMOUNTS] + BAD_AMOUNTS + [""]
    parsed = cells.parse_amounts(pd.Series(texts, dtype=str))
    for i, text in enumerate(texts):
        if text in BAD_AMOUNTS:
            assert parsed.bad[i], text
            assert np.isnan(parsed.value[i])
        elif text == "":
            assert not parsed.bad[i] and np.isnan(parsed.value[i])
        else:
            one = V.parse_amount(text)
            assert not parsed.bad[i], text
            assert parsed.value[i] == pytest.approx(one.value), text
            got_currency = parsed.currency.iat[i]
            assert (None if pd.isna(got_currency) else got_currency) == one.currency, text


def test_amount_column_header_unit_scales_bare_numbers_only():
    parsed = cells.parse_amounts(
        pd.Series(["50", "50万", "$3", "8,000元", "1.5"], dtype=str), unit=10_000
    )
    assert list(parsed.value) == [500_000, 500_000, 3, 8_000, 15_000]


def test_amount_column_spreadsheet_numbers_taken_as_they_are():
    parsed = cells.parse_amounts(pd.Series([1200, 3.5, "2万", None, ""], dtype=object))
    assert parsed.value[:3].tolist() == [1200, 3.5, 20_000]
    assert np.isnan(parsed.value[3]) and np.isnan(parsed.value[4])
    assert not parsed.bad.any()


DATES = [
    ("2025/3/10", "2025-03-10"),
    ("2025年3月12日", "2025-03-12"),
    ("2025 年 3 月 12 日", "2025-03-12"),
    ("2025.4.15", "2025-04-15"),
    ("2025-04-01", "2025-04-01"),
    ("2025-04-01 14:30:00", "2025-04-01"),
    ("2025-04-01T14:30", "2025-04-01"),
    ("20250310", "2025-03-10"),
    ("45726", "2025-03-10"),  # an Excel serial day
    ("２０２５－０３－１０", "2025-03-10"),
    ("13/10/25", "2025-10-13"),  # only day-first can read it
    ("10/13/2025", "2025-10-13"),  # only month-first can read it
    ("Mar 10, 2025", "2025-03-10"),
    ("10 March 2025", "2025-03-10"),
    ("10-Mar-2025", "2025-03-10"),
]
BAD_DATES = ["2025-02-30", "2025-13-01", "tomorrow-ish", "12345678", "99/99/99"]


@pytest.mark.parametrize(("text", "iso"), DATES)
def test_date_one_cell(text, iso):
    assert V.parse_date(text) == iso


@pytest.mark.parametrize(("text", "dayfirst", "iso"), [
    ("03/10/25", True, "2025-10-03"),
    ("03/10/25", False, "2025-03-10"),
    ("3-10-2025", True, "2025-10-03"),
    ("05/05/25", None, "2025-05-05"),  # the same either way
    ("03/10/99", True, "1999-10-03"),
])  # fmt: skip
def test_date_day_month_order(text, dayfirst, iso):
    assert V.parse_date(text, dayfirst=dayfirst) == iso


def test_date_ambiguous_one_cell_is_refused():
    with pytest.raises(V.AmbiguousDate):
        V.parse_date("03/10/25")


@pytest.mark.parametrize("text", BAD_DATES)
def test_date_one_cell_refused(text):
    with pytest.raises(ValueError, match="date"):
        V.parse_date(text)


def test_date_column_agrees_with_one_cell():
    texts = [t for t, _ in DATES if "/" not in t or t.startswith("2025")] + BAD_DATES + [""]
    parsed = cells.parse_dates(pd.Series(texts, dtype=str))
    for i, text in enumerate(texts):
        if text in BAD_DATES:
            assert parsed.bad[i], text
        elif text == "":
            assert not parsed.bad[i] and parsed.iso[i] == ""
        else:
            assert not parsed.bad[i], text
            assert parsed.iso[i] == V.parse_date(text), text


@pytest.mark.parametrize(("cells_in", "dayfirst", "expected"), [
    # one cell that tells decides the whole column
    (["03/10/25", "13/10/25"], True, ["2025-10-03", "2025-10-13"]),
    (["03/10/25", "10/13/25"], False, ["2025-03-10", "2025-10-13"]),
    # nothing tells: the column is ambiguous
    (["03/10/25", "04/11/25"], None, ["", ""]),
])  # fmt: skip
def test_date_column_decides_day_first_from_the_whole_column(cells_in, dayfirst, expected):
    parsed = cells.parse_dates(pd.Series(cells_in, dtype=str))
    assert parsed.dayfirst is dayfirst
    assert parsed.iso.tolist() == expected
    assert parsed.ambiguous is (dayfirst is None)
    if dayfirst is None:
        assert parsed.examples == ["03/10/25", "04/11/25"]


def test_date_column_forced_order_overrides_the_column():
    parsed = cells.parse_dates(pd.Series(["03/10/25", "04/11/25"], dtype=str), dayfirst=True)
    assert parsed.iso.tolist() == ["2025-10-03", "2025-11-04"]
    assert not parsed.ambiguous


def test_date_column_from_a_spreadsheet_mixes_types():
    import datetime as dt

    column = pd.Series(
        [dt.datetime(2025, 3, 10, 9, 30), dt.date(2025, 3, 11), 45727, 45727.5, "2025年3月13日", 5],
        dtype=object,
    )
    parsed = cells.parse_dates(column)
    assert parsed.iso.tolist()[:5] == [
        "2025-03-10",
        "2025-03-11",
        "2025-03-11",
        "2025-03-11",
        "2025-03-13",
    ]
    assert parsed.bad.tolist() == [False] * 5 + [True]  # 5 is no deal's date


OUTCOMES = [
    ("赢单", ("won", "")),
    ("成交", ("won", "")),
    ("已成交", ("won", "")),
    ("签约", ("won", "")),
    ("Won", ("won", "")),
    ("Closed Won", ("won", "")),
    ("closed_won", ("won", "")),
    ("CLOSED-WON", ("won", "")),
    ("6 - Closed Won", ("won", "")),
    ("丢单", ("lost", "unknown")),
    ("输单", ("lost", "unknown")),
    ("Lost", ("lost", "unknown")),
    ("Closed Lost", ("lost", "unknown")),
    ("输给竞品", ("lost", "competitor")),
    ("Lost to competitor", ("lost", "competitor")),
    ("无决定", ("lost", "no_decision")),
    ("No Decision", ("lost", "no_decision")),
    ("跟进中", ("open", "")),
    ("洽谈中", ("open", "")),
    ("Engaging", ("open", "")),
    ("Prospecting", ("open", "")),
    ("open", ("open", "")),
    ("In Progress", ("open", "")),
]


@pytest.mark.parametrize(("text", "expected"), OUTCOMES)
def test_outcome(text, expected):
    assert V.parse_outcome(text) == expected


@pytest.mark.parametrize("text", ["maybe", "不知道", "", "3-"])
def test_outcome_refused(text):
    with pytest.raises(ValueError, match="outcome"):
        V.parse_outcome(text)


@pytest.mark.parametrize(("text", "name", "outcome"), [
    ("3-Proposal", "Proposal", "open"),
    ("3 - Proposal", "Proposal", "open"),
    ("1.Prospecting", "Prospecting", "open"),
    ("2、需求分析", "需求分析", "open"),
    ("6-Closed Won", "Closed Won", "won"),
    ("7) Closed Lost", "Closed Lost", "lost"),
    ("Negotiation", "Negotiation", "open"),
    ("谈判", "谈判", "open"),
    ("Won", "Won", "won"),
])  # fmt: skip
def test_stage_matched_by_name(text, name, outcome):
    assert V.stage_name(text) == name
    assert V.stage_outcome(text)[0] == outcome


def test_outcome_column_parses_each_distinct_value_once():
    seen: list[str] = []

    def parse(value: str):
        seen.append(value)
        return V.parse_outcome(value)

    column = pd.Series(["Won", "Lost", "Won", "", "??", "Won"] * 100, dtype=str)
    values, bad = cells.parse_categories(column, parse)
    assert sorted(seen) == ["??", "Lost", "Won"]
    assert values[:6] == [("won", ""), ("lost", "unknown"), ("won", ""), None, None, ("won", "")]
    assert bad[:6].tolist() == [False, False, False, False, True, False]
