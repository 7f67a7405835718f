"""The app as a whole in a real terminal (tmux): start, browse, open a case, quit."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from .tmux import Tmux

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "content"

pytestmark = pytest.mark.tmux


@pytest.mark.parametrize("lang, learn, help_word, query, title, background", [
    ("zh", "复盘Coach·学习", "通用", "mini-peaks", "季节性高峰", "林悦整理了两年"),
    ("en", "复盘Coach·Learn", "Everywhere", "mini-peaks", "Seasonalpeaks", "LinYuecollected"),
])
def test_browse_and_quit(tmp_path: Path, lang: str, learn: str, help_word: str, query: str, title: str, background: str) -> None:
    env = {"COACH_HOME": str(tmp_path / "home"), "COACH_CACHE": str(tmp_path / "cache"),
           "TERM": "xterm-256color", "LANG": "C.UTF-8"}
    term = Tmux([sys.executable, "-m", "coach", "--lang", lang, "--content", str(FIXTURES)],
                env, cwd=REPO)
    try:
        term.wait_for(learn.replace("学习", "首页").replace("Learn", "Home"))  # Home comes first
        term.send("l")
        term.wait_for(learn)
        # Keys typed while the app is still starting are delivered once it reads input:
        # open the help and wait for it, which proves keys now arrive, then close it.
        term.send("F1")
        term.wait_for(help_word)
        term.send("F1")  # F1 closes it too; a bare Escape followed at once by "/" can read as alt+/
        term.wait_absent(help_word)
        term.wait_stable()
        # "/" always means "to the search box" (even from inside it), so retrying is safe
        # when a loaded machine delivers a key late.
        for attempt in range(5):
            term.send("/")
            term.send("C-u")  # clear the box
            term.type(query)  # typed into the search box, Chinese included
            try:
                term.wait_for(title, timeout=4 if attempt < 4 else 20)  # the one match
                break
            except AssertionError:
                continue
        term.send("Enter")  # opens the first match
        term.wait_for(background)
        term.send("x")
        term.wait_for("5,200")  # the exhibit table
        term.send("Escape")
        term.wait_for(learn)
        term.send("C-q")
        term.wait_gone()
    finally:
        term.kill()
