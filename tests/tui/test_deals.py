"""The Deals screen driven by Pilot: quick add, edit, delete and undo, filter, sort, import."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.tui.screens.deal_form import DealFormScreen, QuickAddScreen
from coach.tui.screens.deal_import import DealImportScreen
from coach.tui.screens.deals import DealsScreen
from coach.tui.widgets.deal_table import DealTable

from .deal_fixture import DEALS, make_deals_app


async def open_deals(pilot) -> DealsScreen:
    app = pilot.app
    app.action_open_deals()
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, DealsScreen)
    assert screen.all_rows is not None
    return screen


async def wait_for(pilot, condition, what: str, tries: int = 200) -> None:
    """Wait until ``condition()`` holds, letting the app run between checks (never a sleep)."""
    for _ in range(tries):
        if condition():
            return
        await pilot.pause()
    raise AssertionError(f"timed out waiting for {what}")


def shown_clients(screen: DealsScreen) -> list[str]:
    return [r.client for r in screen.query_one(DealTable).rows]


async def type_text(pilot, text: str) -> None:
    for ch in text:
        await pilot.press("space" if ch == " " else ch)


async def test_opens_with_every_deal_newest_first() -> None:
    app = make_deals_app("en")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_deals(pilot)
        dates = [r.date for r in screen.query_one(DealTable).rows]
        assert len(dates) == len(DEALS)
        assert dates == sorted(dates, reverse=True)


async def test_quick_add_shows_what_it_read_then_saves() -> None:
    app = make_deals_app("zh")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_deals(pilot)
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, QuickAddScreen), "quick add")
        await type_text(pilot, "赵先生 年金险 50万 赢单 #开门红 蓝色")
        understood = str(app.screen.query_one("#quick-understood").render())
        assert "赵先生" in understood and "¥500,000" in understood and "蓝色" in understood
        assert app.session.store.deals.count() == len(DEALS)  # nothing saved yet
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is screen, "back on the deals screen")
        saved = [d for d in app.session.store.deals.list() if d.client == "赵先生"]
        assert len(saved) == 1
        deal = saved[0]
        assert (deal.product, deal.amount, deal.outcome) == ("年金险", 500_000.0, "won")
        assert deal.tags == ["开门红"]
        assert "蓝色" in deal.notes  # not placed: kept, never dropped
        assert screen.query_one(DealTable).current.id == deal.id


async def test_edit_changes_the_stored_deal() -> None:
    app = make_deals_app("en")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_deals(pilot)
        table = screen.query_one(DealTable)
        target = table.current
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DealFormScreen), "the edit form")
        amount = app.screen.query_one("#f-amount")
        amount.value = "1.5万"
        tags = app.screen.query_one("#f-tags")
        tags.value = "#pilot #vip"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is screen, "back on the deals screen")
        stored = app.session.store.deals.get(target.id)
        assert stored.amount == 15_000.0 and stored.tags == ["pilot", "vip"]
        assert stored.rev == target.rev + 1
        assert table.current.amount == 15_000.0


async def test_edit_refuses_a_value_it_cannot_read() -> None:
    app = make_deals_app("en")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_deals(pilot)
        target = screen.query_one(DealTable).current
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DealFormScreen), "the edit form")
        app.screen.query_one("#f-closed").value = "not a date"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DealFormScreen)
        assert "Closed" in str(app.screen.query_one("#form-error").render())
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen, "back on the deals screen")
        assert app.session.store.deals.get(target.id).rev == target.rev


async def test_delete_then_undo_restores_the_same_deal() -> None:
    app = make_deals_app("en")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_deals(pilot)
        table = screen.query_one(DealTable)
        await pilot.press("down")
        victim = table.current
        before = app.session.store.deals.get(victim.id)
        await pilot.press("d")
        assert app.session.store.deals.get(victim.id) is None
        assert victim.id not in [r.id for r in table.rows]
        assert len(table.rows) == len(DEALS) - 1
        await pilot.press("u")
        restored = app.session.store.deals.get(victim.id)
        assert restored is not None
        assert (restored.client, restored.amount, restored.tags, restored.created) == (
            before.client,
            before.amount,
            before.tags,
            before.created,
        )
        assert table.current.id == victim.id
        assert len(table.rows) == len(DEALS)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("王", {"王女士"}),
        ("#开门红", {"王女士", "李先生"}),
        ("product:life", {"Mr Smith"}),
        ("2025", {"陈小姐", "Mr Smith", "刘阿姨"}),
        ("2026-Q1 lost", {"李先生"}),
        ("平安", {"李先生"}),  # the competitor
        ("nobody", set()),
    ],
)
async def test_filter_box(typed: str, expected: set[str]) -> None:
    app = make_deals_app("en")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_deals(pilot)
        await pilot.press("slash")
        await type_text(pilot, typed)
        assert set(shown_clients(screen)) == expected
        status = str(screen.query_one("#deals-status").render())
        assert f"{len(expected)} of {len(DEALS)}" in status


async def test_outcome_and_period_choices_filter() -> None:
    app = make_deals_app("en")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_deals(pilot)
        screen.query_one("#deals-outcome").value = "won"
        await pilot.pause()
        assert set(shown_clients(screen)) == {"王女士", "Mr Smith", "刘阿姨"}
        screen.query_one("#deals-period").value = "year"  # 2026 up to the fixed clock's day
        await pilot.pause()
        assert shown_clients(screen) == ["王女士"]


async def test_sort_cycles_columns_and_reverses() -> None:
    app = make_deals_app("en")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_deals(pilot)
        await pilot.press("s")  # date -> client
        assert screen.sort_column == "client"
        clients = shown_clients(screen)
        assert clients == sorted(clients, key=str.casefold)
        await pilot.press("s", "s")  # -> product -> amount (largest first, empty last)
        amounts = [r.amount for r in screen.query_one(DealTable).rows]
        assert amounts[-1] is None
        assert amounts[:-1] == sorted(amounts[:-1], reverse=True)
        await pilot.press("r")
        amounts = [r.amount for r in screen.query_one(DealTable).rows]
        assert amounts[:-1] == sorted(amounts[:-1]) and amounts[-1] is None


async def test_import_with_preview_then_summary(tmp_path: Path) -> None:
    csv = tmp_path / "crm.csv"
    csv.write_text(
        "客户名称,产品,成交金额,结果,成交日期\n"
        "周先生,年金险,50万,赢单,2025/3/10\n"
        "吴女士,私募基金,300万元,丢单,2025年3月12日\n"
        ",,,,\n"
        "郑总,理财产品,abc,跟进中,2025-04-01\n",
        encoding="utf-8",
    )
    app = make_deals_app("en")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_deals(pilot)
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, DealImportScreen), "import")
        dialog = app.screen
        dialog.query_one("#import-path").value = str(csv)
        await pilot.press("enter")
        await wait_for(pilot, lambda: dialog.preview is not None, "the preview")
        text = str(dialog.query_one("#import-preview-text").render())
        assert "客户名称" in text and "周先生" in text and "line 2" in text
        assert app.session.store.deals.count() == len(DEALS)  # nothing written by a preview
        await pilot.click("#import-go")
        await wait_for(
            pilot,
            lambda: dialog.query_one("#import-steps").current == "import-summary",
            "the summary",
        )
        summary = str(dialog.query_one("#import-summary-text").render())
        assert "imported (new) 3" in summary and "empty lines skipped 1" in summary
        assert "line 5" in summary  # the amount it could not read, kept in the notes
        await pilot.click("#import-done")
        await wait_for(pilot, lambda: app.screen is screen, "back on the deals screen")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(screen.all_rows) == len(DEALS) + 3
        assert {"周先生", "吴女士", "郑总"} <= set(shown_clients(screen))


async def test_read_only_profile_changes_nothing() -> None:
    app = make_deals_app("en")
    app.session.read_only = True
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_deals(pilot)
        await pilot.press("d")
        await pilot.press("a")
        assert app.screen is screen
        assert app.session.store.deals.count() == len(DEALS)


async def test_language_switch_keeps_rows_and_filter() -> None:
    app = make_deals_app("en")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_deals(pilot)
        await pilot.press("slash")
        await type_text(pilot, "#开门红")
        await pilot.press("f2")
        await pilot.pause()
        assert set(shown_clients(screen)) == {"王女士", "李先生"}
        assert "笔" in str(screen.query_one("#deals-status").render())


async def test_review_from_the_deals_screen() -> None:
    """v reviews the deal under the cursor; V reviews every deal the filter shows."""
    from coach.content import load_content
    from coach.tui.screens.deal_review import DealReviewScreen

    from .helpers import FIXTURE_CONTENT

    app = make_deals_app("en")
    app.session.content = load_content([FIXTURE_CONTENT], cache=False)  # frameworks to review with
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_deals(pilot)
        screen.query_one(DealTable).focus()
        current = screen.query_one(DealTable).current
        await pilot.press("v")
        await wait_for(pilot, lambda: isinstance(app.screen, DealReviewScreen), "the review")
        assert app.screen.deal_ids == [current.id]
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen, "back to Deals")
        screen.query_one(DealTable).focus()
        await pilot.press("V")
        await wait_for(pilot, lambda: isinstance(app.screen, DealReviewScreen), "the review")
        assert sorted(app.screen.deal_ids) == sorted(r.id for r in screen.shown)
