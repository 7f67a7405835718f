"""Reports to share: a period review as Markdown, self-contained HTML (charts as inline SVG),
XLSX or CSV; a deal review as Markdown or HTML (markdown-it-py), fit to send to a manager.

Every file is written whole or not at all (temp file, fsync, rename; mode 0600), so a full disk
never leaves a cut-short report in place of the old one.

Everything a person typed (products, owners, reasons, causes, answers) is escaped: HTML through
``html.escape``, Markdown through markdown-it with raw HTML and images turned off, so a hostile
cell can neither run script nor pull in a remote picture.
"""

from __future__ import annotations

import csv
import html
import io
import math
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from coach.analysis.period import NOT_RECORDED, PeriodReview
from coach.domain.content import CAUSE_CATEGORIES, Framework
from coach.domain.records import Action, Deal, Review
from coach.i18n import tr
from coach.io.sheets import sheet_titles

FORMATS = (".md", ".html", ".xlsx", ".csv")


class ReportError(ValueError):
    """A report that cannot be written; the message names the file and why."""


# --- numbers and labels ------------------------------------------------------------------------


def pct(value: float | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"{value * 100:.1f}%"


def num(value: float | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.2f}"


def days(value: float | None) -> str:
    return "—" if value is None else tr("{d:.1f} 天", "{d:.1f} days", d=value)


def column_label(name: str) -> str:
    return {
        "deals": tr("笔数", "Deals"),
        "won": tr("赢单", "Won"),
        "lost": tr("丢单", "Lost"),
        "no_decision": tr("其中客户未决", "of which no decision"),
        "open": tr("跟进中", "Open"),
        "win_rate": tr("赢单率", "Win rate"),
        "won_amount": tr("赢单金额", "Won amount"),
        "target": tr("目标", "Target"),
        "reason": tr("丢单原因", "Loss reason"),
        "count": tr("次数", "Count"),
        "share": tr("占比", "Share"),
        "cumulative": tr("累计占比", "Cumulative"),
        "month": tr("月份", "Month"),
        "all": tr("各年合计", "All years"),
    }.get(name, name)


def cell_text(value: object) -> str:
    if value == NOT_RECORDED:
        return tr("（未记录）", "(not recorded)")
    return "" if value is None else str(value)


def _format_cell(column: str, value: object) -> str:
    if column in ("win_rate", "share", "cumulative") or column.isdigit() or column == "all":
        return pct(value)  # type: ignore[arg-type]
    if column in ("won_amount", "target"):
        return num(value)  # type: ignore[arg-type]
    if isinstance(value, float) and value.is_integer():
        return f"{value:.0f}"
    return cell_text(value)


#: How a summary figure is written: a count, a share, an amount, days, or text.
_FORMATTERS: dict[str, Callable[[object], str]] = {
    "int": lambda v: str(v),
    "pct": lambda v: pct(v),  # type: ignore[arg-type]
    "amount": lambda v: num(v),  # type: ignore[arg-type]
    "days": lambda v: days(v),  # type: ignore[arg-type]
    "text": lambda v: "—" if v is None else str(v),
}


def summary_values(r: PeriodReview) -> list[tuple[str, object, str]]:
    """(label, value, kind) per summary figure: the value as a number where it is one (the
    XLSX keeps it a number); ``summary_rows`` writes them out."""
    t = r.totals
    rows: list[tuple[str, object, str]] = [
        (tr("期间", "Period"), f"{r.period.label} ({r.period.start} – {r.period.end})", "text"),
        (tr("交易笔数", "Deals"), t.deals, "int"),
        (tr("赢单", "Won"), t.won, "int"),
        (tr("丢单", "Lost"), t.lost, "int"),
        (tr("其中输给竞争对手", "of which to a competitor"), t.lost_competitor, "int"),
        (tr("其中客户未决", "of which no decision"), t.lost_no_decision, "int"),
        (tr("其中原因未知", "of which reason unknown"), t.lost_unknown, "int"),
        (tr("跟进中", "Open"), t.open, "int"),
    ]
    if t.open:
        rows += [
            (
                tr("其中按开始日期计入", "of which placed by their open date"),
                t.open_by_opened,
                "int",
            ),
            (
                tr(
                    "其中没有开始日期、按唯一的日期计入（计为期末仍在跟进）",
                    "of which with no open date, placed by their only date (counted as still "
                    "open at the period's end)",
                ),
                t.open_by_only_date,
                "int",
            ),
        ]
    rows += [
        (tr("赢单率（赢 ÷（赢 + 丢））", "Win rate (won ÷ (won + lost))"), t.win_rate, "pct"),
        (
            tr("不计客户未决的赢单率", "Win rate leaving out no-decision losses"),
            t.win_rate_decided,
            "pct",
        ),
        (tr("赢单金额（{c}）", "Won amount ({c})", c=t.currency), t.won_amount, "amount"),
        (tr("目标（{c}）", "Target ({c})", c=t.currency), t.target or None, "amount"),
        (tr("目标完成率", "Attainment"), t.attainment, "pct"),
        (tr("丢单金额（{c}）", "Lost amount ({c})", c=t.currency), t.lost_amount, "amount"),
        (tr("跟进中金额（{c}）", "Open amount ({c})", c=t.currency), t.open_amount, "amount"),
        (tr("平均赢单金额", "Average won deal"), t.avg_won_amount, "amount"),
        (tr("平均成交周期", "Average cycle time"), t.avg_cycle_days, "days"),
        (tr("赢单平均周期", "Average cycle, won deals"), t.avg_cycle_won_days, "days"),
    ]
    if t.other_currency:
        rows.append(
            (
                tr("其他币种（金额未计入）", "Other currencies (amounts left out)"),
                t.other_currency,
                "int",
            )
        )
    rows += [
        (tr("其他期间的交易", "Deals in other periods"), t.other_periods, "int"),
        (tr("无日期的交易（不在任何期间）", "Deals with no date (in no period)"), t.no_date, "int"),
    ]
    if t.no_date:
        rows.append(
            (
                tr("其中赢单 / 丢单 / 跟进中", "of which won / lost / open"),
                f"{t.no_date_won} / {t.no_date_lost} / {t.no_date_open}",
                "text",
            )
        )
    rows.append(
        (
            tr(
                "记录中的交易（本期 + 其他期间 + 无日期）",
                "Deals in the log (this period + other periods + no date)",
            ),
            t.log_deals,
            "int",
        )
    )
    return rows


def summary_rows(r: PeriodReview) -> list[tuple[str, str]]:
    return [(label, _FORMATTERS[kind](value)) for label, value, kind in summary_values(r)]


def _tables(r: PeriodReview) -> list[tuple[str, str, pd.DataFrame]]:
    """(key, title, frame) for every table of the report, the index as the first column."""
    by_month = r.by_month.reset_index(names="month")
    by_product = r.by_product.reset_index(names=tr("产品", "Product"))
    by_owner = r.by_owner.reset_index(names=tr("负责人", "Owner"))
    seasonality = r.seasonality.reset_index()
    causes = pd.DataFrame(
        [(c.text, category_label(c.category), c.reviews) for c in r.recurring_causes],
        columns=[tr("原因", "Cause"), tr("类别", "Category"), tr("出现的复盘数", "Reviews")],
    )
    return [
        ("by_month", tr("按月", "By month"), by_month),
        ("by_product", tr("按产品", "By product"), by_product),
        ("by_owner", tr("按负责人", "By owner"), by_owner),
        ("pareto", tr("丢单原因（帕累托）", "Loss reasons (Pareto)"), r.pareto),
        (
            "seasonality",
            tr(
                "季节性：各月占全年赢单金额的比例",
                "Seasonality: each month's share of a year's won amount",
            ),
            seasonality,
        ),
        ("recurring_causes", tr("反复出现的原因", "Causes that recur across reviews"), causes),
    ] + (
        [(
            "no_date_by_owner",
            tr("无日期的交易（不在任何期间），按负责人", "Deals with no date (in no period), by owner"),
            r.no_date_by_owner.reset_index(names=tr("负责人", "Owner")),
        )]
        if not r.no_date_by_owner.empty
        else []
    )  # fmt: skip


def category_label(key: str) -> str:
    from coach.i18n import get_lang

    lt = CAUSE_CATEGORIES.get(key)
    return lt.get(get_lang()) if lt else (key or "—")


def _rows(frame: pd.DataFrame) -> tuple[list[str], list[list[str]]]:
    cols = [str(c) for c in frame.columns]
    headers = [column_label(c) for c in cols]
    body = [
        [_format_cell(c, v) for c, v in zip(cols, row, strict=True)]
        for row in frame.itertuples(index=False, name=None)
    ]
    return headers, body


# --- Markdown ------------------------------------------------------------------------------------


def md_cell(text: str) -> str:
    """Safe inside a Markdown table cell: no raw HTML, no column breaks, one line."""
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("|", "\\|")
        .replace("\r", " ")
        .replace("\n", " / ")
    )


