"""Issue 14: period reports account for every deal (open deals placed by their open date or
their only date, undated deals on a visible "no date" line, totals that add up to the store's
count), and every report is written whole or not at all, 0600."""

from __future__ import annotations

import csv
import os
import stat
from pathlib import Path

import pytest

from coach.analysis.period import period_review
from coach.domain.records import Deal
from coach.io.report import ReportError, period_markdown, write_period_report, write_review
from tests.conftest import shared_data

from .test_period import LOG
from .test_report import _review


def test_open_deals_with_one_date_are_placed_by_it():
    log = [
        Deal(outcome="open", closed="2025-05-01", client="a"),  # expected close only
        Deal(outcome="open", opened="2025-04-02", closed="2025-09-01", client="b"),
        Deal(outcome="open", opened="2025-01-02", closed="2025-05-05", client="c"),  # Q1
        Deal(outcome="won", closed="2025-05-03", client="d"),
    ]
    t = period_review(log, "2025-Q2").totals
    assert (t.deals, t.open, t.won) == (3, 2, 1)
    assert (t.open_by_opened, t.open_by_only_date) == (1, 1)
    text = period_markdown(period_review(log, "2025-Q2"))
    assert "| of which placed by their open date | 1 |" in text
    assert (
        "| of which with no open date, placed by their only date (counted as still open at "
        "the period's end) | 1 |"
    ) in text


def test_a_file_with_one_date_column_puts_its_open_deals_in_the_period(tmp_path: Path):
    """The file's only date becomes the close date: its open deals were in no period."""
    from coach.io.deals_import import plan_import, preview_import

    path = tmp_path / "one_date.csv"
    path.write_text(
        "客户,产品,金额,日期,结果\n"
        "王女士,年金,50万,2025-04-03,赢单\n"
        "李先生,基金,10万,2025-05-04,跟进中\n"
        "赵总,年金,30万,2025-06-05,跟进中\n",
        encoding="utf-8",
    )
    deals = [d for _, d in plan_import(preview_import(path), []).new]
    t = period_review(deals, "2025-Q2").totals
    assert (t.won, t.open, t.open_by_only_date, t.open_amount) == (1, 2, 2, 400_000)


def test_undated_deals_are_on_a_no_date_line():
    log = [
        *LOG,
        Deal(outcome="open", owner="Li"),
        Deal(outcome="lost", owner="Li"),
        Deal(outcome="won", owner="Zhao"),
        Deal(outcome="open", opened="not a date", owner="Zhao"),  # a stored value unreadable
    ]
    r = period_review(log, "2025-Q2")
    t = r.totals
    assert (t.no_date, t.no_date_won, t.no_date_lost, t.no_date_open) == (4, 1, 1, 2)
    assert t.deals + t.other_periods + t.no_date == t.log_deals == len(log)
    assert dict(r.no_date_by_owner["deals"]) == {"Li": 2, "Zhao": 2}
    text = period_markdown(r)
    assert "| Deals with no date (in no period) | 4 |" in text
    assert "| of which won / lost / open | 1 / 1 / 2 |" in text
    assert "| Deals in the log (this period + other periods + no date) | 18 |" in text
    assert "## Deals with no date (in no period), by owner" in text


def test_real_crm_export_every_deal_in_one_period_or_the_no_date_line(tmp_path: Path):
    """The real export imported into the real store: for any period, the report's deals + other
    periods + no date is the store's count; quarter by quarter each deal is counted once."""
    from coach.io.deals_import import apply_import, plan_import, preview_import
    from coach.store import open_store

    path = shared_data("crm-sales-opportunities", "sales_pipeline.csv")
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    undated = sum(1 for r in rows if not r["engage_date"] and not r["close_date"])
    open_dated = sum(
        1 for r in rows if r["deal_stage"] in ("Engaging", "Prospecting") and r["engage_date"]
    )
    with open_store(tmp_path, "crm", daily_backup=False) as store:
        apply_import(plan_import(preview_import(path), []), store.deals)
        count = store.deals.count()
        docs = list(store.deals.raw_docs())
    assert count == len(rows)
    for label in ("2016", "2017-Q2", "2017-W20", "2016-10..2017-12"):
        t = period_review(docs, label).totals
        assert t.deals + t.other_periods + t.no_date == count, label
        assert t.no_date == undated > 0
    whole = period_review(docs, "2016-10..2017-12").totals
    assert whole.other_periods == 0
    assert whole.open == open_dated > 0  # the pipeline is in the report, not "Open 0"
    quarters = ["2016-Q4", "2017-Q1", "2017-Q2", "2017-Q3", "2017-Q4"]
    assert sum(period_review(docs, q).totals.deals for q in quarters) + undated == count


# --- writing reports -----------------------------------------------------------------------


def _full_disk(monkeypatch):
    """The disk fills half way through writing any file."""
    from coach.store import jsonfile

    def half_then_enospc(fd: int, data: bytes) -> None:
        os.write(fd, data[: len(data) // 2])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(jsonfile, "_write_all", half_then_enospc)


@pytest.mark.parametrize("suffix", [".md", ".html", ".csv", ".xlsx"])
def test_a_full_disk_leaves_the_old_report_whole(tmp_path: Path, monkeypatch, suffix: str):
    path = tmp_path / f"q2{suffix}"
    write_period_report(period_review(LOG, "2025-Q2"), path)
    before = path.read_bytes()
    _full_disk(monkeypatch)
    with pytest.raises(ReportError) as err:
        write_period_report(period_review(LOG, "2025-Q1"), path)
    assert path.name in str(err.value) and "No space left" in str(err.value)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temp file left
    if suffix == ".xlsx":
        import openpyxl

        assert openpyxl.load_workbook(path).sheetnames[0] == "Summary"


@pytest.mark.parametrize("suffix", [".md", ".xlsx"])
def test_reports_are_private(tmp_path: Path, suffix: str):
    path = write_period_report(period_review(LOG, "2025-Q2"), tmp_path / f"r{suffix}")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_review_export_is_atomic_and_private(tmp_path: Path, monkeypatch):
    from coach.content import load_content

    review, deals, actions = _review()
    grai = load_content().frameworks["grai"]
    path = write_review(tmp_path / "review.md", review, grai, deals, actions, lang="en")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    before = path.read_bytes()
    _full_disk(monkeypatch)
    review.title = "changed"
    with pytest.raises(ReportError, match=r"review\.md"):
        write_review(path, review, grai, deals, actions, lang="en")
    assert path.read_bytes() == before
