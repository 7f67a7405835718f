"""One exhibit: its title, the table (fixed column widths, so nothing is measured twice), a note,
and a chart when the case asks for one.

The cells are written by ``coach.io.numbers.table_cells`` (through ``exhibit_cells``, which the
chart uses too): one precision per column, thousands separators, "—" for a missing figure, and
the columns of numbers right-aligned, header and all; text columns read from the left.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from coach.domain.content import Exhibit
from coach.tui.widgets.chart import ExhibitChart, exhibit_cells

#: The widest a column is drawn; a longer cell is cut with "…".
MAX_COLUMN = 40


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
        written = exhibit_cells(ex, self.lang)
        rows = written.cells
        for i, col in enumerate(ex.columns):
            header = col.get(self.lang)
            width = max([cell_len(header), *(cell_len(r[i]) for r in rows if i < len(r))])
            justify = "right" if written.numeric[i] else "left"
            table.add_column(
                Text(header, justify=justify), width=min(width, MAX_COLUMN), key=str(i)
            )
        width = len(ex.columns)
        table.add_rows(
            [
                Text(cell, justify="right" if written.numeric[i] else "left")
                for i, cell in enumerate(row[:width])
            ]
            for row in rows
        )
        yield table
        if ex.note:
            yield Static(ex.note.get(self.lang), classes="exhibit-note")
        if ex.chart is not None:
            yield ExhibitChart(ex, self.lang)