def md_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    lines = [
        "| " + " | ".join(md_cell(h) for h in headers) + " |",
        "|" + "|".join("---" for _ in headers) + "|",
    ]
    lines += ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def period_markdown(r: PeriodReview) -> str:
    parts = [
        "# " + md_cell(tr("期间复盘：{p}", "Period review: {p}", p=r.period.label)),
        "",
        md_table([tr("指标", "Figure"), tr("数值", "Value")], summary_rows(r)),
    ]
    for _key, title, frame in _tables(r):
        parts += ["", f"## {title}", ""]
        if frame.empty:
            parts.append(tr("（没有数据）", "(no data)"))
            continue
        parts.append(md_table(*_rows(frame)))
    if r.cause_categories:
        parts += ["", "## " + tr("原因类别", "Cause categories"), ""]
        parts.append(
            md_table(
                [tr("类别", "Category"), tr("原因数", "Causes")],
                [(category_label(k), str(v)) for k, v in r.cause_categories.items()],
            )
        )
    return "\n".join(parts) + "\n"


# --- HTML ------------------------------------------------------------------------------------

_CSS = """
body{font-family:-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei",sans-serif;
max-width:960px;margin:2em auto;padding:0 1em;color:#222;line-height:1.5}
h1{border-bottom:2px solid #2a6f97;padding-bottom:.3em}h2{color:#2a6f97;margin-top:1.6em}
table{border-collapse:collapse;margin:.6em 0}th,td{border:1px solid #ccc;padding:.25em .6em;
text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#eef4f8}
svg{display:block;margin:.6em 0}.bar{fill:#2a6f97}.bar2{fill:#c8553d}.line{stroke:#c8553d;
fill:none;stroke-width:2}.lbl{font-size:12px;fill:#222}.muted{color:#666;font-size:.9em}
"""


