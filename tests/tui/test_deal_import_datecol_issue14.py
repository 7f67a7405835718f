"""Issue 14: the import screen asks which column is the date when a file has neither a date nor
an id column and repeats a client + product (the CLI's --map COLUMN=closed), instead of leaving
the Import button disabled with no way on."""

from __future__ import annotations

from pathlib import Path

from coach.tui.screens.deal_import import DealImportScreen

from .deal_fixture import DEALS, make_deals_app
from .test_deals import open_deals, wait_for


async def test_the_date_column_is_chosen_on_the_screen(tmp_path: Path) -> None:
    csv = tmp_path / "orders.csv"
    csv.write_text(
        "客户,产品,金额,下单\n王女士,年金,50万,2025-03-01\n王女士,年金,20万,2025-04-01\n",
        encoding="utf-8",
    )
    app = make_deals_app("en")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_deals(pilot)
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, DealImportScreen), "import")
        dialog = app.screen
        dialog.query_one("#import-path").value = str(csv)
        await pilot.press("enter")
        await wait_for(pilot, lambda: dialog.preview is not None, "the preview")
        assert [q.kind for q in dialog.preview.questions] == ["date_column"]
        assert dialog.query_one("#import-go").disabled
        choose = dialog.query_one("#import-datecol")
        assert choose.display
        first = dialog.preview
        choose.value = "下单"
        await wait_for(
            pilot, lambda: dialog.preview is not first and dialog.preview.ready, "the answer"
        )
        assert "closed ← 下单" in str(dialog.query_one("#import-preview-text").render())
        await pilot.click("#import-go")
        await wait_for(
            pilot, lambda: app.session.store.deals.count() == len(DEALS) + 2, "the import"
        )
