"""Time spent on an attempt, and in class mode the time left against the curriculum's limit."""

from __future__ import annotations

from rich.cells import cell_len
from textual.widgets import Static

from coach.i18n import tr


def clock_text(seconds: float) -> str:
    seconds = max(0, int(seconds))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"


#: Minutes left at which the countdown turns to a warning.
WARN_MINUTES = 2


class PracticeTimer(Static):
    """Shows the time spent; with a limit, the time left, warning near and past the end."""

    def __init__(self, limit_minutes: int | None = None, **kwargs) -> None:
        super().__init__("", **kwargs)
        self.limit = limit_minutes
        self._shown = ""

    def show(self, spent: float) -> None:
        text = tr("用时 {t}", "Time {t}", t=clock_text(spent))
        self.remove_class("timer-warn", "timer-over")
        if self.limit:
            left = self.limit * 60 - spent
            if left <= 0:
                text += tr(" · 已超时 {t}", " · over by {t}", t=clock_text(-left))
                self.add_class("timer-over")
            else:
                text += tr(" · 剩余 {t}", " · left {t}", t=clock_text(left))
                if left <= WARN_MINUTES * 60:
                    self.add_class("timer-warn")
        if text != self._shown:
            # the same width needs no layout (a layout of the screen costs a typed key's frame)
            self.update(text, layout=cell_len(text) != cell_len(self._shown))
            self._shown = text
