"""`coach deals add` and `coach deals import` end to end, on the real store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from coach.cli import _load_commands, cli
from coach.store import open_store

_load_commands()


def run(tmp_path: Path, *args: str, input: str | None = None):
    runner = CliRunner()
    return runner.invoke(
        cli,
        ["--lang", "en", "--data-dir", str(tmp_path / "data"), "--profile", "me", *args],
        input=input,
    )


def stored(tmp_path: Path):
    store = open_store(tmp_path / "data", "me")
    try:
        return store.deals.list()
    finally:
        store.close()


def test_add_stores_and_prints(tmp_path: Path):
    result = run(
        tmp_path, "deals", "add", "王女士 增额终身寿险 50万 赢单 2025-03-12 #开门红 价格太高"
    )
    assert result.exit_code == 0, result.output
    assert "saved:" in result.output and "王女士" in result.output
    assert "kept as a note: 价格太高" in result.output
    (deal,) = stored(tmp_path)
    assert (deal.client, deal.amount, deal.outcome, deal.closed) == (
        "王女士",
        500_000,
        "won",
        "2025-03-12",
    )
    assert deal.notes == "价格太高" and deal.tags == ["开门红"]


def test_add_json_and_dry_run(tmp_path: Path):
    result = run(
        tmp_path, "deals", "add", "--dry-run", "--format", "json", "Acme", "fund", "$5k", "won"
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["client"], data["amount"], data["currency"]) == ("Acme", 5000, "USD")
    assert stored(tmp_path) == []


def test_add_with_nothing_to_store_is_one_line_error(tmp_path: Path):
    result = run(tmp_path, "deals", "add", "#tag")
    assert result.exit_code == 1
    assert result.output.strip().startswith("Error: found no client, product or amount")
    assert "Traceback" not in result.output


def test_import_real_export_then_again(crm_csv: Path, tmp_path: Path):
    result = run(tmp_path, "deals", "import", str(crm_csv), "--yes")
    assert result.exit_code == 0, result.output
    assert "8800 rows: 8800 new, 0 updated, 0 unchanged" in result.output
    assert "written: 8800 new, 0 updated." in result.output
    assert len(stored(tmp_path)) == 8800
    again = run(tmp_path, "deals", "import", str(crm_csv), "--format", "json")
    assert again.exit_code == 0, again.output
    data = json.loads(again.output)
    assert data["counts"]["unchanged"] == 8800 and data["written"] is False


def test_import_needs_yes_when_not_at_a_terminal(tmp_path: Path):
    path = tmp_path / "d.csv"
    path.write_text("client,product\nA,fund\n", encoding="utf-8")
    result = run(tmp_path, "deals", "import", str(path))
    assert result.exit_code == 1
    assert "add --yes to confirm" in result.output
    assert stored(tmp_path) == []
    dry = run(tmp_path, "deals", "import", str(path), "--dry-run")
    assert dry.exit_code == 0 and "nothing written" in dry.output
    assert stored(tmp_path) == []


def test_import_reports_every_problem_line(tmp_path: Path):
    path = tmp_path / "d.csv"
    path.write_text("client,product,amount\nA,fund,lots\n,,5\nB,fund,5\n", encoding="utf-8")
    result = run(tmp_path, "deals", "import", str(path), "--yes")
    assert result.exit_code == 0, result.output
    assert "rejected line 3: no client, product or id" in result.output
    assert "note line 2: not understood: amount: lots" in result.output
    assert "3 rows: 2 new" in result.output


@pytest.mark.parametrize(("content", "args", "message"), [
    ("client,product,date\nA,f,03/10/25\nB,f,04/11/25\n", [], "add --dayfirst or --monthfirst"),
    ("who,what\nA,f\n", [], "use --map column=field"),
    ("client,product\nA,f\n", ["--map", "x"], "--map needs column=field"),
])  # fmt: skip
def test_import_one_line_errors(tmp_path: Path, content: str, args: list[str], message: str):
    path = tmp_path / "d.csv"
    path.write_text(content, encoding="utf-8")
    result = run(tmp_path, "deals", "import", str(path), *args, "--yes")
    assert result.exit_code == 1
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_import_dayfirst_flag(tmp_path: Path):
    path = tmp_path / "d.csv"
    path.write_text("client,product,closed\nA,f,03/10/25\n", encoding="utf-8")
    result = run(tmp_path, "deals", "import", str(path), "--monthfirst", "--yes")
    assert result.exit_code == 0, result.output
    assert [d.closed for d in stored(tmp_path)] == ["2025-03-10"]


def test_import_chinese_messages(tmp_path: Path):
    path = tmp_path / "d.csv"
    path.write_text("客户,产品\n王女士,年金\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(
        cli, ["--lang", "zh", "--data-dir", str(tmp_path / "data"), "--profile", "me",
              "deals", "import", str(path), "--yes"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "1 行：新增 1" in result.output


# Issue 15: `coach deals add` at a terminal (the prompts), past weekdays, a reason written out.
@pytest.fixture
def at_a_terminal(monkeypatch):
    import datetime as dt

    from coach.cli import deals_cmds

    monkeypatch.setattr(deals_cmds, "_interactive", lambda yes: not yes)
    monkeypatch.setattr(deals_cmds, "_today", lambda: dt.date(2025, 3, 17))  # a Monday


def test_add_prompt_offers_date_and_reads_the_answer(tmp_path: Path, at_a_terminal):
    result = run(tmp_path, "deals", "add", "Acme fund won Blue", input="date\nlast Friday\n")
    assert result.exit_code == 0, result.output
    assert "date" in result.output.split("what is “Blue”?")[1].splitlines()[0]
    (deal,) = stored(tmp_path)
    assert deal.closed == "2025-03-14" and "Blue" not in deal.notes


def test_add_last_friday_is_the_date_not_today(tmp_path: Path, at_a_terminal):
    result = run(tmp_path, "deals", "add", "王女士 年金 50万 赢单 上周五")
    assert result.exit_code == 0, result.output
    assert "what is" not in result.output  # nothing was asked
    (deal,) = stored(tmp_path)
    assert deal.closed == "2025-03-14"


def test_add_lost_to_two_word_competitor_asks_nothing(tmp_path: Path, at_a_terminal):
    result = run(tmp_path, "deals", "add", "Mr Li annuity 50万 lost to Ping An price too high")
    assert result.exit_code == 0, result.output
    assert "what is" not in result.output
    assert "competitor: Ping An" in result.output
    assert "loss reason: price too high" in result.output
    assert "reason unknown" not in result.output


def test_add_lost_to_a_lower_case_competitor_asks_nothing(tmp_path: Path, at_a_terminal):
    result = run(tmp_path, "deals", "add", "Mr Li annuity 50万 lost to ping an, price too high")
    assert result.exit_code == 0, result.output
    assert "what is" not in result.output  # not asked about "an," word by word
    assert "competitor: ping an" in result.output
    (deal,) = stored(tmp_path)
    assert (deal.competitor, deal.loss_reason) == ("ping an", "price too high")


@pytest.mark.parametrize(
    ("line", "loss_type"),
    [("李总 年金 丢单 原因:价格", "unknown"), ("李总 年金 丢单 原因:客户暂不决策", "no_decision")],
)
def test_add_lost_with_a_reason_is_not_reason_unknown(tmp_path: Path, line: str, loss_type: str):
    result = run(tmp_path, "deals", "add", "--yes", line)
    assert result.exit_code == 0, result.output
    assert "reason unknown" not in result.output
    (deal,) = stored(tmp_path)
    assert deal.loss_type == loss_type and deal.loss_reason in line


def test_add_lost_without_a_reason_still_says_unknown(tmp_path: Path):
    result = run(tmp_path, "deals", "add", "--yes", "李总 年金 丢单")
    assert result.exit_code == 0, result.output
    assert "outcome: lost reason unknown" in result.output
