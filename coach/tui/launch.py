"""Start the app from the command line: load content, open the profile's store, run.

Heavy imports (Textual, the store) happen here, after click has parsed the arguments,
so `coach --help` and the subcommands stay quick.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coach.i18n import tr

if TYPE_CHECKING:
    from coach.cli.context import CliContext
    from coach.tui.session import Session


def open_session(ctx: CliContext, *, read_only: bool = False) -> Session:
    """Content and store for the app; a store that cannot be opened becomes a clear exit."""
    import click

    from coach.content import load_content
    from coach.store import StoreDamaged, StoreError, StoreLocked, StoreNotWritable, open_store
    from coach.tui.session import Session

    content = load_content(ctx.content_dirs())
    session = Session(content=content, lang=ctx.lang, profile=ctx.profile_name)
    try:
        # The daily backup and the full check run after the first screen is up (see app).
        session.store = open_store(
            ctx.data_root, ctx.profile_name, read_only=read_only, daily_backup=False
        )
        session.read_only = read_only
    except StoreLocked:
        session.store = open_store(
            ctx.data_root, ctx.profile_name, read_only=True, daily_backup=False
        )
        session.read_only = True
        session.notices.append(
            tr(
                "另一个窗口正在写这个档案，本窗口以只读方式打开。",
                "Another window is writing this profile; this one opened read-only.",
            )
        )
    except StoreNotWritable as exc:  # a read-only disk or folder: browse, never write
        session.store = open_store(
            ctx.data_root, ctx.profile_name, read_only=True, daily_backup=False
        )
        session.read_only = True
        session.notices.append(
            f"{exc}\n" + tr("本窗口以只读方式打开。", "This window opened read-only.")
        )
    except StoreDamaged as exc:
        raise click.ClickException(
            f"{exc}\n"
            + tr("用 coach restore 从备份恢复。", "Use `coach restore` to restore from a backup.")
        ) from None
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    return session


def run_app(ctx: CliContext, start_case: str | None = None, practice: bool = False) -> None:
    from coach.tui.app import CoachApp

    session = open_session(ctx)
    try:
        CoachApp(session, start_case=start_case, practice=practice).run()
    finally:
        if session.store is not None:
            session.store.close()
