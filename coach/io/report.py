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
import re
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from coach.analysis.period import NOT_RECORDED, PeriodReview
from coach.domain.content import CAUSE_CATEGORIES, Framework
from coach.domain.records import Action, Deal, Review
from coach.i18n import get_lang, tr
from coach.io import numbers
from coach.io.sheets import dress_sheet, sheet_titles

FORMATS = (".md", ".html", ".xlsx", ".csv")


class ReportError(ValueError):
    """A report that cannot be written; the message names the file and why."""


# --- numbers and labels ------------------------------------------------------------------------
#
# One number format everywhere (coach.io.numbers): counts with separators, one precision per
# column, 万 in Chinese for large amounts, months as 1月 / Jan, "—" for a missing figure.


def pct(value: float | None) -> str:
    return numbers.pct(value)


def num(value: float | None) -> str:
    """An amount on its own (not in a column): separators, no decimals unless it has some."""
    return numbers.amount_scale([value] if value is not None else [])(value)


def days(value: float | None) -> str:
    return numbers.days(value)


#: What each column of the period tables holds.
_COUNT_COLUMNS = {"deals", "won", "lost", "no_decision", "open", "count"}
_PCT_COLUMNS = {"win_rate", "share", "cumulative", "all"}
#: Columns left out of a table when every row is zero (no no-decision losses, no targets).
_HIDE_WHEN_ZERO = ("no_decision", "target")


def column_kind(name: str) -> str:
    """count, pct, amount or text."""
    if name in _COUNT_COLUMNS:
        return "count"
    if name in _PCT_COLUMNS or name.isdigit():
        return "pct"
    if name in ("won_amount", "target") or name.startswith("won_amount_"):
        return "amount"
    return "text"


def column_label(name: str) -> str:
    if name.startswith("won_amount_"):
        return tr("赢单金额（{c}，未换算）", "Won amount ({c}, not converted)", c=name[11:])
    return {
        "deals": tr("笔数", "Deals"),
        "won": tr("赢单", "Won"),
        "lost": tr("丢单", "Lost"),
        "no_decision": tr("客户未决", "No decision"),
        "open": tr("跟进中", "Open"),
        "win_rate": tr("赢单率", "Win rate"),
        "won_amount": tr("赢单金额", "Won amount"),
        "target": tr("目标", "Target"),
        "reason": tr("丢单原因", "Loss reason"),
        "count": tr("次数", "Count"),
        "share": tr("占比", "Share"),
        "cumulative": tr("累计占比", "Cumulative"),
        "month": tr("月份", "Month"),
        "all": tr("合计", "Together"),
    }.get(name, name)


def cell_text(value: object) -> str:
    if value == NOT_RECORDED:
        return tr("（未记录）", "(not recorded)")
    return "" if value is None else str(value)


def _currency_of(frame: pd.DataFrame, column: str) -> str:
    if column.startswith("won_amount_"):
        return column[11:]
    return str(frame.attrs.get("currency", ""))


def _amount_scale(frame: pd.DataFrame, column: str, *, plain: bool = False) -> numbers.AmountScale:
    cur = _currency_of(frame, column)
    if plain:  # the workbook keeps the figures as they are
        values = list(frame[column])
        whole = all(numbers.is_missing(v) or round(float(v), 2).is_integer() for v in values)
        return numbers.AmountScale(1.0, 0 if whole else 2, cur)
    return numbers.amount_scale(frame[column], cur)


def _header(frame: pd.DataFrame, column: str, *, plain: bool = False) -> str:
    label = column_label(column)
    if column in ("won_amount", "target"):
        unit = _amount_scale(frame, column, plain=plain).unit
        return tr("{l}（{u}）", "{l} ({u})", l=label, u=unit) if unit else label
    if column.startswith("won_amount_"):
        unit = _amount_scale(frame, column, plain=plain).unit
        return tr("赢单金额（{u}，未换算）", "Won amount ({u}, not converted)", u=unit)
    return label


#: How a summary figure is written: a count, a share, an amount, days, or text.
_FORMATTERS: dict[str, Callable[[object], str]] = {
    "int": numbers.count,
    "pct": numbers.pct,
    "days": numbers.days,
    "text": lambda v: numbers.MISSING if v is None else str(v),
}


