"""Terminal charts for exhibits: horizontal bars, or columns over time for line charts.

Textual ships only a Sparkline; these are drawn with block characters and measured with
Rich's cell widths, so Chinese labels (two cells a character) line up. The figures come from
``exhibit_cells`` (coach.io.numbers.table_cells), the same text the exhibit's table shows: a bar
is labelled as its cell reads (49.1, 125.1, 35%), and a series is named with its unit.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual.widget import Widget

from coach.domain.content import Exhibit
from coach.domain.text import LText
from coach.i18n import tr
from coach.io.numbers import TableCells, table_cells

_BLOCKS = " ▁▂▃▄▅▆▇█"
#: Each series of a bar chart has its colour and its fill, so a third series is told apart too.
_FILLS = ("█", "█", "▓", "▒", "░")
_COLUMN_HEIGHT = 6
#: The widest a column is drawn; a wider share of the width is space around it.
_COLUMN_MAX = 6
#: Value or x labels under a column chart: staggered over this many rows at most.
_LABEL_ROWS = 2
_PAREN = re.compile(r"[（(]([^（）()]+)[）)]\s*$")
_UNIT = re.compile(
    r"[万亿千百]?(?:元|美元|港元|欧元)|(?:CNY|RMB|USD|HKD|EUR)(?:\s?(?:10k|100k|100m|k|m|mn))?"
    r"|%|‰",
    re.IGNORECASE,
)


def plain(value: object, lang: str) -> object:
    """A cell as the table reads it: an LText in ``lang``, a date as 2025-03-12, else as is."""
    if isinstance(value, LText):
        return value.get(lang)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def exhibit_cells(exhibit: Exhibit, lang: str) -> TableCells:
    """The exhibit's cells written out, once for its table and its chart."""
    rows = [[plain(c, lang) for c in row] for row in exhibit.rows]
    headers = [c.get(lang) for c in exhibit.columns]
    labels = {exhibit.chart.x} if exhibit.chart is not None else set()
    return table_cells(rows, headers, labels=labels)


def title_unit(title: str) -> str:
    """The unit a title ends with — 万元 in "销售额（万元）", CNY 10k in "Sales (CNY 10k)" — or ""."""
    m = _PAREN.search(title)
    return m[1].strip() if m and _UNIT.fullmatch(m[1].strip()) else ""


def series_name(header: str, unit: str) -> str:
    """The header, with the exhibit's unit when the header does not carry one of its own."""
    if not unit or _PAREN.search(header):
        return header
    return tr("{h}（{u}）", "{h} ({u})", h=header, u=unit)


@dataclass(frozen=True, slots=True)
class Series:
    name: str  # with its unit
    values: list[float | None]
    texts: list[str]  # each value as the table writes it
    decimals: int
    suffix: str  # "%" when every figure has it


def chart_data(exhibit: Exhibit, lang: str) -> tuple[list[str], list[Series]]:
    """The x labels and the series of an exhibit's chart, as its table writes them."""
    chart = exhibit.chart
    assert chart is not None
    cells = exhibit_cells(exhibit, lang)
    unit = title_unit(exhibit.title.get(lang))
    labels = [row[chart.x] if chart.x < len(row) else "" for row in cells.cells]
    series = []
    for y in chart.y:
        header = exhibit.columns[y].get(lang) if y < len(exhibit.columns) else str(y)
        figs = [row[y] if y < len(row) else None for row in cells.figures]
        found = [f for f in figs if f is not None]
        suffixes = {f.suffix for f in found}
        series.append(
            Series(
                series_name(header, unit),
                [None if f is None else f.value for f in figs],
                [
                    row[y] if f is not None else "–"
                    for row, f in zip(cells.cells, figs, strict=True)
                ],
                max((f.decimals for f in found), default=0),
                suffixes.pop() if len(suffixes) == 1 else "",
            )
        )
    return labels, series


def axis_text(value: float, s: Series) -> str:
    return f"{value:,.{s.decimals}f}{s.suffix}"


