"""The `coach` command: starts the app, or runs a subcommand.

Each area keeps its subcommands in its own module here (``content_cmds``, ``store_cmds`` …),
which exposes ``register(group)``. Errors become one line on stderr and a non-zero exit —
never a traceback.
"""

from __future__ import annotations

import importlib
import sys

import click

from coach import i18n
from coach.cli.context import CliContext

#: Modules that add subcommands; each has ``register(group: click.Group) -> None``.
COMMAND_MODULES: list[str] = [
    "coach.cli.content_cmds",
    "coach.cli.app_cmds",
    "coach.cli.deals_cmds",
    "coach.cli.store_cmds",
    "coach.cli.score_cmds",
    "coach.cli.instructor_cmds",
    "coach.cli.report_cmds",
]


class LazyGroup(click.Group):
    """Registers the COMMAND_MODULES when a command is looked up or listed (a subcommand, or
    --help), so that ``coach`` on its own opens the app without importing any of them."""

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        _load_commands()
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        _load_commands()
        return super().list_commands(ctx)

    def invoke(self, ctx: click.Context) -> object:
        """Run the subcommand; a store failure any command lets through (a damaged file met while
        reading records, a disk that fills) becomes its one bilingual line, never a traceback."""
        try:
            return super().invoke(ctx)
        except OSError as e:
            raise CoachError(_os_error_line(e)) from None
        except Exception as e:
            # coach.store is imported only by commands that use it: an error can only be a
            # StoreError once that module is loaded, and `coach` alone never loads it.
            errors = sys.modules.get("coach.store.errors")
            if errors is not None and isinstance(e, errors.StoreError):
                raise CoachError(str(e)) from None
            raise


class CoachError(click.ClickException):
    """A clear, one-line failure for the user (no traceback)."""

    def format_message(self) -> str:
        return self.message


def _os_error_line(e: OSError) -> str:
    if e.filename is None:
        return i18n.tr("系统错误：{e}", "system error: {e}", e=e.strerror or e)
    return i18n.tr(
        "无法读写 {f}：{e}", "cannot read or write {f}: {e}", f=e.filename, e=e.strerror or e
    )


HELP = (
    "复盘 Coach — 销售复盘教练。不带子命令时打开应用。\n\n"
    "复盘 Coach — a terminal coach for the sales retrospective. With no subcommand it opens the app."
)


@click.group(
    cls=LazyGroup,
    invoke_without_command=True,
    help=HELP,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default=None,
    help="界面语言 / interface language (default: locale)",
)
@click.option("--profile", default=None, help="档案名 / profile name (default: your user name)")
@click.option(
    "--data-dir",
    default=None,
    type=click.Path(file_okay=False),
    help="数据根目录 / data root (else COACH_HOME)",
)
@click.option(
    "--content",
    multiple=True,
    type=click.Path(),
    help="额外内容目录 / extra content folder (repeatable; else COACH_CONTENT)",
)
@click.version_option(package_name="coach")
@click.pass_context
def cli(
    ctx: click.Context,
    lang: str | None,
    profile: str | None,
    data_dir: str | None,
    content: tuple[str, ...],
) -> None:
    lang = i18n.set_lang(lang)
    ctx.obj = CliContext(lang=lang, profile=profile, data_dir=data_dir, content=content)
    if ctx.invoked_subcommand is None:
        from coach.tui.launch import run_app

        run_app(ctx.obj)


_loaded: list[str] = []  # the modules registered so far (see LazyGroup)


def _load_commands() -> None:
    for name in COMMAND_MODULES:
        if name not in _loaded:
            _loaded.append(name)
            importlib.import_module(name).register(cli)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the console script and of `python -m coach`."""
    try:
        cli.main(args=argv, prog_name="coach", standalone_mode=True)
    except KeyboardInterrupt:
        sys.exit(130)
