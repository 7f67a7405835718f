"""A TextArea drawn in the moment after its removal draws blank instead of taking the app down
(Textualize/textual#6528; CI once saw it on a Practice draft reload)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.geometry import Region

from coach.tui.widgets.answer_editor import AnswerArea
from coach.tui.widgets.text_area import CoachTextArea


class _Host(App[None]):
    def compose(self) -> ComposeResult:
        yield AnswerArea("q1", "typed text")
        yield CoachTextArea("notes", id="notes")


async def test_a_removed_text_area_draws_blank() -> None:
    app = _Host()
    async with app.run_test(size=(60, 12)) as pilot:
        boxes = [app.query_one(AnswerArea), app.query_one("#notes", CoachTextArea)]
        drawn = boxes[0].render_lines(Region(0, 0, 20, 2))
        assert "typed text" in "".join(s.text for s in drawn)
        for box in boxes:
            await box.remove()
        await pilot.pause()
        for box in boxes:
            lines = box.render_lines(Region(0, 0, 20, 3))
            assert len(lines) == 3 and all(s.text == " " * 20 for s in lines)
