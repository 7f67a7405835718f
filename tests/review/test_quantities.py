"""Numbers with units, in every written form the engine must read."""

import pytest

from coach.domain.quantities import find_quantities, parse_quantity

CASES = [
    # text, value, kind, currency, unit
    ("120万", 1_200_000, "money", "", ""),
    ("96万元", 960_000, "money", "CNY", ""),
    ("1.5亿", 150_000_000, "money", "", ""),
    ("1.2 million", 1_200_000, "money", "", ""),
    ("1,200,000", 1_200_000, "number", "", ""),
    ("¥1.2m", 1_200_000, "money", "CNY", ""),
    ("$1.2k", 1_200, "money", "USD", ""),
    ("RMB 3.5 billion", 3_500_000_000, "money", "CNY", ""),
    ("5000元", 5_000, "money", "CNY", ""),
    ("15%", 15, "percent", "", "%"),
    ("１５％", 15, "percent", "", "%"),
    ("百分之15", 15, "percent", "", "%"),
    ("3‰", 0.3, "percent", "", "%"),
    ("30户", 30, "count", "", "户"),
    ("40 calls", 40, "count", "", "calls"),
    ("增长3倍", 3, "number", "", "x"),
    ("１２０万", 1_200_000, "money", "", ""),
]


@pytest.mark.parametrize(("text", "value", "kind", "currency", "unit"), CASES)
def test_reads_number_forms(text, value, kind, currency, unit):
    q = parse_quantity(text)
    assert q is not None
    assert q.value == pytest.approx(value)
    assert (q.kind, q.currency, q.unit) == (kind, currency, unit)


@pytest.mark.parametrize(
    "text",
    ["Q2", "C3 客户买了 R4 产品", "2025-03-10", "3月10日", "2025年", "12 months", "10:30", "v1.2"],
)
def test_dates_and_ids_are_not_quantities(text):
    assert find_quantities(text) == []


def test_positions_point_at_the_original_text():
    text = "目标120万，实际完成96万元"
    found = find_quantities(text)
    assert [text[q.start : q.end] for q in found] == ["120万", "96万元"]


def test_money_compares_with_a_bare_number_but_not_with_a_percentage():
    a, b, c = parse_quantity("120万"), parse_quantity("1,000,000"), parse_quantity("15%")
    assert a.same_kind(b)
    assert not a.same_kind(c)
