"""Issue 15: what people see in a period report — charts, one number format, the workbook."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coach import i18n
from coach.analysis.period import period_review
from coach.io import numbers
from coach.io.report import (
    fit_label,
    nice_ticks,
    period_html,
    period_markdown,
    svg_bars,
    text_width,
    write_period_report,
)

from .test_period import LOG, D


@pytest.fixture
def zh():
    i18n.set_lang("zh")
    yield
    i18n.set_lang("en")


def _charts(page: str) -> list[str]:
    return re.findall(r"<svg.*?</svg>", page, flags=re.S)


def test_charts_scale_to_the_page_with_a_visible_title_and_unit():
    page = period_html(period_review(LOG, "2025-Q2"))
    charts = _charts(page)
    assert len(charts) >= 3
    for svg in charts:
        assert 'viewBox="0 0 ' in svg and 'width="640"' not in svg
        assert re.search(r'<text class="ttl"[^>]*>[^<]+</text>', svg)
        assert svg.count('class="grid"') in (3, 4, 5)  # 0 and 2–4 round steps
    assert "Won amount by month (CNY)" in page
    assert "svg.chart{" in page and "width:100%" in page


def test_chart_titles_carry_wan_in_chinese(zh):
    big = [D("won", 2_500_000.0, "2025-04-01", "2025-04-02", product="fund")]
    page = period_html(period_review(big, "2025-Q2"))
    assert "每月赢单金额（万元）" in page
    assert "赢单金额（万元）" in page and "250.00" in page


def test_long_labels_are_cut_by_width_with_the_whole_name_as_a_tooltip():
    wide = "企业年金与团体养老保障综合方案（旗舰版）"
    narrow = "Fund " * 8
    svg = svg_bars([wide, narrow.strip()], [1.0, 2.0], title="t")
    assert f"<title>{wide}: 1</title>" in svg
    shown = re.findall(r'<text class="lbl"[^>]*text-anchor="end">([^<]*)</text>', svg)
    assert all(text_width(s) <= 190 for s in shown)
    assert shown[0].endswith("…") and len(shown[0]) < len(shown[1])  # CJK is wider per char
    assert fit_label("GTX Pro", 190) == "GTX Pro"


def test_value_axis_has_round_steps():
    assert nice_ticks(1_338_466) == [0, 500_000, 1_000_000, 1_500_000]
    assert nice_ticks(0.134) == pytest.approx([0, 0.05, 0.10, 0.15])
    assert nice_ticks(3) == [0, 1, 2, 3]


def test_numbers_have_separators_and_missing_is_right_aligned():
    log = [D("won", 1.0, "2025-04-01", "2025-04-02") for _ in range(1234)]
    page = period_html(period_review(log, "2025-Q2"))
    assert '<td class="n">1,234</td>' in page
    assert '<td class="n">—</td>' in page  # Target in the summary
    assert re.search(r"th\{[^}]*white-space:nowrap", page)  # headers never stack


def test_all_zero_columns_are_left_out_and_target_is_dashes_not_zero():
    no_targets = [D("won", 5.0, "2025-04-01", "2025-04-02", product="fund")]
    text = period_markdown(period_review(no_targets, "2025-Q2"))
    by_product = text.split("## By product")[1].split("##")[0]
    assert "Target" not in by_product and "No decision" not in by_product
    # with targets, a row without one reads "—", as the summary does
    text = period_markdown(period_review(LOG, "2025-Q2"))
    by_owner = text.split("## By owner")[1].split("##")[0]
    assert "Target (CNY)" in by_owner and "No decision" in by_owner
    assert re.search(r"\| Wang \|.*\| — \|$", by_owner, flags=re.M)


def test_months_are_written_as_names(zh):
    text = period_markdown(period_review(LOG, "2025-Q2"))
    assert "| 2025年4月 |" in text and "| 1月 |" in text
    i18n.set_lang("en")
    assert numbers.year_month("2025-04") == "Apr 2025" and numbers.month_name(1) == "Jan"


def test_seasonality_says_which_years():
    text = period_markdown(period_review(LOG, "2025-Q2"))
    assert "## Seasonality (2025)" in text
    text = period_markdown(period_review(LOG, "2025-Q2", season_years="all"))
    assert "## Seasonality (2024, 2025)" in text


def test_a_won_deal_in_another_currency_is_shown_not_zero():
    log = [D("won", 1200.0, "2025-04-01", "2025-04-02", currency="USD", product="fund"), *LOG]
    text = period_markdown(period_review(log, "2025-Q2"))
    assert "| USD won amount (USD) | 1,200 |" in text
    by_product = text.split("## By product")[1].split("##")[0]
    assert "Won amount (USD, not converted)" in by_product
    assert re.search(r"\| fund \|.*\| 1,200 \|", by_product)
    text = period_markdown(period_review(log, "2025-Q2", rates={"USD": 7.2}))
    assert "| Rate (as you gave it) | 1 USD = 7.2 CNY |" in text
    assert "| Won amount (CNY) | 9,240 |" in text  # 600 + 1,200 × 7.2


def test_workbook_formats_filters_and_freezes(tmp_path: Path):
    import openpyxl

    path = write_period_report(period_review(LOG, "2025-Q2"), tmp_path / "q2.xlsx")
    wb = openpyxl.load_workbook(path)
    sheet = wb["By product"]
    head = [c.value for c in sheet[1]]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == sheet.dimensions
    assert all(c.font.bold for c in sheet[1])
    deals = sheet.cell(row=2, column=head.index("Deals") + 1)
    rate = sheet.cell(row=2, column=head.index("Win rate") + 1)
    assert deals.number_format == "#,##0" and rate.number_format == "0.0%"
    assert isinstance(rate.value, float)
    assert sheet.column_dimensions["A"].width >= 8
    summary = {row[0].value: row[1] for row in wb["Summary"].iter_rows()}
    assert summary["Deals"].number_format == "#,##0"


def _cli(args: list[str]):
    from click.testing import CliRunner

    from coach import paths
    from coach.cli import _load_commands, cli
    from coach.store import open_store

    with open_store(paths.data_root(), "p", daily_backup=False) as store:
        store.deals.save_many(
            [*LOG, D("won", 1200.0, "2025-04-01", "2025-04-02", currency="USD", product="fund")]
        )
    _load_commands()
    return CliRunner().invoke(cli, ["--profile", "p", "report", *args])


def test_cli_rate_and_season_years(tmp_path: Path):
    out = tmp_path / "q2.md"
    args = ["--period", "2025-Q2", "--out", str(out)]
    res = _cli([*args, "--rate", "usd=7.2", "--season-years", "2024..2025"])
    assert res.exit_code == 0, res.output
    text = out.read_text(encoding="utf-8")
    assert "1 USD = 7.2 CNY" in text and "| Won amount (CNY) | 9,240 |" in text
    assert "## Seasonality (2024, 2025)" in text


@pytest.mark.parametrize(
    ("extra", "named"), [(["--rate", "USD=abc"], "USD=abc"), (["--season-years", "17"], "17")]
)
def test_cli_bad_rate_or_years_is_one_line(tmp_path: Path, extra: list[str], named: str):
    res = _cli(["--period", "2025-Q2", "--out", str(tmp_path / "x.md"), *extra])
    assert res.exit_code == 1 and named in res.output and "Traceback" not in res.output
    assert not (tmp_path / "x.md").exists()
