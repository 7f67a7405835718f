"""Writing a cohort report: HTML, XLSX, CSV, Markdown or Parquet, chosen by the file's suffix.

All text in a report comes from trainees (names, answers) or from content: HTML escapes every
cell; CSV and XLSX cells that a spreadsheet would run as a formula (starting with = + - @) are
written as text. CSV and Parquet hold one table per file: ``report.csv`` is the trainee table and
``report.cases.csv`` … sit beside it; Parquet's main file is the attempt table (one row per
attempt — the tidy form Spark, DuckDB or a warehouse take), with the others beside it.

Every file is made in memory and then written whole (temporary file, fsync, rename; 0600): a
full disk leaves the report that was there before as it was, never a cut-short one. The files
of one CSV or Parquet report are all written before any replaces its old copy.
"""

from __future__ import annotations

import html
import io
import math
import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pandas as pd

from coach.analysis.cohort import TABLE_TITLES, CohortReport
from coach.i18n import get_lang, tr
from coach.io.report import column_width
from coach.io.sheets import dress_sheet, sheet_titles
from coach.store.errors import StoreWriteFailed
from coach.store.jsonfile import ensure_dir, write_many_atomic

FORMATS = (".html", ".htm", ".xlsx", ".csv", ".md", ".parquet")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class ExportError(Exception):
    """A report that cannot be written, with a one-line reason."""


def column_titles() -> dict[str, str]:
    return {
        "trainee": tr("学员", "trainee"),
        "case": tr("案例", "case"),
        "done": tr("完成", "done"),
        "of": tr("共", "of"),
        "completion": tr("完成率%", "completion %"),
        "first": tr("首次", "first"),
        "best": tr("最佳", "best"),
        "minutes": tr("分钟", "minutes"),
        "passed_cases": tr("通过案例", "cases passed"),
        "passed": tr("通过", "passed"),
        "late": tr("逾期", "late"),
        "late_cases": tr("逾期案例", "late cases"),
        "other_version": tr("旧版本", "other version"),
        "trainees": tr("学员数", "trainees"),
        "attempts": tr("练习数", "attempts"),
        "mean": tr("平均", "mean"),
        "sd": tr("标准差", "sd"),
        "pass_rate": tr("通过率%", "pass rate %"),
        "most_missed": tr("最常漏掉", "most missed"),
        "pitfalls": tr("误区", "pitfalls"),
        "avoid_hits": tr("禁用语", "avoid phrases"),
        "due": tr("截止", "due"),
        "self": tr("自评", "self"),
        "auto": tr("自动", "automatic"),
        "instructor": tr("讲师", "instructor"),
        "score": tr("得分", "score"),
        "missed_pct": tr("漏掉%", "missed %"),
        "trainee_id": tr("学员编号", "trainee id"),
        "case_id": tr("案例编号", "case id"),
        "attempt_id": tr("练习编号", "attempt id"),
        "curriculum_id": tr("课程编号", "curriculum id"),
        "submitted": tr("提交时间", "submitted"),
        "version": tr("案例版本", "case version"),
        "bundles": tr("作业包数", "hand-ins"),
        "min": tr("最低", "lowest"),
        "max": tr("最高", "highest"),
        "key_point": tr("要点编号", "key point id"),
        "text": tr("要点", "key point"),
        "missed": tr("漏掉次数", "missed"),
        "pitfall": tr("误区编号", "pitfall id"),
        "title": tr("误区", "pitfall"),
        "phrase": tr("禁用语", "phrase"),
        "count": tr("次数", "count"),
        "self_minus_auto": tr("自评 − 自动", "self − automatic"),
        "instructor_minus_auto": tr("讲师 − 自动", "instructor − automatic"),
        "missing": tr("未交作业", "not handed in"),
        "file": tr("文件", "file"),
        "reason": tr("原因", "reason"),
    }


