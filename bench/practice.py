"""Practice speed: a keystroke to the frame that shows it, and opening a case / Practice.

Headless Textual skips writing frames, so the probe wraps ``App._display`` and renders each
frame's terminal sequence itself (the work a real terminal frame costs); a keystroke's time runs
from posting the key event to the end of the first frame drawn after the answer holds the new
character. Typing pauses every ten keys so the live checks and the autosave run in between, as
they do for a person; the keys mix Chinese and English. The floor is the same keystroke into a
bare TextArea in an app that does nothing else.

    python -m bench.practice
"""

from __future__ import annotations

import asyncio
import os
import statistics
import tempfile
import time

from bench.common import row

TEXT = (
    "一月开门红是全年最大的高峰，12月年终奖发放后客户资金充裕。The January kick-off peak "
    "comes after the December bonus; 我们要提前两个月准备客户名单 and call 30 clients by 4月30日。"
)


def _keys(n: int) -> list[str]:
    return [TEXT[i % len(TEXT)] for i in range(n)]


def _key_event(ch: str):
    from textual import events
    from textual.app import _character_to_key

    return events.Key(ch if ch.isalnum() else _character_to_key(ch), ch)


class FrameClock:
    """Wraps an app's _display: renders each frame's terminal output, remembers when it ended."""

    def __init__(self, app) -> None:
        self.app = app
        self.last = 0.0
        self.ready = lambda: True
        original = app._display

        def display(screen, renderable) -> None:
            original(screen, renderable)
            if renderable is None:
                return
            from textual._compositor import CompositorUpdate

            if isinstance(renderable, CompositorUpdate):
                renderable.render_segments(app.console)
            if self.ready():
                self.last = time.perf_counter()

        app._display = display

    async def wait_frame_after(self, t0: float, timeout: float = 5.0) -> float:
        deadline = t0 + timeout
        while self.last < t0:
            if time.perf_counter() > deadline:
                raise TimeoutError("no frame")
            await asyncio.sleep(0)
        return self.last - t0


def _session(lang: str = "zh", profile: str = "bench"):
    from coach import i18n, paths
    from coach.cli.context import CliContext
    from coach.content import load_content
    from coach.store import open_store
    from coach.tui.session import Session

    i18n.set_lang(lang)
    ctx = CliContext(lang=lang)
    content = load_content(ctx.content_dirs())
    store = open_store(paths.data_root(), profile, daily_backup=False)
    return Session(content=content, lang=lang, profile=profile, store=store)


def _biggest_case(session) -> str:
    cases = session.content.cases.values()
    return max(cases, key=lambda c: (len(c.background.get("zh")), len(c.questions))).id


async def _typing(n_keys: int) -> tuple[list[float], list[float], list[float]]:
    from coach.tui.app import CoachApp
    from coach.tui.screens.case import CaseScreen
    from coach.tui.screens.practice import PracticeScreen
    from coach.tui.widgets.answer_editor import AnswerArea

    session = _session()
    case_id = _biggest_case(session)
    app = CoachApp(session)
    clock = FrameClock(app)
    keys, opens, cases = [], [], []
    async with app.run_test(headless=True, size=(120, 40)) as pilot:
        await pilot.pause()
        for _ in range(5):  # opening the case screen (Markdown background, exhibits)
            clock.ready = lambda: isinstance(app.screen, CaseScreen) and app.screen.is_mounted
            t0 = time.perf_counter()
            app.open_case(case_id)
            cases.append(await clock.wait_frame_after(t0))
            await pilot.pause()
            app.pop_screen()
            await pilot.pause()
        for _ in range(5):  # opening Practice until its answer box has the focus
            clock.ready = lambda: isinstance(app.focused, AnswerArea)
            t0 = time.perf_counter()
            app.start_practice(case_id)
            opens.append(await clock.wait_frame_after(t0))
            await pilot.pause()
            app.pop_screen()
            await pilot.pause()
        app.start_practice(case_id)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PracticeScreen)
        area = app.focused
        assert isinstance(area, AnswerArea)
        for i, ch in enumerate(_keys(n_keys)):
            want = len(area.text) + 1
            clock.ready = lambda want=want: len(area.text) >= want
            t0 = time.perf_counter()
            app.post_message(_key_event(ch))
            keys.append(await clock.wait_frame_after(t0))
            if i % 10 == 9:  # a pause in typing: the live checks and the autosave run now
                await asyncio.sleep(0.35)
        assert screen.keeper.saves > 0, "the autosave never ran"
    return keys, opens, cases


