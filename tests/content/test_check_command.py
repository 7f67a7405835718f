"""`coach check`: compiler-style lines sorted by file and line, JSON, exit status, languages."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from coach.cli import _load_commands, cli
from tests.content.conftest import edit, write_files
from tests.content.test_diagnostics import BANK, CUR


def run(*args: str):
    _load_commands()
    return CliRunner().invoke(cli, list(args))


@pytest.fixture
def messy(in_tmp):
    """Errors and a warning in three files, written so that file order and line order differ."""
    write_files(
        in_tmp,
        {
            "b/bank.yaml": edit(BANK, {20: "    minutes: 0", 19: "    difficulty: 9"}),
            "a/cur.yaml": edit(CUR, {4: "framework: nope", 8: "    cases: [c1, c9]"}),
            "c/warn.yaml": edit(CUR, {2: "id: course2", 8: "    cases: []", 11: "    cases: [c1]"}),
        },
    )
    return in_tmp


def test_lines_sorted_by_path_then_line(messy):
    result = run("check", "a", "b", "c")
    lines = result.stdout.splitlines()
    assert lines == [
        "a/cur.yaml:4:12: error: no framework with id 'nope'",
        "a/cur.yaml:8:17: error: no case with id 'c9'",
        "b/bank.yaml:19:17: error: 9 is out of range 1–5",
        "b/bank.yaml:20:14: error: 0 is out of range 1–600",
        "c/warn.yaml:11:13: warning: case 'c1' belongs to module 'm' but is listed under module 'm2'",
    ]
    assert result.exit_code == 1
    assert "4 error(s), 1 warning(s)" in result.stderr


def test_order_of_arguments_does_not_change_the_order_of_lines(messy):
    assert run("check", "c", "b", "a").stdout == run("check", "a", "b", "c").stdout


def test_json_gives_the_same_problems(messy):
    text = run("check", "a", "b", "c")
    result = run("check", "--format", "json", "a", "b", "c")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert [
        f"{d['path']}:{d['line']}:{d['col']}: {d['severity']}: {d['message']}" for d in data
    ] == (text.stdout.splitlines())
    assert set(data[0]) == {"path", "line", "col", "severity", "message"}


def test_json_keeps_chinese_readable(messy):
    result = run("--lang", "zh", "check", "--format", "json", "b")
    assert "超出范围" in result.stdout and "\\u" not in result.stdout


@pytest.mark.parametrize(
    ("files", "status", "severities"),
    [
        ({"bank.yaml": BANK, "cur.yaml": CUR}, 0, []),
        ({"bank.yaml": BANK, "cur.yaml": edit(CUR, {8: "    cases: []", 11: "    cases: [c1]"})},
         0, ["warning"]),
        ({"bank.yaml": edit(BANK, {19: "    difficulty: 0"})}, 1, ["error"]),
    ],
    ids=["clean", "warning only", "error"],
)  # fmt: skip
def test_exit_status_is_1_only_with_an_error(in_tmp, files, status, severities):
    write_files(in_tmp, files)
    result = run("check", ".")
    assert result.exit_code == status, result.output
    assert [line.split(": ")[1] for line in result.stdout.splitlines()] == severities


def test_a_clean_folder_prints_no_problem_lines(in_tmp):
    write_files(in_tmp, {"bank.yaml": BANK, "cur.yaml": CUR})
    result = run("check", ".")
    assert result.stdout == "" and result.exit_code == 0
    assert "0 error(s), 0 warning(s)" in result.stderr


def test_a_missing_path_is_an_error(in_tmp):
    result = run("check", "nowhere")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == ["nowhere:1:1: error: no such file or folder"]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", ["bank.yaml:6:5: error: case missing required field 'summary'",
                "bank.yaml:9:5: error: unknown key 'sumary' (case); did you mean 'summary'?"]),
        ("zh", ["bank.yaml:6:5: error: 案例 缺少必填字段 'summary'",
                "bank.yaml:9:5: error: 未知字段 'sumary' (案例)，你是不是想写 'summary'？"]),
    ],
)  # fmt: skip
def test_messages_in_both_languages(in_tmp, lang, expected):
    write_files(in_tmp, {"bank.yaml": edit(BANK, {9: "    sumary: Summary"})})
    result = run("--lang", lang, "check", "bank.yaml")
    assert result.stdout.splitlines() == expected
    assert ("2 个错误" if lang == "zh" else "2 error(s)") in result.stderr


def test_cached_messages_follow_the_language(in_tmp):
    """The cache is keyed on the language: a second run in Chinese does not reuse English."""
    write_files(in_tmp, {"bank.yaml": edit(BANK, {19: "    difficulty: 9"})})
    assert "out of range" in run("check", "bank.yaml").stdout
    assert "超出范围" in run("--lang", "zh", "check", "bank.yaml").stdout
