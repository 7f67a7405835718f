"""Issue 15: an exhibit's cells written the one way (coach.io.numbers.table_cells) — one
precision per column, separators, "—" for a missing figure, numbers right-aligned — and every
figure still the one the case wrote (recomputed from the text shown)."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.content import load_content
from coach.io.numbers import Figure, decimals_of, read_figure, table_cells

CASEBANK = Path(__file__).resolve().parents[2] / "casebank"


def test_one_precision_per_column_with_separators():
    t = table_cells(
        [["A", 3, 0, 8252], ["B", 4, 2.4, 125.1], ["C", 3.1, 2.0, 46]],
        ["name", "score", "fee", "amount"],
    )
    assert [row[1] for row in t.cells] == ["3.0", "4.0", "3.1"]
    assert [row[2] for row in t.cells] == ["0.0", "2.4", "2.0"]
    assert [row[3] for row in t.cells] == ["8,252.0", "125.1", "46.0"]
    assert t.numeric == [False, True, True, True]


def test_counts_get_separators_and_stay_whole():
    t = table_cells([["x", 8252], ["y", 12_000_000]], ["k", "n"])
    assert [row[1] for row in t.cells] == ["8,252", "12,000,000"]


def test_missing_figures_are_a_dash_in_a_column_of_numbers():
    t = table_cells([["a", None], ["b", "—"], ["c", ""], ["d", 1.5]], ["k", "v"])
    assert [row[1] for row in t.cells] == ["—", "—", "—", "1.5"]
    assert t.numeric == [False, True]


def test_suffixes_keep_working_each_with_its_own_precision():
    t = table_cells(
        [["a", "12%", "3.5万"], ["b", "15.4%", "12万"], ["c", "-3%", "+1,200万"]],
        ["k", "share", "amount"],
    )
    assert [row[1] for row in t.cells] == ["12.0%", "15.4%", "-3.0%"]
    assert [row[2] for row in t.cells] == ["3.5万", "12.0万", "+1,200.0万"]
    assert t.numeric == [False, True, True]
    assert t.figures[2][2] == Figure(1200.0, 0, "+", "万")


def test_text_columns_stay_as_written_and_left():
    t = table_cells(
        [["2024-01", "R2", "买入50万，净值0.9820", "06-03"], ["2024-02", "R3", "—", "06-05"]],
        ["month", "risk", "note", "date"],
    )
    assert t.numeric == [False, False, False, False]
    assert t.cells[0] == ["2024-01", "R2", "买入50万，净值0.9820", "06-03"]


def test_a_column_of_years_naming_the_rows_is_not_a_figure():
    t = table_cells([[2025, 500], [2026, 1200]], ["开门红", "目标"], labels={0})
    assert [row[0] for row in t.cells] == ["2025", "2026"]
    assert t.numeric == [False, True]
    assert [row[1] for row in t.cells] == ["500", "1,200"]


def test_a_table_with_a_metric_per_row_keeps_each_rows_precision():
    """Columns headed by years (2024, 2025): each row is one metric, so 398 questionnaires stay
    398 beside a 4.1 score."""
    t = table_cells(
        [["回收问卷", 398, 412], ["推荐者", "52%", "38%"], ["专业建议", 4.1, 4], ["NPS", 38, 12]],
        ["指标", "2024", "2025"],
    )
    assert t.cells[0][1:] == ["398", "412"]
    assert t.cells[1][1:] == ["52%", "38%"]
    assert t.cells[2][1:] == ["4.1", "4.0"]
    assert t.cells[3][1:] == ["38", "12"]


@pytest.mark.parametrize(
    ("value", "figure"),
    [
        ("8,252", Figure(8252.0, 0)),
        ("0.9820", Figure(0.982, 4)),
        ("-10.9%", Figure(-10.9, 1, "", "%")),
        ("¥1,200", Figure(1200.0, 0, "¥")),
        ("2024-10", None),
        ("06", None),  # a code, not a number
        ("C1", None),
        ("70+", None),
        (True, None),
        (float("nan"), None),
    ],
)
def test_read_figure(value, figure):
    assert read_figure(value) == figure


def test_decimals_of():
    assert (decimals_of(3.1), decimals_of(3.0), decimals_of(0.1 + 0.2), decimals_of(1e-7)) == (
        1,
        1,
        6,
        0,
    )


def _bundled_exhibits():
    if not CASEBANK.is_dir():
        pytest.skip("no bundled cases")
    content = load_content([CASEBANK], cache=False)
    return [ex for case in content.cases.values() for ex in case.exhibits]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_bundled_figure_is_shown_as_the_case_wrote_it(lang):
    """Read each number back from the text the table shows: the same value (to the column's
    precision, never fewer decimals than the case gave), a column of numbers aligned right."""
    from coach.tui.widgets.chart import exhibit_cells, plain

    checked = 0
    for ex in _bundled_exhibits():
        t = exhibit_cells(ex, lang)
        for r, row in enumerate(ex.rows):
            for c, raw in enumerate(row):
                shown = t.cells[r][c]
                value = read_figure(plain(raw, lang))
                if not t.numeric[c]:
                    continue
                if value is None:
                    assert shown == "—", (ex.id, r, c, raw, shown)
                    continue
                again = read_figure(shown)
                assert again is not None, (ex.id, shown)
                assert again.suffix == value.suffix and again.decimals >= value.decimals
                assert again.value == pytest.approx(value.value, abs=10**-value.decimals / 2)
                checked += 1
        for c in range(len(ex.columns)):
            decimals = {
                (f.suffix, f.decimals)
                for f in (read_figure(row[c]) for row in t.cells)
                if f is not None and t.numeric[c]
            }
            suffixes = {s for s, _ in decimals}
            by_row = len(decimals) != len(suffixes)
            assert not by_row or all(str(h.get(lang))[:4].isdigit() for h in ex.columns[1:]), (
                ex.id,
                c,
                decimals,
            )
    assert checked > 500
