"""Start the app from the command line: load content, build the session, run."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coach.cli.context import CliContext


def run_app(ctx: CliContext, start_case: str | None = None) -> None:
    from coach.content import load_content
    from coach.tui.app import CoachApp
    from coach.tui.session import Session

    content = load_content(ctx.content_dirs())
    session = Session(content=content, lang=ctx.lang, profile=ctx.profile_name)
    CoachApp(session, start_case=start_case).run()
