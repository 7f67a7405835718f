"""The salesperson's deal log from the shell: `coach deals add "…"`, `coach deals list` and
`coach deals import FILE`."""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path
from typing import Any

import click

from coach.cli import BilingualGroup
from coach.cli.context import CliContext
from coach.domain.records import Deal
from coach.i18n import tr

_FIELD_CHOICES = (
    "note",
    "date",
    "client",
    "product",
    "loss_reason",
    "competitor",
    "owner",
    "stage",
    "skip",
)


class _Fail(click.ClickException):
    """One line on stderr, exit 1, no traceback (same as coach.cli.CoachError)."""

    def format_message(self) -> str:
        return self.message


def _interactive(yes: bool) -> bool:
    return not yes and sys.stdin.isatty() and sys.stdout.isatty()


def _open_store(obj: CliContext, read_only: bool = False):
    """The profile's store; read-only: None when the profile does not exist yet (nothing held)."""
    from coach.store import StoreError, open_store
    from coach.store.layout import PROFILE_FILE
    from coach.store.profiles import profile_dir

    try:
        if (
            read_only
            and not (profile_dir(obj.data_root, obj.profile_name) / PROFILE_FILE).is_file()
        ):
            return None
        return open_store(
            obj.data_root, obj.profile_name, read_only=read_only, daily_backup=not read_only
        )
    except StoreError as exc:
        raise _Fail(str(exc)) from None


def _amount_text(value: float) -> str:
    """1200000 → ``1,200,000``; 1234.5 → ``1,234.5``: never ``1.2e+06``."""
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _describe(deal: Deal) -> list[str]:
    amount = "" if deal.amount is None else _amount_text(deal.amount)
    outcome = {
        "won": tr("赢单", "won"),
        "lost": tr("丢单", "lost"),
        "open": tr("跟进中", "open"),
    }[deal.outcome]
    loss = {
        "competitor": tr("输给竞品", "to a competitor"),
        "no_decision": tr("客户无决定", "no decision"),
        # a reason written out is shown on its own row: not "unknown" next to it
        "unknown": "" if deal.loss_reason else tr("原因未知", "reason unknown"),
    }.get(deal.loss_type, "")
    rows = [
        (tr("客户", "client"), deal.client),
        (tr("产品", "product"), deal.product),
        (tr("金额", "amount"), f"{amount} {deal.currency}" if amount else ""),
        (tr("结果", "outcome"), f"{outcome} {loss}".strip()),
        (tr("竞争对手", "competitor"), deal.competitor),
        (tr("阶段", "stage"), deal.stage),
        (tr("开始", "opened"), deal.opened),
        (tr("结束", "closed"), deal.closed),
        (tr("丢单原因", "loss reason"), deal.loss_reason),
        (tr("负责人", "owner"), deal.owner),
        (tr("标签", "tags"), " ".join(f"#{t}" for t in deal.tags)),
        (tr("备注", "notes"), deal.notes.replace("\n", " / ")),
    ]
    return [f"  {label}: {value}" for label, value in rows if value]


@click.group(
    "deals",
    cls=BilingualGroup,
    help="交易记录：一行记下一笔交易、列出交易，或导入 CRM 导出文件。\n\n"
    "The deal log: capture a deal in one line, list deals, or import a CRM export.",
)
def deals_group() -> None:
    pass


