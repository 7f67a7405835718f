"""Issue 14 for `coach deals import`: amounts in the preview are written out, a dry run works on
a store that cannot be written, and a file without date or id asks which column is the date."""

from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner

from coach.cli import _load_commands, cli
from coach.store import open_store

_load_commands()


def run(tmp_path: Path, *args: str, input: str | None = None):
    return CliRunner().invoke(
        cli,
        ["--lang", "en", "--data-dir", str(tmp_path / "data"), "--profile", "me", *args],
        input=input,
    )


def stored(tmp_path: Path):
    with open_store(tmp_path / "data", "me", daily_backup=False) as store:
        return store.deals.list()


def test_preview_writes_amounts_out(tmp_path: Path):
    path = tmp_path / "d.csv"
    path.write_text("client,product,amount\nA,fund,1200000\nB,fund,1234.5\n", encoding="utf-8")
    result = run(tmp_path, "deals", "import", str(path), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "A | fund | 1,200,000 CNY" in result.output
    assert "B | fund | 1,234.5 CNY" in result.output
    assert "e+" not in result.output


def test_dry_run_on_a_store_that_cannot_be_written(tmp_path: Path, monkeypatch):
    open_store(tmp_path / "data", "me", daily_backup=False).close()  # the profile exists
    folder = (tmp_path / "data" / "me").resolve()
    real_access = os.access

    def read_only_folder(path, mode, *args, **kwargs):
        if mode & os.W_OK and Path(path).resolve() == folder:
            return False
        return real_access(path, mode, *args, **kwargs)

    monkeypatch.setattr(os, "access", read_only_folder)
    path = tmp_path / "d.csv"
    path.write_text("client,product\nA,fund\n", encoding="utf-8")
    dry = run(tmp_path, "deals", "import", str(path), "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "1 rows: 1 new" in dry.output and "nothing written" in dry.output
    real = run(tmp_path, "deals", "import", str(path), "--yes")  # a write is still refused
    assert real.exit_code == 1 and "Traceback" not in real.output


def test_dry_run_before_any_profile_exists(tmp_path: Path):
    path = tmp_path / "d.csv"
    path.write_text("client,product\nA,fund\n", encoding="utf-8")
    dry = run(tmp_path, "deals", "import", str(path), "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert not (tmp_path / "data" / "me").exists()  # a dry run makes nothing


ORDERS = "客户,产品,金额,下单\n王女士,年金,50万,2025-03-01\n王女士,年金,20万,2025-04-01\n"


def test_no_date_column_is_a_question_not_a_merge(tmp_path: Path):
    path = tmp_path / "orders.csv"
    path.write_text(ORDERS, encoding="utf-8")
    result = run(tmp_path, "deals", "import", str(path), "--yes")
    assert result.exit_code == 1
    assert len(result.output.strip().splitlines()) == 1
    assert "--map COLUMN=closed" in result.output and "(columns: 下单)" in result.output
    answered = run(tmp_path, "deals", "import", str(path), "--map", "下单=closed", "--yes")
    assert answered.exit_code == 0, answered.output
    assert sorted(d.closed for d in stored(tmp_path)) == ["2025-03-01", "2025-04-01"]


def test_no_date_column_asked_at_a_terminal(tmp_path: Path, monkeypatch):
    from coach.cli import deals_cmds

    monkeypatch.setattr(deals_cmds, "_interactive", lambda yes: True)
    path = tmp_path / "orders.csv"
    path.write_text(ORDERS, encoding="utf-8")
    result = run(tmp_path, "deals", "import", str(path), input="下单\ny\n")
    assert result.exit_code == 0, result.output
    assert "closed ← 下单" in result.output
    assert len(stored(tmp_path)) == 2
