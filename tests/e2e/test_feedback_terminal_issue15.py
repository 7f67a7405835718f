"""Feedback in a real terminal: PageDown and Home as the terminal sends them scroll the pane
shown while the tab bar has the focus (issue 15: they did nothing until the focus moved)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from .tmux import Tmux

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "content"

pytestmark = pytest.mark.tmux


def test_page_keys_scroll_the_feedback_from_the_tab_bar(tmp_path: Path) -> None:
    env = {
        "COACH_HOME": str(tmp_path / "home"),
        "COACH_CACHE": str(tmp_path / "cache"),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
    }
    argv = [sys.executable, "-m", "coach", "--lang", "zh", "--content", str(FIXTURES)]
    # 16 lines: the notes pane is longer than the room it has
    term = Tmux([*argv, "practice", "mini-peaks"], env, cwd=REPO, size=(80, 16))
    try:
        term.wait_for("第1/5步")
        term.wait_stable()
        term.type("一月开门红是高峰，保证收益。")
        term.wait_for("保证收益。")
        term.send("C-s")
        term.wait_stable()
        term.send("Enter")
        term.wait_for("反馈·季节性高峰")
        term.wait_stable()
        term.send("Right", "Right")  # the tab bar has the focus: on to the notes
        term.wait_for("要避免的表述")
        term.wait_stable()
        assert "目标与结果" not in term.screen()
        term.send("PageDown")
        term.wait_absent("要避免的表述")
        term.send("End")
        term.wait_for("目标与结果")
        term.send("Home")
        term.wait_for("要避免的表述")
        term.send("Right")  # the tab bar still has the focus: the next tab
        term.wait_for("教学要点")
        term.send("C-q")
        term.wait_gone()
    finally:
        term.kill()