def summary_values(r: PeriodReview, *, plain: bool = False) -> list[tuple[str, object, str]]:
    """(label, value, kind) per summary figure: the value as a number where it is one (the
    XLSX keeps it a number); ``summary_rows`` writes them out. An amount's label carries its
    unit (万元 in Chinese for a large one, unless ``plain``: the workbook's figures as they are)."""
    t = r.totals

    def money(zh: str, en: str, value: float | None, cur: str = t.currency) -> tuple:
        if plain or value is None:
            unit = numbers.AmountScale(1.0, 0, cur).unit
        else:
            unit = numbers.amount_scale([value], cur).unit
        return (tr("{l}（{u}）", "{l} ({u})", l=tr(zh, en), u=unit), value, f"amount:{cur}")

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
        money("赢单金额", "Won amount", t.won_amount),
        money("目标", "Target", t.target or None),
        (tr("目标完成率", "Attainment"), t.attainment, "pct"),
        money("丢单金额", "Lost amount", t.lost_amount),
        money("跟进中金额", "Open amount", t.open_amount),
        money("平均赢单金额", "Average won deal", t.avg_won_amount),
        (tr("平均成交周期", "Average cycle time"), t.avg_cycle_days, "days"),
        (tr("赢单平均周期", "Average cycle, won deals"), t.avg_cycle_won_days, "days"),
    ]
    if t.rates:
        rows += [
            (
                tr("汇率（你给出的）", "Rate (as you gave it)"),
                f"1 {cur} = {rate:g} {t.currency}",
                "text",
            )
            for cur, rate in t.rates.items()
        ]
        rows.append(
            (
                tr("其中按汇率换算的交易", "of which converted at that rate"),
                t.converted,
                "int",
            )
        )
    if t.other_currency:
        rows.append(
            (
                tr(
                    "其他币种的交易（金额单列，未计入上面的合计）",
                    "Deals in other currencies (amounts apart, not in the totals above)",
                ),
                t.other_currency,
                "int",
            )
        )
        for cur, a in t.other_amounts.items():
            rows += [
                money(
                    "{c} 赢单金额".replace("{c}", cur), f"{cur} won amount", a["won_amount"], cur
                ),
                money(
                    "{c} 丢单金额".replace("{c}", cur), f"{cur} lost amount", a["lost_amount"], cur
                ),
                money(
                    "{c} 跟进中金额".replace("{c}", cur),
                    f"{cur} open amount",
                    a["open_amount"],
                    cur,
                ),
            ]
    rows += [
        (tr("其他期间的交易", "Deals in other periods"), t.other_periods, "int"),
        (tr("无日期的交易（不在任何期间）", "Deals with no date (in no period)"), t.no_date, "int"),
    ]
    if t.no_date:
        rows.append(
            (
                tr("其中赢单 / 丢单 / 跟进中", "of which won / lost / open"),
                " / ".join(
                    numbers.count(n) for n in (t.no_date_won, t.no_date_lost, t.no_date_open)
                ),
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


def _summary_text(value: object, kind: str) -> str:
    if kind.startswith("amount:"):
        return numbers.amount_scale([value] if value is not None else [], kind[7:])(value)
    return _FORMATTERS[kind](value)


def summary_rows(r: PeriodReview) -> list[tuple[str, str]]:
    return [(label, _summary_text(value, kind)) for label, value, kind in summary_values(r)]


def _years_text(years: Sequence[int]) -> str:
    if not years:
        return "—"
    if len(years) > 2 and list(years) == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}–{years[-1]}"
    return ", ".join(str(y) for y in years)


def _shown(frame: pd.DataFrame) -> pd.DataFrame:
    """A group table as shown: the columns that are zero in every row left out."""
    drop = [c for c in _HIDE_WHEN_ZERO if c in frame and not frame[c].fillna(0).astype(bool).any()]
    return frame.drop(columns=drop)


def _tables(r: PeriodReview) -> list[tuple[str, str, pd.DataFrame]]:
    """(key, title, frame) for every table of the report, the index as the first column."""
    by_month = _shown(r.by_month).reset_index(names="month")
    by_month["month"] = [numbers.year_month(m) for m in by_month["month"]]
    by_product = _shown(r.by_product).reset_index(names=tr("产品", "Product"))
    by_owner = _shown(r.by_owner).reset_index(names=tr("负责人", "Owner"))
    season = r.seasonality
    if len([c for c in season.columns if str(c).isdigit()]) <= 1:
        season = season.drop(columns=["all"], errors="ignore")  # one year: "all" repeats it
    seasonality = season.reset_index()
    seasonality["month"] = [numbers.month_name(int(m)) for m in seasonality["month"]]
    causes = pd.DataFrame(
        [(c.text, category_label(c.category), c.reviews) for c in r.recurring_causes],
        columns=[tr("原因", "Cause"), tr("类别", "Category"), tr("出现的复盘数", "Reviews")],
    )
    tables = [
        ("by_month", tr("按月", "By month"), by_month),
        ("by_product", tr("按产品", "By product"), by_product),
        ("by_owner", tr("按负责人", "By owner"), by_owner),
        ("pareto", tr("丢单原因（帕累托）", "Loss reasons (Pareto)"), r.pareto),
        (
            "seasonality",
            tr(
                "季节性（{y} 年）：各月占全年赢单金额的比例",
                "Seasonality ({y}): each month's share of a year's won amount",
                y=_years_text(r.season_years),
            ),
            seasonality,
        ),
        ("recurring_causes", tr("反复出现的原因", "Causes that recur across reviews"), causes),
    ]
    if not r.no_date_by_owner.empty:
        tables.append(
            (
                "no_date_by_owner",
                tr(
                    "无日期的交易（不在任何期间），按负责人",
                    "Deals with no date (in no period), by owner",
                ),
                _shown(r.no_date_by_owner).reset_index(names=tr("负责人", "Owner")),
            )
        )
    for _key, _title, frame in tables:
        frame.attrs["currency"] = r.totals.currency
    return tables


def category_label(key: str) -> str:
    lt = CAUSE_CATEGORIES.get(key)
    return lt.get(get_lang()) if lt else (key or "—")


def _cell_writer(frame: pd.DataFrame, column: str) -> Callable[[object], str]:
    kind = column_kind(column)
    if kind == "count":
        return numbers.count
    if kind == "pct":
        return numbers.pct
    if kind == "amount":
        scale = _amount_scale(frame, column)
        if column == "target":  # no target on a row is "—", as in the summary
            return lambda v: numbers.MISSING if not v else scale(v)
        return scale

    def text(value: object) -> str:
        if isinstance(value, float) and value.is_integer():
            return numbers.count(value)
        if isinstance(value, int) and not isinstance(value, bool):
            return numbers.count(value)
        return cell_text(value)

    return text


def _table_parts(frame: pd.DataFrame) -> tuple[list[str], list[list[str]], list[bool]]:
    """Headers (with units), formatted rows, and which columns are numbers (right-aligned)."""
    cols = [str(c) for c in frame.columns]
    writers = [_cell_writer(frame, c) for c in cols]
    headers = [_header(frame, c) for c in cols]
    numeric = [
        column_kind(c) != "text" or pd.api.types.is_numeric_dtype(frame[c].dtype) for c in cols
    ]
    body = [
        [w(v) for w, v in zip(writers, row, strict=True)]
        for row in frame.itertuples(index=False, name=None)
    ]
    return headers, body, numeric


def _rows(frame: pd.DataFrame) -> tuple[list[str], list[list[str]]]:
    headers, body, _numeric = _table_parts(frame)
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


def md_table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[bool] | None = None
) -> str:
    align = numeric or [False] * len(headers)
    lines = [
        "| " + " | ".join(md_cell(h) for h in headers) + " |",
        "|" + "|".join("---:" if n else "---" for n in align) + "|",
    ]
    lines += ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def period_markdown(r: PeriodReview) -> str:
    parts = [
        "# " + md_cell(tr("期间复盘：{p}", "Period review: {p}", p=r.period.label)),
        "",
        md_table([tr("指标", "Figure"), tr("数值", "Value")], summary_rows(r), [False, True]),
    ]
    for _key, title, frame in _tables(r):
        parts += ["", f"## {title}", ""]
        if frame.empty:
            parts.append(tr("（没有数据）", "(no data)"))
            continue
        parts.append(md_table(*_table_parts(frame)))
    if r.cause_categories:
        parts += ["", "## " + tr("原因类别", "Cause categories"), ""]
        parts.append(
            md_table(
                [tr("类别", "Category"), tr("原因数", "Causes")],
                [(category_label(k), numbers.count(v)) for k, v in r.cause_categories.items()],
                [False, True],
            )
        )
    return "\n".join(parts) + "\n"


