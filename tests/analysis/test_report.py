"""Report files: the figures worked out by hand appear in every format; hostile text is escaped."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from coach.analysis.period import period_review
from coach.content import load_content
from coach.domain.records import Action, Answers, Cause, Deal, Review
from coach.io.report import (
    ReportError,
    period_csv,
    period_html,
    period_markdown,
    review_html,
    review_markdown,
    write_period_report,
)

from .test_period import LOG

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_markdown_holds_the_hand_figures():
    text = period_markdown(period_review(LOG, "2025-Q2", season_years="all"))
    assert "| Win rate (won ÷ (won + lost)) | 42.9% |" in text  # 3 / 7
    assert "| Win rate leaving out no-decision losses | 60.0% |" in text  # 3 / 5
    assert "| of which no decision | 2 |" in text
    assert "| Won amount (CNY) | 600 |" in text
    assert "| Attainment | 142.9% |" in text  # 600 / 420
    assert "| price | 2 | 50.0% | 50.0% |" in text
    assert "| timing | 1 | 25.0% | 75.0% |" in text
    assert "| (not recorded) | 1 | 25.0% | 100.0% |" in text
    # seasonality row for January: 2024 80%, 2025 100/700, all 500/1200
    assert re.search(r"\| Jan \| 80\.0% \| 14\.3% \| 41\.7% \|", text)


def test_markdown_in_chinese():
    from coach import i18n

    i18n.set_lang("zh")
    text = period_markdown(period_review(LOG, "2025-Q2"))
    assert "| 赢单率（赢 ÷（赢 + 丢）） | 42.9% |" in text
    assert "丢单原因（帕累托）" in text


def test_csv_is_tidy_and_matches():
    text = period_csv(period_review(LOG, "2025-Q2", season_years="all"))
    rows = list(csv.DictReader(io.StringIO(text)))
    cell = {(r["table"], r["row"], r["column"]): r["value"] for r in rows}
    assert float(cell[("summary", "", "win_rate")]) == pytest.approx(3 / 7)
    assert cell[("summary", "", "lost_no_decision")] == "2"
    assert cell[("pareto", "price", "count")] == "2"
    assert float(cell[("seasonality", "12", "2024")]) == pytest.approx(0.2)
    assert cell[("by_product", "fund", "won")] == "2"


def test_xlsx_has_a_sheet_per_table(tmp_path: Path):
    import openpyxl

    path = write_period_report(period_review(LOG, "2025-Q2"), tmp_path / "q2.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[:3] == ["Summary", "By month", "By product"]
    rows = {row[0].value: row[1] for row in wb["Summary"].iter_rows()}
    # figures are numbers, formatted, not text (issue 14)
    assert rows["Win rate (won ÷ (won + lost))"].value == pytest.approx(3 / 7)
    assert rows["Win rate (won ÷ (won + lost))"].number_format == "0.0%"
    assert rows["Won"].value == 3 and rows["Won amount (CNY)"].value == 600.0
    assert rows["Period"].value.startswith("2025-Q2")
    pareto = list(wb["Loss reasons (Pareto)"].iter_rows(values_only=True))
    assert pareto[1][:2] == ("price", 2)


def test_html_is_self_contained_with_svg_charts():
    page = period_html(period_review(LOG, "2025-Q2"))
    assert page.startswith("<!DOCTYPE html>")
    assert page.count("<svg") >= 3
    assert "42.9%" in page
    assert not re.search(r'(src|href)\s*=\s*"(https?:)?//', page)  # nothing fetched


def hostile_log() -> list[Deal]:
    return [
        Deal(outcome="won", amount=5.0, opened="2025-04-01", closed="2025-04-02",
             product=HOSTILE, owner=HOSTILE),
        Deal(outcome="lost", amount=5.0, opened="2025-04-01", closed="2025-04-02",
             loss_reason=HOSTILE),
    ]  # fmt: skip


def test_hostile_text_is_escaped_in_html():
    page = period_html(period_review(hostile_log(), "2025-Q2"))
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;" in page


def test_formula_cells_stay_text_in_csv():
    log = [Deal(outcome="lost", amount=1.0, opened="2025-04-01", closed="2025-04-02",
                loss_reason="=HYPERLINK(\"http://x\")")]  # fmt: skip
    text = period_csv(period_review(log, "2025-Q2"))
    assert "'=HYPERLINK" in text
    assert "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text


def _review() -> tuple[Review, list[Deal], list[Action]]:
    deal = Deal(client=HOSTILE, product="fund", amount=100.0, outcome="lost", closed="2025-04-02")
    review = Review(
        subject="deal",
        title="Lost " + HOSTILE,
        framework_id="grai",
        deal_ids=[deal.id],
        answers=Answers(
            text={"goal": "Goal 100\n\n[click](javascript:alert(1))", "result": HOSTILE},
            causes={"analyse": [Cause(text=HOSTILE, category="self", whys=["a", "b"])]},
        ),
        lessons=["Next time " + HOSTILE],
        status="done",
    )
    actions = [Action(text=HOSTILE, owner="me", due="2025-05-01", measure="3 calls")]
    return review, [deal], actions


def test_review_exports_escape_everything():
    review, deals, actions = _review()
    grai = load_content().frameworks["grai"]
    md = review_markdown(review, grai, deals, actions, lang="en")
    assert "<script" not in md and "## Goal review" in md and "3 calls" in md
    page = review_html(review, grai, deals, actions, lang="en")
    assert "<script" not in page and "<img" not in page
    assert 'href="javascript' not in page
    assert "&lt;script&gt;" in page
    assert "<table>" in page  # Markdown tables rendered


def test_unknown_format_is_one_clear_line(tmp_path: Path):
    with pytest.raises(ReportError) as err:
        write_period_report(period_review(LOG, "2025-Q2"), tmp_path / "x.pdf")
    assert "x.pdf" in str(err.value) and "\n" not in str(err.value)


def test_cli_report_writes_each_format(tmp_path: Path):
    from click.testing import CliRunner

    from coach import paths
    from coach.cli import _load_commands, cli
    from coach.store import open_store

    with open_store(paths.data_root(), "p", daily_backup=False) as store:
        store.deals.save_many(LOG)
    _load_commands()
    runner = CliRunner()
    for suffix in (".md", ".html", ".xlsx", ".csv"):
        out = tmp_path / f"q2{suffix}"
        res = runner.invoke(
            cli, ["--profile", "p", "report", "--period", "2025-Q2", "--out", str(out)]
        )
        assert res.exit_code == 0, res.output
        assert out.stat().st_size > 200
    assert "42.9%" in (tmp_path / "q2.md").read_text(encoding="utf-8")
    res = runner.invoke(cli, ["--profile", "p", "report", "--period", "2025-Q9", "--out", "x.md"])
    assert res.exit_code == 1 and "2025-Q9" in res.output and "Traceback" not in res.output
