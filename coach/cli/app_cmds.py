"""Commands that open the app somewhere other than its first screen."""

from __future__ import annotations

import click

from coach.cli.context import CliContext


@click.command(
    "practice",
    help="直接打开一个案例开始练习（有草稿则继续）。\n\n"
    "Open a case straight into practice (continuing its draft if there is one).",
)
@click.argument("case_id")
@click.pass_obj
def practice_cmd(obj: CliContext, case_id: str) -> None:
    from coach.content import load_content
    from coach.content.reader import did_you_mean
    from coach.i18n import tr
    from coach.tui.launch import run_app

    cases = load_content(obj.content_dirs()).cases
    if case_id not in cases:
        raise click.ClickException(
            tr("没有 id 为 '{c}' 的案例", "no case with id '{c}'", c=case_id)
            + did_you_mean(case_id, cases)
        )
    run_app(obj, start_case=case_id, practice=True)


def register(group: click.Group) -> None:
    group.add_command(practice_cmd)
