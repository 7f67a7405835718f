"""Issue 15: the command listings of `coach --help` are not Chinese only."""

from __future__ import annotations

import unicodedata

import pytest
from click.testing import CliRunner

from coach.cli import _load_commands, cli
from coach.domain.text import has_cjk

_load_commands()


def commands_section(*args: str) -> list[str]:
    result = CliRunner().invoke(cli, [*args, "--help"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.rstrip(":") in ("Commands", "命令"))
    return lines[start + 1 :]


def cells(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def test_without_lang_each_command_in_both_languages():
    lines = commands_section()
    text = "\n".join(lines)
    for zh, en in [
        ("立即备份档案并列出备份。", "Back up the profile now and list the backups."),
        ("交易记录：", "The deal log: capture a deal"),
        ("显示正在使用的文件夹。", "Show the folders in use."),
    ]:
        assert zh in text and en in text
    assert all(cells(line) <= 80 for line in lines), [x for x in lines if cells(x) > 80]


@pytest.mark.parametrize(
    ("args", "want"),
    [
        (["--lang", "en"], "en"),
        (["--lang", "zh"], "zh"),
        (["--lang", "en", "deals"], "en"),
        (["--lang", "en", "cohort"], "en"),
        (["--lang", "en", "classroom"], "en"),
    ],
)
def test_with_lang_only_that_language(args: list[str], want: str):
    lines = [line for line in commands_section(*args) if line.strip()]
    assert lines
    for line in lines:
        summary = line.split(None, 1)[1]
        assert has_cjk(summary) == (want == "zh"), line


def test_lang_chosen_once_does_not_stick_to_the_next_help():
    commands_section("--lang", "en")
    assert "立即备份档案并列出备份。" in "\n".join(commands_section())
