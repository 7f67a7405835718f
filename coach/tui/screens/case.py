"""Case: the background as Markdown and the questions to answer, the exhibits as tables and charts.

At 110 columns and more the exhibits stand beside the background (the screen was half empty
with one column at 120×40); below that, background and exhibits are two tabs.

A locked case (coach.analysis.progress: a prerequisite module not passed yet) opens to be read;
``p`` says what unlocks it and offers a preview of the practice, which is neither saved nor
counted (PracticeScreen's preview mode).
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Footer, Header, Markdown, Static, TabbedContent, TabPane

from coach.analysis.progress import CaseProgress
from coach.domain.content import Case
from coach.i18n import tr
from coach.tui.localise import LB, localised
from coach.tui.screens.base import CoachScreen
from coach.tui.widgets.exhibit import ExhibitView
from coach.tui.widgets.lines import line

#: From this many columns the exhibits stand beside the background.
WIDE = 110


def lock_text(session, lock: CaseProgress) -> str:
    """The prerequisite modules still to pass, by their titles in the interface language."""
    from coach.io.export import module_title

    return tr("、", ", ").join(
        module_title(session.content, lock.curriculum_id, m, session.lang) for m in lock.locked_by
    )


def unlock_hint(session, lock: CaseProgress | None) -> str:
    """What a preview's banner adds on a locked case: what to pass first (Practice, Feedback)."""
    if lock is None:
        return ""
    return tr(
        "先通过 {m} 才解锁、才计分。",
        " Pass {m} first to unlock the case and count.",
        m=lock_text(session, lock),
    )