@deals_group.command(
    "add",
    help='一行记下一笔交易，例如：coach deals add "王女士 增额终身寿险 50万 赢单 2025-03-12 #开门红"\n\n'
    'Capture a deal in one line, e.g. coach deals add "Mr Smith term life $1.2k won 2025-03-12 #q1".',
)
@click.argument("text", nargs=-1, required=True)
@click.option(
    "--yes",
    "-y",
    is_flag=True,
    help="不提问，无法识别的词存为备注 / ask nothing; keep unplaced words as notes",
)
@click.option("--dry-run", is_flag=True, help="只显示，不保存 / show, do not save")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    help="输出格式 / output format",
)
@click.pass_obj
def add_cmd(obj: CliContext, text: tuple[str, ...], yes: bool, dry_run: bool, fmt: str) -> None:
    from coach.domain.capture import parse_capture

    today = _today()
    line = " ".join(text).strip()
    if not line:
        raise _Fail(
            tr(
                "请写下这笔交易，例如：王女士 年金 50万 赢单",
                "describe the deal, e.g.: Mr Smith annuity $5k won",
            )
        )
    cap = parse_capture(line, today=today)
    deal = cap.deal
    ask = _interactive(yes) and fmt == "text"
    leftovers: list[str] = []
    for word in cap.unplaced:
        if not ask:
            leftovers.append(word)
            continue
        choice = click.prompt(
            tr("“{w}” 是什么？", "what is “{w}”?", w=word),
            type=click.Choice(_FIELD_CHOICES),
            default="note",
        )
        if choice == "note":
            leftovers.append(word)
        elif choice == "date":
            _set_date(deal, word, today)
        elif choice != "skip":
            current = getattr(deal, choice)
            setattr(deal, choice, f"{current} {word}".strip() if current else word)
    if leftovers:
        deal.notes = " ".join([deal.notes, *leftovers]).strip()
    if deal.outcome == "lost" and deal.loss_type == "unknown" and deal.loss_reason:
        from coach.domain.values import loss_type_from_reason

        deal.loss_type = loss_type_from_reason(deal.loss_reason) or "unknown"
    if ask:
        if not deal.client:
            deal.client = click.prompt(tr("客户", "client"), default="", show_default=False).strip()
        if not deal.product:
            deal.product = click.prompt(
                tr("产品", "product"), default="", show_default=False
            ).strip()
    if not (deal.client or deal.product or deal.amount is not None):
        raise _Fail(
            tr(
                "没有看出客户、产品或金额：{t}",
                "found no client, product or amount in: {t}",
                t=line,
            )
        )
    if not dry_run:
        store = _open_store(obj)
        try:
            deal = store.deals.save(deal)
        except Exception as exc:  # StoreError and friends carry a one-line message
            raise _Fail(str(exc)) from None
        finally:
            store.close()
    if fmt == "json":
        click.echo(json.dumps(deal.to_data(), ensure_ascii=False, indent=2))
        return
    head = (
        tr("未保存（--dry-run）：", "not saved (--dry-run):")
        if dry_run
        else tr("已保存：", "saved:")
    )
    click.echo(head)
    for row in _describe(deal):
        click.echo(row)
    if leftovers:
        click.echo(
            tr(
                "未能识别、已存为备注：{w}",
                "not placed, kept as a note: {w}",
                w=" ".join(leftovers),
            )
        )


#: The columns of `coach deals list --format csv` (and the keys of its JSON), in order.
_LIST_FIELDS = (
    "id", "date", "client", "product", "amount", "currency", "outcome", "loss_type", "stage",
    "opened", "closed", "loss_reason", "competitor", "owner", "tags", "notes",
)  # fmt: skip


def _list_title(name: str) -> str:
    return {
        "id": tr("编号", "ID"),
        "date": tr("日期", "Date"),
        "client": tr("客户", "Client"),
        "product": tr("产品", "Product"),
        "amount": tr("金额", "Amount"),
        "currency": tr("币种", "Currency"),
        "outcome": tr("结果", "Outcome"),
        "loss_type": tr("丢单类型", "Loss type"),
        "stage": tr("阶段", "Stage"),
        "opened": tr("开始", "Opened"),
        "closed": tr("结束", "Closed"),
        "loss_reason": tr("丢单原因", "Loss reason"),
        "competitor": tr("竞争对手", "Competitor"),
        "owner": tr("负责人", "Owner"),
        "tags": tr("标签", "Tags"),
        "notes": tr("备注", "Notes"),
    }[name]


def _deal_date(deal: Deal) -> str:
    """The day a deal belongs to, as in a period report: a won or lost deal by its close (else
    its opening), an open deal by its opening (else its close)."""
    if deal.outcome in ("won", "lost"):
        return deal.closed or deal.opened
    return deal.opened or deal.closed


def _cells(text: str) -> int:
    """Terminal cells ``text`` takes: CJK and full-width characters two, combining marks none."""
    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
        for c in text
    )


def _fit(text: str, width: int, right: bool = False) -> str:
    """``text`` cut (with …) or padded to ``width`` cells."""
    text = " ".join(text.split())
    if _cells(text) > width:
        out, used = "", 0
        for c in text:
            if used + _cells(c) > width - 1:
                break
            out, used = out + c, used + _cells(c)
        text = out + "…"
    pad = " " * max(0, width - _cells(text))
    return pad + text if right else text + pad


_LIST_MAX_WIDTH = 30  # a client or product longer than this is cut with … in the table


