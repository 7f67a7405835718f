"""Drafts survive the worst: the app killed without warning (SIGKILL) after the autosave, and
the terminal closed (SIGHUP) right after typing, before any autosave could run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from .tmux import Tmux

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "content"

pytestmark = pytest.mark.tmux


def _start(tmp_path: Path) -> Tmux:
    env = {
        "COACH_HOME": str(tmp_path / "home"),
        "COACH_CACHE": str(tmp_path / "cache"),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
    }
    argv = [sys.executable, "-m", "coach", "--lang", "zh", "--content", str(FIXTURES)]
    return Tmux([*argv, "practice", "mini-peaks"], env, cwd=REPO)


def _pid(term: Tmux) -> int:
    out = subprocess.run(
        ["tmux", "list-panes", "-t", term.name, "-F", "#{pane_pid}"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(out.stdout.split()[0])


@pytest.mark.parametrize("how", ["kill", "hangup"])
def test_draft_survives(tmp_path: Path, how: str) -> None:
    term = _start(tmp_path)
    try:
        term.wait_for("第1/5步")
        term.wait_stable()
        term.type("一月开门红是高峰")
        term.wait_for("一月开门红是高峰")
        if how == "kill":
            term.wait_for("草稿已保存")  # the autosave shows, then the process dies unwarned
            os.kill(_pid(term), signal.SIGKILL)
        else:
            term.kill()  # closing the terminal: SIGHUP, before the autosave had its second
        term.wait_gone()
    finally:
        term.kill()
    again = _start(tmp_path)
    try:
        again.wait_for("继续上次的草稿")
        again.send("Enter")
        again.wait_for("一月开门红是高峰")
        again.send("C-q")
        again.wait_gone()
    finally:
        again.kill()


def _start_lang(tmp_path: Path, lang: str) -> Tmux:
    env = {
        "COACH_HOME": str(tmp_path / "home"),
        "COACH_CACHE": str(tmp_path / "cache"),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
    }
    argv = [sys.executable, "-m", "coach", "--lang", lang, "--content", str(FIXTURES)]
    return Tmux([*argv, "practice", "mini-peaks"], env, cwd=REPO)


@pytest.mark.parametrize(
    ("lang", "step2", "first", "second"),
    [
        ("zh", "第2/5步", "一月开门红是高峰", "奖金到账前名单已备好"),
        ("en", "Step2/5", "January kickoff peak", "bonus list ready"),
    ],
)
def test_typing_straight_on_after_f8_loses_nothing(tmp_path, lang, step2, first, second):
    """send-keys text, F8, text with no pause between: the second text is in the second step."""
    term = _start_lang(tmp_path, lang)
    try:
        term.wait_for(step2.replace("2/", "1/"))
        term.wait_stable()
        term.type(first)
        term.send("F8")
        term.type(second)
        screen = term.wait_for(second.replace(" ", ""))
        assert step2 in screen.replace(" ", "")
        term.send("F7")
        term.wait_for(first.replace(" ", ""))
        term.send("C-q")
        term.wait_gone()
    finally:
        term.kill()