# --- HTML ------------------------------------------------------------------------------------

_CSS = """
body{font-family:-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei",sans-serif;
max-width:960px;margin:2em auto;padding:0 1em;color:#222;line-height:1.5}
h1{border-bottom:2px solid #2a6f97;padding-bottom:.3em}h2{color:#2a6f97;margin-top:1.6em}
.scroll{overflow-x:auto}table{border-collapse:collapse;margin:.6em 0}
th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left}th{background:#eef4f8;
white-space:nowrap}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;
white-space:nowrap}
svg.chart{display:block;margin:.6em 0;width:100%;height:auto;max-width:720px}
.bar{fill:#2a6f97}.line{stroke:#c8553d;fill:none;stroke-width:2}.dot{fill:#c8553d}
.grid{stroke:#ddd;stroke-width:1}.axis{stroke:#999;stroke-width:1}
.lbl{font-size:14px;fill:#222}.tick{font-size:13px;fill:#666}
.ttl{font-size:16px;font-weight:bold;fill:#222}.muted{color:#666;font-size:.9em}
"""


def esc(text: object) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def _looks_numeric(text: str) -> bool:
    return text == numbers.MISSING or bool(re.fullmatch(r"-?[\d,]+(\.\d+)?%?", text))


def html_table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[bool] | None = None
) -> str:
    """A table; the columns ``numeric`` marks (else: cells that read as numbers) right-aligned."""

    def cls(i: int, text: str | None) -> str:
        if numeric is not None:
            return ' class="n"' if numeric[i] else ""
        return ' class="n"' if i > 0 and text is not None and _looks_numeric(text) else ""

    head = "".join(
        f"<th{cls(i, None) if numeric is not None else ''}>{esc(h)}</th>"
        for i, h in enumerate(headers)
    )
    body = [
        "<tr>" + "".join(f"<td{cls(i, c)}>{esc(c)}</td>" for i, c in enumerate(row)) + "</tr>"
        for row in rows
    ]
    return (
        f'<div class="scroll"><table><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


def text_width(text: str, size: float = 14.0) -> float:
    """About how wide ``text`` is drawn at ``size`` px: a CJK character is 1 em, others ~0.62."""
    wide = sum(unicodedata.east_asian_width(ch) in "WF" for ch in text)
    return (wide + 0.62 * (len(text) - wide)) * size


def fit_label(text: str, width: float, size: float = 14.0) -> str:
    """``text`` cut to fit ``width`` px (by width, not by character count), with "…"."""
    if text_width(text, size) <= width:
        return text
    room = width - text_width("…", size)
    out = ""
    for ch in text:
        if text_width(out + ch, size) > room:
            break
        out += ch
    return out + "…"


def nice_ticks(top: float, most: int = 4) -> list[float]:
    """0 and up to ``most`` round steps (1, 2, 2.5, 5 × 10ⁿ) reaching at least ``top``."""
    if not top > 0:
        return [0.0, 1.0]
    rough = top / (most - 1)
    power = 10 ** math.floor(math.log10(rough))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power * (most - 1) >= top)
    count_ = math.ceil(top / step - 1e-9)
    return [i * step for i in range(count_ + 1)]