def _table(deals: list[Deal]) -> list[str]:
    outcome = {"won": tr("赢单", "won"), "lost": tr("丢单", "lost"), "open": tr("跟进中", "open")}
    cols = ("date", "outcome", "amount", "client", "product", "tags")
    rows = [
        [
            _deal_date(d) or "-",
            outcome.get(d.outcome, d.outcome),
            "" if d.amount is None else f"{_amount_text(d.amount)} {d.currency}",
            d.client,
            d.product,
            " ".join(f"#{t}" for t in d.tags),
        ]
        for d in deals
    ]
    titles = [_list_title(c) for c in cols]
    widths = [
        min(_LIST_MAX_WIDTH, max([_cells(t)] + [_cells(" ".join(r[k].split())) for r in rows]))
        for k, t in enumerate(titles)
    ]
    right = [c == "amount" for c in cols]

    def line(cells: list[str]) -> str:
        return "  ".join(_fit(c, w, r) for c, w, r in zip(cells, widths, right, strict=True))

    out = [line(titles).rstrip(), "  ".join("-" * w for w in widths)]
    out += [line(r).rstrip() for r in rows]
    return out


def _list_row(deal: Deal) -> dict[str, Any]:
    data = {name: getattr(deal, name, "") for name in _LIST_FIELDS if name != "date"}
    data["date"] = _deal_date(deal)
    return {name: data[name] for name in _LIST_FIELDS}


@deals_group.command(
    "list",
    help="列出交易，最新的在前；可按结果、期间、标签筛选。期间按成交日期（跟进中的按开始日期）。\n\n"
    "List deals, newest first; filter by outcome, period or tag. A period holds a won or lost "
    "deal by its close date, an open deal by its opening date.",
)
@click.option(
    "--outcome",
    type=click.Choice(["won", "lost", "open"]),
    default=None,
    help="只列出此结果 / only this outcome",
)
@click.option(
    "--period",
    default=None,
    metavar="PERIOD",
    help="期间，如 2025-Q2、2025-03、2025、2025-W14、2025-03-01..2025-05-31 / "
    "a period, e.g. 2025-Q2, 2025-03, 2025, 2025-W14, 2025-03-01..2025-05-31",
)
@click.option("--tag", "tags", multiple=True, help="带此标签（可重复）/ with this tag (repeatable)")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    help="输出格式 / output format",
)
@click.pass_obj
def list_cmd(
    obj: CliContext, outcome: str | None, period: str | None, tags: tuple[str, ...], fmt: str
) -> None:
    span = None
    if period is not None:
        from coach.analysis.period import PeriodError, parse_period

        try:
            span = parse_period(period)
        except PeriodError as exc:
            raise _Fail(str(exc)) from None
    wanted = [t.strip().lstrip("#").casefold() for t in tags if t.strip().lstrip("#")]
    store = _open_store(obj, read_only=True)
    try:
        deals = store.deals.list() if store else []
    finally:
        if store:
            store.close()
    if outcome:
        deals = [d for d in deals if d.outcome == outcome]
    if wanted:
        deals = [d for d in deals if all(w in {t.casefold() for t in d.tags} for w in wanted)]
    if span is not None:
        first, last = span.start.isoformat(), span.end.isoformat()
        deals = [d for d in deals if first <= _deal_date(d)[:10] <= last and _deal_date(d)]
    # newest first; deals without a date last
    deals.sort(key=lambda d: _deal_date(d), reverse=True)
    deals.sort(key=lambda d: not _deal_date(d))
    if fmt == "json":
        click.echo(json.dumps([_list_row(d) for d in deals], ensure_ascii=False, indent=2))
        return
    if fmt == "csv":
        import csv
        import io

        from coach.io.report import csv_safe

        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow([_list_title(n) for n in _LIST_FIELDS])
        for d in deals:
            row = _list_row(d)
            row["tags"] = " ".join(row["tags"])
            if isinstance(row["amount"], float) and row["amount"].is_integer():
                row["amount"] = int(row["amount"])  # 500000, not 500000.0
            writer.writerow([csv_safe("" if row[n] is None else row[n]) for n in _LIST_FIELDS])
        click.echo(buf.getvalue(), nl=False)
        return
    if not deals:
        click.echo(tr("没有符合条件的交易。", "no deals match."))
        return
    for row in _table(deals):
        click.echo(row)
    click.echo(tr("共 {n} 笔交易。", "{n} deals.", n=len(deals)))