def esc(text: object) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def html_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = []
    for row in rows:
        cells = []
        for i, c in enumerate(row):
            numeric = i > 0 and (c[:1].isdigit() or (c[:1] == "-" and c[1:2].isdigit()))
            cls = ' class="n"' if numeric else ""
            cells.append(f"<td{cls}>{esc(c)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def svg_bars(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str,
    fmt: Callable[[float], str] = num,
    line: Sequence[float] | None = None,
) -> str:
    """Horizontal bars (and an optional cumulative line, 0..1, drawn across them) as inline SVG."""
    n = len(values)
    if not n:
        return ""
    row, left, width, bar_w = 22, 170, 640, 360
    height = n * row + 30
    top = max((v for v in values if v == v), default=0.0) or 1.0
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'role="img" aria-label="{esc(title)}"><title>{esc(title)}</title>'
    ]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = 10 + i * row
        v = 0.0 if value != value else float(value)
        w = max(v / top * bar_w, 0.0)
        short = label if len(label) <= 22 else label[:21] + "…"
        out.append(
            f'<text class="lbl" x="{left - 6}" y="{y + 14}" text-anchor="end">{esc(short)}</text>'
            f'<rect class="bar" x="{left}" y="{y + 2}" width="{w:.1f}" height="{row - 6}"/>'
            f'<text class="lbl" x="{left + w + 4:.1f}" y="{y + 14}">{esc(fmt(v))}</text>'
        )
    if line:
        pts = " ".join(
            f"{left + (c if c == c else 0) * bar_w:.1f},{10 + i * row + row / 2:.1f}"
            for i, c in enumerate(line)
        )
        out.append(f'<polyline class="line" points="{pts}"/>')
    out.append("</svg>")
    return "".join(out)


