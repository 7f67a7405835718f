"""One exhibit: its title, the table (fixed column widths, so nothing is measured twice), a note,
and a chart when the case asks for one."""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from coach.domain.content import Exhibit
from coach.domain.text import LText
from coach.tui.widgets.chart import ExhibitChart


def cell_text(value: object, lang: str = "zh") -> str:
    if isinstance(value, LText):
        return value.get(lang)
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


class ExhibitView(Vertical):
    DEFAULT_CSS = """
    ExhibitView { height: auto; margin: 0 0 1 0; }
    ExhibitView DataTable { height: auto; max-height: 16; }
    """

    def __init__(self, exhibit: Exhibit, lang: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.exhibit = exhibit
        self.lang = lang

    def compose(self) -> ComposeResult:
        ex = self.exhibit
        yield Static(ex.title.get(self.lang), classes="exhibit-title")
        table: DataTable = DataTable(cursor_type="row", zebra_stripes=True)
        rows = [[cell_text(c, self.lang) for c in row] for row in ex.rows]
        for i, col in enumerate(ex.columns):
            header = col.get(self.lang)
            width = max([cell_len(header), *(cell_len(r[i]) for r in rows if i < len(r))])
            table.add_column(header, width=min(width, 40), key=str(i))
        table.add_rows(rows)
        yield table
        if ex.note:
            yield Static(ex.note.get(self.lang), classes="exhibit-note")
        if ex.chart is not None:
            yield ExhibitChart(ex, self.lang)