def _today():
    """Today's date (a function, so that tests can set the day)."""
    import datetime as dt

    return dt.date.today()


def _set_date(deal: Deal, word: str, today: Any) -> None:
    """The date the user said a word is: the close of a won or lost deal, else its opening; a
    word that does not read as a date is asked for again."""
    from coach.domain.capture import date_of

    day = date_of(word, today)
    while day is None:
        answer = click.prompt(
            tr(
                "“{w}” 是哪一天？（如 2025-03-14、上周五、昨天）",
                "which day is “{w}”? (e.g. 2025-03-14, last Friday, yesterday)",
                w=word,
            )
        )
        day = date_of(answer, today)
    if deal.outcome in ("won", "lost"):
        deal.closed = day
    else:
        deal.opened = day


@deals_group.command(
    "import",
    help="导入 CRM 导出的 CSV 或 XLSX：先预览列对应和前几行，再写入；每一行都有交代。\n\n"
    "Import a CRM export (CSV or XLSX): preview the column mapping and first rows, then write; "
    "every row is accounted for.",
)
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--map",
    "mapping",
    multiple=True,
    metavar="COLUMN=FIELD",
    help="指定列对应的字段（可重复；字段为 - 表示不导入）/ map a column to a field (repeatable; - leaves it out)",
)
@click.option("--sheet", default=None, help="XLSX 的工作表 / the XLSX sheet to read")
@click.option(
    "--dayfirst/--monthfirst",
    "dayfirst",
    default=None,
    help="03/10/25 是 日/月 还是 月/日 / read 03/10/25 day-first or month-first",
)
@click.option(
    "--currency",
    default="CNY",
    show_default=True,
    help="未注明币种的金额 / currency of amounts that do not say",
)
@click.option("--yes", "-y", is_flag=True, help="不提问，直接写入 / write without asking")
@click.option(
    "--dry-run", is_flag=True, help="只预览和统计，不写入 / preview and count, write nothing"
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    help="输出格式 / output format",
)
@click.pass_obj
def import_cmd(
    obj: CliContext,
    file: Path,
    mapping: tuple[str, ...],
    sheet: str | None,
    dayfirst: bool | None,
    currency: str,
    yes: bool,
    dry_run: bool,
    fmt: str,
) -> None:
    from coach.io.columns import MappingError, parse_map_options
    from coach.io.deals_import import (
        ImportFileError,
        ImportOptions,
        ImportQuestionError,
        apply_import,
        plan_import,
        preview_import,
    )

    try:
        options = ImportOptions(
            mapping=parse_map_options(mapping),
            sheet=sheet,
            dayfirst=dayfirst,
            currency=currency.strip().upper() or "CNY",
        )
        preview = preview_import(file, options)
        ask = _interactive(yes) and fmt == "text"
        while preview.questions:
            question = preview.questions[0]
            if not ask:
                raise _Fail(_question_hint(question, file))
            if question.kind == "date_column" and not question.choices:
                raise _Fail(question.message)  # no column left to choose: --map says it
            answer = click.prompt(question.message, type=click.Choice(question.choices))
            if question.kind == "sheet":
                options.sheet = answer
            elif question.kind == "date_column":
                options.mapping[answer] = "closed"
            else:
                options.dayfirst = answer == "dayfirst"
            preview = preview_import(file, options)
    except (ImportFileError, MappingError) as exc:
        raise _Fail(str(exc)) from None

    text = fmt == "text"
    if text:
        _show_preview(preview)
    # A dry run writes nothing: it reads the store read-only, so it also works on a store that
    # cannot be written (a read-only disk or folder), and on a profile not made yet.
    store = _open_store(obj, read_only=dry_run)
    try:
        try:
            plan = plan_import(preview, store.deals.list() if store else [])
        except ImportQuestionError as exc:  # a question only the whole file raises
            hint = (
                tr(
                    "（用 --dayfirst 或 --monthfirst 指定）",
                    " (say which with --dayfirst or --monthfirst)",
                )
                if exc.kind == "dayfirst"
                else ""
            )
            raise _Fail(f"{file}: {exc}{hint}") from None
        if text:
            for problem in plan.rejected:
                click.echo(tr("拒绝 ", "rejected ") + str(problem))
            for problem in plan.warnings:
                click.echo(tr("注意 ", "note ") + str(problem))
            click.echo(plan.summary())
        to_write = len(plan.new) + len(plan.updated)
        if dry_run or not to_write:
            if text:
                click.echo(
                    tr("未写入任何内容。", "nothing written.")
                    if dry_run or to_write
                    else tr("无需写入。", "nothing to write.")
                )
            if not text:
                click.echo(
                    json.dumps(_plan_data(plan, written=False), ensure_ascii=False, indent=2)
                )
            return
        if not yes:
            if not _interactive(yes):
                raise _Fail(
                    tr(
                        "将写入 {n} 笔交易；请加 --yes 确认（或 --dry-run 只预览）",
                        "would write {n} deals; add --yes to confirm (or --dry-run to preview)",
                        n=to_write,
                    )
                )
            if not click.confirm(
                tr("写入 {n} 笔交易？", "write {n} deals?", n=to_write), default=True
            ):
                click.echo(tr("已取消，未写入。", "cancelled; nothing written."))
                return
        try:
            if text and sys.stdout.isatty():
                with click.progressbar(length=to_write, label=tr("写入", "writing")) as bar:
                    last = [0]

                    def progress(done: int, total: int) -> None:
                        bar.update(done - last[0])
                        last[0] = done

                    apply_import(plan, store.deals, progress)
            else:
                apply_import(plan, store.deals)
        except Exception as exc:
            raise _Fail(
                tr(
                    "写入失败：{e}",
                    "writing failed: {e}",
                    e=str(exc).splitlines()[0] if str(exc) else type(exc).__name__,
                )
            ) from None
        if text:
            click.echo(
                tr(
                    "已写入：新增 {new}，更新 {upd}。",
                    "written: {new} new, {upd} updated.",
                    new=len(plan.new),
                    upd=len(plan.updated),
                )
            )
        else:
            click.echo(json.dumps(_plan_data(plan, written=True), ensure_ascii=False, indent=2))
    finally:
        if store:
            store.close()


