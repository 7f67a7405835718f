"""The real app, headless, typing into Practice and saving its draft in a loop — to be killed.

usage: python -m tests.drills.app_saver
Runs on the fixture bank in the data folder of COACH_HOME. Continues the case's draft when there
is one (the text is always a prefix of SEQ, so a damaged or mixed-up save shows), types a few
characters at the end, saves through the screen's own save path, and after each save returns
prints "<rev> <length>" and flushes: that save is acknowledged.
"""

from __future__ import annotations

import asyncio
import sys

SEQ = "一月开门红，12月年终奖发放后客户资金充裕。The January peak follows the bonus; " * 400
CHUNK = 7


async def main() -> None:
    from coach.tui.screens.dialogs import ChoiceModal
    from coach.tui.screens.practice import PracticeScreen
    from coach.tui.widgets.answer_editor import AnswerArea
    from tests.tui.helpers import make_app
    from tests.tui.practice_helpers import send_text, wait_for

    app = make_app("en", start_case="mini-peaks", practice=True)
    async with app.run_test(headless=True, size=(100, 30)) as pilot:
        await wait_for(
            pilot,
            lambda: isinstance(app.screen, PracticeScreen | ChoiceModal),
            "practice",
            polls=500,
        )
        if isinstance(app.screen, ChoiceModal):
            await pilot.press("escape")  # continue the draft
            await wait_for(pilot, lambda: isinstance(app.screen, PracticeScreen), "practice")
        screen = app.screen
        area = next(a for a in screen.query(AnswerArea) if a.slot_id == "q1")
        area.focus()
        area.cursor_location = area.document.end
        await pilot.pause()
        if not SEQ.startswith(area.text):
            sys.exit(f"the draft is not a prefix of SEQ: {area.text[-40:]!r}")
        while len(area.text) + CHUNK < len(SEQ):
            n = len(area.text)
            await send_text(pilot, SEQ[n : n + CHUNK])
            await wait_for(pilot, lambda n=n: len(screen.answers.text["q1"]) == n + CHUNK, "typed")
            if screen.save_draft():
                print(screen.keeper.draft.rev, n + CHUNK, flush=True)


if __name__ == "__main__":
    asyncio.run(main())
