"""Issue 15: `coach deals list` — filters, table / json / csv, both languages, CJK widths."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from coach.cli import _load_commands, cli
from coach.domain.records import Deal
from coach.store import open_store

_load_commands()

DEALS = [
    Deal(client="王女士", product="增额终身寿险", amount=500_000, outcome="won",
         closed="2025-05-12", tags=["开门红"]),
    Deal(client="Mr Smith", product="term life", amount=1_200, currency="USD", outcome="won",
         closed="2025-03-12", tags=["q1"]),
    Deal(client="李总", product="年金", amount=3_000_000, outcome="lost", loss_type="competitor",
         competitor="平安", closed="2025-04-05"),
    Deal(client="张先生", product="理财", outcome="open", opened="2025-06-01", tags=["开门红"]),
    Deal(client="=HYPERLINK(1)", product="fund", amount=50_000, outcome="lost",
         loss_type="unknown", closed="2025-04-02"),
    Deal(client="无日期", product="基金", outcome="won"),
]  # fmt: skip


@pytest.fixture
def data(tmp_path: Path) -> Path:
    with open_store(tmp_path / "data", "me", daily_backup=False) as store:
        for deal in DEALS:
            store.deals.save(deal)
    return tmp_path / "data"


def run(data: Path, *args: str, lang: str = "en"):
    return CliRunner().invoke(
        cli, ["--lang", lang, "--data-dir", str(data), "--profile", "me", "deals", "list", *args]
    )


def clients(data: Path, *args: str) -> list[str]:
    result = run(data, *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return [row["client"] for row in json.loads(result.output)]


def test_all_newest_first_undated_last(data: Path):
    assert clients(data) == ["张先生", "王女士", "李总", "=HYPERLINK(1)", "Mr Smith", "无日期"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--outcome", "lost"], ["李总", "=HYPERLINK(1)"]),
        (["--outcome", "open"], ["张先生"]),
        (["--period", "2025-Q2"], ["张先生", "王女士", "李总", "=HYPERLINK(1)"]),
        (["--period", "2025-03"], ["Mr Smith"]),
        (["--period", "2025-Q2", "--outcome", "won"], ["王女士"]),
        (["--tag", "开门红"], ["张先生", "王女士"]),
        (["--tag", "#Q1"], ["Mr Smith"]),
        (["--tag", "开门红", "--outcome", "won"], ["王女士"]),
    ],
)
def test_filters(data: Path, args: list[str], expected: list[str]):
    assert clients(data, *args) == expected


def test_json_keeps_chinese_as_is(data: Path):
    result = run(data, "--format", "json", "--tag", "开门红")
    assert "王女士" in result.output and "\\u" not in result.output


@pytest.mark.parametrize(("lang", "first"), [("zh", "编号"), ("en", "ID")])
def test_csv_headers_in_the_language_and_formulas_kept_as_text(data: Path, lang, first):
    result = run(data, "--format", "csv", "--outcome", "lost", lang=lang)
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.output)))
    assert rows[0][0] == first and len(rows) == 3
    assert ("客户" if lang == "zh" else "Client") in rows[0]
    by_client = {r[2]: r for r in rows[1:]}
    assert "'=HYPERLINK(1)" in by_client  # a spreadsheet would run it otherwise
    assert by_client["李总"][4] == "3000000"


def _cells(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_table_columns_line_up_in_terminal_cells(data: Path, lang: str):
    result = run(data, lang=lang)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    header, rule, body = lines[0], lines[1], lines[2:-1]
    assert ("客户" if lang == "zh" else "Client") in header
    assert len(body) == len(DEALS)
    # client and product start where their column's dashes do, counted in terminal cells
    starts = [i for i, c in enumerate(rule) if c == "-" and (i == 0 or rule[i - 1] == " ")]
    order = ["张先生", "王女士", "李总", "=HYPERLINK(1)", "Mr Smith", "无日期"]
    for line, client in zip(body, order, strict=True):
        deal = next(d for d in DEALS if d.client == client)
        assert _cells(line[: line.index(client)]) == starts[3], line
        assert _cells(line[: line.index(deal.product)]) == starts[4], line
    assert body[-1].startswith("-")  # no date: a dash, not an empty cell


def test_bad_period_is_one_line(data: Path):
    result = run(data, "--period", "2025-Q5")
    assert result.exit_code == 1
    assert "2025-Q2" in result.output and "Traceback" not in result.output


def test_no_profile_yet_lists_nothing(tmp_path: Path):
    result = run(tmp_path / "none")
    assert result.exit_code == 0 and "no deals match" in result.output
    assert not (tmp_path / "none" / "me").exists()  # listing creates no profile
