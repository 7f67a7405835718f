"""F2 while Practice's clock ticks: a tick between the old widgets' removal and the new ones'
mount took the app down (NoMatches: PracticeTimer, seen under tmux). The screen's timers now
wait while it is composed anew, and the clock and the live panel tolerate a moment without
their widget."""

from __future__ import annotations

from coach.tui.screens.practice import PracticeScreen
from coach.tui.widgets.live_panel import LivePanel
from coach.tui.widgets.timer import PracticeTimer

from .helpers import make_app
from .practice_helpers import wait_screen


async def test_the_screens_timers_wait_while_it_is_composed_anew():
    app = make_app("en", start_case="mini-peaks", practice=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_screen(pilot, PracticeScreen)
        screen = app.screen
        timers = [t for t in screen._timers if (t.name or "").startswith("practice-")]
        assert len(timers) == 2, "Practice runs its clock and its tick"
        seen: list[bool] = []
        refill = screen.refill

        def watching_refill():
            seen.append(all(not t._active.is_set() for t in timers))
            return refill()

        screen.refill = watching_refill
        await pilot.press("f2")
        await pilot.pause()
        assert seen == [True]
        assert all(t._active.is_set() for t in timers), "the timers run again afterwards"


async def test_a_tick_without_its_widgets_does_nothing():
    app = make_app("zh", start_case="mini-peaks", practice=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_screen(pilot, PracticeScreen)
        screen = app.screen
        findings = screen.checker.check_step(screen.step.id, screen.answers)
        for widget in [*screen.query(PracticeTimer), *screen.query(LivePanel)]:
            await widget.remove()
        screen._show_clock()
        screen._show_findings(findings)
