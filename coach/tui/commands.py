"""The command palette (ctrl+p): every screen and action, and every case by title."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from coach.i18n import tr

if TYPE_CHECKING:
    from coach.tui.app import CoachApp


#: Screens and actions the palette reaches: (zh, en, app action name, help zh, help en).
#: A row whose action the app does not have (yet) is left out.
SCREEN_COMMANDS: list[tuple[str, str, str, str, str]] = [
    (
        "打开：首页",
        "Open: Home",
        "open_home",
        "草稿、下一个案例、进度一览",
        "Drafts, next case, progress",
    ),
    (
        "打开：学习（课程）",
        "Open: Learn (curriculum)",
        "open_learn",
        "课程与案例",
        "Curricula and cases",
    ),
    (
        "打开：进度",
        "Open: Progress",
        "open_progress",
        "每个模块和案例的成绩",
        "Scores per module and case",
    ),
    (
        "导出进度（Markdown 和 HTML）",
        "Export progress (Markdown and HTML)",
        "export_progress",
        "写到档案文件夹下的 exports",
        "Written to exports/ in your profile's folder",
    ),
    ("打开：成交记录", "Open: Deals", "open_deals", "你的成交与丢单", "Your won and lost deals"),
    (
        "打开：讲师（班级报告与评分）",
        "Open: Instructor (cohort report, grading)",
        "open_instructor",
        "交作业文件夹：重新评分、报告、评分",
        "A folder of hand-ins: rescored, reported, graded",
    ),
    (
        "打开：措施跟踪",
        "Open: Actions",
        "open_actions",
        "到期、逾期与已完成的措施",
        "Due, overdue and done",
    ),
    (
        "打开：经验卡片",
        "Open: Lessons",
        "open_lessons",
        "按间隔回来的复盘经验",
        "Review lessons on a spaced schedule",
    ),
    (
        "打开：洞察",
        "Open: Insights",
        "open_insights",
        "期间复盘的数字与图表",
        "Period figures and charts",
    ),
    (
        "复盘：本季度所有丢单",
        "Review: all lost deals this quarter",
        "review_lost_this_quarter",
        "用 GRAI 一起复盘",
        "One guided review of them",
    ),
    (
        "切换语言：中文 / English",
        "Switch language: 中文 / English",
        "toggle_language",
        "界面语言",
        "Interface language",
    ),
    (
        "切换深色 / 浅色主题",
        "Toggle dark / light theme",
        "toggle_theme",
        "两种主题都易读",
        "Both themes are readable",
    ),
    ("帮助（F1）", "Help (F1)", "help", "当前界面的帮助", "Help for this screen"),
]


class CoachCommands(Provider):
    """Commands of 复盘 Coach, in the interface language."""

    def _commands(self) -> list[tuple[str, object, str]]:
        app: CoachApp = self.app  # type: ignore[assignment]
        lang = app.session.lang
        cmds: list[tuple[str, object, str]] = []
        for zh, en, action, help_zh, help_en in SCREEN_COMMANDS:
            callback = getattr(app, f"action_{action}", None)
            if callback is not None:
                cmds.append((tr(zh, en), callback, tr(help_zh, help_en)))
        for case in app.session.content.heads.values():
            cmds.append(
                (
                    tr("案例：{t}", "Case: {t}", t=case.title.get(lang)),
                    partial(app.open_case, case.id),
                    case.summary.get(lang)[:80],
                )
            )
        return cmds

    async def discover(self) -> Hits:
        for name, callback, help_text in self._commands()[: len(SCREEN_COMMANDS)]:
            yield DiscoveryHit(name, callback, help=help_text)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, text=name, help=help_text)  # type: ignore[arg-type]
