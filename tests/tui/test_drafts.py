"""Drafts: saved as you type, offered again on reopening, never silently overwritten, and not
written at all in a read-only session."""

from __future__ import annotations

import datetime as dt

import pytest

from coach import paths
from coach.domain.records import Answers, Draft
from coach.store import StaleRevision, open_store
from coach.tui.drafts import DraftKeeper, find_draft, is_blank, save_all_now
from coach.tui.screens.case import CaseScreen
from coach.tui.screens.dialogs import ChoiceModal
from coach.tui.screens.practice import PracticeScreen
from coach.tui.widgets.answer_editor import AnswerArea
from coach.tui.widgets.timer import PracticeTimer

from .helpers import make_app
from .practice_helpers import send_text, type_answer, wait_for, wait_screen

TARGET = "case:mini-peaks"


def _store():
    return open_store(paths.data_root(), "tester", daily_backup=False)


# -- the keeper on its own ------------------------------------------------------------------


def test_blank_draft_is_not_written() -> None:
    with _store() as store:
        keeper = DraftKeeper(store, Draft(target=TARGET))
        keeper.changed()
        assert keeper.save() is False
        assert store.drafts.count() == 0


def test_save_only_when_changed_and_refused_when_stale() -> None:
    with _store() as store:
        keeper = DraftKeeper(store, Draft(target=TARGET))
        keeper.draft.answers.text["q1"] = "一月开门红"
        keeper.changed()
        assert keeper.save() is True
        assert keeper.save() is False  # nothing new
        # another window saves the same draft
        other = store.drafts.get(keeper.draft.id)
        other.answers.text["q1"] = "其他窗口"
        store.drafts.save(other)
        keeper.draft.answers.text["q1"] = "我的"
        keeper.changed()
        with pytest.raises(StaleRevision):
            keeper.save()
        assert store.drafts.get(keeper.draft.id).answers.text["q1"] == "其他窗口"
        keeper.reload()
        assert keeper.draft.answers.text["q1"] == "其他窗口"


def test_save_all_now_saves_every_open_draft() -> None:
    with _store() as store:
        keepers = [DraftKeeper(store, Draft(target=f"case:{i}")) for i in "ab"]
        for k in keepers:
            k.draft.answers.text["x"] = "text"
            k.changed()
        assert save_all_now() >= 2
        assert {d.target for d in store.drafts.list()} == {"case:a", "case:b"}
        for k in keepers:
            k.close()


def test_background_save_writes_a_copy_and_keeps_revisions_in_order() -> None:
    import threading

    with _store() as store:
        keeper = DraftKeeper(store, Draft(target=TARGET))
        keeper.draft.answers.text["q1"] = "first"
        keeper.changed()
        written = threading.Event()
        assert keeper.start_background_save(written.set) is True
        assert keeper.start_background_save(written.set) is False  # one save at a time
        keeper.draft.answers.text["q1"] = "second"  # typed while the copy is being written
        keeper.changed()
        assert written.wait(10)
        assert keeper.settle() is True
        assert keeper.dirty  # "second" came after the copy
        assert store.drafts.get(keeper.draft.id).answers.text["q1"] == "first"
        keeper.draft.answers.text["q1"] = "third"
        keeper.changed()
        assert keeper.start_background_save(lambda: None) is True
        keeper.save()  # waits for the save in flight, then saves what is left (nothing)
        stored = store.drafts.get(keeper.draft.id)
        assert stored.answers.text["q1"] == "third" and stored.rev == keeper.draft.rev
        assert not keeper.dirty and not keeper.saving


def test_background_save_refused_is_reported_once() -> None:
    import threading

    with _store() as store:
        keeper = DraftKeeper(store, Draft(target=TARGET))
        keeper.draft.answers.text["q1"] = "mine"
        keeper.changed()
        keeper.save()
        other = store.drafts.get(keeper.draft.id)
        other.answers.text["q1"] = "theirs"
        store.drafts.save(other)
        keeper.draft.answers.text["q1"] = "mine, more"
        keeper.changed()
        written = threading.Event()
        assert keeper.start_background_save(written.set) is True
        assert written.wait(10)
        with pytest.raises(StaleRevision):
            keeper.settle()
        assert keeper.settle() is False  # reported once
        assert store.drafts.get(keeper.draft.id).answers.text["q1"] == "theirs"


@pytest.mark.parametrize(
    "answers, blank",
    [
        (Answers(), True),
        (Answers(text={"q1": "  \n"}), True),
        (Answers(text={"q1": "x"}), False),
    ],
)
def test_is_blank(answers: Answers, blank: bool) -> None:
    assert is_blank(answers) is blank


