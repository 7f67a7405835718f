"""The 复盘 Coach Textual app: themes, global keys, and which screen opens what.

Screens and widgets live in their own modules; this file only wires them together.
"""

from __future__ import annotations

import gc
import sys
import time
from functools import partial
from pathlib import Path

from textual import events
from textual.app import App

from coach import i18n
from coach.i18n import tr
from coach.tui import cjk_wrap, key_order, textual_zh
from coach.tui.commands import CoachCommands
from coach.tui.localise import LB, localised, relocalise
from coach.tui.screens.base import follow_language
from coach.tui.screens.home import HomeScreen
from coach.tui.session import Session
from coach.tui.theme import THEMES
from coach.tui.widgets.footer_fix import install as _fix_footer_leak

_fix_footer_leak()  # Textual #6666: each Footer recompose kept its old keys
cjk_wrap.install()  # Chinese line breaking (禁则): no line starts with "，" (COACH_KINSOKU=off)

#: Seconds without a key after which the app counts as idle (see CoachBase._when_idle).
IDLE_AFTER = 1.0
#: Seconds after start before the first idle check (the first screen is long drawn by then).
WARM_UP_AFTER = 3.0
#: Python's own cadence of full collections: one per this many younger-generation passes.
FULL_GC_EVERY = 10
#: Without a pause, a full collection still comes after this many (a safety net, not a cadence).
FULL_GC_AT_THE_LATEST = 1000
#: How long a thread may hold the interpreter before the screen's thread gets its turn (Python's
#: default is 5 ms): autosaves, live checks and warm-up imports run in threads while keys arrive.
SWITCH_INTERVAL = 0.001


def import_for_later() -> None:
    """Modules a later screen needs and that take long to load: the review's segmenter (~0.1 s,
    before the first live check needs it) and Insights' pandas (~0.7 s)."""
    from coach.review.segment import warm

    warm()
    import pandas  # noqa: F401


