"""Issue 15, the app's classroom gate: every box has a label above it, is as wide as what goes
in it (not the whole screen), the new-PIN box comes with its own label, and refusals are shown in
the error colour."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Label

from coach.serve.classroom import prepare_class_root
from coach.serve.gate import add_roster
from coach.tui.screens.classroom_gate import ClassroomGate

from .test_classroom_app import enter, make_classroom, wait_for


@pytest.fixture
def room(tmp_path):
    return prepare_class_root(tmp_path / "class")


def text(widget) -> str:
    return str(widget.render())


@pytest.mark.parametrize(
    ("lang", "name", "pin"), [("zh", "名字", "PIN 或加入码"), ("en", "Name", "PIN or join code")]
)
async def test_each_box_has_a_label_and_its_own_width(room, lang, name, pin):
    app = make_classroom(room, lang)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ClassroomGate), "the gate")
        s = app.screen
        for box_id, label in (("gate-name", name), ("gate-pin", pin)):
            box, above = s.query_one(f"#{box_id}", Input), s.query_one(f"#{box_id}-label", Label)
            assert text(above) == label and above.display
            assert above.region.bottom <= box.region.y and above.region.x <= box.region.x + 1
            assert box.region.width < 60 < s.size.width  # a name or a PIN, not the whole line
            assert box.placeholder and box.placeholder != label
        assert not s.query_one("#gate-new-pin-label").display


async def test_the_new_pin_box_comes_with_its_label(room):
    code = dict(add_roster(room, ["王芳"]))["王芳"]
    app = make_classroom(room, signup=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ClassroomGate), "the gate")
        await enter(pilot, "王芳", code)
        new_pin = app.screen.query_one("#gate-new-pin")
        await wait_for(pilot, lambda: new_pin.display and new_pin.has_focus, "the new PIN box")
        label = app.screen.query_one("#gate-new-pin-label", Label)
        assert label.display and "PIN" in text(label)
        assert not app.screen.query_one("#gate-status").has_class("-error")  # a step, not a refusal


async def test_a_refusal_is_in_the_error_colour(room):
    app = make_classroom(room)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ClassroomGate), "the gate")
        status = app.screen.query_one("#gate-status", Label)
        await enter(pilot, "小明", "2468")  # too short: refused
        await wait_for(pilot, lambda: status.has_class("-error"), "the refusal")
        error, shown = app.current_theme.to_color_system().error, status.styles.color
        assert (
            max(abs(a - b) for a, b in zip(error.rgb, shown.rgb, strict=True)) <= 2
        )  # rounding only
        await pilot.press(*"246810", "enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, ClassroomGate), "Home")