def write_report(report: CohortReport, path: Path) -> list[Path]:
    """Write ``report`` in the format of ``path``'s suffix; returns every file written."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ExportError(
            tr(
                "{p}：不支持的格式（可用：{f}）",
                "{p}: unsupported format (use one of {f})",
                p=path,
                f=", ".join(FORMATS),
            )
        )
    files: list[tuple[Path, bytes | Callable[[], bytes]]]
    if suffix in (".html", ".htm"):
        files = [(path, lambda: to_html(report).encode("utf-8"))]
    elif suffix == ".md":
        files = [(path, lambda: to_markdown(report).encode("utf-8"))]
    elif suffix == ".xlsx":
        files = [(path, lambda: to_xlsx(report))]
    elif suffix == ".csv":
        files = _each(report, path, "trainees", _csv_bytes)
    else:
        _needs_pyarrow()
        files = _each(report, path, "attempts", _parquet_bytes)
    try:
        ensure_dir(path.parent)
        write_many_atomic(files)
    except OSError as e:  # openpyxl's own temporary files can meet the full disk too
        raise ExportError(
            tr("{p}：无法写入（{e}）", "{p}: cannot write ({e})", p=path, e=e.strerror)
        ) from None
    except StoreWriteFailed as e:
        raise ExportError(str(e)) from None
    return [target for target, _ in files]


def _each(
    report: CohortReport, path: Path, main: str, make: Callable[[pd.DataFrame], bytes]
) -> list[tuple[Path, Callable[[], bytes]]]:
    """One file per table, the main one at ``path`` and first; each made when it is written."""
    tables = report.tables()
    files: list[tuple[Path, Callable[[], bytes]]] = []
    for name in sorted(tables, key=lambda n: n != main):
        target = path if name == main else path.with_name(f"{path.stem}.{name}{path.suffix}")
        files.append((target, lambda df=tables[name]: make(df)))
    return files


def safe_cell(value: object) -> object:
    """A cell a spreadsheet shows as text, never runs as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for col in out.columns:
        if _is_text(out[col]):
            out[col] = out[col].map(safe_cell).astype(object)
    return out


def _is_text(col: pd.Series) -> bool:
    return col.dtype == object or pd.api.types.is_string_dtype(col.dtype)


def _csv_bytes(df: pd.DataFrame) -> bytes:
    text = _safe_frame(df).to_csv(index=False, lineterminator="\n")
    return text.encode("utf-8-sig")  # BOM: Excel reads UTF-8


def _needs_pyarrow() -> None:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise ExportError(
            tr(
                "写 Parquet 需要 pyarrow：pip install 'coach[parquet]'",
                "Parquet needs pyarrow: pip install 'coach[parquet]'",
            )
        ) from None


def _parquet_bytes(df: pd.DataFrame) -> bytes:
    frame = df.copy()
    for col in frame.columns:  # mixed-type object columns become text, as a warehouse wants
        if _is_text(frame[col]):
            frame[col] = frame[col].astype("string")
    buf = io.BytesIO()
    frame.to_parquet(buf, index=False)
    return buf.getvalue()


def to_xlsx(report: CohortReport) -> bytes:
    """The workbook, one sheet per table, titled in the interface language."""
    titles = column_titles()
    tables = report.tables()
    names = sheet_titles(tr(*TABLE_TITLES[name]) for name in tables)
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xw:
        for sheet, df in zip(names, tables.values(), strict=True):
            frame = _safe_frame(df)
            for col in frame.columns:
                if _is_text(frame[col]):
                    frame[col] = frame[col].map(_xlsx_text).astype(object)
            frame.rename(columns=titles).to_excel(xw, sheet_name=sheet, index=False)
            dress_sheet(
                xw.sheets[sheet],
                [_xlsx_format(df[c]) for c in df.columns],
                [
                    column_width([titles.get(c, c), *frame[c].head(2000).map(_cell_plain)])
                    for c in df.columns
                ],
            )
    return buf.getvalue()


def _xlsx_format(col: pd.Series) -> str | None:
    if pd.api.types.is_bool_dtype(col.dtype) or not pd.api.types.is_numeric_dtype(col.dtype):
        return None
    return "#,##0" if pd.api.types.is_integer_dtype(col.dtype) else "0.0"


def _cell_plain(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)


_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # what a cell cannot hold


def _xlsx_text(value: object) -> object:
    return _XLSX_ILLEGAL.sub("", value) if isinstance(value, str) else value


# --- HTML -------------------------------------------------------------------------------------


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, float):
        return f"{value:g}"
    return html.escape(str(value))