@localised
class CoachBase(App[None]):
    """Everything a trainee's app has, in a terminal or in a served browser tab."""

    #: A browser tab of ``coach serve``: files come and go through the browser, never by a path
    #: on the server, and the instructor's screens do not exist (ClassroomApp).
    served = False
    CSS_PATH = Path(__file__).parent / "styles" / "app.tcss"  # absolute: subclasses live elsewhere
    TITLE = "复盘 Coach"
    COMMANDS = App.COMMANDS | {CoachCommands}
    LOCAL_BINDINGS = [
        LB("f1", "help", "帮助", "Help", "help"),
        LB("ctrl+p", "command_palette", "命令", "Commands", "palette", show=False, priority=True),
        LB("f2", "toggle_language", "中/EN", "中/EN", "language", priority=True),  # in dialogs too
        LB("ctrl+q", "quit", "退出", "Quit", "quit", priority=True, spare=3),
    ]

    def __init__(
        self, session: Session, start_case: str | None = None, practice: bool = False
    ) -> None:
        super().__init__()
        self.session = session
        self.start_case = start_case
        self.start_practice_on_open = practice
        for theme in THEMES:  # before the stylesheet is parsed: it uses their $variables
            self.register_theme(theme)
        self._start_theme("coach-dark")
        #: Keys handed on in order (coach/tui/key_order.py); None: at once, as Textual does.
        self.key_order = (
            key_order.KeyOrder(self, partial(App.on_event, self), self._pumps)
            if key_order.enabled()
            else None
        )

    def get_system_commands(self, screen):
        """Textual's palette commands (theme, keys, screenshot…) in the interface language."""
        return textual_zh.system_commands(super().get_system_commands(screen))

    def _pumps(self) -> list:
        """Every screen and widget of the app: where a key's effects may still be in hand."""
        return [*self.screen_stack, *list(self._registry)]

    def _start_theme(self, name: str) -> None:
        """The first theme, set before the stylesheet is first parsed: what the theme watcher
        does, minus its re-parse of every rule. The watcher's re-parse builds a new stylesheet
        whose parse cache is dropped, so every widget class mounted later parsed all the CSS
        again; here the first parse reads this theme's variables and its cache is kept."""
        self.set_reactive(CoachBase.theme, name)
        self.update_classes(
            {
                **{c: False for c in self.classes if c.startswith("-theme-")},
                f"-theme-{name}": True,
                "-dark-mode": self.current_theme.dark,
                "-light-mode": not self.current_theme.dark,
            },
            update=False,
        )
        self._refresh_truecolor_filter(self.ansi_theme)
        self.stylesheet.set_variables(self.get_css_variables())

    def on_mount(self) -> None:
        self.push_screen(HomeScreen())
        if self.start_case:
            if self.start_practice_on_open:
                self.start_practice(self.start_case)
            else:
                self.open_case(self.start_case)
        for notice in self.session.notices:
            self.notify(notice, severity="warning", timeout=8)
        if self.session.store is not None and not self.session.read_only:
            self.run_worker(self._housekeeping, thread=True, group="housekeeping")
        self._tune_runtime()
        problems = [d for d in self.session.content.diagnostics if d.severity == "error"]
        if problems:
            self.notify(
                tr(
                    "内容有 {n} 个错误，有问题的部分没有加载。运行 coach check 查看。",
                    "Content has {n} error(s); the broken parts were not loaded. Run coach check.",
                    n=len(problems),
                ),
                severity="warning",
                timeout=8,
            )

    # -- navigation ----------------------------------------------------------------------------

    def open_case(self, case_id: str) -> None:
        case = self.session.content.cases.get(case_id)
        if case is None:
            self.notify(tr("没有这个案例：{c}", "No such case: {c}", c=case_id), severity="error")
            return
        from coach.tui.screens.case import CaseScreen  # Markdown and tables load on first use

        self.push_screen(CaseScreen(case))

    def _housekeeping(self) -> None:
        """The daily backup and a full check of the store, off the first screen's path."""
        store = self.session.store
        assert store is not None
        try:
            store.backup_if_due()
            problems = store.check()
        except Exception as exc:  # a failed backup must never take the app down
            self.call_from_thread(self.notify, str(exc), severity="warning", timeout=8)
            return
        for problem in problems:
            self.call_from_thread(self.notify, str(problem), severity="error", timeout=15)

    # -- the runtime: collection and imports wait for a pause ---------------------------------

    def _tune_runtime(self) -> None:
        """A full collection walks the whole heap (content, styles, screens): 50-140 ms, a
        visible hitch when it lands under a keystroke. Python's cadence of full passes moves to
        moments without typing (``_when_idle``); the rest of the collector is untouched."""
        self._last_key = 0.0
        self._warmed = False
        self._runtime_before = (gc.get_threshold(), sys.getswitchinterval())
        young, middle, _ = gc.get_threshold()
        gc.set_threshold(young, middle, FULL_GC_AT_THE_LATEST)
        sys.setswitchinterval(SWITCH_INTERVAL)
        self.set_timer(WARM_UP_AFTER, lambda: self.set_interval(IDLE_AFTER, self._when_idle))

    def on_unmount(self) -> None:
        """Put the collector back as it was (an app run inside a longer process: the tests)."""
        threshold, interval = getattr(self, "_runtime_before", (None, None))
        if threshold is not None:
            gc.set_threshold(*threshold)
            sys.setswitchinterval(interval)
        if getattr(self, "_warmed", False):
            gc.unfreeze()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key):
            self._last_key = time.monotonic()
        if (
            self.key_order is not None
            and isinstance(event, (events.Key, events.Paste))
            and not event.is_forwarded
        ):
            await self.key_order.on_input(event)
            return
        await super().on_event(event)

    def _when_idle(self) -> None:
        """Once a second: when no key came for IDLE_AFTER, the full collection that is due.
        The first time, also freeze what start-up built (content, styles, Home), so that later
        full passes never walk it again, and import pandas in a thread for Insights."""
        if time.monotonic() - self._last_key < IDLE_AFTER:
            return
        if not self._warmed:
            self._warmed = True
            gc.collect()
            gc.freeze()
            self.run_worker(import_for_later, thread=True, group="warm-up", exit_on_error=False)
        elif gc.get_count()[2] >= FULL_GC_EVERY:
            gc.collect()

    # Each screen lives in its own module, imported when first opened (start-up stays fast).

    def start_practice(self, case_id: str) -> None:
        """Open Practice on a case: the saved draft if there is one, else a new attempt."""
        case = self.session.content.cases.get(case_id)
        if case is None:
            self.notify(tr("没有这个案例：{c}", "No such case: {c}", c=case_id), severity="error")
            return
        from coach.tui.screens.practice import PracticeScreen

        self.push_screen(PracticeScreen(case))

    def open_feedback(self, attempt_id: str) -> None:
        from coach.tui.screens.feedback import FeedbackScreen

        self.push_screen(FeedbackScreen(attempt_id))

    def action_open_progress(self) -> None:
        from coach.tui.screens.progress import ProgressScreen

        self.push_screen(ProgressScreen())

    def action_open_deals(self) -> None:
        from coach.tui.screens.deals import DealsScreen

        self.push_screen(DealsScreen())

    def action_open_actions(self) -> None:
        from coach.tui.screens.actions import ActionsScreen

        self.push_screen(ActionsScreen())

    def action_open_lessons(self) -> None:
        from coach.tui.screens.lessons import LessonsScreen

        self.push_screen(LessonsScreen())

    def action_open_insights(self) -> None:
        from coach.tui.screens.insights import InsightsScreen

        self.push_screen(InsightsScreen())

    def start_deal_review(self, deal_ids: list[str], framework_id: str | None = None) -> None:
        """The guided 复盘 of one deal or a set: carry-over first, then the framework's steps."""
        from coach.tui.screens.deal_review import DealReviewScreen

        self.push_screen(DealReviewScreen(deal_ids, framework_id))

    def action_review_lost_this_quarter(self) -> None:
        from coach.tui.screens.deal_review import lost_this_quarter

        self.start_deal_review(lost_this_quarter(self.session))

    def action_export_progress(self) -> None:
        from coach.tui.exports import export_progress_files

        export_progress_files(self)

    def action_open_home(self) -> None:
        while len(self.screen_stack) > 2:
            self.pop_screen()

    def action_open_learn(self, search: bool = False) -> None:
        """Learn on top of Home (whatever was open in between is closed)."""
        from coach.tui.screens.learn import LearnScreen

        self.action_open_home()
        self.push_screen(LearnScreen(focus_search=search))

    def action_help(self) -> None:
        from coach.tui.screens.help import HelpScreen  # Markdown (markdown-it) on first F1

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    async def action_toggle_language(self) -> None:
        lang = "en" if self.session.lang == "zh" else "zh"
        self.session.lang = i18n.set_lang(lang)
        relocalise(self)
        for screen in self.screen_stack[1:]:  # each screen composes again and shows its state
            await follow_language(screen)
        self.notify(tr("界面语言：中文", "Interface language: English"))

    def action_toggle_theme(self) -> None:
        self.theme = "coach-light" if self.theme == "coach-dark" else "coach-dark"


@localised  # its merged bindings follow the language too
class CoachApp(CoachBase):
    """The app in a terminal: also the instructor's screens, which read folders of this machine."""

    def action_open_instructor(self) -> None:
        from coach.tui.screens.instructor import InstructorScreen

        self.push_screen(InstructorScreen())