class ExhibitChart(Widget):
    """A chart of one exhibit, drawn for the width it is given."""

    COMPONENT_CLASSES = {"chart--bar", "chart--bar-2", "chart--label", "chart--axis"}
    DEFAULT_CSS = """
    ExhibitChart { height: auto; }
    """

    def __init__(self, exhibit: Exhibit, lang: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.exhibit = exhibit
        self.lang = lang
        self._data = chart_data(exhibit, lang) if exhibit.chart is not None else ([], [])

    def get_content_height(self, container, viewport, width: int) -> int:
        if self.exhibit.chart is None:
            return 0
        return len(self._draw(width).plain.split("\n"))

    def _draw(self, width: int, styles: dict | None = None) -> Text:
        st = styles or {}
        labels, series = self._data
        bars = [st.get("bar"), st.get("bar-2")]
        if self.exhibit.chart is not None and self.exhibit.chart.type == "bar":
            return draw_bars(labels, series, max(width, 20), bars, st.get("label"))
        return draw_columns(labels, series, max(width, 20), bars, st.get("axis"), st.get("label"))

    def render(self) -> Text:
        if self.exhibit.chart is None:
            return Text("")
        styles = {
            name: self.get_component_rich_style(f"chart--{name}")
            for name in ("bar", "bar-2", "label", "axis")
        }
        return self._draw(self.size.width, styles)


def draw_bars(labels: list[str], series: list[Series], width: int, styles, label_style) -> Text:
    """A legend line, then a bar per label and series, each ending in its value."""
    out = Text(no_wrap=True, overflow="crop")
    for i, s in enumerate(series):
        if i:
            out.append("  ")
        out.append(_FILLS[i % len(_FILLS)] + " ", styles[i % len(styles)])
        out.append(s.name, label_style)
    label_w = min(max((cell_len(lbl) for lbl in labels), default=4), width // 3)
    present = [v for s in series for v in s.values if v is not None]
    peak = max([*present, 0.0]) or 1.0
    value_w = max((cell_len(t) for s in series for t in s.texts), default=1)
    bar_w = max(width - label_w - value_w - 2, 4)
    for row, label in enumerate(labels):
        for i, s in enumerate(series):
            out.append("\n")
            shown = set_cell_size(label, label_w) if i == 0 else " " * label_w
            out.append(shown + " ", label_style)
            value = s.values[row]
            n = 0 if value is None else max(0, round(bar_w * max(value, 0.0) / peak))
            out.append(_FILLS[i % len(_FILLS)] * n, styles[i % len(styles)])
            out.append((" " if n else "") + s.texts[row], label_style)
    return out


def caption(s: Series, labels: list[str]) -> str:
    """What a person reads above a column chart: the series, its unit, its highest and lowest."""
    points = [
        (v, t, lbl) for v, t, lbl in zip(s.values, s.texts, labels, strict=True) if v is not None
    ]
    if not points:
        return tr("{n}：没有数据", "{n}: no data", n=s.name)
    top = max(points, key=lambda p: p[0])
    low = min(points, key=lambda p: p[0])
    if len(points) == 1 or top[0] == low[0]:
        return tr("{n}：{v}", "{n}: {v}", n=s.name, v=top[1])
    return tr(
        "{n}：最高 {t}（{tl}），最低 {l}（{ll}）",
        "{n}: highest {t} ({tl}), lowest {l} ({ll})",
        n=s.name, t=top[1], tl=top[2], l=low[1], ll=low[2],
    )  # fmt: skip


def fold(text: str, width: int) -> list[str]:
    """``text`` on lines of at most ``width`` cells, broken after a comma or colon if need be."""
    lines: list[str] = []
    for part in re.split(r"(?<=[，：])|(?<=[,:]) ", text):  # not the comma of 5,200
        if lines and cell_len(lines[-1]) + cell_len(part) + 1 <= width:
            lines[-1] += ("" if lines[-1][-1] in "，：" else " ") + part
        else:
            lines.append(part)
    return [
        set_cell_size(line, width).rstrip() if cell_len(line) > width else line for line in lines
    ]


def place(
    texts: list[str], centres: list[int], width: int, rows: int = _LABEL_ROWS
) -> tuple[list[str], bool]:
    """Each text centred under its column, staggered over as few rows (up to ``rows``) as let
    every one show without touching the next; when none do, the first, the last and those
    between that fit, on one row. Says too whether every text is shown."""

    def starts(idx: list[int]) -> list[int]:
        return [
            min(max(centres[i] - cell_len(texts[i]) // 2, 0), width - cell_len(texts[i]))
            for i in idx
        ]

    def fits(idx: list[int]) -> bool:
        pos = -1
        for i, start in zip(idx, starts(idx), strict=True):
            if start < 0 or start <= pos:
                return False
            pos = start + cell_len(texts[i])
        return True

    def line(idx: list[int]) -> str:
        out, pos = [], 0
        for i, start in zip(idx, starts(idx), strict=True):
            out.append(" " * (start - pos) + texts[i])
            pos = start + cell_len(texts[i])
        return "".join(out)

    n = len(texts)
    for k in range(1, rows + 1):
        groups = [list(range(r, n, k)) for r in range(k)]
        if all(fits(g) for g in groups):
            return [line(g) for g in groups if g], True
    if cell_len(texts[-1]) > width:
        return [], False
    chosen = [n - 1]
    last_start = starts([n - 1])[0]
    for i in range(n - 1):
        trial = [*chosen[:-1], i]
        if fits(trial) and starts([i])[0] + cell_len(texts[i]) < last_start:
            chosen = [*trial, n - 1]
    return [line(chosen)], False


def draw_columns(
    labels: list[str], series: list[Series], width: int, styles, axis_style, label_style
) -> Text:
    """A panel per series: its caption, columns filling the width against a scale on the left,
    the values under the columns and the x labels under them (as many as fit)."""
    out = Text(no_wrap=True, overflow="crop")
    n = max(len(labels), 1)
    for i, s in enumerate(series):
        if i:
            out.append("\n")
        present = [v for v in s.values if v is not None]
        top = max([*present, 0.0])
        low = min([*present, 0.0])
        span = (top - low) or 1.0
        ticks = (axis_text(top, s), axis_text(low, s))
        gutter = max(cell_len(t) for t in ticks) + 1
        col_w = max(1, (width - gutter) // n)
        bar = max(1, min(col_w - 1, _COLUMN_MAX)) if col_w > 1 else 1
        pad = (col_w - bar) // 2  # each column in the middle of its share of the width
        out.append("\n".join(fold(caption(s, labels), width)), label_style)
        for level in range(_COLUMN_HEIGHT, 0, -1):
            out.append("\n")
            if level == _COLUMN_HEIGHT:
                out.append(ticks[0].rjust(gutter - 1) + "┤", axis_style)
            else:
                out.append(" " * (gutter - 1) + "│", axis_style)
            for v in s.values:
                if v is None:
                    out.append(" " * col_w)
                    continue
                out.append(" " * pad)
                fill = (v - low) / span * _COLUMN_HEIGHT - (level - 1)
                ch = "█" if fill >= 1 else _BLOCKS[max(0, int(fill * 8))] if fill > 0 else " "
                out.append(ch * bar, styles[i % len(styles)])
                out.append(" " * (col_w - pad - bar))
        out.append("\n" + ticks[1].rjust(gutter - 1) + "┴" + "─" * (n * col_w), axis_style)
        centres = [gutter + j * col_w + pad + bar // 2 for j in range(len(labels))]
        room = gutter + n * col_w
        values, every = place(s.texts, centres, room)
        if every:  # else the caption's highest and lowest, and the table, give them
            for text in values:
                out.append("\n" + text, label_style)
        for text in place(labels, centres, room)[0]:
            out.append("\n" + text, axis_style)
    return out
