"""Terminal charts for exhibits: horizontal bars, or columns over time for line charts.

Textual ships only a Sparkline; these are drawn with block characters and measured with
Rich's cell widths, so Chinese labels (two cells a character) line up.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual.widget import Widget

from coach.domain.content import Exhibit
from coach.domain.text import LText

_BLOCKS = " ▁▂▃▄▅▆▇█"


def cell_text(value: object, lang: str) -> str:
    if isinstance(value, LText):
        return value.get(lang)
    return "" if value is None else str(value)


def to_number(value: object) -> float | None:
    if isinstance(value, bool) or value is None or isinstance(value, LText):
        return None
    if isinstance(value, int | float):
        return float(value)
    text = str(value).strip().replace(",", "").rstrip("%")
    try:
        return float(text)
    except ValueError:
        return None


def fmt(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 or value == int(value) else f"{value:,.2f}"


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

    def _series(self) -> tuple[list[str], list[tuple[str, list[float | None]]]]:
        ex = self.exhibit
        assert ex.chart is not None
        labels = [
            cell_text(row[ex.chart.x], self.lang) if ex.chart.x < len(row) else ""
            for row in ex.rows
        ]
        series = []
        for y in ex.chart.y:
            name = ex.columns[y].get(self.lang) if y < len(ex.columns) else str(y)
            values = [to_number(row[y]) if y < len(row) else None for row in ex.rows]
            series.append((name, values))
        return labels, series

    def get_content_height(self, container, viewport, width: int) -> int:
        if self.exhibit.chart is None:
            return 0
        labels, series = self._series()
        if self.exhibit.chart.type == "bar":
            return 1 + len(labels) * len(series)
        return len(series) * (_COLUMN_HEIGHT + 3)

    def render(self) -> Text:
        if self.exhibit.chart is None:
            return Text("")
        width = max(self.size.width, 20)
        styles = [self.get_component_rich_style(c) for c in ("chart--bar", "chart--bar-2")]
        label_style = self.get_component_rich_style("chart--label")
        axis_style = self.get_component_rich_style("chart--axis")
        labels, series = self._series()
        if self.exhibit.chart.type == "bar":
            return _bars(labels, series, width, styles, label_style)
        return _columns(labels, series, width, styles, axis_style, label_style)


_COLUMN_HEIGHT = 6


def _bars(labels, series, width, styles, label_style) -> Text:
    out = Text()
    legend = Text()
    for i, (name, _) in enumerate(series):
        legend.append("■ ", styles[i % len(styles)])
        legend.append(name + "  ", label_style)
    out.append_text(legend)
    label_w = min(max((cell_len(lbl) for lbl in labels), default=4), width // 3)
    peak = max((v for _, vals in series for v in vals if v is not None), default=0.0) or 1.0
    value_w = max((len(fmt(v)) for _, vals in series for v in vals if v is not None), default=1)
    bar_w = max(width - label_w - value_w - 3, 4)
    for row, label in enumerate(labels):
        for i, (_, vals) in enumerate(series):
            out.append("\n")
            shown = set_cell_size(label, label_w) if i == 0 else " " * label_w
            out.append(shown + " ", label_style)
            value = vals[row]
            if value is None:
                out.append("–", label_style)
                continue
            n = max(0, round(bar_w * max(value, 0) / peak))
            out.append("█" * n, styles[i % len(styles)])
            out.append(" " + fmt(value), label_style)
    return out


def _columns(labels, series, width, styles, axis_style, label_style) -> Text:
    out = Text()
    n = len(labels)
    col_w = max(1, min(3, (width - 10) // max(n, 1)))
    for i, (name, vals) in enumerate(series):
        present = [v for v in vals if v is not None]
        if i:
            out.append("\n")
        top = max(present, default=0.0)
        low = min([*present, 0.0])
        span = (top - low) or 1.0
        out.append(f"{name}  (max {fmt(top)})", label_style)
        for level in range(_COLUMN_HEIGHT, 0, -1):
            out.append("\n")
            for v in vals:
                if v is None:
                    out.append(" " * col_w)
                    continue
                height = (v - low) / span * _COLUMN_HEIGHT
                fill = height - (level - 1)
                ch = "█" if fill >= 1 else _BLOCKS[max(0, int(fill * 8))] if fill > 0 else " "
                out.append(ch * max(col_w - (1 if col_w > 1 else 0), 1), styles[i % len(styles)])
                if col_w > 1:
                    out.append(" ")
        out.append("\n" + "─" * min(width, n * col_w), axis_style)
        out.append("\n")
        # sparse x labels: first, last and a few between, never overlapping
        line = [" "] * min(width, n * col_w + 12)
        pos = 0
        step = max(1, n // 4)
        for idx in [*range(0, n, step), n - 1]:
            label = labels[idx]
            start = idx * col_w
            if start < pos or start + cell_len(label) > len(line):
                continue
            text = label
            for ch in text:
                if start < len(line):
                    line[start] = ch
                    start += cell_len(ch)
                    if cell_len(ch) == 2 and start - 1 < len(line):
                        line[start - 1] = ""
            pos = start + 1
        out.append("".join(line).rstrip(), label_style)
    return out