def _charts(r: PeriodReview) -> dict[str, str]:
    charts: dict[str, str] = {}
    if not r.by_month.empty:
        charts["by_month"] = svg_bars(
            [str(i) for i in r.by_month.index],
            list(r.by_month["won_amount"]),
            title=tr("每月赢单金额", "Won amount by month"),
        )
    if not r.by_product.empty:
        charts["by_product"] = svg_bars(
            [cell_text(i) for i in r.by_product.index],
            list(r.by_product["won_amount"]),
            title=tr("各产品赢单金额", "Won amount by product"),
        )
    if not r.pareto.empty:
        charts["pareto"] = svg_bars(
            [cell_text(x) for x in r.pareto["reason"]],
            list(r.pareto["count"]),
            title=tr("丢单原因", "Loss reasons"),
            line=list(r.pareto["cumulative"]),
        )
    if "all" in r.seasonality and r.seasonality["all"].notna().any():
        charts["seasonality"] = svg_bars(
            [str(m) for m in r.seasonality.index],
            list(r.seasonality["all"]),
            title=tr("各月占比（各年合计）", "Share by calendar month (all years)"),
            fmt=pct,
        )
    return charts


def html_page(title: str, body: str) -> str:
    from coach.i18n import get_lang

    lang = "zh-CN" if get_lang() == "zh" else "en"
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{esc(title)}</title><style>{_CSS}</style></head><body>\n{body}\n</body></html>\n"
    )


def period_html(r: PeriodReview) -> str:
    title = tr("期间复盘：{p}", "Period review: {p}", p=r.period.label)
    charts = _charts(r)
    parts = [
        f"<h1>{esc(title)}</h1>",
        html_table([tr("指标", "Figure"), tr("数值", "Value")], summary_rows(r)),
    ]
    for key, heading, frame in _tables(r):
        parts.append(f"<h2>{esc(heading)}</h2>")
        if frame.empty:
            parts.append(f'<p class="muted">{esc(tr("（没有数据）", "(no data)"))}</p>')
            continue
        parts.append(charts.get(key, ""))
        parts.append(html_table(*_rows(frame)))
    return html_page(title, "\n".join(parts))


# --- CSV and XLSX ------------------------------------------------------------------------------


def period_long_rows(r: PeriodReview) -> list[tuple[str, str, str, object]]:
    """Every figure as (table, row, column, value): one tidy table any tool can read."""
    out: list[tuple[str, str, str, object]] = []
    t = r.totals
    for name in [
        "deals",
        "won",
        "lost",
        "lost_competitor",
        "lost_no_decision",
        "lost_unknown",
        "open",
        "open_by_opened",
        "open_by_only_date",
        "win_rate",
        "win_rate_decided",
        "won_amount",
        "lost_amount",
        "open_amount",
        "target",
        "attainment",
        "avg_won_amount",
        "avg_cycle_days",
        "avg_cycle_won_days",
        "other_currency",
        "other_periods",
        "no_date",
        "no_date_won",
        "no_date_lost",
        "no_date_open",
        "log_deals",
    ]:
        out.append(("summary", "", name, getattr(t, name)))
    out.append(("summary", "", "currency", t.currency))
    out.append(("summary", "", "period_start", r.period.start.isoformat()))
    out.append(("summary", "", "period_end", r.period.end.isoformat()))
    frames = {
        "by_month": r.by_month,
        "by_product": r.by_product,
        "by_owner": r.by_owner,
        "pareto": r.pareto.set_index("reason"),
        "seasonality": r.seasonality,
        "no_date_by_owner": r.no_date_by_owner,
    }
    for table, frame in frames.items():
        for idx, row in zip(frame.index, frame.itertuples(index=False, name=None), strict=True):
            for col, value in zip(frame.columns, row, strict=True):
                out.append((table, str(idx), str(col), _plain(value)))
    for c in r.recurring_causes:
        out.append(("recurring_causes", c.text, c.category or "", c.reviews))
    return out


