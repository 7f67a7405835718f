"""Due dates in both languages, resolved against a fixed today (Wednesday 2025-03-05)."""

from datetime import date

import pytest

from coach.domain.dates import cn_number, find_due_dates, parse_due, parse_past_day

TODAY = date(2025, 3, 5)  # a Wednesday

CASES = [
    ("2025-03-10", "2025-03-10", "iso"),
    ("2025/3/10", "2025-03-10", "iso"),
    ("2025年3月10日", "2025-03-10", "zh-date"),
    ("3月10日", "2025-03-10", "month-day"),
    ("3月1日", "2026-03-01", "month-day"),  # already past this year: next year's
    ("下个月15号", "2025-04-15", "month-day"),
    ("下周五", "2025-03-14", "weekday"),
    ("本周五", "2025-03-07", "weekday"),
    ("周五前", "2025-03-07", "weekday"),
    ("下下周一", "2025-03-17", "weekday"),
    ("下周内", "2025-03-14", "weekday"),
    ("月底前", "2025-03-31", "month-end"),
    ("下月底", "2025-04-30", "month-end"),
    ("6月底", "2025-06-30", "month-end"),
    ("4月中旬前", "2025-04-15", "month-end"),
    ("年底前", "2025-12-31", "year-end"),
    ("两周内", "2025-03-19", "relative"),
    ("3天内", "2025-03-08", "relative"),
    ("一个月内", "2025-04-05", "relative"),
    ("10个工作日内", "2025-03-19", "relative"),
    ("半个月内", "2025-03-20", "relative"),
    ("二季度末", "2025-06-30", "quarter-end"),
    ("第二季度末", "2025-06-30", "quarter-end"),
    ("Q2末", "2025-06-30", "quarter-end"),
    ("本季度末", "2025-03-31", "quarter-end"),
    ("明天", "2025-03-06", "day-word"),
    ("by Friday", "2025-03-07", "weekday"),
    ("next Friday", "2025-03-14", "weekday"),
    ("within 2 weeks", "2025-03-19", "relative"),
    ("within two weeks", "2025-03-19", "relative"),
    ("in 10 business days", "2025-03-19", "relative"),
    ("end of Q2", "2025-06-30", "quarter-end"),
    ("by the end of Q1 2026", "2026-03-31", "quarter-end"),
    ("end of the month", "2025-03-31", "month-end"),
    ("end of next month", "2025-04-30", "month-end"),
    ("end of this quarter", "2025-03-31", "quarter-end"),
    ("next week", "2025-03-14", "weekday"),
    ("tomorrow", "2025-03-06", "day-word"),
    ("March 20", "2025-03-20", "en-date"),
    ("20 March 2025", "2025-03-20", "en-date"),
    ("Mar 20th, 2026", "2026-03-20", "en-date"),
]


@pytest.mark.parametrize(("text", "expected", "form"), CASES)
def test_due_date_forms(text, expected, form):
    due = parse_due(text, TODAY)
    assert due is not None, text
    assert (due.date.isoformat(), due.form) == (expected, form)


@pytest.mark.parametrize(
    "text", ["尽快", "as soon as possible", "年终奖", "year-end bonus", "3月销售额", "改天"]
)
def test_not_a_due_date(text):
    assert parse_due(text, TODAY) is None


def test_finds_dates_inside_a_sentence_left_to_right():
    found = find_due_dates("先在下周五前拜访，再在月底前复盘", TODAY)
    assert [(f.text, f.date.isoformat()) for f in found] == [
        ("下周五", "2025-03-14"),
        ("月底前", "2025-03-31"),
    ]


@pytest.mark.parametrize(
    ("text", "n"),
    [("两", 2), ("十", 10), ("十五", 15), ("二十", 20), ("3", 3), ("three", 3), ("x", None)],
)
def test_cn_number(text, n):
    assert cn_number(text) == n


# Past days across a week boundary: Monday 2025-03-17, Friday 2025-03-21, Sunday 2025-03-23.
MON, FRI, SUN = date(2025, 3, 17), date(2025, 3, 21), date(2025, 3, 23)
PAST_CASES = [
    # 上周五 / 上星期五: the Friday of last week (weeks start on Monday)
    ("上周五", MON, "2025-03-14"),
    ("上星期五", FRI, "2025-03-14"),
    ("上礼拜五", SUN, "2025-03-14"),
    ("上个星期五", SUN, "2025-03-14"),
    ("上上周一", MON, "2025-03-03"),
    ("上周日", MON, "2025-03-16"),
    # 周五 / 星期五 alone: the latest Friday on or before today
    ("周五", MON, "2025-03-14"),
    ("星期五", FRI, "2025-03-21"),
    ("周五", SUN, "2025-03-21"),
    ("周5", SUN, "2025-03-21"),
    ("本周五", MON, "2025-03-21"),
    # last Friday: the latest Friday before today
    ("last Friday", MON, "2025-03-14"),
    ("last Friday", FRI, "2025-03-14"),
    ("last friday", SUN, "2025-03-21"),
    ("last Fri", SUN, "2025-03-21"),
    ("Friday", FRI, "2025-03-21"),
    ("on Friday", MON, "2025-03-14"),
    ("this Friday", MON, "2025-03-21"),
]


@pytest.mark.parametrize(("text", "today", "expected"), PAST_CASES)
def test_past_day(text, today, expected):
    assert parse_past_day(text, today) == date.fromisoformat(expected)


@pytest.mark.parametrize("text", ["周五前", "下周五", "上周", "Fridays", "last week", "王女士", ""])
def test_not_a_past_day(text):
    assert parse_past_day(text, MON) is None
