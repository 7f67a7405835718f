"""Report files: every format written and read back; user text escaped, formulas kept as text."""

from __future__ import annotations

from datetime import date

import orjson
import pandas as pd
import pytest

from coach.analysis.cohort import cohort_report
from coach.analysis.rescore import Rescorer
from coach.io.cohort_export import ExportError, write_report

from .conftest import GOOD

HOSTILE_NAME = '<script>alert("x")</script>'


def renamed(path, name):
    """A bundle whose display name was edited by hand: anything can arrive in a bundle."""
    data = orjson.loads(path.read_bytes())
    data["profile"]["name"] = name
    data["records"]["attempts"][0]["answers"]["text"]["q1"] = name
    path.write_bytes(orjson.dumps(data))


@pytest.fixture
def report(trainees):
    renamed(trainees.add("a", [trainees.attempt("mini-peaks", GOOD)]), HOSTILE_NAME)
    renamed(trainees.add("b", [trainees.attempt("mini-peaks", GOOD)]), '=HYPERLINK("http://x")')
    idx = trainees.index
    return cohort_report(
        trainees.handins, idx, rescorer=Rescorer(idx, use_cache=False), today=date(2026, 3, 10)
    )[2]


def test_html_escapes_every_user_text(report, tmp_path):
    (path,) = write_report(report, tmp_path / "r.html")
    text = path.read_text(encoding="utf-8")
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "Seasonal peaks" in text or "季节性高峰" in text


def test_xlsx_and_csv_keep_formulas_as_text(report, tmp_path):
    (x,) = write_report(report, tmp_path / "r.xlsx")
    from openpyxl import load_workbook

    wb = load_workbook(x)
    values = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert '\'=HYPERLINK("http://x")' in values
    assert not any(isinstance(v, str) and v.startswith("=") for v in values)
    files = write_report(report, tmp_path / "r.csv")
    assert files[0] == tmp_path / "r.csv" and (tmp_path / "r.cases.csv") in files
    trainees = pd.read_csv(files[0], encoding="utf-8-sig")
    assert len(trainees) == 2 and '\'=HYPERLINK("http://x")' in set(trainees["trainee"])


def test_markdown_escapes_table_pipes(report, tmp_path):
    report.trainees.loc[0, "trainee"] = "a|b"
    (path,) = write_report(report, tmp_path / "r.md")
    assert "a\\|b" in path.read_text(encoding="utf-8")


def test_parquet_tables_read_back(report, tmp_path):
    pytest.importorskip("pyarrow", reason="the optional parquet extra is not installed")
    files = write_report(report, tmp_path / "r.parquet")
    attempts = pd.read_parquet(files[0])
    assert len(attempts) == 2 and {"trainee_id", "case_id", "auto", "score"} <= set(attempts)
    trainees = pd.read_parquet(tmp_path / "r.trainees.parquet")
    assert set(trainees["trainee"]) == set(report.trainees["trainee"])


def test_an_unknown_format_is_a_clear_error(report, tmp_path):
    with pytest.raises(ExportError, match="unsupported format"):
        write_report(report, tmp_path / "r.pdf")
