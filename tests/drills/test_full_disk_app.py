"""A full disk under Practice: the autosave fails, the person is told in one clear line, the text
stays in the answer box and in memory, the old draft on disk is intact, and the next save once
there is room again writes everything — nothing typed is lost."""

from __future__ import annotations

import errno
import os

import pytest

from coach.store import jsonfile
from coach.tui.drafts import find_draft
from coach.tui.screens.practice import PracticeScreen
from coach.tui.widgets.answer_editor import AnswerArea
from tests.tui.helpers import make_app
from tests.tui.practice_helpers import send_text, type_answer, wait_for, wait_screen

from .faults import snapshot

TARGET = "case:mini-peaks"


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("how", ["autosave", "step change"])
async def test_full_disk_keeps_the_text_and_says_so(monkeypatch, lang, how) -> None:
    app = make_app(lang, start_case="mini-peaks", practice=True)
    store = app.session.store
    folder = store.path
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_screen(pilot, PracticeScreen)
        screen = app.screen
        await type_answer(pilot, "q1", "January peak")
        assert screen.save_draft(), "the first save reaches the disk"
        on_disk = snapshot(folder)

        failures = []

        def full(fd: int, data: bytes) -> None:
            failures.append(len(data))
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        monkeypatch.setattr(jsonfile, "_write_all", full)
        await send_text(pilot, " after the bonus")
        want = "January peak after the bonus"
        await wait_for(pilot, lambda: screen.answers.text.get("q1") == want, "typed")
        if how == "autosave":
            await wait_for(pilot, lambda: failures, "the autosave tried", polls=400)
        else:
            await pilot.press("f8")
            await wait_for(pilot, lambda: failures, "the step change tried to save")
        await wait_for(pilot, lambda: app._notifications, "a notice")
        notice = next(iter(app._notifications))
        message = str(notice.message)
        assert notice.severity == "error"
        assert str(folder) in message and os.strerror(errno.ENOSPC) in message, message
        assert "Traceback" not in message
        assert screen.answers.text["q1"] == want, "the text is kept in memory"
        assert screen.keeper.dirty, "still unsaved, so it is saved again later"
        assert snapshot(folder) == on_disk, "the old draft file is intact"
        assert find_draft(store, TARGET).answers.text["q1"] == "January peak"

        monkeypatch.undo()  # room again
        if how == "autosave":
            area = next(a for a in screen.query(AnswerArea) if a.slot_id == "q1")
            assert area.text == want, "the answer box still shows it"
        assert screen.save_draft()
        assert find_draft(store, TARGET).answers.text["q1"] == want, "nothing was lost"


async def test_leaving_with_a_full_disk_keeps_the_text(monkeypatch) -> None:
    app = make_app("en", start_case="mini-peaks", practice=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_screen(pilot, PracticeScreen)
        screen = app.screen
        await type_answer(pilot, "q1", "January peak")

        def full(fd: int, data: bytes) -> None:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        monkeypatch.setattr(jsonfile, "_write_all", full)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app._notifications, "a notice")
        await pilot.pause()
        assert app.screen is screen, "Practice stays open while its text is not on disk"
        # once there is room again, escape saves and leaves
        monkeypatch.undo()
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is not screen, "leaving Practice")
        assert find_draft(app.session.store, TARGET).answers.text["q1"] == "January peak"