# -- in the app -----------------------------------------------------------------------------


async def test_typing_saves_and_reopening_offers_the_draft() -> None:
    app = make_app("zh", start_case="mini-peaks")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_screen(pilot, CaseScreen)
        await pilot.press("p")
        await wait_screen(pilot, PracticeScreen)
        await type_answer(pilot, "q1", "一月开门红是高峰")
        store = app.session.store
        # saved by the ticker, without leaving the screen
        await wait_for(pilot, lambda: find_draft(store, TARGET) is not None, "autosave")
        assert find_draft(store, TARGET).answers.text["q1"] == "一月开门红是高峰"
        await pilot.press("escape")
        await wait_screen(pilot, CaseScreen)
        case_screen = app.screen
        await wait_for(pilot, lambda: case_screen.has_draft, "continue offered")
        assert case_screen.check_action("continue_review", ()) is True
        assert case_screen.check_action("start_review", ()) is False
        await pilot.press("p")
        await wait_screen(pilot, ChoiceModal)
        await pilot.press("enter")  # continue
        await wait_screen(pilot, PracticeScreen)
        area = app.screen.query_one(AnswerArea)
        assert area.text == "一月开门红是高峰"


async def test_start_over_removes_the_draft() -> None:
    app = make_app("en", start_case="mini-peaks")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_screen(pilot, CaseScreen)
        await pilot.press("p")
        await wait_screen(pilot, PracticeScreen)
        await type_answer(pilot, "q1", "January")
        await pilot.press("escape")
        await wait_screen(pilot, CaseScreen)
        store = app.session.store
        assert find_draft(store, TARGET) is not None  # leaving saves at once
        await pilot.press("p")
        await wait_screen(pilot, ChoiceModal)
        await pilot.click("#choice-new")
        await wait_screen(pilot, PracticeScreen)
        await wait_for(pilot, lambda: find_draft(store, TARGET) is None, "draft removed")
        assert app.screen.query_one(AnswerArea).text == ""


async def test_step_change_saves() -> None:
    app = make_app("en", start_case="mini-peaks", practice=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_screen(pilot, PracticeScreen)
        screen = app.screen
        await type_answer(pilot, "q1", "January")
        await pilot.press("f8")
        await wait_for(pilot, lambda: screen.step.id == "analyse", "next step")
        draft = find_draft(app.session.store, TARGET)
        assert draft is not None and draft.step == 1 and draft.answers.text["q1"] == "January"


async def test_another_window_saved_offers_reload() -> None:
    app = make_app("en", start_case="mini-peaks", practice=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_screen(pilot, PracticeScreen)
        screen = app.screen
        await type_answer(pilot, "q1", "mine")
        screen.save_draft()
        store = app.session.store
        theirs = find_draft(store, TARGET)
        theirs.answers.text["q1"] = "theirs"
        store.drafts.save(theirs)
        await send_text(pilot, " more")
        await wait_screen(pilot, ChoiceModal)  # the autosave was refused and asked about
        assert find_draft(store, TARGET).answers.text["q1"] == "theirs"
        await pilot.press("enter")  # reload
        await wait_screen(pilot, PracticeScreen)
        await wait_for(pilot, lambda: screen.query_one(AnswerArea).text == "theirs", "reloaded")


async def test_read_only_browses_but_does_not_save() -> None:
    app = make_app("en", start_case="mini-peaks", practice=True)
    app.session.read_only = True
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_screen(pilot, PracticeScreen)
        screen = app.screen
        assert "Read-only" in str(screen.query_one("#draft-status").render())
        await type_answer(pilot, "q1", "January")
        assert screen.save_draft() is False
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app._notifications, "read-only notice")
        assert app.session.store.drafts.count() == 0
        assert app.session.store.attempts.count() == 0


async def test_class_mode_time_limit_counts_down_and_warns() -> None:
    now = [dt.datetime(2026, 3, 10, 9, 30)]
    app = make_app("en", start_case="mini-doubt", practice=True)
    app.session.class_mode = True
    app.session.clock = lambda: now[0]
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_screen(pilot, PracticeScreen)
        timer = app.screen.query_one(PracticeTimer)
        assert timer.limit == 15  # from the curriculum's CaseRef
        now[0] += dt.timedelta(minutes=14)
        await wait_for(pilot, lambda: timer.has_class("timer-warn"), "warning")
        assert "left 01:00" in str(timer.render())
        now[0] += dt.timedelta(minutes=2)
        await wait_for(pilot, lambda: timer.has_class("timer-over"), "over time")
        assert "over by 01:00" in str(timer.render())
