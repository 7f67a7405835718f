"""A curriculum at a glance, for Progress: passed cases, attempts, time, scores, per module a
bar of cases passed; and the bar itself (``meter``), which Home's glance table shows too.

The panel is drawn for the width it is given: labels keep their column, titles are cut with an
ellipsis (Chinese characters take two cells, measured with Rich).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual.widget import Widget

FULL = "█"
EMPTY = "░"


def meter(done: int, total: int, width: int = 10) -> tuple[str, str]:
    """The filled and the empty part of a bar of ``width`` cells for ``done`` of ``total``,
    rounded half up (1 of 3 in 10 cells: 3 filled), never full before all are done and never
    empty once one is."""
    if total <= 0:
        return "", EMPTY * width
    filled = (done * width * 2 + total) // (total * 2)
    if 0 < done < total:
        filled = min(max(filled, 1), width - 1)
    filled = min(max(filled, 0), width)
    return FULL * filled, EMPTY * (width - filled)


def fit(text: str, width: int) -> str:
    """``text`` in at most ``width`` cells, an ellipsis where it was cut."""
    if cell_len(text) <= width:
        return text
    if width <= 1:
        return "…"[:width]
    return set_cell_size(text, width - 1).rstrip() + "…"


@dataclass(slots=True)
class ModuleLine:
    title: str
    done: int
    total: int
    average: str  # score_text of the module's average, "–" without one
    locked: bool = False


@dataclass(slots=True)
class Summary:
    """What the panel shows: (label, value) lines, then one line per module."""

    facts: list[tuple[str, str]] = field(default_factory=list)
    modules_heading: str = ""
    modules: list[ModuleLine] = field(default_factory=list)


class SummaryPanel(Widget):
    """Facts as ``label  value`` lines, then a bar per module (done / total, average)."""

    COMPONENT_CLASSES = {
        "summary--label",
        "summary--value",
        "summary--bar",
        "summary--rest",
        "summary--heading",
    }
    DEFAULT_CSS = """
    SummaryPanel { height: auto; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.summary = Summary()

    def show(self, summary: Summary) -> None:
        self.summary = summary
        self.refresh(layout=True)

    def get_content_height(self, container, viewport, width: int) -> int:
        return len(draw(self.summary, max(width, 20)).split())

    def render(self) -> Text:
        return draw(self.summary, max(self.size.width, 20), self._styles())

    def _styles(self) -> dict:
        style = self.get_component_rich_style
        names = ("label", "value", "bar", "rest", "heading")
        return {name: style(f"summary--{name}") for name in names}


def draw(summary: Summary, width: int, styles: dict | None = None) -> Text:
    """The panel as Rich Text of at most ``width`` cells a line."""
    st = styles or {}
    out = Text(no_wrap=True, overflow="crop")
    label_w = max((cell_len(label) for label, _ in summary.facts), default=0)
    lines: list[Text] = []
    for label, value in summary.facts:
        line = Text(no_wrap=True)
        line.append(set_cell_size(label, label_w) + "  ", st.get("label"))
        line.append(fit(value, max(width - label_w - 2, 1)), st.get("value"))
        lines.append(line)
    if summary.modules:
        lines.append(Text(""))
        lines.append(Text(fit(summary.modules_heading, width), st.get("heading")))
        figures = [f" {m.done}/{m.total}  {m.average}" for m in summary.modules]
        figure_w = max(cell_len(f) for f in figures)
        bar_w = 10 if width >= 40 else 6
        titles = [m.title + (" ⊘" if m.locked else "") for m in summary.modules]
        title_w = max(min(max(cell_len(t) for t in titles), 24), 4)
        title_w = max(min(title_w, width - bar_w - figure_w - 1), 2)
        for m, title, figure in zip(summary.modules, titles, figures, strict=True):
            line = Text(no_wrap=True)
            line.append(set_cell_size(fit(title, title_w), title_w) + " ", st.get("value"))
            filled, rest = meter(m.done, m.total, bar_w)
            line.append(filled, st.get("bar"))
            line.append(rest, st.get("rest"))
            line.append(figure, st.get("label"))
            lines.append(line)
    for i, line in enumerate(lines):
        if i:
            out.append("\n")
        out.append_text(line)
    return out