def _plain(value: object) -> object:
    if isinstance(value, float) and math.isnan(value):
        return ""
    if hasattr(value, "item"):
        return value.item()  # type: ignore[union-attr]
    return value


_CSV_INJECTION = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: object) -> object:
    """Text that a spreadsheet would run as a formula is kept as text (leading apostrophe)."""
    if isinstance(value, str) and value.startswith(_CSV_INJECTION):
        return "'" + value
    return value


def period_csv(r: PeriodReview) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["table", "row", "column", "value"])
    for row in period_long_rows(r):
        w.writerow([csv_safe(v) for v in row])
    return buf.getvalue()


#: Excel number formats of the summary's figures, by kind.
_XLSX_FORMATS = {"int": "0", "pct": "0.0%", "amount": "#,##0.00", "days": "0.0"}


def period_xlsx(r: PeriodReview) -> bytes:
    """The workbook: the summary with its figures as numbers (formatted, not text), then one
    sheet per table."""
    values = summary_values(r)
    summary = pd.DataFrame(
        [(label, value) for label, value, _ in values],
        columns=[tr("指标", "Figure"), tr("数值", "Value")],
    )
    tables = _tables(r)
    name, *titles = sheet_titles([tr("概要", "Summary"), *(title for _, title, _ in tables)])
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xl:
        summary.to_excel(xl, sheet_name=name, index=False)
        sheet = xl.sheets[name]
        for row, (_label, _value, kind) in enumerate(values, start=2):
            if kind in _XLSX_FORMATS:
                sheet.cell(row=row, column=2).number_format = _XLSX_FORMATS[kind]
        for (_key, _title, frame), title in zip(tables, titles, strict=True):
            out = frame.rename(columns={c: column_label(str(c)) for c in frame.columns})
            out = out.map(lambda v: csv_safe(cell_text(v)) if isinstance(v, str) else v)
            out.to_excel(xl, sheet_name=title, index=False)
    return buf.getvalue()


def write_period_xlsx(r: PeriodReview, path: Path) -> None:
    _write_file(path, period_xlsx(r))


def _write_file(path: Path, data: bytes) -> None:
    """Temp file, fsync, rename (0600): a full disk leaves the old report whole, never half a
    new one."""
    from coach.store.errors import StoreWriteFailed
    from coach.store.jsonfile import write_bytes_atomic

    try:
        write_bytes_atomic(path, data)
    except StoreWriteFailed as exc:
        cause = exc.__cause__
        why = getattr(cause, "strerror", None) or cause or exc
        raise ReportError(
            tr("{f}：写不进去：{e}", "{f}: cannot write: {e}", f=path, e=why)
        ) from None


def write_period_report(r: PeriodReview, path: Path) -> Path:
    """Write the report in the format the file name asks for (.md .html .xlsx .csv)."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ReportError(
            tr(
                "{f}：不支持的格式，请用 .md、.html、.xlsx 或 .csv",
                "{f}: unsupported format; use .md, .html, .xlsx or .csv",
                f=path,
            )
        )
    if suffix == ".xlsx":
        data = period_xlsx(r)
    else:
        text = {".md": period_markdown, ".html": period_html, ".csv": period_csv}[suffix](r)
        data = text.encode("utf-8")
    _write_file(path, data)
    return path


# --- a deal review -----------------------------------------------------------------------------


def _md_text(text: str) -> str:
    """A person's answer as Markdown paragraphs; raw HTML is shown as text, never run."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").strip()


