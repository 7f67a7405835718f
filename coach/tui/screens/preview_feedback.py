"""The feedback of a preview: a locked case practised without a count.

The attempt lives in memory only (nothing in the store, no progress moves), so the screen says
it is a preview, shows the score without an attempt number and offers no self-score (there is
no attempt to keep it with). Retry opens Practice again, which is a preview while the case is
locked.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Header, Static

from coach.analysis.progress import CaseProgress
from coach.domain.records import Attempt
from coach.domain.scores import score_text
from coach.i18n import tr
from coach.tui.screens.feedback import FeedbackScreen
from coach.tui.widgets.lines import line
from coach.tui.widgets.timer import clock_text


class PreviewFeedbackScreen(FeedbackScreen):
    def __init__(self, attempt: Attempt, lock: CaseProgress | None = None) -> None:
        super().__init__(attempt.id)
        self.preview_attempt = attempt
        self.case_lock = lock

    def _load(self) -> None:
        self.attempt = self.preview_attempt  # never read from (or written to) the store

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            yield widget
            if isinstance(widget, Header):
                yield Static(self._banner(), id="fb-preview", classes="preview-banner")

    def _banner(self) -> str:
        from coach.tui.screens.case import unlock_hint

        return tr(
            "预览：没有保存，不计入进度。",
            "Preview: not saved, not counted in your progress.",
        ) + unlock_hint(self.session, self.case_lock)

    def _show_score(self) -> None:
        a = self.attempt
        assert a is not None
        self.query_one("#fb-score", Static).update(
            line(
                tr(
                    "[b]得分 {s}[/b] / 100 · [$warning]预览，不计分[/] · 用时 {c}",
                    "[b]Score {s}[/b] / 100 · [$warning]preview, not counted[/] · time {c}",
                ),
                s=score_text(float(self.data.get("score", 0))),
                c=clock_text(a.seconds),
            )
        )
        self.query_one("#fb-breakdown", Static).update(self._breakdown(a, self.data))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "self_score":  # a self-score is kept with an attempt: there is none
            return False
        return super().check_action(action, parameters)