@localised
class CaseScreen(CoachScreen):
    HELP_ZH = (
        "## 案例\n先读 **背景** 和要回答的问题，再看 **附表** 里的数据和图表（窗口够宽时附表在"
        "背景旁边）。`b` 看背景，`x` 看附表，`p` 开始复盘，`escape` 回到课程。\n\n"
        "⊘ 未解锁的案例可以阅读；`p` 会说明先通过哪些模块，也可以预览练习：能写、能看反馈，"
        "但不保存、不计分。"
    )
    HELP_EN = (
        "## Case\nRead the **background** and the questions to answer, then the data and charts "
        "under **exhibits** (beside the background when the window is wide enough). `b` shows "
        "the background, `x` the exhibits, `p` starts the review, `escape` goes back to the "
        "curriculum.\n\n"
        "A ⊘ locked case can be read; `p` says which modules to pass first and offers a preview "
        "of the practice: you write and see the feedback, but nothing is saved or counted."
    )
    LOCAL_BINDINGS = [
        LB("b", "show_tab('background')", "背景", "Background", "case-background"),
        LB("x", "show_tab('exhibits')", "附表", "Exhibits", "case-exhibits"),
        LB("p", "start_review", "开始复盘", "Start review", "case-start"),
        LB("p", "continue_review", "继续复盘", "Continue review", "case-continue"),
        LB("p", "preview_review", "预览（不计分）", "Preview (not counted)", "case-preview"),
    ]

    class LockRead(Message):
        def __init__(self, lock: CaseProgress | None) -> None:
            super().__init__()
            self.case_lock = lock

    def __init__(self, case: Case) -> None:
        super().__init__()
        self.case = case
        self.has_draft = False  # looked up when the screen shows, not on every footer refresh
        self.case_lock: CaseProgress | None = None  # the case's progress while it is locked
        self.lock_known = False
        self.wide = False

    def compose(self) -> ComposeResult:
        case, lang, content = self.case, self.lang, self.session.content
        module = content.modules.get(case.module)
        fw = content.framework_for(case)
        self.wide = self.app.size.width >= WIDE
        yield Header()
        yield Static(case.title.get(lang), id="case-title")
        yield Static(
            tr(
                "{m} · 复盘框架：{f} · 约 {n} 分钟 · 难度 {d}/5 · {q} 个问题",
                "{m} · framework: {f} · about {n} min · difficulty {d}/5 · {q} questions",
                m=module.title.get(lang) if module else case.module,
                f=fw.title.get(lang),
                n=case.minutes,
                d=case.difficulty,
                q=len(case.questions),
            ),
            id="case-meta",
        )
        yield Static("", id="case-lock")
        exhibits = tr("附表（{n}）", "Exhibits ({n})", n=len(case.exhibits))
        if self.wide:
            with Horizontal(id="case-body"):
                yield from self._background()
                with (
                    TabbedContent(id="case-tabs", initial="exhibits"),
                    TabPane(exhibits, id="exhibits"),
                    VerticalScroll(id="exhibits-scroll"),
                ):
                    yield from self._exhibits()
        else:
            with TabbedContent(id="case-tabs", initial="background"):
                with TabPane(tr("背景", "Background"), id="background"):
                    yield from self._background()
                with TabPane(exhibits, id="exhibits"), VerticalScroll(id="exhibits-scroll"):
                    yield from self._exhibits()
        yield Footer()

    def _background(self) -> ComposeResult:
        with VerticalScroll(id="background-scroll"):
            yield Markdown(self.case.background.get(self.lang), id="background-md")
            if self.case.questions:
                yield Markdown(self._questions(), id="case-questions")

    def _questions(self) -> str:
        """The questions as Markdown, like the background (a long Chinese sentence wraps as
        Markdown wraps it, under its number)."""
        head = tr("要回答的问题", "The questions you will answer")
        items = [
            f"{i}. " + " ".join(q.prompt.get(self.lang).split())
            for i, q in enumerate(self.case.questions, 1)
        ]
        return f"**{head}**\n\n" + "\n".join(items)

    def _exhibits(self) -> ComposeResult:
        if not self.case.exhibits:
            yield Static(tr("这个案例没有附表。", "This case has no exhibits."))
        for ex in self.case.exhibits:
            yield ExhibitView(ex, self.lang)

    def on_mount(self) -> None:
        self.refill()

    def refill(self) -> None:
        self.title = self.case.title.get(self.lang)
        self.query_one("#background-scroll").focus()
        self._show_lock()
        self._look_for_draft()

    def on_screen_resume(self) -> None:
        self._look_for_draft()
        self._read_lock()
        self._fit_width()

    def on_resize(self) -> None:
        self._fit_width()

    def _fit_width(self) -> None:
        if (self.app.size.width >= WIDE) != self.wide and self.is_current:
            self.call_later(self._compose_again)

    async def _compose_again(self) -> None:
        """One column or two, as the terminal's width now asks; the focus stays where it was."""
        if (self.app.size.width >= WIDE) == self.wide:
            return
        focus_id = self.focused.id if self.focused is not None else None
        await self.recompose()
        self.refill()
        found = self.query(f"#{focus_id}") if focus_id else None
        if found:
            found.first().focus()

    # -- the draft and the lock ----------------------------------------------------------------

    def _look_for_draft(self) -> None:
        from coach.tui.drafts import has_draft

        self.has_draft = has_draft(self.session.store, f"case:{self.case.id}")
        self.refresh_bindings()

    @work(thread=True, exclusive=True, group="case-lock")
    def _read_lock(self) -> None:
        from coach.tui.progress_data import load_progress

        try:
            lock = load_progress(self.session).locked(self.case.id)
        except Exception:  # a damaged store: Learn and Home say so; the case opens as it is
            lock = None
        self.post_message(self.LockRead(lock))

    @on(LockRead)
    def _lock_read(self, message: LockRead) -> None:
        self._set_lock(message.case_lock)

    def _set_lock(self, lock: CaseProgress | None) -> None:
        self.case_lock, self.lock_known = lock, True
        self._show_lock()
        self.refresh_bindings()

    def _show_lock(self) -> None:
        found = self.query("#case-lock")
        if not found:
            return
        box = found.first(Static)
        if self.case_lock is None:
            box.display = False
            return
        box.update(
            line(
                "[$warning]⊘[/] {t}",
                t=tr(
                    "未解锁：先通过 {m}。可以阅读；按 p 预览练习（不保存、不计分）。",
                    "Locked: pass {m} first. You can read it; p previews a practice (not saved, "
                    "not counted).",
                    m=lock_text(self.session, self.case_lock),
                ),
            )
        )
        box.display = True

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "start_review":
            return not self.has_draft and self.case_lock is None
        if action == "continue_review":
            return self.has_draft
        if action == "preview_review":
            return not self.has_draft and self.case_lock is not None
        return super().check_action(action, parameters)

    def action_start_review(self) -> None:
        if not self.lock_known:  # p before the lock was read: read it now, it decides
            from coach.tui.progress_data import load_progress

            try:
                self._set_lock(load_progress(self.session).locked(self.case.id))
            except Exception:
                self._set_lock(None)
        if self.case_lock is not None and not self.has_draft:
            self.action_preview_review()
            return
        self.coach.start_practice(self.case.id)

    def action_continue_review(self) -> None:
        self.coach.start_practice(self.case.id)

    def action_preview_review(self) -> None:
        """Say what unlocks the case; offer a preview, which stores nothing."""
        if self.case_lock is None:
            self.coach.start_practice(self.case.id)
            return
        from coach.tui.screens.dialogs import ChoiceModal

        self.app.push_screen(
            ChoiceModal(
                tr("这个案例还没有解锁", "This case is locked"),
                tr(
                    "先通过 {m}，这个案例才解锁，练习才计分。\n现在可以阅读它，也可以预览练习："
                    "能写、能提交看反馈，但不保存、不计入进度。",
                    "Pass {m} first: then the case unlocks and its practice counts.\nYou can "
                    "read it now, or preview the practice: write and submit to see the feedback; "
                    "nothing is saved or counted in your progress.",
                    m=lock_text(self.session, self.case_lock),
                ),
                [
                    ("preview", tr("预览（不计分）", "Preview (not counted)")),
                    ("read", tr("继续阅读", "Keep reading")),
                ],
                cancel="read",
            ),
            self._preview_choice,
        )

    def _preview_choice(self, choice: str | None) -> None:
        if choice != "preview":
            return
        from coach.tui.screens.practice import PracticeScreen

        self.app.push_screen(PracticeScreen(self.case, preview=True))

    def action_show_tab(self, tab: str) -> None:
        if not self.wide or tab == "exhibits":  # wide: the background is beside, not a tab
            self.query_one(TabbedContent).active = tab
        scroll = "#background-scroll" if tab == "background" else "#exhibits-scroll"
        self.query_one(scroll).focus()
