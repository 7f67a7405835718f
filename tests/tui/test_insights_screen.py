"""The Insights screen: figures computed in a worker, the period typed or stepped with [ ]."""

from __future__ import annotations

import pytest

from coach.tui.screens.insights import InsightsScreen, shift_period

from .deal_review_helpers import seed
from .helpers import make_app
from .practice_helpers import wait_for, wait_screen


@pytest.mark.parametrize(
    ("label", "step", "expected"),
    [
        ("2026-Q1", -1, "2025-Q4"),
        ("2025-Q4", 1, "2026-Q1"),
        ("2026-01", -1, "2025-12"),
        ("2025", 1, "2026"),
        ("2026-W01", -1, "2025-W52"),
        ("2025-01-01..2025-02-01", 1, "2025-01-01..2025-02-01"),
    ],
)
def test_shift_period(label: str, step: int, expected: str):
    assert shift_period(label, step) == expected


def _summary(screen) -> dict[str, str]:
    table = screen.query_one("#insights-summary")
    return {
        str(table.get_row_at(i)[0]): str(table.get_row_at(i)[1]) for i in range(table.row_count)
    }


async def test_quarter_figures_and_stepping():
    app = make_app("en")
    seed(app.session.store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.action_open_insights()
        await wait_screen(pilot, InsightsScreen)
        screen = app.screen
        await wait_for(
            pilot, lambda: screen.query("#insights-summary"), "first figures", polls=1000
        )
        s = _summary(screen)
        assert s["Period"].startswith("2026-Q1")
        assert (s["Won"], s["Lost"], s["of which no decision"]) == ("1", "2", "1")
        assert s["Win rate (won ÷ (won + lost))"] == "33.3%"
        assert s["Win rate leaving out no-decision losses"] == "50.0%"
        assert len(screen.query(".insights-chart")) == 3  # by month, Pareto, seasonality
        await pilot.press("[")
        await wait_for(pilot, lambda: screen.view and screen.view.period == "2025-Q4", "Q4")
        await wait_for(pilot, lambda: _summary(screen)["Won"] == "0", "Q4 figures")
        await pilot.press("slash")
        field = screen.query_one("#insights-period")
        assert field.has_focus
        field.value = "2025-Q9"
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.view.error, "error shown")
        assert "2025-Q9" in str(screen.query_one("#insights-status").render())
