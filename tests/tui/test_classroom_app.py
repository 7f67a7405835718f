"""A served tab's app (ClassroomApp) driven by Pilot: the gate lets a trainee in by PIN or join
code; the instructor's screens and every path on the server are absent; files go through the
browser (pasted in, downloaded out)."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach import i18n
from coach.content import load_content
from coach.serve.classroom import prepare_class_root
from coach.serve.gate import Gate, add_roster
from coach.tui.app import CoachApp
from coach.tui.classroom import ClassroomApp
from coach.tui.screens.classroom_gate import ClassroomGate
from coach.tui.screens.deal_import import DealImportScreen
from coach.tui.screens.home import HomeScreen
from coach.tui.session import Session

from .helpers import FIXTURE_CONTENT, fixed_clock


def make_classroom(room: Path, lang: str = "en", **gate_kw) -> ClassroomApp:
    i18n.set_lang(lang)
    from coach.tui.localise import _apply, _registry

    for cls in _registry:
        _apply(cls)
    content = load_content([FIXTURE_CONTENT], cache=False)
    session = Session(content=content, lang=lang, profile="", clock=fixed_clock)
    return ClassroomApp(session, gate=Gate(room, client="127.0.0.1", tab="t1", **gate_kw))


async def wait_for(pilot, condition, what: str, tries: int = 400) -> None:
    for _ in range(tries):
        if condition():
            return
        await pilot.pause()
    raise AssertionError(f"timed out waiting for {what}")


async def type_into(pilot, selector: str, text: str) -> None:
    pilot.app.screen.query_one(selector).focus()
    await pilot.press(*["space" if ch == " " else ch for ch in text])


async def enter(pilot, name: str, pin: str) -> None:
    await type_into(pilot, "#gate-name", name)
    await pilot.press("enter")
    await pilot.press(*pin)
    await pilot.press("enter")


@pytest.fixture
def room(tmp_path: Path) -> Path:
    return prepare_class_root(tmp_path / "class")


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_new_trainee_sets_a_pin_and_reaches_home(room, lang):
    app = make_classroom(room, lang)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ClassroomGate), "the gate")
        assert not app.screen.query("#gate-profiles")  # classmates' names are not listed
        await enter(pilot, "小明", "2468")  # too short: refused, nothing made
        await wait_for(
            pilot, lambda: "6" in str(app.screen.query_one("#gate-status").render()), "the PIN rule"
        )
        assert not (room / "小明").exists()
        await pilot.press(*"246810", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen), "Home")
        assert app.session.store.path == room / "小明"


async def test_a_join_code_then_a_pin_of_ones_own(room):
    code = dict(add_roster(room, ["王芳"]))["王芳"]
    app = make_classroom(room, signup=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ClassroomGate), "the gate")
        await enter(pilot, "王芳", code)
        new_pin = app.screen.query_one("#gate-new-pin")
        await wait_for(pilot, lambda: new_pin.display and new_pin.has_focus, "the new PIN box")
        await pilot.press(*"864200", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen), "Home")


async def test_the_instructor_and_server_paths_are_absent(room):
    app = make_classroom(room)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ClassroomGate), "the gate")
        # no action, so no key, palette entry or run_action reaches the instructor's screens
        assert not hasattr(app, "action_open_instructor")
        assert hasattr(CoachApp, "action_open_instructor")  # the terminal app keeps them
        from coach.tui.commands import CoachCommands

        names = [name for name, _cb, _h in CoachCommands(app.screen)._commands()]
        assert not any("Instructor" in n or "讲师" in n for n in names)
        await app.run_action("open_instructor")
        await pilot.pause()
        assert isinstance(app.screen, ClassroomGate)
        await enter(pilot, "小明", "246810")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen), "Home")
        app.action_open_deals()
        await wait_for(pilot, lambda: type(app.screen).__name__ == "DealsScreen", "Deals")
        await wait_for(pilot, lambda: app.screen.all_rows is not None, "the deals loaded")
        app.screen.action_import()  # the `i` key's action
        await wait_for(pilot, lambda: isinstance(app.screen, DealImportScreen), "import")
        dialog = app.screen
        await wait_for(pilot, lambda: dialog.query("#import-paste"), "the paste box")
        assert not dialog.query("#import-path") and not dialog.query("#import-tree")
        area = dialog.query_one("#import-paste")
        area.text = "客户名称,产品,成交金额,结果,成交日期\n周先生,年金险,50万,赢单,2025/3/10\n"
        await pilot.click("#import-paste-go")
        await wait_for(pilot, lambda: dialog.preview is not None, "the preview")
        shown = str(dialog.query_one("#import-file").render())
        assert str(room) not in shown and "pasted-" in shown
        assert dialog.preview.path.parent == room / "小明" / "imports"


async def test_exports_are_downloads_without_server_paths(room, monkeypatch):
    delivered: list[str] = []
    app = make_classroom(room)
    monkeypatch.setattr(
        app, "deliver_text", lambda path, **kw: delivered.append(kw["save_filename"])
    )
    notes: list[str] = []
    real_notify = app.notify
    monkeypatch.setattr(
        app, "notify", lambda msg, **kw: (notes.append(str(msg)), real_notify(msg, **kw))
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ClassroomGate), "the gate")
        await enter(pilot, "小明", "246810")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen), "Home")
        app.action_export_progress()
        await wait_for(pilot, lambda: len(delivered) == 2, "two downloads")
        assert delivered[0].endswith(".md") and delivered[1].endswith(".html")
        assert notes and not any(str(room) in n for n in notes)
