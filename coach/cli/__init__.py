"""The `coach` command: starts the app, or runs a subcommand.

Each area keeps its subcommands in its own module here (``content_cmds``, ``store_cmds`` …),
which exposes ``register(group)``. Errors become one line on stderr and a non-zero exit —
never a traceback.
"""

from __future__ import annotations

import importlib
import inspect
import sys
import unicodedata

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


def _help_paragraphs(command: click.Command) -> tuple[str, str]:
    """(Chinese, English) of a command's help, written as "中文…\n\nEnglish…"."""
    text = inspect.cleandoc(command.help or "")
    zh, _, en = text.partition("\n\n")
    return zh.strip(), (en.strip() or zh.strip())


def _cells(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _zh_short_help(text: str, limit: int) -> str:
    """The first sentence of Chinese help, cut (with …) to ``limit`` terminal cells."""
    text = " ".join(text.split())
    for stop in ("。", "；", ". "):
        if stop in text:
            text = text[: text.index(stop) + (len(stop) if stop != ". " else 1)]
    if _cells(text) <= limit:
        return text
    out = ""
    for c in text:
        if _cells(out + c) > limit - 1:
            break
        out += c
    return out + "…"


def _en_short_help(text: str, limit: int) -> str:
    """The first sentence of English help, cut at a word (with ...) to ``limit`` characters."""
    text = " ".join(text.split())
    if ". " in text:
        text = text[: text.index(". ") + 1]
    if len(text) <= limit:
        return text
    cut = text[: max(1, limit - 3)]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:") + "..."


def _short_help(text: str, zh: bool, limit: int) -> str:
    return _zh_short_help(text, limit) if zh else _en_short_help(text, limit)


#: Where ``ctx.meta`` (shared by a command and its subcommands) keeps the language --lang chose.
LANG_META_KEY = "coach.lang"


def command_summaries(command: click.Command, limit: int, lang: str | None) -> list[str]:
    """The one-line summary of ``command`` for a command listing: in ``lang`` (what --lang
    chose), else in both (Chinese, then English) — never in one only because it comes first."""
    if command.short_help:
        return [command.short_help]
    zh, en = _help_paragraphs(command)
    if lang:
        chosen_zh = lang == "zh"
        return [_short_help(zh if chosen_zh else en, chosen_zh, limit)]
    lines = [_short_help(zh, True, limit), _short_help(en, False, limit)]
    return [line for k, line in enumerate(lines) if line and line not in lines[:k]]


class BilingualGroup(click.Group):
    """A group whose command listing gives each summary in the chosen language, or in both."""

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        names = self.list_commands(ctx)
        commands = [
            (n, c) for n in names if (c := self.get_command(ctx, n)) is not None and not c.hidden
        ]
        if not commands:
            return
        limit = formatter.width - 6 - max(len(n) for n, _ in commands)
        rows: list[tuple[str, str]] = []
        for name, command in commands:
            lang = ctx.meta.get(LANG_META_KEY)
            for k, line in enumerate(command_summaries(command, limit, lang) or [""]):
                rows.append((name if k == 0 else "", line))
        with formatter.section(i18n.tr("命令", "Commands")):
            formatter.write_dl(rows)


class LazyGroup(BilingualGroup):
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
    is_eager=True,  # read before --help, so that `coach --lang en --help` is in English
    callback=lambda ctx, param, value: _choose_lang(ctx, value),
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


def _choose_lang(ctx: click.Context, value: str | None) -> str | None:
    if value:
        ctx.meta[LANG_META_KEY] = value
        i18n.set_lang(value)
    return value


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
