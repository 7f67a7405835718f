"""A newcomer's first half hour, scripted in a real terminal (issue 15's "Done when").

Launch on the bundled bootcamp → the next case → answer every step → submit → Feedback →
Home → Progress, in both languages at 120×40 and 80×24, typing at tmux's speed (no pauses).
Every screen on the way is checked for a cut-off footer and for raw or untranslated text from
the list below, and the score must read the same on Feedback, Home and Progress.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from .tmux import Tmux

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.tmux

#: Text a person must never see in the Chinese interface (raw markup, Textual's English strings).
RAW_ZH = (
    "[self]", "[-]", "- self:", "- product:", "**", "Cursor up", "Page Left", "Focus Next",
    "Copy selected text", "Search for commands", "Dismiss menu", "No matches found",
    "(首次, 最佳)", "Submitting",
)  # fmt: skip
#: …and in the English one.
RAW_EN = ("[self]", "[-]", "- self:", "- product:", "**")

ANSWER = {
    "zh": "满意度从72分降到70分，投诉从46件增加到51件，目标是80分。",
    "en": "Satisfaction fell from 72 to 70 and complaints rose from 46 to 51; the goal was 80.",
}
SCORE = re.compile(r"(?:得分|Score)\s*([\d.]+)\s*/\s*100")


def _start(tmp_path: Path, lang: str, size: tuple[int, int]) -> Tmux:
    env = {
        "COACH_HOME": str(tmp_path / "home"),
        "COACH_CACHE": str(tmp_path / "cache"),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
    }
    return Tmux([sys.executable, "-m", "coach", "--lang", lang], env, cwd=REPO, size=size)


def settled(term: Tmux, text: str) -> str:
    """The screen once ``text`` shows and the drawing has stopped (a half-drawn frame can have
    its footer mid-layout)."""
    term.wait_for(text.replace(" ", ""))
    term.wait_stable()
    return term.screen()


def check_screen(screen: str, lang: str) -> None:
    """No raw text, and a footer whose every key keeps its label (no "f▏^p", no "中/▏")."""
    for raw in RAW_ZH if lang == "zh" else RAW_EN:
        assert raw not in screen, f"{raw!r} on screen:\n{screen}"
    footer = screen.splitlines()[-1] if screen.splitlines() else ""
    if "f1" not in footer:  # a dialog over the screen: its footer is the one below, unseen
        return
    assert not re.search(r"\S▏", footer), f"cut-off footer: {footer!r}"
    # the language switch is on every screen: its label whole, not squeezed out ("f2 ▏^p")
    assert "f2 中/EN" in footer, f"cut-off footer: {footer!r}"
    # the last key is the app's language switch or the palette: anything else was cut at the edge
    assert footer.rstrip().endswith(("中/EN", "命令", "Commands")), f"cut-off footer: {footer!r}"


@pytest.mark.parametrize(
    ("lang", "size"),
    [
        ("zh", (120, 40)),
        ("zh", (80, 24)),
        ("en", (120, 40)),
        ("en", (80, 24)),
    ],
    ids=["zh-120x40", "zh-80x24", "en-120x40", "en-80x24"],
)
def test_a_newcomer_answers_a_case_and_sees_one_score_everywhere(tmp_path, lang, size):
    term = _start(tmp_path, lang, size)
    steps = "第1/5步" if lang == "zh" else "Step1/5"
    try:
        home = settled(term, "首页" if lang == "zh" else "Home")
        check_screen(home, lang)
        term.send("n")  # the bootcamp's next case
        check_screen(settled(term, "背景" if lang == "zh" else "Background"), lang)
        term.send("p")
        check_screen(settled(term, steps), lang)
        for _ in range(5):  # every step, typed straight on after each F8
            term.type(ANSWER[lang])
            term.send("F8")
        term.send("C-s")
        check_screen(settled(term, "提交这次练习" if lang == "zh" else "Submit this attempt"), lang)
        term.send("Enter")
        feedback = settled(term, "/100")
        check_screen(feedback, lang)
        shown = SCORE.search(feedback.replace("\n", " "))
        assert shown, feedback
        score = shown.group(1)
        term.send("Escape")
        term.send("Escape")
        home = settled(term, "首页" if lang == "zh" else "Home")
        check_screen(home, lang)
        assert score in home, f"Feedback said {score}; Home:\n{home}"
        term.send("p")
        progress = settled(term, "进度" if lang == "zh" else "Progress")
        check_screen(progress, lang)
        assert score in progress, f"Feedback said {score}; Progress:\n{progress}"
        term.send("C-q")
        term.wait_gone()
    finally:
        term.kill()
