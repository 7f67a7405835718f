"""Instructor commands on content: `coach check PATH...`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from coach import paths
from coach.cli.context import CliContext
from coach.i18n import tr


@click.command(
    "check",
    help="像编译器一样检查题库、课程和框架，报告每一个问题。\n\n"
    "Check case banks, curricula and frameworks like a compiler: every problem, one line each.",
)
@click.argument("targets", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    help="输出格式 / output format",
)
@click.option("--no-cache", is_flag=True, help="不用缓存，全部重新检查 / ignore the cache")
@click.pass_obj
def check_cmd(obj: CliContext, targets: tuple[Path, ...], fmt: str, no_cache: bool) -> None:
    from coach.content import has_errors, load_content

    roots = list(targets) or obj.content_dirs()
    # The bundled content is context for an instructor's own folder that refers to it.
    context = [] if not targets else paths.bundled_content_dirs()
    index = load_content(roots, cache=not no_cache, shown=roots, context=context)
    diags = index.diagnostics
    if fmt == "json":
        click.echo(json.dumps([d.to_data() for d in diags], ensure_ascii=False, indent=2))
    else:
        for d in diags:
            click.echo(str(d))
    errors = sum(d.severity == "error" for d in diags)
    warnings = len(diags) - errors
    if fmt == "text":
        click.echo(
            tr(
                "{e} 个错误，{w} 个警告；{c} 个案例，{k} 个课程，{f} 个框架。",
                "{e} error(s), {w} warning(s); {c} case(s), {k} curricula, {f} framework(s).",
                e=errors,
                w=warnings,
                c=len(index.cases),
                k=len(index.curricula),
                f=len(index.frameworks),
            ),
            err=True,
        )
    sys.exit(1 if has_errors(diags) else 0)


def register(group: click.Group) -> None:
    group.add_command(check_cmd)
