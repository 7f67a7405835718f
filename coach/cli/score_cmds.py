"""Instructor command: `coach score CASE_ID FILE` — score an answer file and explain every point."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from coach.cli.context import CliContext
from coach.i18n import get_lang, tr


def _fail(message: str) -> None:
    from coach.cli import CoachError

    raise CoachError(message)


#: An answer file larger than this is refused unread (the engine's own limit is in characters).
MAX_ANSWER_FILE_BYTES = 16 << 20


def _read_answer_file(path: Path) -> str:
    from coach.store.errors import InputRefused
    from coach.store.jsonfile import read_input

    try:
        data = read_input(path, MAX_ANSWER_FILE_BYTES)
    except InputRefused as exc:
        _fail(str(exc))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        _fail(
            tr(
                "{p}：第 {b} 字节不是 UTF-8，请另存为 UTF-8。",
                "{p}: not UTF-8 at byte {b}; save it as UTF-8.",
                p=path,
                b=exc.start,
            )
        )
    return ""


@click.command(
    "score",
    help="给答案文件打分并逐条解释（Markdown，每个问题或步骤一个标题）。\n\n"
    "Score an answer file (Markdown, one heading per question or step) and explain every point.",
)
@click.argument("case_id")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    help="输出格式 / output format",
)
@click.option(
    "--today",
    default=None,
    metavar="YYYY-MM-DD",
    help="按这一天理解“下周五”等期限 / resolve due dates against this day",
)
@click.pass_obj
def score_cmd(obj: CliContext, case_id: str, file: Path, fmt: str, today: str | None) -> None:
    import json

    from coach.content import load_content
    from coach.review import answer_size_problem, parse_answer_markdown, review_answers
    from coach.review.report import feedback_lines

    day = None
    if today:
        try:
            day = date.fromisoformat(today)
        except ValueError:
            _fail(
                tr(
                    "--today：“{d}”不是 YYYY-MM-DD 日期",
                    '--today: "{d}" is not a YYYY-MM-DD date',
                    d=today,
                )
            )
    text = _read_answer_file(file)
    index = load_content(obj.content_dirs())
    case = index.cases.get(case_id)
    if case is None:
        from difflib import get_close_matches

        near = get_close_matches(case_id, list(index.cases), n=1)
        hint = tr("（是不是 {n}？）", " (did you mean {n}?)", n=near[0]) if near else ""
        _fail(tr("没有编号为“{c}”的案例{h}", 'no case with id "{c}"{h}', c=case_id, h=hint))
    framework = index.framework_for(case)
    bank = index.bank_of(case)
    answers, problems = parse_answer_markdown(text, case, framework)
    too_long = answer_size_problem(answers)
    if too_long:
        _fail(f"{file}: {too_long}")
    feedback = review_answers(
        case,
        framework,
        answers,
        lang=get_lang(),
        today=day or date.today(),
        extra_avoid=bank.avoid if bank else (),
        extra_must_say=bank.must_say if bank else (),
    )
    if fmt == "json":
        data = {"case": case_id, "file": str(file), "problems": problems, **feedback.to_data()}
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for p in problems:
        click.echo(f"{file}: {p}", err=True)
    for line in feedback_lines(feedback):
        click.echo(line)


def register(group: click.Group) -> None:
    group.add_command(score_cmd)
