"""Issue 15, Practice: a point written under another question than its own gets a hint in the
coach panel, both where it was written and where it belongs, as the review scores it."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach import paths
from coach.tui.screens.practice import PracticeScreen
from coach.tui.widgets.live_panel import LivePanel

from .helpers import FIXTURE_CONTENT, make_app
from .practice_helpers import type_answer, wait_for, wait_screen
from .progress_seed import settle

COOLING_OFF = {
    "zh": "客户投保后有15天犹豫期，可以全额退保。",
    "en": "Clients have a 15-day cooling-off period and can cancel in full.",
}
WRITTEN_HERE = {
    "zh": "这一点写在了第 2 题，它属于第 4 题：挪过去才计分",
    "en": "You wrote this under question 2; it counts under question 4: move it there",
}
BELONGS_HERE = {
    "zh": "第 4 题要的这一点写在了第 2 题：挪到这里才计分",
    "en": "This point of question 4 is written under question 2: move it here for it to count",
}
REASON = {
    "zh": "销售人身保险必须告知犹豫期。",
    "en": "Selling life insurance requires explaining the cooling-off period.",
}


async def goto_step(pilot, step_id: str) -> None:
    """Forward or back to a step (F8 / F7)."""
    screen = pilot.app.screen
    ids = [s.id for s in screen.target.steps]
    while screen.step.id != step_id:
        forward = ids.index(step_id) > screen.step_index
        await pilot.press("f8" if forward else "f7")
        await pilot.pause()


def panel_text(app) -> str:
    return " ".join(str(app.screen.query_one(LivePanel).render()).split())


async def open_practice(pilot, case_id: str) -> PracticeScreen:
    await settle(pilot)
    pilot.app.start_practice(case_id)
    await wait_screen(pilot, PracticeScreen)
    screen = pilot.app.screen
    await wait_for(pilot, lambda: screen.query("#draft-status"), "Practice composed")
    return screen


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_disclosure_under_the_wrong_question_is_pointed_out(lang: str) -> None:
    """product-insurer-expertise: the cooling-off disclosure belongs to question 4 (improve)."""
    app = make_app(lang, roots=paths.bundled_content_dirs())
    async with app.run_test(size=(120, 40)) as pilot:
        await open_practice(pilot, "product-insurer-expertise")
        await goto_step(pilot, "analyse")  # question 2
        await type_answer(pilot, "q2", COOLING_OFF[lang])
        await wait_for(pilot, lambda: WRITTEN_HERE[lang] in panel_text(app), "the hint in q2")
        assert REASON[lang] in panel_text(app)
        await goto_step(pilot, "improve")  # question 4, where it counts
        await wait_for(pilot, lambda: BELONGS_HERE[lang] in panel_text(app), "the hint in q4")
        await goto_step(pilot, "collect")  # neither question: nothing said
        await wait_for(pilot, lambda: "→" not in panel_text(app), "no hint in q1")
        # moved where it belongs, the hint goes
        await goto_step(pilot, "improve")
        await type_answer(pilot, "q4", COOLING_OFF[lang])
        await wait_for(pilot, lambda: "→" not in panel_text(app), "no hint once moved")


def hinted_fixture(tmp_path: Path) -> Path:
    """The fixture bank with hints in practice on for mini-peaks (key points may be named)."""
    for f in FIXTURE_CONTENT.iterdir():
        text = f.read_text(encoding="utf-8")
        if f.name == "mini.yaml":
            text = text.replace(
                "    tags: [开门红, seasonality]\n",
                "    tags: [开门红, seasonality]\n    hints_in_practice: true\n",
                1,
            )
        (tmp_path / f.name).write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    "lang, said, hint",
    [
        ("zh", "年终奖发放后客户手里有钱，所以十二月是高峰。", "它属于第 2 题：照样计分"),
        (
            "en",
            "After the year-end bonus clients have cash, so December peaks.",
            "it belongs to question 2: it counts all the same",
        ),
    ],
)
async def test_a_key_point_under_another_question_still_counts_and_is_said_so(
    tmp_path: Path, lang: str, said: str, hint: str
) -> None:
    app = make_app(lang, roots=[hinted_fixture(tmp_path)])
    assert app.session.content.cases["mini-peaks"].hints_in_practice
    async with app.run_test(size=(120, 40)) as pilot:
        await open_practice(pilot, "mini-peaks")
        await type_answer(pilot, "q1", said)  # the bonus point belongs to q2
        await wait_for(pilot, lambda: hint in panel_text(app), "the key point hint")


async def test_without_hints_a_key_point_is_not_named(tmp_path: Path) -> None:
    app = make_app("en")  # mini-peaks as bundled in the fixture: no hints in practice
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_practice(pilot, "mini-peaks")
        await type_answer(
            pilot, "q1", "After the year-end bonus clients have cash, so December peaks."
        )
        panel = screen.query_one(LivePanel)
        await wait_for(pilot, lambda: panel.misplaced, "the point found")
        assert "Names the year-end bonus" not in panel_text(app) and "→" not in panel_text(app)