_CHART_W, _LABEL_W, _ROW = 720, 190, 26


def svg_bars(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str,
    fmt: Callable[[float], str] = num,
    line: Sequence[float] | None = None,
) -> str:
    """Horizontal bars as inline SVG: a visible title (with its unit), a value axis with round
    gridlines, labels cut to their width with the whole text as a tooltip; it scales to the page
    (``viewBox``, width 100%). ``line`` (0..1, e.g. a cumulative share) is drawn across the bars
    against its own 0–100% scale."""
    n = len(values)
    if not n:
        return ""
    left = _LABEL_W + 12
    bar_w = _CHART_W - left - 90
    top_y = 46
    vals = [0.0 if v != v else float(v) for v in values]
    ticks = nice_ticks(max(vals, default=0.0))
    axis_max = ticks[-1] or 1.0
    tick_fmt = fmt
    if isinstance(fmt, numbers.AmountScale) and all((t / fmt.divisor).is_integer() for t in ticks):
        tick_fmt = numbers.AmountScale(fmt.divisor, 0, fmt.currency)  # 0, 50, 100 — not 50.00
    bottom = top_y + n * _ROW
    height = bottom + 28
    out = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_CHART_W} {height}" '
        f'role="img" aria-label="{esc(title)}"><title>{esc(title)}</title>'
        f'<text class="ttl" x="0" y="20">{esc(title)}</text>'
    ]
    for t in ticks:
        x = left + t / axis_max * bar_w
        out.append(
            f'<line class="grid" x1="{x:.1f}" y1="{top_y - 6}" x2="{x:.1f}" y2="{bottom}"/>'
            f'<text class="tick" x="{x:.1f}" y="{bottom + 18}" text-anchor="middle">'
            f"{esc(tick_fmt(t))}</text>"
        )
    out.append(f'<line class="axis" x1="{left}" y1="{top_y - 6}" x2="{left}" y2="{bottom}"/>')
    for i, (label, v) in enumerate(zip(labels, vals, strict=True)):
        y = top_y + i * _ROW
        w = max(v / axis_max * bar_w, 0.0)
        short = fit_label(label, _LABEL_W)
        out.append(
            f"<g><title>{esc(label)}: {esc(fmt(v))}</title>"
            f'<text class="lbl" x="{left - 8}" y="{y + 17}" text-anchor="end">{esc(short)}</text>'
            f'<rect class="bar" x="{left}" y="{y + 3}" width="{w:.1f}" height="{_ROW - 8}"/>'
            f'<text class="lbl" x="{left + w + 5:.1f}" y="{y + 17}">{esc(fmt(v))}</text></g>'
        )
    if line:
        pts = [
            (left + (c if c == c else 0) * bar_w, top_y + i * _ROW + _ROW / 2)
            for i, c in enumerate(line)
        ]
        out.append(
            '<polyline class="line" points="'
            + " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)
            + '"/>'
            + "".join(f'<circle class="dot" cx="{x:.1f}" cy="{y:.1f}" r="3"/>' for x, y in pts)
        )
    out.append("</svg>")
    return "".join(out)


