"""Scores over time: a column per submitted attempt against the pass line, and a one-line
sparkline for tables.

Drawn with block characters like the exhibit charts (coach/tui/widgets/chart.py). Both use a
fixed 0–100 scale: Textual's Sparkline stretches to the data's own minimum and maximum, which
would make 60 → 62 look like a leap.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual.widget import Widget

_BLOCKS = " ▁▂▃▄▅▆▇█"
_SPARK = "▁▂▃▄▅▆▇█"


def spark(values: list[float], lo: float = 0.0, hi: float = 100.0) -> str:
    """One character per value on a fixed scale: ``spark([0, 50, 100]) == '▁▅█'``."""
    span = (hi - lo) or 1.0
    out = []
    for v in values:
        share = min(max((v - lo) / span, 0.0), 1.0)
        out.append(_SPARK[min(int(share * len(_SPARK)), len(_SPARK) - 1)])
    return "".join(out)


@dataclass(frozen=True, slots=True)
class ChartPoint:
    label: str  # shown under the column, e.g. "03-10"
    score: float


class ScoreChart(Widget):
    """Columns of scores (0–100), oldest left; the most recent that fit when there are many."""

    COMPONENT_CLASSES = {
        "score-chart--pass",
        "score-chart--fail",
        "score-chart--line",
        "score-chart--axis",
        "score-chart--label",
    }
    DEFAULT_CSS = """
    ScoreChart { height: 10; }
    """

    def __init__(self, pass_score: float = 60.0, empty: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self.points: list[ChartPoint] = []
        self.pass_score = pass_score
        self.empty = empty

    def show(self, points: list[ChartPoint], pass_score: float, empty: str = "") -> None:
        self.points, self.pass_score = list(points), pass_score
        if empty:
            self.empty = empty
        self.refresh()

    def render(self) -> Text:
        style = self.get_component_rich_style
        return draw(
            self.points,
            self.pass_score,
            max(self.size.width, 12),
            max(self.size.height, 4),
            empty=self.empty,
            styles={
                name: style(f"score-chart--{name}")
                for name in ("pass", "fail", "line", "axis", "label")
            },
        )


def draw(
    points: list[ChartPoint],
    pass_score: float,
    width: int,
    height: int,
    *,
    empty: str = "",
    styles: dict | None = None,
) -> Text:
    """The chart as Rich Text, ``height`` lines of at most ``width`` cells."""
    st = styles or {}
    out = Text(no_wrap=True, overflow="crop")
    if not points:
        out.append(empty, st.get("label"))
        return out
    gutter = 4  # "100┤"
    rows = max(height - 2, 2)
    col_w = 3 if (width - gutter) // 3 >= len(points) else 2
    fit = max((width - gutter) // col_w, 1)
    shown = points[-fit:]
    pass_row = min(int(pass_score / 100 * rows + 0.5), rows)  # the row the pass line is drawn on
    for level in range(rows, 0, -1):
        if level == rows:
            out.append("100┤", st.get("axis"))
        elif level == pass_row:
            out.append(f"{pass_score:>3.0f}┼", st.get("line"))
        else:
            out.append("   │", st.get("axis"))
        for p in shown:
            fill = p.score / 100 * rows - (level - 1)
            if fill >= 1:
                ch = "█"
            elif fill > 0:
                ch = _BLOCKS[max(1, int(fill * 8))]
            else:
                ch = ""
            bar_style = st.get("pass") if p.score >= pass_score else st.get("fail")
            if ch:
                out.append(ch * (col_w - 1), bar_style)
                gap = "┈" if level == pass_row else " "
                out.append(gap, st.get("line"))
            elif level == pass_row:
                out.append("┈" * col_w, st.get("line"))
            else:
                out.append(" " * col_w)
        out.append("\n")
    out.append("  0┴" + "─" * (len(shown) * col_w), st.get("axis"))
    out.append("\n")
    out.append_text(_labels(shown, col_w, gutter, st.get("label")))
    return out


def _labels(points: list[ChartPoint], col_w: int, gutter: int, style) -> Text:
    """The first label, the last, and those between that fit without overlapping."""
    line = Text(" " * gutter, no_wrap=True)
    pos = 0  # cells used after the gutter
    last = len(points) - 1
    for i, p in enumerate(points):
        start = i * col_w
        room_for_last = i == last or start + cell_len(p.label) + 1 <= last * col_w
        if start < pos or not room_for_last:
            continue
        line.append(" " * (start - pos))
        line.append(p.label, style)
        pos = start + cell_len(p.label) + 1
        line.append(" ")
    return line