async def _burst(n_keys: int, runs: int, ordered: bool) -> list[float]:
    """``n_keys`` posted at once into Practice's answer box (a paste through tmux, a browser
    tab's burst), to the frame that shows the last of them; ``ordered=False`` hands keys on at
    once as Textual does (coach/tui/key_order.py) — what the ordering costs is the difference."""
    from coach.tui.app import CoachApp
    from coach.tui.screens.practice import PracticeScreen
    from coach.tui.widgets.answer_editor import AnswerArea

    session = _session(profile=f"burst-{ordered}")  # no draft from the other rows: no question
    app = CoachApp(session)
    if not ordered:
        app.key_order = None
    clock = FrameClock(app)
    out = []
    async with app.run_test(headless=True, size=(120, 40)) as pilot:
        await pilot.pause()
        app.start_practice(_biggest_case(session))
        deadline = time.perf_counter() + 30
        while not (isinstance(app.screen, PracticeScreen) and isinstance(app.focused, AnswerArea)):
            assert time.perf_counter() < deadline, "Practice never opened"
            await pilot.pause(0.02)
        area = app.focused
        for _ in range(runs):
            want = len(area.text) + n_keys
            clock.ready = lambda want=want: len(area.text) >= want
            t0 = time.perf_counter()
            for ch in _keys(n_keys):
                app.post_message(_key_event(ch))
            out.append(await clock.wait_frame_after(t0, timeout=30))
            await asyncio.sleep(0.35)
    return out


async def _floor(n_keys: int) -> list[float]:
    from textual.app import App
    from textual.widgets import TextArea

    class Bare(App):
        def compose(self):
            yield TextArea()

    app = Bare()
    clock = FrameClock(app)
    out = []
    async with app.run_test(headless=True, size=(120, 40)) as pilot:
        await pilot.pause()
        area = app.query_one(TextArea)
        area.focus()
        await pilot.pause()
        for ch in _keys(n_keys):
            want = len(area.text) + 1
            clock.ready = lambda want=want: len(area.text) >= want
            t0 = time.perf_counter()
            app.post_message(_key_event(ch))
            out.append(await clock.wait_frame_after(t0))
    return out


async def _open_floor(background: str, runs: int) -> tuple[list[float], list[float]]:
    """Opening a bare screen: one with the case background as Markdown (the case screen's
    floor), one with a focused TextArea (Practice's floor), each to its first frame."""
    from textual.app import App
    from textual.screen import Screen
    from textual.widgets import Markdown, TextArea

    class Reading(Screen):
        def compose(self):
            yield Markdown(background)

    class Writing(Screen):
        def compose(self):
            yield TextArea(id="answer")

        def on_mount(self) -> None:
            self.query_one(TextArea).focus()

    app = App()
    clock = FrameClock(app)
    cases, opens = [], []
    async with app.run_test(headless=True, size=(120, 40)) as pilot:
        await pilot.pause()
        for screen_cls, out in ((Reading, cases), (Writing, opens)):
            for _ in range(runs):
                screen = screen_cls()
                if screen_cls is Reading:
                    clock.ready = lambda s=screen: app.screen is s and s.is_mounted
                else:
                    clock.ready = lambda: isinstance(app.focused, TextArea)
                t0 = time.perf_counter()
                app.push_screen(screen)
                out.append(await clock.wait_frame_after(t0))
                await pilot.pause()
                app.pop_screen()
                await pilot.pause()
    return cases, opens


def _p99(runs: list[float]) -> list[float]:
    ordered = sorted(runs)
    return [ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]]


def run(quick: bool) -> list[dict]:
    n = 100 if quick else 500
    with tempfile.TemporaryDirectory() as home:
        old = os.environ.get("COACH_HOME")
        os.environ["COACH_HOME"] = home
        try:
            keys, opens, cases = asyncio.run(_typing(n))
            floor = asyncio.run(_floor(n))
            session = _session()
            text = session.content.cases[_biggest_case(session)].background.get("zh")
            case_floor, open_floor = asyncio.run(_open_floor(text, len(opens)))
            burst_n, burst_runs = (50, 3) if quick else (200, 5)
            burst = asyncio.run(_burst(burst_n, burst_runs, ordered=True))
            burst_floor = asyncio.run(_burst(burst_n, burst_runs, ordered=False))
        finally:
            if old is None:
                os.environ.pop("COACH_HOME", None)
            else:
                os.environ["COACH_HOME"] = old
    return [
        row(
            f"practice keystroke → frame, median ({n} zh/en keys, live checks on)",
            keys,
            0.016,
            floor,
            "bare TextArea keystroke",
        ),
        {
            **row(
                "practice keystroke → frame, p99",
                _p99(keys),
                0.050,
                _p99(floor),
                "bare TextArea p99",
            ),
            "n": len(keys),
        },
        row(
            "open practice → answer box ready",
            opens,
            0.300,
            open_floor,
            "bare screen with a focused TextArea",
        ),
        row(
            f"keys in a burst: {burst_n} at once into Practice → frame with the last",
            burst,
            1.0,
            burst_floor,
            "the same burst handed on at once (COACH_KEY_ORDER=off)",
        ),
        row(
            "open case screen → first frame",
            cases,
            0.300,
            case_floor,
            "bare screen, the background as Markdown",
        ),
    ]


if __name__ == "__main__":
    for r in run(quick=False):
        runs = r["runs"]
        floor = r["floor"]
        print(
            f"{r['figure']}: median {statistics.median(runs) * 1000:.1f} ms"
            + (f" (floor {statistics.median(floor) * 1000:.1f} ms)" if floor else "")
            + (f", target {r['target'] * 1000:.0f} ms" if r["target"] else "")
        )