def _question_hint(question: Any, file: Path) -> str:
    if question.kind == "sheet":
        return tr(
            "{f} 有多个工作表（{s}）；请用 --sheet 指定",
            "{f} has several sheets ({s}); choose one with --sheet",
            f=file.name,
            s=", ".join(question.choices),
        )
    if question.kind == "date_column":
        return question.message
    return tr(
        "{f}：列 {c} 的日期（如 {e}）无法判断日/月顺序；请加 --dayfirst 或 --monthfirst",
        "{f}: the dates in column {c} (e.g. {e}) could be day/month or month/day; "
        "add --dayfirst or --monthfirst",
        f=file.name,
        c=question.column,
        e=", ".join(question.examples),
    )


def _show_preview(preview: Any) -> None:
    table = preview.table
    how = (
        tr(
            "编码 {e}，分隔符 {d}",
            "encoding {e}, delimiter {d}",
            e=table.encoding,
            d=repr(table.delimiter),
        )
        if table.kind == "csv"
        else tr("工作表 {s}", "sheet {s}", s=table.sheet)
    )
    click.echo(
        tr(
            "{f}：{how}；表头在第 {h} 行；{n} 行数据",
            "{f}: {how}; header on line {h}; {n} data rows",
            f=preview.path.name,
            how=how,
            h=preview.header_line,
            n=preview.rows,
        )
    )
    click.echo(tr("列对应：", "columns:"))
    for line in preview.mapping_lines():
        click.echo(f"  {line}")
    click.echo(tr("前几行：", "first rows:"))
    for line, deal in preview.sample[:5]:
        amount = "" if deal.amount is None else f"{_amount_text(deal.amount)} {deal.currency}"
        parts = [
            deal.client or "-",
            deal.product or "-",
            amount,
            deal.outcome,
            deal.opened,
            deal.closed,
        ]
        click.echo(f"  {line}: " + " | ".join(p for p in parts if p))


def _plan_data(plan: Any, written: bool) -> dict[str, Any]:
    return {
        "file": str(plan.preview.path),
        "written": written,
        "counts": plan.counts(),
        "rejected": [{"line": p.line, "reason": p.message} for p in plan.rejected],
        "skipped": [{"line": p.line, "reason": p.message} for p in plan.skipped],
        "warnings": [{"line": p.line, "reason": p.message} for p in plan.warnings],
        "updated": [{"line": line, "fields": fields} for line, _, fields in plan.updated],
    }


def register(group: click.Group) -> None:
    group.add_command(deals_group)