def _html_table(df: pd.DataFrame, titles: dict[str, str], hide: tuple[str, ...] = ()) -> str:
    cols = [c for c in df.columns if c not in hide]
    numeric = {
        c
        for c in cols
        if pd.api.types.is_numeric_dtype(df[c].dtype) and not pd.api.types.is_bool_dtype(df[c])
    }
    right = ' class="num"'
    head = "".join(
        f"<th{right if c in numeric else ''}>{html.escape(titles.get(c, c))}</th>" for c in cols
    )
    body = []
    for row in df[cols].itertuples(index=False):
        cells = "".join(
            f'<td class="num">{_cell(v)}</td>'
            if isinstance(v, int | float) and not isinstance(v, bool)
            else f"<td>{_cell(v)}</td>"
            for v in row
        )
        body.append(f"<tr>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _bars(df: pd.DataFrame, label: str, value: str, pass_mark: float | None = None) -> str:
    """A bar per row (an inline chart that needs no script), scores 0–100; the pass mark drawn
    across the bars, a bar below it in another colour."""
    parts = []
    mark = None if pass_mark is None else max(0.0, min(100.0, float(pass_mark)))
    for row in df.itertuples(index=False):
        v = getattr(row, value)
        if v is None or (isinstance(v, float) and math.isnan(v)):
            continue
        width = max(0.0, min(100.0, float(v)))
        name = html.escape(str(getattr(row, label)))
        below = " below" if mark is not None and float(v) < mark else ""
        line = "" if mark is None else f'<span class="mark" style="left:{mark:.1f}%"></span>'
        parts.append(
            f'<div class="bar"><span class="label" title="{name}">{name}</span>'
            f'<span class="track"><span class="fill{below}" style="width:{width:.1f}%"></span>'
            f'{line}</span><span class="val">{float(v):g}</span></div>'
        )
    legend = ""
    if mark is not None and parts:
        legend = (
            '<p class="legend">'
            + html.escape(
                tr(
                    "竖线：及格线 {p:g} 分；低于及格线的条为橙色",
                    "the line: pass mark {p:g}; bars below it are orange",
                    p=mark,
                )
            )
            + "</p>"
        )
    return f'<div class="chart">{"".join(parts)}</div>{legend}'


CSS = """
body{font-family:system-ui,"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;margin:2rem;color:#222}
table{border-collapse:collapse;margin:.5rem 0 1.5rem}th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f0f0f0;white-space:nowrap}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.chart{margin:.5rem 0 1rem;max-width:48rem}.bar{display:flex;align-items:center;gap:.5rem;margin:.15rem 0}
.label{width:14rem;overflow:hidden;white-space:nowrap;text-overflow:ellipsis}.track{flex:1;background:#eee;height:.9rem}
.track{position:relative}.fill{display:block;height:100%;background:#3a7bd5}.fill.below{background:#e08a2c}
.mark{position:absolute;top:-.2rem;bottom:-.2rem;width:2px;margin-left:-1px;background:#222}
.val{width:3rem;text-align:right}.note{color:#a15c00}.legend{color:#555;font-size:.9em;margin:-.5rem 0 1rem}
"""


def to_html(report: CohortReport) -> str:
    titles = column_titles()
    t = html.escape
    out = [
        "<!doctype html>",
        f'<html lang="{"zh-CN" if get_lang() == "zh" else "en"}"><head><meta charset="utf-8">',
        f"<title>{t(tr('班级报告', 'Cohort report'))} — {t(report.title)}</title>",
        f"<style>{CSS}</style></head><body>",
        f"<h1>{t(tr('班级报告', 'Cohort report'))} — {t(report.title)}</h1>",
        "<p>"
        + t(
            tr(
                "及格线 {p:g} 分 · 生成于 {d} · 所有分数都由讲师的内容重新计算",
                "pass mark {p:g} · made {d} · every score recomputed with the instructor's content",
                p=report.pass_score,
                d=datetime.now().strftime("%Y-%m-%d %H:%M"),
            )
        )
        + "</p>",
    ]
    out += [f'<p class="note">{t(n)}</p>' for n in report.notes]
    out.append(f"<h2>{t(tr('学员', 'Trainees'))}</h2>")
    out.append(_bars(report.trainees, "trainee", "best", report.pass_score))
    out.append(_html_table(report.trainees, titles, hide=("trainee_id",)))
    out.append(f"<h2>{t(tr('案例', 'Cases'))}</h2>")
    cases, untried = _attempted(report)
    out.append(_bars(cases, "case", "mean", report.pass_score))
    out.append(_html_table(cases, titles))
    if untried:
        out.append(f'<p class="note">{t(_untried_line(untried))}</p>')
    for name in ("key_points", "pitfalls", "avoid", "gaps"):
        df = _shown_table(report, name)
        zh, en = TABLE_TITLES[name]
        out.append(f"<h2>{t(tr(zh, en))}</h2>")
        out.append(_html_table(df.head(50), titles) if len(df) else f"<p>{t(tr('无', 'none'))}</p>")
    if report.missing:
        out.append(f"<h2>{t(tr('未交作业', 'Not handed in'))}</h2><ul>")
        out += [f"<li>{t(m)}</li>" for m in report.missing]
        out.append("</ul>")
    if report.skipped:
        out.append(f"<h2>{t(tr('跳过的文件', 'Files skipped'))}</h2><ul>")
        out += [f"<li>{t(f)}: {t(r)}</li>" for f, r in report.skipped]
        out.append("</ul>")
    out.append("</body></html>")
    return "\n".join(out)


def _attempted(report: CohortReport) -> tuple[pd.DataFrame, list[str]]:
    """The cases someone attempted, and the titles of those nobody did (said in one line)."""
    cases = report.cases
    tried = cases["attempts"] > 0
    return cases[tried], [str(c) for c in cases.loc[~tried, "case"]]


def _untried_line(titles: list[str]) -> str:
    return tr("没有人做过的案例：{c}", "Cases nobody attempted: {c}", c="、".join(titles)
              if get_lang() == "zh" else ", ".join(titles))  # fmt: skip


def _shown_table(report: CohortReport, name: str) -> pd.DataFrame:
    """A table as the .html / .md report shows it: key points nobody missed are left out of
    "most missed", and the cases nobody attempted out of the case table (the .xlsx / .csv keep
    every row)."""
    if name == "cases":
        return _attempted(report)[0]
    df = report.tables()[name]
    if name == "key_points":
        return df[df["missed"] > 0]
    return df


# --- Markdown ---------------------------------------------------------------------------------


def _md_cell(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _md_table(df: pd.DataFrame, titles: dict[str, str], hide: tuple[str, ...] = ()) -> str:
    cols = [c for c in df.columns if c not in hide]
    lines = [
        "| " + " | ".join(_md_cell(titles.get(c, c)) for c in cols) + " |",
        "|" + "---|" * len(cols),
    ]
    for row in df[cols].itertuples(index=False):
        lines.append("| " + " | ".join(_md_cell(v) for v in row) + " |")
    return "\n".join(lines)


def to_markdown(report: CohortReport) -> str:
    titles = column_titles()
    out = [
        f"# {tr('班级报告', 'Cohort report')} — {report.title}",
        "",
        tr("及格线 {p:g} 分", "pass mark {p:g}", p=report.pass_score),
        "",
    ]
    out += [f"> {n}" for n in report.notes]
    for name in ("trainees", "cases", "key_points", "pitfalls", "avoid", "gaps"):
        df = _shown_table(report, name)
        zh, en = TABLE_TITLES[name]
        out += ["", f"## {tr(zh, en)}", ""]
        out.append(
            _md_table(df.head(50), titles, hide=("trainee_id",)) if len(df) else tr("无", "none")
        )
        untried = _attempted(report)[1] if name == "cases" else []
        if untried:
            out += ["", _md_cell(_untried_line(untried))]
    if report.missing:
        out += ["", f"## {tr('未交作业', 'Not handed in')}", ""]
        out += [f"- {_md_cell(m)}" for m in report.missing]
    if report.skipped:
        out += ["", f"## {tr('跳过的文件', 'Files skipped')}", ""]
        out += [f"- {_md_cell(f)}: {_md_cell(r)}" for f, r in report.skipped]
    return "\n".join(out) + "\n"