def _amount_chart(frame: pd.DataFrame, labels: Sequence[str], zh: str, en: str, cur: str) -> str:
    scale = numbers.amount_scale(frame["won_amount"], cur)
    unit = tr("（{u}）", " ({u})", u=scale.unit) if scale.unit else ""
    return svg_bars(labels, list(frame["won_amount"]), title=tr(zh, en) + unit, fmt=scale)


def _charts(r: PeriodReview) -> dict[str, str]:
    charts: dict[str, str] = {}
    cur = r.totals.currency
    if not r.by_month.empty:
        charts["by_month"] = _amount_chart(
            r.by_month,
            [numbers.year_month(str(i)) for i in r.by_month.index],
            "每月赢单金额",
            "Won amount by month",
            cur,
        )
    if not r.by_product.empty:
        charts["by_product"] = _amount_chart(
            r.by_product,
            [cell_text(i) for i in r.by_product.index],
            "各产品赢单金额",
            "Won amount by product",
            cur,
        )
    if not r.pareto.empty:
        charts["pareto"] = svg_bars(
            [cell_text(x) for x in r.pareto["reason"]],
            list(r.pareto["count"]),
            title=tr(
                "丢单原因（次数；折线为累计占比，全宽 = 100%）",
                "Loss reasons (count; the line is the cumulative share, full width = 100%)",
            ),
            fmt=numbers.count,
            line=list(r.pareto["cumulative"]),
        )
    if "all" in r.seasonality and r.seasonality["all"].notna().any():
        charts["seasonality"] = svg_bars(
            [numbers.month_name(int(m)) for m in r.seasonality.index],
            list(r.seasonality["all"]),
            title=tr(
                "各月占全年赢单金额（%，{y} 年）",
                "Each month's share of the won amount (%, {y})",
                y=_years_text(r.season_years),
            ),
            fmt=numbers.pct,
        )
    return charts


