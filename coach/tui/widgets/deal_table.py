"""A virtual table of deals: draws only the lines on screen, so 20,000 rows cost nothing to show.

Textual's DataTable measures every cell it is given, which takes seconds at this size. Here the
column widths follow from the widget's width alone (CJK-aware cropping and padding), and
``render_line`` builds a line only when Textual asks for it. The first line is the header; a
click on it sorts by that column.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from coach.tui.localise import LB, localised
from coach.tui.widgets.deal_rows import DealRow, column_title, format_amount, outcome_label

#: (column, minimum width, share of the spare width, right-aligned)
_LAYOUT = (
    ("date", 10, 0, False),
    ("client", 8, 3, False),
    ("product", 10, 4, False),
    ("amount", 13, 0, True),
    ("outcome", 7, 0, False),
    ("stage", 10, 2, False),
    ("tags", 8, 3, False),
)
_WIDE_ENOUGH_FOR_STAGE = 100
#: An invisible mark per column: cells never merge into one run of text, so every cell starts at
#: its own column even where a renderer (an SVG screenshot) draws CJK narrower than two cells.
_CELL = [Style.from_meta({"deal-col": i}) for i in range(len(_LAYOUT))]


def column_widths(width: int) -> list[tuple[str, int, bool]]:
    """The columns that fit in ``width`` cells, each with its width (one space between)."""
    cols = [c for c in _LAYOUT if c[0] != "stage" or width >= _WIDE_ENOUGH_FOR_STAGE]
    fixed = sum(c[1] for c in cols) + len(cols) - 1
    spare = max(0, width - fixed)
    shares = sum(c[2] for c in cols)
    out, given = [], 0
    for name, minimum, share, right in cols:
        extra = spare * share // shares if shares else 0
        given += extra
        out.append([name, minimum + extra, right])
    # what integer division left over goes to the last flexible column
    last_flexible = max(i for i, c in enumerate(cols) if c[2])
    out[last_flexible][1] += spare - given
    return [(n, w, r) for n, w, r in out]


def _fit(text: str, width: int, right: bool) -> str:
    text = text.replace("\n", " ")
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…" if width > 1 else set_cell_size(text, width)
    pad = " " * (width - cell_len(text))
    return pad + text if right else text + pad


@localised
class DealTable(Widget, can_focus=True):
    """Rows of deals with a cursor; the screen owns the rows, filters and sorts them."""

    COMPONENT_CLASSES = {
        "deal-table--header",
        "deal-table--cursor",
        "deal-table--cursor-blurred",
        "deal-table--won",
        "deal-table--lost",
        "deal-table--open",
        "deal-table--muted",
    }
    LOCAL_BINDINGS = [
        LB("up", "move(-1)", "上", "Up", "deals-up", show=False),
        LB("down", "move(1)", "下", "Down", "deals-down", show=False),
        LB("pageup", "page(-1)", "上一页", "Page up", "deals-pgup", show=False),
        LB("pagedown", "page(1)", "下一页", "Page down", "deals-pgdn", show=False),
        LB("home", "jump(0)", "第一行", "First", "deals-home", show=False),
        LB("end", "jump(-1)", "最后一行", "Last", "deals-end", show=False),
    ]

    cursor: reactive[int] = reactive(0, layout=False, always_update=True)

    class SortRequested(Message):
        """A click on a column header."""

        def __init__(self, column: str) -> None:
            super().__init__()
            self.column = column

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[DealRow] = []
        self.top = 0
        self.sort_column = "date"
        self.descending = True
        self._line_cache: dict[tuple[int, str, int, bool], Strip] = {}

    # --- data ----------------------------------------------------------------------------

    def set_rows(self, rows: list[DealRow], keep_id: str | None = None) -> None:
        """Show these rows; the cursor stays on ``keep_id`` where it is still shown."""
        self.rows = rows
        self._line_cache.clear()
        index = 0
        if keep_id is not None:
            for i, row in enumerate(rows):
                if row.id == keep_id:
                    index = i
                    break
        self._place_cursor(index)
        self.refresh()

    @property
    def current(self) -> DealRow | None:
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    @property
    def page(self) -> int:
        return max(1, self.size.height - 1)

    def _place_cursor(self, index: int) -> None:
        index = max(0, min(index, len(self.rows) - 1))
        if index < self.top:
            self.top = index
        elif index >= self.top + self.page:
            self.top = index - self.page + 1
        self.top = max(0, min(self.top, max(0, len(self.rows) - self.page)))
        self.cursor = index
        self.refresh()

    def on_resize(self) -> None:
        self._line_cache.clear()
        self._place_cursor(self.cursor)

    # --- keys and mouse ------------------------------------------------------------------

    def action_move(self, step: int) -> None:
        self._place_cursor(self.cursor + step)

    def action_page(self, step: int) -> None:
        self.top = max(0, self.top + step * self.page)
        self._place_cursor(self.cursor + step * self.page)

    def action_jump(self, index: int) -> None:
        self._place_cursor(index if index >= 0 else len(self.rows) - 1)

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.stop()
        self.top = max(0, min(self.top + 3, len(self.rows) - self.page))
        self._place_cursor(max(self.cursor, self.top))

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        self.top = max(0, self.top - 3)
        self._place_cursor(min(self.cursor, self.top + self.page - 1))

    def on_click(self, event: events.Click) -> None:
        if event.y == 0:
            x = 0
            for name, width, _ in column_widths(self.size.width):
                if x <= event.x < x + width + 1:
                    self.post_message(self.SortRequested(name))
                    return
                x += width + 1
            return
        self._place_cursor(self.top + event.y - 1)

    # --- drawing -------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        cols = column_widths(width)
        if y == 0:
            return self._header(cols, width)
        index = self.top + y - 1
        if index >= len(self.rows):
            return Strip.blank(width, self.rich_style)
        return self._row(index, cols, width)

    def _header(self, cols: list[tuple[str, int, bool]], width: int) -> Strip:
        style = self.rich_style + self.get_component_rich_style("deal-table--header")
        segments: list[Segment] = []
        for i, (name, w, right) in enumerate(cols):
            title = column_title(name)
            if name == self.sort_column:
                title = f"{title}{'↓' if self.descending else '↑'}"
            segments.append(Segment(" " if i else "", style))
            segments.append(Segment(_fit(title, w, right), style + _CELL[i]))
        used = sum(w for _, w, _ in cols) + len(cols) - 1
        segments.append(Segment(" " * max(0, width - used), style))
        return Strip(segments, width)

    def _row(self, index: int, cols: list[tuple[str, int, bool]], width: int) -> Strip:
        row = self.rows[index]
        selected = index == self.cursor
        key = (index, row.id, row.rev, selected and self.has_focus)
        cached = self._line_cache.get(key)
        if cached is not None:
            return cached
        base = self.rich_style
        if selected:
            which = "deal-table--cursor" if self.has_focus else "deal-table--cursor-blurred"
            base = base + self.get_component_rich_style(which)
        muted = base + self.get_component_rich_style("deal-table--muted", partial=True)
        tone = base + self.get_component_rich_style(f"deal-table--{row.outcome}", partial=True)
        segments: list[Segment] = []
        for i, (name, w, right) in enumerate(cols):
            if i:
                segments.append(Segment(" ", base))
            if name == "date":
                text, style = row.date[:10], muted
            elif name == "amount":
                text, style = format_amount(row.amount, row.currency), base
            elif name == "outcome":
                text, style = outcome_label(row.outcome), tone
            elif name == "tags":
                text, style = " ".join(f"#{t}" for t in row.tags), muted
            else:
                text, style = getattr(row, name), base
            segments.append(Segment(_fit(text, w, right), style + _CELL[i]))
        used = sum(w for _, w, _ in cols) + len(cols) - 1
        if used < width:
            segments.append(Segment(" " * (width - used), base))
        strip = Strip(segments, width)
        if len(self._line_cache) > 512:
            self._line_cache.clear()
        self._line_cache[key] = strip
        return strip

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._line_cache.clear()  # a theme switch changes every line's colours

    def on_focus(self) -> None:
        self._line_cache.clear()
        self.refresh()

    def on_blur(self) -> None:
        self._line_cache.clear()
        self.refresh()
