"""`coach report`: a period review of the deal log, or one finished review, written to a file.

coach report --period 2025-Q2 --out q2.html      (.md .html .xlsx .csv)
coach report --period 2025 --rate USD=7.2 --season-years all --out 2025.xlsx
coach report --review REVIEW_ID --out review.md  (.md .html)
"""

from __future__ import annotations

from pathlib import Path

import click

from coach.cli.context import CliContext
from coach.i18n import tr


class _Fail(click.ClickException):
    """One line on stderr, exit 1, no traceback (same as coach.cli.CoachError)."""

    def format_message(self) -> str:
        return self.message


def _open_store(obj: CliContext):
    from coach.store import StoreError, open_store

    try:
        return open_store(obj.data_root, obj.profile_name, read_only=True, daily_backup=False)
    except StoreError as exc:
        raise _Fail(str(exc)) from None


@click.command(
    "report",
    help="期间复盘报告或一次复盘的导出。\n\n"
    "A period review of your deals, or one review, written as a report file.",
)
@click.option(
    "--period",
    default=None,
    help="期间 / period: 2025-Q2, 2025-03, 2025, 2025-W14, 2025-01-01..2025-03-31",
)
@click.option("--review", "review_id", default=None, help="复盘编号 / a review's id")
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="输出文件 / output file: .md .html .xlsx .csv",
)
@click.option(
    "--rate",
    "rates",
    multiple=True,
    metavar="CUR=RATE",
    help="汇率，把其他币种换算成主币种（可重复），如 USD=7.2；不给则分币种列出 / "
    "convert another currency into the main one (repeatable), e.g. USD=7.2; "
    "without it each currency is shown apart",
)
@click.option(
    "--season-years",
    default=None,
    metavar="YEARS",
    help="季节性用哪些年：2023、2023..2025、all（默认：期间所在的年份）/ "
    "the years seasonality uses: 2023, 2023..2025 or all (default: the period's years)",
)
@click.pass_obj
def report(
    obj: CliContext,
    period: str | None,
    review_id: str | None,
    out: Path,
    rates: tuple[str, ...],
    season_years: str | None,
) -> None:
    if bool(period) == bool(review_id):
        raise _Fail(
            tr("请给出 --period 或 --review（二选一）", "Give either --period or --review (one)")
        )
    if review_id and (rates or season_years):
        raise _Fail(
            tr(
                "--rate 和 --season-years 只用于期间报告（--period）",
                "--rate and --season-years are for a period report (--period) only",
            )
        )
    from coach.io.report import ReportError

    try:
        if period:
            written = _period_report(obj, period, out, rates, season_years)
        else:
            written = _review_report(obj, review_id or "", out)
    except ReportError as exc:
        raise _Fail(str(exc)) from None
    click.echo(tr("已写入 {f}", "Written: {f}", f=written))


def _season_years(text: str | None) -> list[int] | str | None:
    """``2023`` / ``2023..2025`` / ``2023,2025`` / ``all`` → what period_review takes."""
    if text is None or text.strip().casefold() == "all":
        return None if text is None else "all"
    years: list[int] = []
    for part in text.replace("，", ",").split(","):
        a, sep, b = part.strip().partition("..")
        if not (a.isdigit() and len(a) == 4 and (not sep or (b.isdigit() and len(b) == 4))):
            raise _Fail(
                tr(
                    "看不懂 --season-years “{y}”：可以写 2023、2023..2025、2023,2025 或 all",
                    'Cannot read --season-years "{y}": use 2023, 2023..2025, 2023,2025 or all',
                    y=text,
                )
            )
        years += range(int(a), int(b if sep else a) + 1)
    return years


def _period_report(
    obj: CliContext, period: str, out: Path, rates: tuple[str, ...], season: str | None
) -> Path:
    from coach.analysis.period import PeriodError, parse_period, parse_rates, period_review
    from coach.io.report import write_period_report

    try:
        when = parse_period(period)
        rate_of = parse_rates(rates)
    except PeriodError as exc:
        raise _Fail(str(exc)) from None
    years = _season_years(season)
    with _open_store(obj) as store:
        deals = store.deals.list()
        reviews = [r for r in store.reviews.list() if r.status == "done"]
    review = period_review(deals, when, reviews, rates=rate_of, season_years=years)
    return write_period_report(review, out)


def _review_report(obj: CliContext, review_id: str, out: Path) -> Path:
    from coach.content import load_content
    from coach.io.report import write_review

    with _open_store(obj) as store:
        review = store.reviews.get(review_id)
        if review is None:
            raise _Fail(tr("没有这个复盘：{r}", "No such review: {r}", r=review_id))
        deals = [d for d in (store.deals.get(i) for i in review.deal_ids) if d]
        actions = [a for a in (store.actions.get(i) for i in review.action_ids) if a]
        carried_ids = review.extra.get("carried", [])
        carried = [a for a in (store.actions.get(i) for i in carried_ids) if a]
    framework = load_content(obj.content_dirs()).frameworks.get(review.framework_id)
    if framework is None:
        raise _Fail(tr("找不到复盘方法：{f}", "Framework not found: {f}", f=review.framework_id))
    return write_review(out, review, framework, deals, actions, carried, obj.lang)


def register(group: click.Group) -> None:
    group.add_command(report)
