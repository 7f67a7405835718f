"""Case: the background as Markdown, and the exhibits as tables and charts."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Markdown, Static, TabbedContent, TabPane

from coach.domain.content import Case
from coach.i18n import tr
from coach.tui.localise import LB, localised
from coach.tui.screens.base import CoachScreen
from coach.tui.widgets.exhibit import ExhibitView


@localised
class CaseScreen(CoachScreen):
    HELP_ZH = (
        "## 案例\n先读 **背景**，再看 **附表** 里的数据和图表。`b` 看背景，`x` 看附表，"
        "`escape` 回到课程。"
    )
    HELP_EN = (
        "## Case\nRead the **background**, then the data and charts under **exhibits**. "
        "`b` shows the background, `x` the exhibits, `escape` goes back to the curriculum."
    )
    LOCAL_BINDINGS = [
        LB("b", "show_tab('background')", "背景", "Background", "case-background"),
        LB("x", "show_tab('exhibits')", "附表", "Exhibits", "case-exhibits"),
        LB("p", "start_review", "开始复盘", "Start review", "case-start"),
        LB("p", "continue_review", "继续复盘", "Continue review", "case-continue"),
    ]

    def __init__(self, case: Case) -> None:
        super().__init__()
        self.case = case
        self.has_draft = False  # looked up when the screen shows, not on every footer refresh

    def compose(self) -> ComposeResult:
        case, lang, content = self.case, self.lang, self.session.content
        module = content.modules.get(case.module)
        fw = content.framework_for(case)
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
        with TabbedContent(id="case-tabs", initial="background"):
            with TabPane(tr("背景", "Background"), id="background"):
                with VerticalScroll(id="background-scroll"):
                    yield Markdown(case.background.get(lang), id="background-md")
            with (
                TabPane(tr("附表（{n}）", "Exhibits ({n})", n=len(case.exhibits)), id="exhibits"),
                VerticalScroll(id="exhibits-scroll"),
            ):
                if not case.exhibits:
                    yield Static(tr("这个案例没有附表。", "This case has no exhibits."))
                for ex in case.exhibits:
                    yield ExhibitView(ex, lang)
        yield Footer()

    def on_mount(self) -> None:
        self.refill()

    def refill(self) -> None:
        self.title = self.case.title.get(self.lang)
        self.query_one("#background-scroll").focus()
        self._look_for_draft()

    def on_screen_resume(self) -> None:
        self._look_for_draft()

    def _look_for_draft(self) -> None:
        from coach.tui.drafts import has_draft

        self.has_draft = has_draft(self.session.store, f"case:{self.case.id}")
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "start_review":
            return not self.has_draft
        if action == "continue_review":
            return self.has_draft
        return super().check_action(action, parameters)

    def action_start_review(self) -> None:
        self.coach.start_practice(self.case.id)

    def action_continue_review(self) -> None:
        self.coach.start_practice(self.case.id)

    def action_show_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        scroll = "#background-scroll" if tab == "background" else "#exhibits-scroll"
        self.query_one(scroll).focus()