def review_markdown(
    review: Review,
    framework: Framework,
    deals: Sequence[Deal] = (),
    actions: Sequence[Action] = (),
    carried: Sequence[Action] = (),
    lang: str = "zh",
) -> str:
    from coach.deal_review.facts import fmt_amount, outcome_label
    from coach.deal_review.tracking import worked_label

    title = review.title or tr("交易复盘", "Deal review")
    parts = ["# " + md_cell(tr("复盘：{t}", "Review: {t}", t=title)), ""]
    meta = [
        tr("方法：{f}", "Framework: {f}", f=framework.title.get(lang)),
        tr(
            "日期：{d}", "Date: {d}", d=(review.extra.get("finished") or review.updated)[:10] or "—"
        ),
    ]
    if review.period:
        meta.append(tr("期间：{p}", "Period: {p}", p=review.period))
    if review.extra.get("score") is not None:
        meta.append(tr("复盘质量得分：{s}", "Review quality score: {s}", s=review.extra["score"]))
    parts += [f"- {md_cell(m)}" for m in meta]
    if deals:
        parts += ["", "## " + tr("交易", "Deals"), ""]
        parts.append(
            md_table(
                [
                    tr("客户", "Client"),
                    tr("产品", "Product"),
                    tr("金额", "Amount"),
                    tr("结果", "Outcome"),
                    tr("结束", "Closed"),
                ],
                [
                    (
                        d.client,
                        d.product,
                        fmt_amount(d.amount, d.currency),
                        outcome_label(d),
                        d.closed,
                    )
                    for d in deals
                ],
            )
        )
    if carried:
        parts += ["", "## " + tr("上次复盘的措施", "Actions carried over from the last review"), ""]
        parts.append(_actions_table(carried, worked_label))
    for step in framework.steps:
        text = review.answers.text.get(step.id, "").strip()
        parts += ["", f"## {md_cell(step.title.get(lang))}", ""]
        parts.append(_md_text(text) if text else tr("（未填写）", "(not written)"))
    causes = [c for cs in review.answers.causes.values() for c in cs]
    if causes:
        parts += ["", "## " + tr("原因与追问", "Causes and why-chains"), ""]
        parts.append(
            md_table(
                [
                    tr("类别", "Category"),
                    tr("原因", "Cause"),
                    tr("为什么", "Why"),
                    tr("证据", "Evidence"),
                ],
                [
                    (category_label(c.category), c.text, " → ".join(c.whys), c.evidence)
                    for c in causes
                ],
            )
        )
    if review.lessons:
        parts += ["", "## " + tr("经验", "Lessons"), ""]
        parts += [f"- {md_cell(x)}" for x in review.lessons]
    if actions:
        parts += ["", "## " + tr("改进措施", "Improvement actions"), ""]
        parts.append(_actions_table(actions, worked_label))
    return "\n".join(parts) + "\n"


def _actions_table(actions: Sequence[Action], worked_label: Callable[[int | None], str]) -> str:
    status = {
        "open": tr("进行中", "open"),
        "done": tr("已完成", "done"),
        "dropped": tr("已放弃", "dropped"),
    }
    return md_table(
        [
            tr("措施", "Action"),
            tr("负责人", "Owner"),
            tr("期限", "Due"),
            tr("衡量标准", "Measure"),
            tr("状态", "Status"),
            tr("效果", "Worked"),
        ],
        [
            (
                a.text,
                a.owner,
                a.due,
                a.measure,
                status.get(a.status, a.status),
                worked_label(a.worked) if a.status == "done" else "",
            )
            for a in actions
        ],
    )


def markdown_to_html(text: str) -> str:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
    md.disable("image")
    return md.render(text)


def review_html(
    review: Review,
    framework: Framework,
    deals: Sequence[Deal] = (),
    actions: Sequence[Action] = (),
    carried: Sequence[Action] = (),
    lang: str = "zh",
) -> str:
    body = markdown_to_html(review_markdown(review, framework, deals, actions, carried, lang))
    title = tr("复盘：{t}", "Review: {t}", t=review.title or tr("交易复盘", "Deal review"))
    return html_page(title, body)


def write_review(
    path: Path,
    review: Review,
    framework: Framework,
    deals: Sequence[Deal] = (),
    actions: Sequence[Action] = (),
    carried: Sequence[Action] = (),
    lang: str = "zh",
) -> Path:
    suffix = path.suffix.lower()
    if suffix not in (".md", ".html"):
        raise ReportError(
            tr(
                "{f}：复盘只能导出为 .md 或 .html",
                "{f}: a review exports as .md or .html only",
                f=path,
            )
        )
    render = review_markdown if suffix == ".md" else review_html
    _write_file(path, render(review, framework, deals, actions, carried, lang).encode("utf-8"))
    return path
