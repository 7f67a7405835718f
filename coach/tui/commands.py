"""The command palette (ctrl+p): every screen and action, and every case by title."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from coach.i18n import tr

if TYPE_CHECKING:
    from coach.tui.app import CoachApp


class CoachCommands(Provider):
    """Commands of 复盘 Coach, in the interface language."""

    def _commands(self) -> list[tuple[str, object, str]]:
        app: CoachApp = self.app  # type: ignore[assignment]
        lang = app.session.lang
        cmds: list[tuple[str, object, str]] = [
            (
                tr("打开：学习（课程）", "Open: Learn (curriculum)"),
                app.action_open_learn,
                tr("课程与案例", "Curricula and cases"),
            ),
            (
                tr("切换语言：English", "Switch language: 中文"),
                app.action_toggle_language,
                tr("界面改用英文", "Use Chinese for the interface"),
            ),
            (
                tr("切换深色 / 浅色主题", "Toggle dark / light theme"),
                app.action_toggle_theme,
                tr("两种主题都易读", "Both themes are readable"),
            ),
            (
                tr("帮助（F1）", "Help (F1)"),
                app.action_help,
                tr("当前界面的帮助", "Help for this screen"),
            ),
        ]
        for case in app.session.content.cases.values():
            cmds.append(
                (
                    tr("案例：{t}", "Case: {t}", t=case.title.get(lang)),
                    partial(app.open_case, case.id),
                    case.summary.get(lang)[:80],
                )
            )
        return cmds

    async def discover(self) -> Hits:
        for name, callback, help_text in self._commands()[:4]:
            yield DiscoveryHit(name, callback, help=help_text)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, text=name, help=help_text)  # type: ignore[arg-type]