def html_page(title: str, body: str) -> str:
    lang = "zh-CN" if get_lang() == "zh" else "en"
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{esc(title)}</title><style>{_CSS}</style></head><body>\n{body}\n</body></html>\n"
    )


def period_html(r: PeriodReview) -> str:
    title = tr("期间复盘：{p}", "Period review: {p}", p=r.period.label)
    charts = _charts(r)
    kinds = [kind for _label, _value, kind in summary_values(r)]
    parts = [f"<h1>{esc(title)}</h1>", _summary_html(summary_rows(r), kinds)]
    for key, heading, frame in _tables(r):
        parts.append(f"<h2>{esc(heading)}</h2>")
        if frame.empty:
            parts.append(f'<p class="muted">{esc(tr("（没有数据）", "(no data)"))}</p>')
            continue
        parts.append(charts.get(key, ""))
        parts.append(html_table(*_table_parts(frame)))
    return html_page(title, "\n".join(parts))


def _summary_html(rows: Sequence[tuple[str, str]], kinds: Sequence[str]) -> str:
    """The summary: label, value — numbers (and "—") right-aligned, text as it reads."""
    head = f'<th>{esc(tr("指标", "Figure"))}</th><th class="n">{esc(tr("数值", "Value"))}</th>'
    right = ' class="n"'
    body = "".join(
        f"<tr><td>{esc(label)}</td>"
        f"<td{'' if kind == 'text' and not _looks_numeric(text) else right}>{esc(text)}</td></tr>"
        for (label, text), kind in zip(rows, kinds, strict=True)
    )
    return (
        f'<div class="scroll"><table><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )


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
        "converted",
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
    out.append(("summary", "", "season_years", " ".join(str(y) for y in r.season_years)))
    for cur, rate in t.rates.items():
        out.append(("rates", cur, t.currency, rate))
    for cur, figures in t.other_amounts.items():
        for name, value in figures.items():
            out.append(("other_currency", cur, name, int(value) if name == "deals" else value))
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
_XLSX_FORMATS = {"int": numbers.XLSX_COUNT, "pct": numbers.XLSX_PCT, "days": numbers.XLSX_DAYS}


def _xlsx_format(frame: pd.DataFrame, column: str) -> str | None:
    kind = column_kind(column)
    if kind == "count":
        return numbers.XLSX_COUNT
    if kind == "pct":
        return numbers.XLSX_PCT
    if kind == "amount":
        return _amount_scale(frame, column, plain=True).xlsx_format
    return None


def column_width(texts: Sequence[object]) -> int:
    """Columns wide enough for their longest cell (a CJK character counts two), 8 to 60."""
    most = max(
        (
            sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(t))
            for t in texts
            if t is not None
        ),
        default=0,
    )
    return min(max(most + 2, 8), 60)


def period_xlsx(r: PeriodReview) -> bytes:
    """The workbook: the summary with its figures as numbers (formatted, not text), then one
    sheet per table; every sheet with a bold frozen header, a filter and fitted widths."""
    values = summary_values(r, plain=True)
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
        dress_sheet(
            sheet,
            [None, None],
            [column_width([*summary.iloc[:, 0], summary.columns[0]]), 18],
        )
        for row, (_label, _value, kind) in enumerate(values, start=2):
            if kind.startswith("amount:"):
                fmt = numbers.amount_scale([_value] if _value is not None else []).xlsx_format
            else:
                fmt = _XLSX_FORMATS.get(kind)
            if fmt:
                sheet.cell(row=row, column=2).number_format = fmt
        for (_key, _title, frame), title in zip(tables, titles, strict=True):
            out = frame.rename(columns={c: _header(frame, str(c), plain=True) for c in frame})
            out = out.map(lambda v: csv_safe(cell_text(v)) if isinstance(v, str) else v)
            out.to_excel(xl, sheet_name=title, index=False)
            cols = [str(c) for c in frame.columns]
            dress_sheet(
                xl.sheets[title],
                [_xlsx_format(frame, c) for c in cols],
                [
                    column_width(
                        [h, *(numbers.count(v) if isinstance(v, float) else v for v in out[h])]
                    )
                    for h in out.columns
                ],
            )
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
