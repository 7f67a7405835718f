"""The period workbook's sheet titles follow Excel's rules in both languages (issue 14, item 14)."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach import i18n
from coach.analysis.period import period_review
from coach.io import report
from coach.io.report import write_period_report
from coach.io.sheets import SHEET_TITLE_MAX, sheet_titles

from .test_period import LOG


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_sheet_title_is_one_excel_takes(tmp_path: Path, lang: str, monkeypatch):
    import openpyxl

    i18n.set_lang(lang)
    try:
        # a table title with what Excel forbids, long and twice: the names must still be valid
        real = report._tables

        def tables(r):
            out = real(r)
            key, _, frame = out[0]
            odd = (
                "赢单/丢单：按月份[明细]*？" * 3
                if lang == "zh"
                else "Won/lost: by month [detail]*?" * 2
            )
            return [*out, (key, odd, frame), (key, odd, frame)]

        monkeypatch.setattr(report, "_tables", tables)
        path = write_period_report(period_review(LOG, "2025-Q2"), tmp_path / "q2.xlsx")
    finally:
        i18n.set_lang("en")
    names = openpyxl.load_workbook(path).sheetnames
    assert len(names) == len({n.casefold() for n in names})
    for name in names:
        assert not set("[]:*?/\\") & set(name) and len(name) <= SHEET_TITLE_MAX, name


def test_titles_are_unique_and_cut_by_excels_count():
    got = sheet_titles(["按产品" * 20, "按产品" * 20, "History", "'引号'"])
    assert got[0] == ("按产品" * 20)[:31] and got[1].endswith(" (2)") and len(got[1]) <= 31
    assert got[2] != "History" and got[3] == "引号"
