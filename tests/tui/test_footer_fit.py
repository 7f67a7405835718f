"""Every screen's footer fits the terminal in both languages: whole keys, none drawn under the
palette's key or past the right edge (issue 15: "f▏^p", "f2 中/▏" at 80 columns, Deals in
Chinese overlapping at 120). Keys a screen marks spare go first; F1 still lists them."""

from __future__ import annotations

import pytest
from textual.widgets import Footer

from coach.tui.app import CoachApp

from .deal_fixture import seed
from .helpers import make_app
from .practice_helpers import goto_step, wait_for
from .progress_seed import seed_due, seed_progress, settle


def _open(app: CoachApp, name: str) -> None:
    if name == "case":
        app.open_case("mini-peaks")
    elif name == "feedback":
        attempt = app.session.store.attempts.list()[0]
        app.open_feedback(attempt.id)
    elif name == "deal-review":
        app.start_deal_review(["d01"])
    elif name != "home":
        getattr(app, f"action_open_{name}")()


SCREENS = [
    "home", "case", "progress", "deals", "actions", "lessons", "insights", "learn",
    "feedback", "deal-review", "instructor",
]  # fmt: skip


def footer_overflow(footer: Footer, width: int) -> list[str]:
    """What is wrong with the footer as drawn: keys past the edge or under the palette's key."""
    keys = [k for k in footer.children if "-command-palette" not in k.classes]
    palette = [k for k in footer.children if "-command-palette" in k.classes]
    edge = palette[0].region.x if palette else width
    return [
        f"{k.key_display} {k.description} ends at {k.region.right} > {edge}"
        for k in keys
        if k.region.right > edge
    ]


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", SCREENS)
async def test_every_screen_s_footer_fits(name: str, lang: str, width: int) -> None:
    app = make_app(lang)
    seed_progress(app)
    seed_due(app)
    seed(app.session.store)
    async with app.run_test(size=(width, 30)) as pilot:
        await settle(pilot)
        _open(app, name)
        await settle(pilot)
        if name == "actions":  # the due actions are asked about first
            await pilot.press("escape")
            await settle(pilot)
        footer = app.screen.query_one(Footer)
        await wait_for(pilot, lambda: footer.children, "footer keys")
        await settle(pilot)
        assert footer_overflow(footer, width) == []
        descriptions = [getattr(k, "description", "") for k in footer.children]
        assert (
            "帮助" if lang == "zh" else "Help"
        ) in descriptions  # F1 lists whatever was left out


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_practice_at_80_columns_keeps_its_must_have_keys(lang: str) -> None:
    app = make_app(lang, start_case="mini-peaks", practice=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        footer = app.screen.query_one(Footer)
        await wait_for(pilot, lambda: footer.children, "footer keys")
        await settle(pilot)
        assert footer_overflow(footer, 80) == []
        actions = {getattr(k, "action", "") for k in footer.children}
        assert {"step(-1)", "step(1)", "add_row", "submit", "help", "toggle_language"} <= actions
        assert "quit" not in actions  # spare: ctrl+q still quits


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_practice_at_80_columns_fits_with_the_cursor_in_an_action_row(lang: str) -> None:
    """A row's field adds ^d (delete the row) to the footer: it still fits (issue 15: English
    Practice ended in "f1 Help  f2" with the cursor in an action row)."""
    app = make_app(lang, start_case="mini-peaks", practice=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await goto_step(pilot, "improve")
        field = app.screen.query(".action-what").first()
        field.focus()
        await wait_for(pilot, lambda: app.screen.focused is field, "cursor in the row")
        footer = app.screen.query_one(Footer)
        await wait_for(
            pilot,
            lambda: "submit" in {getattr(k, "action", "") for k in footer.children},
            "footer keys",
        )
        await settle(pilot)
        assert footer_overflow(footer, 80) == []


async def test_a_wider_terminal_brings_the_spare_keys_back() -> None:
    app = make_app("en", start_case="mini-peaks", practice=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        footer = app.screen.query_one(Footer)
        await wait_for(pilot, lambda: footer.children, "footer keys")
        assert "pick_step" not in {getattr(k, "action", "") for k in footer.children}
        await pilot.resize_terminal(160, 30)
        await wait_for(
            pilot,
            lambda: (
                "pick_step"
                in {getattr(k, "action", "") for k in app.screen.query_one(Footer).children}
            ),
            "spare keys back",
        )
