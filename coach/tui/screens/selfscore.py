"""Self-score: the trainee rates each rubric criterion on its levels.

The result (criterion id -> share 0..1) is kept on the attempt and shown beside the automatic
score, never averaged with it. Criteria are the ones the attempt was scored on; a criterion
without written levels gets three plain ones.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, RadioButton, RadioSet, Static

from coach.domain.content import Case
from coach.domain.records import Attempt
from coach.i18n import tr
from coach.tui.attempts import criteria
from coach.tui.localise import LB, localised
from coach.tui.screens.base import FollowsLanguage


def levels_for(case: Case | None, criterion_id: str, lang: str) -> list[tuple[float, str]]:
    """(share, text) from the rubric's levels, else not met / partly / fully."""
    crit = next((c for c in (case.rubric if case else ()) if c.id == criterion_id), None)
    if crit is not None and crit.levels:
        return sorted(((lv.score, lv.text.get(lang)) for lv in crit.levels), reverse=True)
    return [
        (1.0, tr("做到了", "Fully met")),
        (0.5, tr("部分做到", "Partly met")),
        (0.0, tr("没做到", "Not met")),
    ]


@localised
class SelfScoreModal(FollowsLanguage, ModalScreen[dict[str, float] | None]):
    LOCAL_BINDINGS = [LB("escape", "cancel", "取消", "Cancel", "self-cancel")]

    def __init__(self, attempt: Attempt, case: Case | None, lang: str) -> None:
        super().__init__(classes="dialog")
        self.attempt = attempt
        self.case = case
        self.lang = lang
        self.rows = [(c, levels_for(case, c["id"], lang)) for c in criteria(attempt)]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box", id="self-box"):
            yield Static(tr("自评", "Self-score"), classes="dialog-title")
            yield Static(
                tr(
                    "按评分标准给自己打分。自评和自动得分并列显示，不会平均。",
                    "Rate yourself on the rubric. Shown beside the automatic score, never averaged.",
                ),
                classes="dialog-body",
            )
            with VerticalScroll(id="self-rows"):
                for n, (crit, levels) in enumerate(self.rows):
                    given = self.attempt.self_score.get(crit["id"])
                    yield Static(
                        tr(
                            "{t}（满分 {m}）",
                            "{t} (out of {m})",
                            t=crit["title"],
                            m=f"{float(crit['max']):.0f}",
                        ),
                        classes="self-criterion",
                    )
                    with RadioSet(id=f"self-{n}", classes="self-levels"):
                        for share, text in levels:
                            yield RadioButton(f"{share * 100:.0f}% · {text}", value=given == share)
            with Horizontal(classes="dialog-buttons"):
                yield Button(tr("保存自评", "Save"), id="self-save", variant="primary")
                yield Button(tr("取消", "Cancel"), id="self-cancel")

    def on_mount(self) -> None:
        self.refill()

    def refill(self) -> None:
        sets = self.query(RadioSet)
        if sets:
            sets.first().focus()

    def value(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for n, (crit, levels) in enumerate(self.rows):
            index = self.query_one(f"#self-{n}", RadioSet).pressed_index
            if index >= 0:
                out[crit["id"]] = levels[index][0]
        return out

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "self-save":
            self.dismiss(self.value())
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
