"""Answers over the engine's size limit are refused where they come in — a hand-in, an answer
file, a submit in Practice — with the limit named, never scored for minutes (issue 14, item 12)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from coach.analysis.cohort import load_cohort
from coach.cli import _load_commands, cli
from coach.review import MAX_ANSWER_CHARS

from .conftest import FIXTURE_CONTENT, GOOD

HUGE = "一月开门红。" * (MAX_ANSWER_CHARS // 6 + 1)


def test_a_handin_with_an_answer_over_the_limit_is_skipped_and_named(trainees):
    trainees.add("mei", [trainees.attempt("mini-peaks", GOOD)])
    trainees.add("li", [trainees.attempt("mini-peaks", {"q1": HUGE, "q2": "说不清楚。"})])
    cohort = load_cohort(trainees.handins)
    kept = {t.name: len(t.attempts) for t in cohort.trainees.values()}
    assert kept == {"mei": 1, "li": 0}
    [(where, why)] = cohort.skipped
    assert "li.json" in where and f"{MAX_ANSWER_CHARS:,}" in why


def test_an_answer_file_over_the_limit_is_one_line(tmp_path: Path):
    answer = tmp_path / "answer.md"
    answer.write_text(f"# q1\n\n{HUGE}\n", encoding="utf-8")
    _load_commands()
    result = CliRunner().invoke(
        cli, ["--lang", "en", "--content", str(FIXTURE_CONTENT), "score", "mini-peaks", str(answer)]
    )
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "answer.md" in result.output and f"{MAX_ANSWER_CHARS:,}" in result.output


def test_an_answer_file_that_is_a_pipe_is_refused(tmp_path: Path):
    import os

    fifo = tmp_path / "answer.md"
    os.mkfifo(fifo)
    _load_commands()
    result = CliRunner().invoke(
        cli, ["--lang", "en", "--content", str(FIXTURE_CONTENT), "score", "mini-peaks", str(fifo)]
    )
    assert result.exit_code == 1 and "not a regular file" in result.output
