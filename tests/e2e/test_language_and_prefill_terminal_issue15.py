"""Issue 15 items 3 and 4 in a real terminal (tmux), keys sent at typing speed with no pause:
F2 in Practice keeps what was typed and pasted in its box; a deal review's typing goes after
the facts filled in from the log, and ctrl+End / ctrl+Home move through the whole answer."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .tmux import Tmux

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "content"

pytestmark = pytest.mark.tmux

PASTE = ("开门红前两个月备好名单" * 200)[:1996] + "粘贴结束"  # 2,000 Chinese characters


def _env(tmp_path: Path) -> dict[str, str]:
    return {
        "COACH_HOME": str(tmp_path / "home"),
        "COACH_CACHE": str(tmp_path / "cache"),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
    }


def _coach(tmp_path: Path, lang: str, *args: str) -> Tmux:
    argv = [sys.executable, "-m", "coach", "--lang", lang, "--profile", "tester"]
    return Tmux([*argv, "--content", str(FIXTURES), *args], _env(tmp_path), cwd=REPO)


def _paste(term: Tmux, text: str) -> None:
    """A terminal paste (bracketed), as a mouse or ctrl+shift+v paste arrives."""
    subprocess.run(["tmux", "set-buffer", "-b", term.name, text], check=True)
    subprocess.run(["tmux", "paste-buffer", "-p", "-d", "-b", term.name, "-t", term.name],
                   check=True)  # fmt: skip


@pytest.mark.parametrize(
    ("lang", "step1", "other", "typed"),
    [
        ("zh", "第1/5步", "Step1/5", "一月开门红是高峰"),
        ("en", "Step1/5", "第1/5步", "January kickoff peak"),
    ],
)
def test_f2_in_practice_keeps_typed_and_pasted_text(tmp_path, lang, step1, other, typed):
    term = _coach(tmp_path, lang, "practice", "mini-peaks")
    try:
        term.wait_for(step1)
        term.wait_stable()
        term.type(typed)
        term.send("F2")
        term.type("X")  # straight on after F2: the key lands in the same box, after the text
        term.wait_for(other)
        term.wait_for(typed.replace(" ", "") + "X")
        term.send("F2")
        term.wait_for(step1)
        term.wait_for(typed.replace(" ", "") + "X")
        _paste(term, PASTE)
        term.send("F2")
        term.type("尾")  # after F2, at the cursor: the paste's end
        term.wait_for(other)
        term.send("F2")
        term.wait_for(step1)
        term.send("C-q")  # quitting saves the draft: everything typed and pasted is in it
        term.wait_gone()
    finally:
        term.kill()
    assert _draft_text(tmp_path) == typed + "X" + PASTE + "尾"


def _draft_text(tmp_path: Path) -> str:
    code = (
        "from coach import paths; from coach.store import open_store; "
        "s = open_store(paths.data_root(), 'tester', daily_backup=False); "
        "import sys; d = s.drafts.list()[0]; sys.stdout.write(d.answers.text['q1'])"
    )
    out = subprocess.run([sys.executable, "-c", code], env=_env(tmp_path), cwd=REPO,
                         capture_output=True, text=True, check=True)  # fmt: skip
    return out.stdout


SEED = """
from coach import paths
from coach.domain.records import Deal
from coach.store import open_store
store = open_store(paths.data_root(), "tester", daily_backup=False)
store.deals.save_many([Deal(client="Mrs Li", product="annuity", amount=200000.0,
    target=300000.0, outcome="lost", loss_type="unknown", stage="proposal",
    opened="2025-01-05", closed="2025-02-20")])
"""


@pytest.mark.parametrize(
    ("lang", "deals", "review", "goal", "more"),
    [
        ("zh", "打开：成交记录", "开始复盘", "目标：", "我补充一句"),
        ("en", "Open:Deals", "Startreview", "Goal:", "my own note"),
    ],
)
def test_deal_review_typing_goes_after_the_facts(tmp_path, lang, deals, review, goal, more):
    subprocess.run([sys.executable, "-c", SEED], env=_env(tmp_path), cwd=REPO, check=True)
    term = _coach(tmp_path, lang)
    try:
        term.wait_for("复盘Coach·")
        term.wait_stable()
        term.send("C-p")
        term.type("Deals" if lang == "en" else "成交记录")
        term.wait_for(deals)
        term.send("Enter")
        term.wait_for("MrsLi")
        term.wait_stable()
        term.send("v")
        term.wait_for(review)
        term.send("C-s")
        term.wait_for(goal)
        term.wait_stable()
        term.type(more)
        screen = term.wait_for(more.replace(" ", ""))
        rows = [r.replace(" ", "") for r in screen.splitlines()]
        typed_row = next(i for i, r in enumerate(rows) if more.replace(" ", "") in r)
        goal_row = next(i for i, r in enumerate(rows) if goal in r)
        assert typed_row > goal_row, screen  # after the facts, not before them
        term.send("C-Home")
        term.type("[")
        term.send("C-End")
        term.type("]")
        screen = term.wait_for(more.replace(" ", "") + "]")
        rows = [r.replace(" ", "") for r in screen.splitlines()]
        start = next(i for i, r in enumerate(rows) if "[" in r)
        assert start <= goal_row, screen  # ctrl+Home: the very start of the answer
        term.send("C-q")
        term.wait_gone()
    finally:
        term.kill()
