"""The app as a whole in a real terminal (tmux): start, browse, open a case, quit."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from .tmux import Tmux

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "content"

pytestmark = pytest.mark.tmux


@pytest.mark.parametrize("lang, learn, query, background", [
    ("zh", "搜索案例", "季节性高峰", "东湖支行"),
    ("en", "Searchcases", "Seasonal peaks", "Donghusub-branch"),
])
def test_browse_and_quit(tmp_path: Path, lang: str, learn: str, query: str, background: str) -> None:
    env = {"COACH_HOME": str(tmp_path / "home"), "COACH_CACHE": str(tmp_path / "cache"),
           "TERM": "xterm-256color", "LANG": "C.UTF-8"}
    term = Tmux([sys.executable, "-m", "coach", "--lang", lang, "--content", str(FIXTURES)],
                env, cwd=REPO)
    try:
        term.wait_for(learn)
        term.send("/")
        term.type(query)  # typed into the search box, Chinese included
        term.send("Enter")  # back to the tree, cursor on the first match
        term.send("Enter")
        term.wait_for(background)
        term.send("x")
        term.wait_for("5,200")  # the exhibit table
        term.send("Escape")
        term.wait_for(learn)
        term.send("C-q")
        term.wait_gone()
    finally:
        term.kill()
