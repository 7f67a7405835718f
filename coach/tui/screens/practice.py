"""Practice: one framework step at a time, the prompts beside the answer, the coach at the side.

The screen works on a PracticeTarget (a case attempt; later a guided deal review). What is typed
goes straight into the draft's Answers; a ticker, off the keystroke path, re-runs the live checks
for the current step a moment after typing pauses and saves the draft within a second of the
first unsaved change. Steps changes, leaving, quitting and a hang-up save too.

While typing, neither waits on the screen's thread: the checks run in a thread worker on a copy
of the answers and post their findings back (the panel redraws only when they changed), and the
autosave writes an immutable copy from a thread (see coach.tui.drafts) and posts when it is done.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from rich.cells import cell_len
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Footer, Header, Input, Select, Static, TextArea

from coach.domain.content import Case
from coach.domain.records import Answers, Cause, Draft
from coach.i18n import tr
from coach.store import StaleRevision, StoreError
from coach.tui.drafts import (
    DELAY,
    DraftKeeper,
    find_draft,
    install_hangup_handler,
    is_blank,
    remove_hangup_handler,
)
from coach.tui.localise import LB, localised
from coach.tui.practice_target import PracticeTarget, case_target
from coach.tui.screens.base import CoachScreen
from coach.tui.screens.dialogs import ChoiceModal, ConfirmModal, StepPicker
from coach.tui.widgets.action_editor import ActionEditor, ActionRow
from coach.tui.widgets.answer_editor import AnswerArea, AnswerEditor
from coach.tui.widgets.cause_editor import CauseEditor, CauseRow
from coach.tui.widgets.lines import line
from coach.tui.widgets.live_panel import LivePanel
from coach.tui.widgets.timer import PracticeTimer

if TYPE_CHECKING:
    from coach.review import LiveChecker, StepFindings
    from coach.review.placement import Misplaced

#: Seconds after the last keystroke before the live checks run again.
LIVE_DELAY = 0.3
#: How often the ticker looks for work (live checks, autosave).
TICK = 0.1


class LiveFindings(Message):
    """The live checks of one step, from a thread worker; ``generation`` tells stale ones."""

    def __init__(
        self, generation: int, findings: StepFindings, misplaced: tuple[Misplaced, ...] = ()
    ) -> None:
        super().__init__()
        self.generation = generation
        self.findings = findings
        self.misplaced = misplaced


class DraftWritten(Message):
    """A background autosave ended (written or refused); the screen takes its outcome."""


def _blank_cause(c: Cause) -> bool:
    return not (c.text.strip() or c.evidence.strip() or any(w.strip() for w in c.whys))


def _misplaced(checker: LiveChecker, step_id: str, answers: Answers) -> tuple[Misplaced, ...]:
    """Points of the step written under another question, or of another step written in it
    (coach.review.placement): the live checks of one step never see them."""
    from coach.review import answer_size_problem
    from coach.review.placement import misplaced

    if answer_size_problem(answers):  # the checks say only that it is too long
        return ()
    return tuple(misplaced(checker.compiled, answers, checker.lang, step_id))


def _copy_answers(a: Answers) -> Answers:
    """The answers as they are now, for a thread to read while typing goes on (the screen
    replaces a step's text, causes or actions wholesale, never edits them in place)."""
    return Answers(text=dict(a.text), causes=dict(a.causes), actions=dict(a.actions))


@localised
class PracticeScreen(CoachScreen):
    HELP_ZH = (
        "## 复盘练习\n一次写一步：左边是这一步的提示和问题，右边是教练的实时提醒。\n\n"
        "- `F8` 下一步，`F7` 上一步，`ctrl+g` 跳到某一步\n"
        "- 原因和措施有单独的行：`ctrl+n` 加一行，`ctrl+d` 删除光标所在的行\n"
        "- `ctrl+o` 回看案例背景和附表\n"
        "- `ctrl+s` 提交并查看反馈\n\n"
        "草稿在你停下后一秒内自动保存，切换步骤和退出时也会保存。\n\n"
        "未解锁的案例以 **预览** 打开：能写、能看反馈，但不保存、不计分。"
    )
    HELP_EN = (
        "## Practice\nOne step at a time: the step's prompts and questions on the left, the "
        "coach's live notes on the right.\n\n"
        "- `F8` next step, `F7` previous step, `ctrl+g` go to a step\n"
        "- Causes and actions have their own rows: `ctrl+n` adds a row, `ctrl+d` deletes the "
        "row the cursor is in\n"
        "- `ctrl+o` reads the case background and exhibits again\n"
        "- `ctrl+s` submits and shows the feedback\n\n"
        "Your draft saves itself within a second of typing, on every step change and on quit.\n\n"
        "A locked case opens as a **preview**: you write and see the feedback, but nothing is "
        "saved or counted."
    )
    LOCAL_BINDINGS = [
        LB("f7", "step(-1)", "上一步", "Prev step", "practice-prev", priority=True),
        LB("f8", "step(1)", "下一步", "Next step", "practice-next", priority=True),
        LB("ctrl+g", "pick_step", "跳到", "Go to", "practice-goto", priority=True, spare=2),
        LB("ctrl+n", "add_row", "加一行", "Add row", "practice-add-row", priority=True),
        LB("ctrl+o", "read_case", "读案例", "Read case", "practice-read", priority=True, spare=1),
        LB("ctrl+s", "submit", "提交", "Submit", "practice-submit", priority=True),
    ]

    def __init__(self, target: PracticeTarget | Case, *, preview: bool = False) -> None:
        super().__init__()
        self._target_arg = target
        #: A preview: written and scored, never saved nor counted (a locked case; see _prepare)
        self.preview = preview
        self.case_lock = None  # the case's progress when it is locked (what unlocks it)
        self.target: PracticeTarget
        self.keeper: DraftKeeper
        self.step_index = 0
        self.found_draft = False
        self.checker: LiveChecker | None = None
        self._live_due: float | None = None
        self._first_dirty: float | None = None
        self._opened = None  # the session clock when this sitting began
        self._finished = False
        self._leave_unsaved = False  # escape pressed once with unsaved text: the next leaves
        self._saved_at = None  # the session clock at the last save (tests see a fixed time)
        self._save_started = None  # the session clock when the background save began
        self._live_generation = 0  # bumped by every check; older findings are dropped
        self._status_shown = ("", "")  # the draft status line's text and class

    # -- set-up --------------------------------------------------------------------------------

    def _prepare(self) -> None:
        """Target, draft and checker; done once, before the first compose."""
        if hasattr(self, "target"):
            return
        session = self.session
        arg = self._target_arg
        self.target = case_target(session, arg) if isinstance(arg, Case) else arg
        self.case_lock = self._case_lock()
        if self.case_lock is not None:  # a counted attempt waits for the prerequisites: a preview
            self.preview = True
        draft = None if self.preview else find_draft(session.store, self.target.key)
        self.found_draft = draft is not None and not is_blank(draft.answers)
        if draft is None:
            draft = self._new_draft()
        self.keeper = DraftKeeper(session.store, draft, read_only=session.read_only or self.preview)
        self.step_index = min(max(draft.step, 0), len(self.target.steps) - 1)
        self._opened = session.clock()
        self.checker = self.target.live_checker(self.lang, session.today())

    def _case_lock(self):
        """The case's progress if the case is locked (coach.analysis.progress), else None.
        Read here, whoever opened Practice (Case, a deal review's suggestion, the command line):
        a locked case is never practised for a count."""
        case = self.target.case
        if case is None or self.session.store is None:
            return None
        from coach.tui.progress_data import load_progress

        try:
            return load_progress(self.session).locked(case.id)
        except Exception:  # a damaged store is said elsewhere (Home); it does not lock a case
            return None

    def _preview_text(self) -> str:
        from coach.tui.screens.case import unlock_hint

        return tr(
            "预览：不保存、不计分，提交只看反馈。",
            "Preview: not saved or counted; submitting only shows the feedback.",
        ) + unlock_hint(self.session, self.case_lock)

    def _new_draft(self) -> Draft:
        return Draft(target=self.target.key, framework_id=self.target.framework.id, lang=self.lang)

    @property
    def answers(self) -> Answers:
        return self.keeper.draft.answers

    @property
    def step(self):
        return self.target.steps[self.step_index]

    def compose(self) -> ComposeResult:
        self._prepare()
        yield Header()
        if self.preview:
            yield Static(self._preview_text(), id="practice-preview", classes="preview-banner")
        with Horizontal(id="practice-head"):
            yield Static(id="step-title")
            yield PracticeTimer(self.target.time_limit, id="practice-timer")
        yield Static(id="step-bar")
        with Horizontal(id="practice-body"):
            yield VerticalScroll(id="practice-main")
            with Vertical(id="practice-side"):
                yield Static(tr("教练提示", "Coach"), id="live-title")
                with VerticalScroll(id="live-scroll"):
                    yield LivePanel(id="live-panel")
                yield Static(id="draft-status")
        yield Footer()

    async def on_mount(self) -> None:
        await self.refill()
        self.set_interval(TICK, self._tick, name="practice-tick")
        self.set_interval(1.0, self._show_clock, name="practice-clock")
        install_hangup_handler()
        if self.found_draft:
            self._offer_draft()

    async def refill(self) -> None:
        """The current step of the draft, its status and clock, in freshly composed widgets."""
        self.title = self.target.title.get(self.lang)
        self._status_shown = ("", "")  # a new status line shows nothing yet
        await self.show_step(self.step_index, save=False)
        self._show_status()
        self._show_clock()

    async def language_changed(self) -> None:
        """The step again in the new language: the draft's text in its boxes, the cursor and
        the focus where they were, the coach's checks in the new language."""
        cursors = {a.slot_id: a.cursor_location for a in self.query(AnswerArea)}
        focused = self.focused
        focused_slot = focused.slot_id if isinstance(focused, AnswerArea) else None
        self.checker = self.target.live_checker(self.lang, self.session.today())
        await super().language_changed()
        for area in self.query(AnswerArea):
            if area.slot_id in cursors:
                area.place_cursor(cursors[area.slot_id])
            if area.slot_id == focused_slot:
                area.focus()

    def _offer_draft(self) -> None:
        when = self.keeper.draft.updated[:16].replace("T", " ")
        self.app.push_screen(
            ChoiceModal(
                tr("继续上次的草稿？", "Continue your draft?"),
                tr(
                    "这个案例有一份保存于 {w} 的草稿。",
                    "This case has a draft saved at {w}.",
                    w=when,
                ),
                [("continue", tr("继续草稿", "Continue")), ("new", tr("重新开始", "Start over"))],
                cancel="continue",
            ),
            self._draft_choice,
        )

    async def _draft_choice(self, choice: str | None) -> None:
        if choice != "new":
            return
        try:
            self.keeper.discard()
        except StoreError as exc:
            self.notify(str(exc), severity="error")
            return
        self.keeper.draft = self._new_draft()
        self._opened = self.session.clock()
        await self.show_step(0, save=False)
        self._show_status()

    # -- steps ---------------------------------------------------------------------------------

    async def show_step(self, index: int, *, save: bool = True) -> None:
        """Show step ``index``; saves the draft first (a step change is a save point)."""
        index = max(0, min(index, len(self.target.steps) - 1))
        self.step_index = index
        if self.keeper.draft.step != index:
            self.keeper.draft.step = index
            self.keeper.changed()
        if save:
            self.save_draft()
        step, lang = self.step, self.lang
        n = len(self.target.steps)
        self.query_one("#step-title", Static).update(
            line(
                "[b]{s}[/b] {t}",
                s=tr("第 {i}/{n} 步", "Step {i}/{n}", i=index + 1, n=n),
                t=step.title.get(lang),
            )
        )
        parts = []
        for i, s in enumerate(self.target.steps):
            label = f"{i + 1} {s.title.get(lang)}"
            parts.append(f"[reverse b] {label} [/]" if i == index else f"[$muted] {label} [/]")
        self.query_one("#step-bar", Static).update(line("".join(parts)))
        main = self.query_one("#practice-main", VerticalScroll)
        await main.remove_children()
        widgets: list = []
        prompts = [p.get(lang) for p in step.prompts if p.get(lang).strip()]
        if prompts:
            widgets.append(
                Static(Content("\n".join(f"•\u00a0{p}" for p in prompts)), classes="step-prompts")
            )
        slots = self.target.slots_for(step)
        numbers = {s.id: i for i, s in enumerate(self.target.all_slots(), 1)}
        for slot in slots:
            widgets.append(AnswerEditor(slot, numbers[slot.id], self.answers, lang))
        await main.mount_all(widgets)
        main.scroll_home(animate=False)
        first = main.query(AnswerArea).first(AnswerArea) if main.query(AnswerArea) else None
        if first is not None:
            first.focus()
        self._run_live_checks()

    async def action_step(self, delta: int) -> None:
        target = self.step_index + delta
        if 0 <= target < len(self.target.steps):
            await self.show_step(target)
        elif target >= len(self.target.steps):
            self.notify(
                tr(
                    "这是最后一步。按 ctrl+s 提交。",
                    "This is the last step. Press ctrl+s to submit.",
                )
            )

    def action_pick_step(self) -> None:
        titles = [s.title.get(self.lang) for s in self.target.steps]

        async def picked(index: int | None) -> None:
            if index is not None and index != self.step_index:
                await self.show_step(index)

        self.app.push_screen(StepPicker(titles, self.step_index), picked)

    def action_read_case(self) -> None:
        if self.target.case is None:
            self.notify(tr("这次复盘没有案例材料。", "This review has no case to read."))
            return
        self.save_draft()
        self.coach.open_case(self.target.case.id)

    # -- typing --------------------------------------------------------------------------------

    def _touch(self) -> None:
        self.keeper.changed()
        now = time.monotonic()
        if self._first_dirty is None:
            self._first_dirty = now
        self._live_due = now + LIVE_DELAY

    @on(TextArea.Changed)
    def _text_changed(self, event: TextArea.Changed) -> None:
        area = event.text_area
        if not isinstance(area, AnswerArea):
            return
        text = area.text
        if self.answers.text.get(area.slot_id, "") != text:
            self.answers.text[area.slot_id] = text
            self._touch()

    @on(Input.Changed)
    @on(Select.Changed)
    def _field_changed(self, event: Input.Changed | Select.Changed) -> None:
        self._read_editor(event.control)

    def _read_editor(self, widget) -> None:
        for node in widget.ancestors_with_self:
            if isinstance(node, CauseEditor):
                # rows left empty hold no cause: the checks then read causes from the prose
                value = [c for c in node.value() if not _blank_cause(c)]
                if self.answers.causes.get(node.slot_id) != value:
                    self.answers.causes[node.slot_id] = value
                    self._touch()
                return
            if isinstance(node, ActionEditor):
                value = node.value()
                if self.answers.actions.get(node.slot_id) != value:
                    self.answers.actions[node.slot_id] = value
                    self._touch()
                return

    @on(Button.Pressed, ".row-add")
    async def _add_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        editor = next(
            n for n in event.button.ancestors if isinstance(n, CauseEditor | ActionEditor)
        )
        self._focus_new(await editor.add_row())

    def _focus_new(self, field: Input) -> None:
        """The cursor in a new row's first field, scrolled into view once the row is laid out
        (focusing alone scrolls to where the row was before it had a size)."""
        field.focus()
        self.call_after_refresh(field.scroll_visible, animate=False)

    @on(Button.Pressed, ".row-remove")
    async def _remove_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        row = next(n for n in event.button.ancestors if isinstance(n, CauseRow | ActionRow))
        editor = next(n for n in row.ancestors if isinstance(n, CauseEditor | ActionEditor))
        rows = list(editor.query(type(row)).results(type(row)))
        index = rows.index(row)
        had_focus = self.focused is not None and row in self.focused.ancestors_with_self
        await editor.remove_row(row)
        self._read_editor(editor)
        if had_focus:  # ctrl+d: the cursor goes to the row now in its place, or the one above
            rest = list(editor.query(type(row)).results(type(row)))
            if rest:
                self._focus_new(rest[min(index, len(rest) - 1)].query(Input).first(Input))
            else:
                editor.query_one(".row-add", Button).focus()

    async def action_add_row(self) -> None:
        """Add a row to the structured editor that has the focus, else the step's first one."""
        focused = self.focused
        editor = None
        if focused is not None:
            editor = next(
                (
                    n
                    for n in focused.ancestors_with_self
                    if isinstance(n, CauseEditor | ActionEditor)
                ),
                None,
            )
        if editor is None:
            editors = self.query("CauseEditor, ActionEditor")
            if not editors:
                self.notify(
                    tr("这一步没有原因或措施的行。", "This step has no cause or action rows.")
                )
                return
            editor = editors.first()
        self._focus_new(await editor.add_row())  # type: ignore[union-attr]

    # -- the ticker: live checks and autosave, off the keystroke path --------------------------

    def _tick(self) -> None:
        now = time.monotonic()
        if self._live_due is not None and now >= self._live_due:
            self._start_live_checks()
        if self._first_dirty is not None and now - self._first_dirty >= DELAY:
            self._autosave()

    def _run_live_checks(self) -> None:
        """Check the current step now, on this thread (a step is being shown)."""
        self._live_due = None
        self._live_generation += 1
        if self.checker is None:
            return
        step_id, answers = self.step.id, self.answers
        self._show_findings(
            self.checker.check_step(step_id, answers), _misplaced(self.checker, step_id, answers)
        )

    def _start_live_checks(self) -> None:
        """Check the current step in a thread on a copy of the answers (typing paused)."""
        self._live_due = None
        self._live_generation += 1
        checker = self.checker
        if checker is None:
            return
        generation, step_id, answers = (
            self._live_generation,
            self.step.id,
            _copy_answers(self.answers),
        )

        def check() -> None:
            findings = checker.check_step(step_id, answers)
            misplaced = _misplaced(checker, step_id, answers)
            self.post_message(LiveFindings(generation, findings, misplaced))

        self.run_worker(check, thread=True, group="live-checks", exit_on_error=False)

    @on(LiveFindings)
    def _live_findings(self, message: LiveFindings) -> None:
        if message.generation == self._live_generation and self.is_mounted:
            self._show_findings(message.findings, message.misplaced)

    def _show_findings(self, findings: StepFindings, misplaced: tuple[Misplaced, ...] = ()) -> None:
        panels = self.query(LivePanel)
        if not panels:  # a check that finished while the screen is composed anew (F2)
            return
        panel = panels.first(LivePanel)
        # slots whose cause rows hold a cause; the checks read the others' causes from the prose
        structured = frozenset(k for k, v in self.answers.causes.items() if v)
        changed = panel.findings != findings or panel.structured != structured
        if changed or panel.misplaced != misplaced:
            # an unchanged panel is not laid out again
            numbers = {s.id: i for i, s in enumerate(self.target.all_slots(), 1)}
            panel.show(
                findings,
                show_key_points=self.target.hints_in_practice,
                structured=structured,
                misplaced=misplaced,
                numbers=numbers,
                here={s.id for s in self.target.slots_for(self.step)},
            )

    def spent(self) -> float:
        base = self.keeper.draft.seconds
        if self._opened is None:
            return base
        return base + max(0.0, (self.session.clock() - self._opened).total_seconds())

    def _show_clock(self) -> None:
        for clock in self.query(PracticeTimer):  # none while the screen is composed anew (F2)
            clock.show(self.spent())

    # -- saving --------------------------------------------------------------------------------

    def _count_time(self):
        """Add the time since the last save to the draft; returns the session clock."""
        now = self.session.clock()
        if self._opened is not None:
            self.keeper.draft.seconds = self.spent()
            self._opened = now
        return now

    def _autosave(self) -> None:
        """The ticker's save: written from a thread, its outcome taken by ``_draft_written``."""
        keeper = self.keeper
        if keeper.saving:  # one save at a time; try again on the next tick
            return
        self._first_dirty = None
        if not keeper.dirty or not keeper.can_save:
            return
        now = self._count_time()
        if keeper.start_background_save(lambda: self.post_message(DraftWritten())):
            self._save_started = now

    @on(DraftWritten)
    def _draft_written(self) -> None:
        try:
            saved = self.keeper.settle()
        except StaleRevision:
            self.keeper.paused = True
            self._ask_stale()
            return
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        if saved:
            self._saved_at = self._save_started
            self._show_status()

    def save_draft(self) -> bool:
        """Save the draft now if anything changed. Refusals are asked about, never overwritten."""
        self._first_dirty = None
        keeper = self.keeper
        if keeper.saving:  # take the background save's outcome first (it may be a refusal)
            try:
                if keeper.settle(wait=True):
                    self._saved_at = self._save_started
            except StaleRevision:
                keeper.paused = True
                self._ask_stale()
                return False
            except StoreError as exc:
                self.notify(str(exc), severity="error", timeout=10)
        if not keeper.dirty or not keeper.can_save:
            return False
        now = self._count_time()
        try:
            saved = keeper.save()
        except StaleRevision:
            keeper.paused = True
            self._ask_stale()
            return False
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return False
        if saved:
            self._saved_at = now
            self._show_status()
        return saved

    def _ask_stale(self) -> None:
        self._show_status()
        self.app.push_screen(
            ChoiceModal(
                tr("草稿在另一个窗口里被保存了", "This draft was saved in another window"),
                tr(
                    "另一个窗口保存了较新的版本。重新载入会用那个版本替换这里没保存的内容；"
                    "保留我的会用这里的内容覆盖它。",
                    "Another window saved a newer version. Reload replaces what this window "
                    "has not saved with that version; Keep mine overwrites it with this one.",
                ),
                [("reload", tr("重新载入", "Reload")), ("mine", tr("保留我的", "Keep mine"))],
                cancel="later",
            ),
            self._stale_choice,
        )

    async def _stale_choice(self, choice: str | None) -> None:
        try:
            if choice == "reload":
                self.keeper.reload()
                self._opened = self.session.clock()
                await self.show_step(self.keeper.draft.step, save=False)
            elif choice == "mine":
                self.keeper.overwrite()
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10)
        self._show_status()

    def _show_status(self) -> None:
        keeper = self.keeper
        if self.preview:
            text = tr("预览：不保存、不计分", "Preview: not saved or counted")
            cls = "status-warn"
        elif self.session.read_only or self.session.store is None:
            text = tr("只读：可以浏览，不能保存", "Read-only: you can browse, not save")
            cls = "status-warn"
        elif keeper.paused:
            text = tr("草稿暂停保存（另一个窗口）", "Draft not saving (another window)")
            cls = "status-warn"
        elif keeper.draft.rev:
            when = self._saved_at.strftime("%H:%M:%S") if self._saved_at else ""
            text = tr("草稿已保存 {t}", "Draft saved {t}", t=when).strip()
            cls = "status-ok"
        else:
            text = tr("草稿会自动保存", "Your draft saves itself")
            cls = "status-ok"
        found = self.query("#draft-status")
        if not found:  # the screen is being taken down (quit): the save is what mattered
            return
        status = found.first(Static)
        if (text, cls) == self._status_shown:
            return
        # a new time in the same words keeps the width: no layout of the screen while typing
        same_width = cell_len(text) == cell_len(self._status_shown[0])
        self._status_shown = (text, cls)
        status.set_classes(cls)
        status.update(text, layout=not same_width)

    def action_back(self) -> None:
        self.save_draft()
        keeper = self.keeper
        unsaved = keeper.dirty and not keeper.read_only
        if unsaved and not self._leave_unsaved:
            # The save before leaving failed (full disk, another window): the text exists only
            # here, so Practice stays open until it is saved or the person insists.
            self._leave_unsaved = True
            self.notify(
                tr(
                    "回答还没有保存，所以先不离开。腾出空间或处理提示后再按 escape；"
                    "再按一次 escape 会放弃没保存的内容离开。",
                    "Your answers are not saved yet, so Practice stays open. Free some space or "
                    "answer the prompt, then press escape; press escape again to leave without them.",
                ),
                severity="error",
                timeout=12,
            )
            return
        super().action_back()

    def on_unmount(self) -> None:
        if self._finished:
            return
        self._finished = True
        self.save_draft()
        self.keeper.close()
        remove_hangup_handler()

    # -- submit --------------------------------------------------------------------------------

    def action_submit(self) -> None:
        if self.preview:  # nothing is stored: a read-only session may preview too
            self.app.push_screen(
                ConfirmModal(
                    tr("提交预览？", "Submit this preview?"),
                    tr(
                        "会评分并显示反馈，但这是预览：不保存练习，不计入进度。",
                        "It is scored and the feedback shown, but this is a preview: no "
                        "attempt is kept and your progress does not change.",
                    ),
                    tr("提交", "Submit"),
                ),
                self._submit_confirmed,
            )
            return
        if self.session.read_only or self.session.store is None:
            self.notify(
                tr(
                    "只读模式：可以浏览，不能提交。",
                    "Read-only: you can browse but not submit.",
                ),
                severity="warning",
            )
            return
        slots = self.target.all_slots()
        empty = [s for s in slots if not self._has_answer(s.id)]
        body = tr(
            "提交后会评分并保存这次练习，草稿随之删除。",
            "Submitting scores this attempt and keeps it; the draft is then removed.",
        )
        if empty:
            body += "\n" + tr(
                "还有 {n} 个问题没有写。", "{n} answer(s) are still empty.", n=len(empty)
            )
        self.app.push_screen(
            ConfirmModal(tr("提交这次练习？", "Submit this attempt?"), body, tr("提交", "Submit")),
            self._submit_confirmed,
        )

    def _show_preview_feedback(self, answers, feedback, seconds: float, started: str) -> None:
        """The feedback of a preview, from an attempt that is never stored."""
        from coach.tui.attempts import attempt_from
        from coach.tui.screens.preview_feedback import PreviewFeedbackScreen

        attempt = attempt_from(
            self.target,
            answers,
            feedback,
            seconds=seconds,
            started=started,
            now=self.session.clock(),
        )
        self._finished = True
        self.keeper.close()
        remove_hangup_handler()
        self.dismiss()
        self.app.push_screen(PreviewFeedbackScreen(attempt, self.case_lock))
        return None

    def _has_answer(self, slot_id: str) -> bool:
        a = self.answers
        return bool(
            a.text.get(slot_id, "").strip()
            or any(c.text.strip() for c in a.causes.get(slot_id, []))
            or any(x.what.strip() for x in a.actions.get(slot_id, []))
        )

    def _submit_confirmed(self, yes: bool | None) -> None:
        if yes:
            self.submit()

    def submit(self) -> str | None:
        """Score, keep the result, drop the draft and show the feedback; returns the result id."""
        session = self.session
        seconds = self.spent()
        answers = self.answers
        from coach.review import answer_size_problem

        too_long = answer_size_problem(answers)
        if too_long:  # the draft stays: the trainee can shorten it and submit again
            self.notify(too_long, severity="error", timeout=10)
            return None
        feedback = self.target.review(answers, lang=self.lang, today=session.today())
        started = self.keeper.draft.created or self._opened.isoformat(timespec="seconds")
        if self.preview:
            return self._show_preview_feedback(answers, feedback, seconds, started)
        try:
            result_id = self.target.keep_result(session, answers, feedback, seconds, started)
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return None
        try:
            self.keeper.discard()
        except StoreError as exc:  # the attempt is safe; an old draft left behind is harmless
            self.notify(str(exc), severity="warning")
        self._finished = True
        self.keeper.close()
        remove_hangup_handler()
        self.dismiss()
        self.target.show_result(self.app, result_id)
        return result_id
