"""Issue 15 in a real terminal (tmux): Learn opens with the cursor in the search box, so a word
typed at once searches (no "/" first), and typing in the list goes on in the box."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from .tmux import Tmux

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "content"

pytestmark = pytest.mark.tmux


# --content adds the fixture bank to the bundled one: the queries match the fixture case only
@pytest.mark.parametrize("lang, home, learn, query, title, other", [
    ("zh", "复盘Coach·首页", "复盘Coach·学习", "林悦", "季节性高峰", "理财经理营销能力提升特训营"),
    ("en", "复盘Coach·Home", "复盘Coach·Learn", "mini-peaks", "Seasonalpeaks", "Wealth-managermarketing"),
])
def test_typing_on_opening_learn_searches(
    tmp_path: Path, lang: str, home: str, learn: str, query: str, title: str, other: str
) -> None:
    env = {"COACH_HOME": str(tmp_path / "home"), "COACH_CACHE": str(tmp_path / "cache"),
           "TERM": "xterm-256color", "LANG": "C.UTF-8"}
    term = Tmux([sys.executable, "-m", "coach", "--lang", lang, "--content", str(FIXTURES)],
                env, cwd=REPO, size=(80, 24))
    try:
        term.wait_for(home)
        term.send("l")
        term.wait_for(learn)
        term.wait_for(other)  # the tree is drawn: the bundled curriculum
        term.type(query)  # at once, no "/"
        term.wait_absent(other)  # the search kept the one match, in the fixture's course
        screen = term.wait_for(title)
        assert query.replace(" ", "") in screen
        term.send("Down")  # to the list; typing there goes on in the box
        term.type("x")
        term.wait_for(query.replace(" ", "") + "x")
        term.send("C-q")
        term.wait_gone()
    finally:
        term.kill()
