"""The `coach` command as a user meets it: help in both languages, clear errors, exit codes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from coach.cli import _load_commands, cli

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "content"


def invoke(*args: str):
    _load_commands()
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_help_is_bilingual() -> None:
    result = invoke("--help")
    assert result.exit_code == 0
    assert "销售复盘" in result.output and "sales retrospective" in result.output
    assert "check" in result.output


def test_check_clean_content_exits_zero() -> None:
    result = invoke("check", str(FIXTURES))
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("4 framework(s).")


def test_check_broken_content_exits_one(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("kind: casebank\nbank: x\ntitle: t\ncases:\n  - id: c\n", encoding="utf-8")
    result = invoke("check", str(bad))
    assert result.exit_code == 1
    first = result.output.splitlines()[0]
    assert first.startswith(f"{bad}:5:5: error:") or ":5:5: error:" in first


def test_python_m_coach_runs_without_traceback(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "coach", "check", str(tmp_path / "missing")],
        capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "no such file or folder" in proc.stdout


def test_unknown_command_is_a_clear_error() -> None:
    _load_commands()
    result = CliRunner().invoke(cli, ["frobnicate"])
    assert result.exit_code == 2
    assert "No such command" in result.output
