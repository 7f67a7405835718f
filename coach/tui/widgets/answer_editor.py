"""One answer box of a Practice step: the question, its hints, a multi-line answer, and the
structured rows (causes or actions) when the question or step asks for them."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from coach.domain.records import Answers
from coach.i18n import tr
from coach.tui.localise import LB, localised
from coach.tui.practice_target import AnswerSlot
from coach.tui.widgets.action_editor import ActionEditor
from coach.tui.widgets.cause_editor import CauseEditor
from coach.tui.widgets.lines import line
from coach.tui.widgets.text_area import CoachTextArea


@localised
class AnswerArea(CoachTextArea):
    """A plain TextArea (IME-friendly: no completion popups, soft wrap) that knows its slot.

    It opens with the cursor after what it already holds (facts filled in from the deal log, a
    draft's text), so typing adds to the text instead of going in before it; ctrl+End and
    ctrl+Home go to the end and the start of the whole answer."""

    LOCAL_BINDINGS = [
        LB("ctrl+end", "answer_end", "到回答末尾", "To the end", "answer-end", show=False),
        LB("ctrl+home", "answer_start", "到回答开头", "To the start", "answer-start", show=False),
    ]

    def __init__(self, slot_id: str, text: str, **kwargs) -> None:
        super().__init__(
            text,
            soft_wrap=True,
            tab_behavior="focus",
            placeholder=tr("在这里写你的回答……", "Write your answer here …"),
            classes="answer-area",
            **kwargs,
        )
        self.slot_id = slot_id

    def on_mount(self) -> None:
        self.place_cursor(self.document.end)

    def place_cursor(self, location: tuple[int, int]) -> None:
        """Put the cursor at ``location`` and, once the box is laid out, scroll to it."""
        self.move_cursor(location)
        self.call_after_refresh(self.scroll_cursor_visible)

    def action_answer_end(self) -> None:
        self.move_cursor(self.document.end)

    def action_answer_start(self) -> None:
        self.move_cursor((0, 0))


class AnswerEditor(Vertical):
    def __init__(self, slot: AnswerSlot, number: int, answers: Answers, lang: str) -> None:
        super().__init__(classes="answer-editor")
        self.slot = slot
        self.number = number
        self.answers = answers
        self.lang = lang

    def compose(self) -> ComposeResult:
        slot, lang = self.slot, self.lang
        yield Static(
            line("[b]{n}.[/b] {p}", n=str(self.number), p=slot.prompt.get(lang)),
            classes="answer-prompt",
        )
        hints = [h.get(lang) for h in slot.hints if h.get(lang).strip()]
        if hints:
            yield Static(
                Content("\n".join(tr("提示：", "Hint: ") + h for h in hints)),
                classes="answer-hint",
            )
        yield AnswerArea(slot.id, self.answers.text.get(slot.id, ""))
        if slot.input == "causes":
            yield CauseEditor(slot.id, list(self.answers.causes.get(slot.id, [])), lang)
        elif slot.input == "actions":
            yield ActionEditor(slot.id, list(self.answers.actions.get(slot.id, [])), lang)
