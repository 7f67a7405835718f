"""Importing deals from a CRM export (CSV or spreadsheet), accounting for every row.

Three steps, so that the CLI and a screen can both drive it:

1. ``preview_import(path, options)`` reads the file, finds the header row, maps the columns,
   parses the first rows and lists the ``questions`` still open (which sheet; day-first or
   month-first for a date column that cannot tell). Nothing is written.
2. ``plan_import(preview, existing_deals)`` parses every row column-wise and decides, per row:
   new, updated (with the fields that changed), unchanged, skipped (an empty line) or rejected
   (with its line and the reason). The counts add up to the file's data rows.
3. ``apply_import(plan, store, progress)`` saves the new and changed deals in chunks, calling
   ``progress(done, total)`` after each.

Re-imports match a deal by the file's id column, or by client + product + date (opened, else
closed) where the file has none, so importing the same file twice changes nothing and a newer
export updates only what changed. A file with neither a date nor an id column whose rows repeat a
client + product would merge different orders into one deal: the preview asks which column is
the date instead (question "date_column"; ``--map COLUMN=closed`` answers it). A spreadsheet's
preview looks at its first 1,000 rows; the import checks the whole sheet again. A cell that cannot be read never loses its text: the deal is imported without
that value, the text is kept in the deal's notes, and the line is reported.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import inspect
import operator
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import pandas as pd

from coach.domain import values as V
from coach.domain.records import Deal
from coach.i18n import tr
from coach.io import cells
from coach.io.columns import (
    ColumnMap,
    field_label,
    header_score,
    map_columns,
)
from coach.io.sniff import ImportFileError, RawTable, read_table

__all__ = [
    "ImportFileError",
    "ImportOptions",
    "ImportPlan",
    "ImportPreview",
    "ImportQuestionError",
    "Question",
    "RowProblem",
    "apply_import",
    "plan_import",
    "preview_import",
]

Progress = Callable[[int, int], None]
_HEADER_SEARCH_ROWS = 10
#: A big spreadsheet's preview reads only this many rows (the import reads the rest).
_PREVIEW_ROWS = 1000
_TOTAL_WORDS = {"合计", "总计", "小计", "total", "grand total", "sum", "subtotal"}
#: Fields the file decides on re-import (notes and tags are merged, not replaced).
_FILE_FIELDS = (
    "client",
    "product",
    "amount",
    "currency",
    "target",
    "stage",
    "outcome",
    "loss_type",
    "opened",
    "closed",
    "loss_reason",
    "loss_reason_2",
    "competitor",
    "owner",
    "external_id",
)
_TEXT_FIELDS = (
    "external_id",
    "client",
    "product",
    "owner",
    "competitor",
    "loss_reason",
    "loss_reason_2",
    "notes",
)


class DealStore(Protocol):
    """What the import needs of ``coach.store``'s deal collection."""

    def list(self, where: Any = None) -> list[Deal]: ...

    def save_many(self, deals: list[Deal]) -> list[Deal]: ...


class ImportQuestionError(ValueError):
    """The import cannot go on until a question is answered (``--sheet``, ``--dayfirst``,
    ``--map COLUMN=closed``); ``kind`` is that of the ``Question``."""

    def __init__(self, message: str, kind: str = "") -> None:
        super().__init__(message)
        self.kind = kind


@dataclass
class ImportOptions:
    """Choices the person can make; the defaults guess."""

    mapping: dict[str, str] = field(default_factory=dict)  # header (or 1-based number) -> field
    sheet: str | None = None
    dayfirst: bool | None = None  # for date columns whose cells could be read either way
    currency: str = "CNY"  # for amounts that do not say
    source: str | None = None  # recorded on new deals; default: the file name


@dataclass
class Question:
    """Something the preview cannot decide alone. ``kind``: "sheet", "dayfirst", or
    "date_column" (no date or id tells apart rows of one client and product: ``choices`` are
    the columns that could hold the date, answered with ``--map COLUMN=closed``)."""

    kind: str
    message: str
    choices: list[str]
    column: str = ""
    examples: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class RowProblem:
    line: int
    message: str

    def __str__(self) -> str:
        return tr("第 {n} 行：{m}", "line {n}: {m}", n=self.line, m=self.message)


@dataclass
class ImportPreview:
    """What the file holds and how it will be read, before anything is written."""

    path: Path
    options: ImportOptions
    table: RawTable
    header_line: int
    columns: ColumnMap
    rows: int  # data rows below the header, blank ones included
    sample: list[tuple[int, Deal]]  # (line, deal) for the first rows
    sample_problems: list[RowProblem]
    questions: list[Question]
    dayfirst: dict[str, bool | None] = field(default_factory=dict)  # date field -> decision
    #: Date fields whose day/month order the first rows cannot tell: the import decides it from
    #: the whole column (a big spreadsheet's preview reads only its first rows).
    order_on_import: list[str] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return not self.questions

    def mapping_lines(self) -> list[str]:
        """``client ← account`` per mapped field, then the columns kept as they are."""
        out = [
            f"{field_label(name)} ← {self.columns.headers[pos]}"
            for name, pos in sorted(self.columns.fields.items(), key=lambda kv: kv[1])
        ]
        kept = [self.columns.headers[p] or f"#{p + 1}" for p in self.columns.unmapped]
        if kept:
            out.append(tr("原样保留：{c}", "kept as they are: {c}", c=", ".join(kept)))
        for name in self.order_on_import:
            out.append(
                tr(
                    "{f}：日/月顺序在导入时按整列决定",
                    "{f}: day/month order decided on import from the whole column",
                    f=field_label(name),
                )
            )
        ignored = [self.columns.headers[p] or f"#{p + 1}" for p in self.columns.ignored]
        if ignored:
            out.append(tr("不导入：{c}", "left out: {c}", c=", ".join(ignored)))
        return out


class NewDeals(Sequence[tuple[int, Deal]]):
    """The plan's new deals, ``(line, deal)``, kept as the store's documents: a big import saves
    the documents as they are, and a ``Deal`` is made only for a row someone looks at."""

    def __init__(self, items: list[tuple[int, dict[str, Any]]] | None = None) -> None:
        self.docs: list[tuple[int, dict[str, Any]]] = items if items is not None else []
        self._made: dict[int, Deal] = {}

    def __len__(self) -> int:
        return len(self.docs)

    def _item(self, i: int) -> tuple[int, Deal]:
        deal = self._made.get(i)
        if deal is None:
            deal = self._made[i] = _decode(self.docs[i][1])
        return self.docs[i][0], deal

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self._item(j) for j in range(*i.indices(len(self.docs)))]
        if i < 0:
            i += len(self.docs)
        if not 0 <= i < len(self.docs):
            raise IndexError(i)
        return self._item(i)

    def __iter__(self):
        return (self._item(i) for i in range(len(self.docs)))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    def __repr__(self) -> str:
        return f"NewDeals({len(self.docs)} deals)"


@dataclass
class ImportPlan:
    """Per-row decisions; ``new`` and ``updated`` are the deals to save."""

    preview: ImportPreview
    new: NewDeals = field(default_factory=NewDeals)
    updated: list[tuple[int, Deal, list[str]]] = field(default_factory=list)  # + changed fields
    unchanged: list[int] = field(default_factory=list)
    skipped: list[RowProblem] = field(default_factory=list)
    rejected: list[RowProblem] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)  # imported, one cell not read
    seconds: float = 0.0

    @property
    def total(self) -> int:
        return (
            len(self.new)
            + len(self.updated)
            + len(self.unchanged)
            + len(self.skipped)
            + len(self.rejected)
        )

    def counts(self) -> dict[str, int]:
        return {
            "rows": self.preview.rows,
            "new": len(self.new),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "skipped": len(self.skipped),
            "rejected": len(self.rejected),
            "warnings": len(self.warnings),
        }

    def summary(self) -> str:
        c = self.counts()
        return tr(
            "{rows} 行：新增 {new}，更新 {updated}，未变 {unchanged}，跳过空行 {skipped}，"
            "拒绝 {rejected}（其中 {warnings} 行有未识别的值，原文已存入备注）",
            "{rows} rows: {new} new, {updated} updated, {unchanged} unchanged, "
            "{skipped} empty skipped, {rejected} rejected ({warnings} with a value not "
            "understood, its text kept in the notes)",
            **c,
        )


# --- 1. preview ----------------------------------------------------------------------------


def preview_import(
    path: Path | str, options: ImportOptions | None = None, sample: int = 10
) -> ImportPreview:
    """Read and map the file, parse its first ``sample`` rows; raises ``ImportFileError``."""
    path = Path(path)
    options = options or ImportOptions()
    table = read_table(path, options.sheet, head=_PREVIEW_ROWS)
    questions: list[Question] = []
    if table.kind == "xlsx" and options.sheet is None and len(table.sheets) > 1:
        questions.append(
            Question(
                kind="sheet",
                message=tr(
                    "{f} 有 {n} 个工作表，导入哪一个？",
                    "{f} has {n} sheets; which one holds the deals?",
                    f=path.name,
                    n=len(table.sheets),
                ),
                choices=list(table.sheets),
            )
        )
    if questions:
        # Which sheet comes first: nothing else can be read before it is chosen.
        return ImportPreview(
            path=path,
            options=options,
            table=table,
            header_line=0,
            columns=ColumnMap(headers=[]),
            rows=0,
            sample=[],
            sample_problems=[],
            questions=questions,
        )
    frame = table.frame
    if frame.shape[0] == 0 or frame.shape[1] == 0:
        raise ImportFileError(tr("{f}：没有任何数据", "{f}: holds no data", f=path))
    header_pos = _find_header(frame)
    headers = [cells._cell_text(v).strip() for v in frame.iloc[header_pos].tolist()]
    try:
        columns = map_columns(headers, options.mapping)
    except ValueError as exc:
        raise ImportFileError(f"{path.name}: {exc}") from None
    if not columns.fields:
        raise ImportFileError(
            tr(
                "{f}：第 {n} 行的列名一个也认不出（{h}）；请用 --map 列名=字段 指定",
                "{f}: none of the headers on line {n} is known ({h}); use --map column=field",
                f=path.name,
                n=table.lines[header_pos],
                h=", ".join(h for h in headers if h)[:120],
            )
        )
    data = frame.iloc[header_pos + 1 :]
    preview = ImportPreview(
        path=path,
        options=options,
        table=table,
        header_line=table.lines[header_pos],
        columns=columns,
        rows=len(data) if table.height is None else table.height - header_pos - 1,
        sample=[],
        sample_problems=[],
        questions=questions,
    )
    # Day-first or month-first is a property of the whole column: decide it on every cell
    # (a big spreadsheet's first rows may tell; if they cannot, the import decides).
    for name, parsed in _date_orders(preview, data).items():
        preview.dayfirst[name] = parsed.dayfirst
        if not parsed.ambiguous:
            continue
        if not table.complete:
            preview.order_on_import.append(name)
            continue
        questions.append(_order_question(columns.headers[columns.fields[name]], parsed))
    repeats = _date_question(preview, data, table.lines[header_pos + 1 :])
    if repeats is not None:
        questions.append(repeats)
    head = _parse_rows(preview, data.iloc[:sample], table.lines[header_pos + 1 :][:sample])
    preview.sample = [(line, _decode(doc)) for line, doc in zip(head.lines, head.docs, strict=True)]
    preview.sample_problems = head.problems + head.warnings
    return preview


def _date_orders(preview: ImportPreview, data: pd.DataFrame) -> dict[str, cells.DateColumn]:
    """Day/month order of each date column over the rows in ``data``."""
    out = {}
    for name in ("opened", "closed"):
        pos = preview.columns.fields.get(name)
        if pos is not None:
            out[name] = cells.date_order(data[pos], preview.options.dayfirst)
    return out


def _date_question(
    preview: ImportPreview, data: pd.DataFrame, lines: Sequence[int]
) -> Question | None:
    """A question when re-imports would match rows by client + product alone and two rows of
    the file share both: without a date (or an id) different orders would merge into one."""
    cmap = preview.columns
    for name in ("opened", "closed"):
        pos = cmap.fields.get(name)
        if pos is not None and (cells.as_text(data[pos]) != "").any():
            return None
    n = len(data)
    empty = pd.Series([""] * n, index=data.index, dtype=object)
    parts = [
        cells.as_text(data[cmap.fields[name]]).str.casefold() if name in cmap.fields else empty
        for name in ("client", "product")
    ]
    keyed = (parts[0] != "") | (parts[1] != "")
    if "external_id" in cmap.fields:
        keyed &= cells.as_text(data[cmap.fields["external_id"]]) == ""
    keys = (parts[0] + "|" + parts[1])[keyed]
    repeated = keys[keys.duplicated(keep=False)]
    if repeated.empty:
        return None
    first = repeated.iloc[0]
    where = [lines[data.index.get_loc(i)] for i in repeated.index[repeated == first][:2]]
    candidates = _date_like_columns(cmap, data)
    heads = [cmap.headers[p] or f"#{p + 1}" for p in candidates]
    example = " / ".join(
        cells.as_text(data[cmap.fields[name]]).loc[repeated.index[0]]
        for name in ("client", "product")
        if name in cmap.fields
    )
    message = tr(
        "{f}：没有日期列，也没有编号列；{n} 行的客户和产品与别的行相同（如第 {a} 行和第 {b} 行："
        "{e}），会被当作同一笔交易。哪一列是每笔交易的日期？请用 --map 列名=closed（或 opened）"
        "指定，或用 --map 列名=external_id 指定能区分交易的编号列{c}",
        "{f}: no column gives a deal's date or id, and {n} rows repeat the client and product "
        "of another (e.g. lines {a} and {b}: {e}), so they would be taken for one deal. Which "
        "column holds each deal's date? Say it with --map COLUMN=closed (or opened), or name a "
        "column that tells deals apart with --map COLUMN=external_id{c}",
        f=preview.path.name,
        n=len(repeated),
        a=where[0],
        b=where[1],
        e=example,
        c=tr("（可选的列：{h}）", " (columns: {h})", h=", ".join(heads)) if heads else "",
    )
    return Question(
        kind="date_column", message=message, choices=heads, examples=[example, *map(str, where)]
    )


def _date_like_columns(cmap: ColumnMap, data: pd.DataFrame) -> list[int]:
    """Unmapped columns, those whose cells mostly read as dates first."""
    scored = []
    for pos in cmap.unmapped:
        text = cells.as_text(data[pos])
        filled = int((text != "").sum())
        read = int((cells.parse_dates(data[pos], True).iso != "").sum()) if filled else 0
        scored.append((-(read * 2 >= filled > 0), pos))
    return [pos for _, pos in sorted(scored)]


def _order_question(header: str, parsed: cells.DateColumn) -> Question:
    return Question(
        kind="dayfirst",
        message=tr(
            "列 {c} 的日期（如 {e}）既可读作日/月也可读作月/日：哪一种？",
            "the dates in column {c} (e.g. {e}) read either as day/month or month/day: which is it?",
            c=header,
            e=", ".join(parsed.examples),
        ),
        choices=["dayfirst", "monthfirst"],
        column=header,
        examples=parsed.examples,
    )


def _find_header(frame: pd.DataFrame) -> int:
    """The row among the first few that reads most like headers (a title row may sit above)."""
    best, best_score = 0, 0
    for pos in range(min(_HEADER_SEARCH_ROWS, len(frame))):
        score = header_score(frame.iloc[pos].tolist())
        if score > best_score:
            best, best_score = pos, score
    if best_score == 0:
        for pos in range(min(_HEADER_SEARCH_ROWS, len(frame))):
            if any(cells._cell_text(v).strip() for v in frame.iloc[pos].tolist()):
                return pos
    return best


# --- parsing rows, column by column --------------------------------------------------------


@dataclass
class _Parsed:
    """Rows that make deals, as stored documents (``coach.store``'s shape for a Deal), with the
    file line and the re-import key of each; and the rows that do not, with the reason."""

    lines: list[int]  # per deal row
    docs: list[dict[str, Any]]
    keys: list[str]
    problems: list[RowProblem] = field(default_factory=list)  # rejected rows
    skipped: list[RowProblem] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)


@functools.cache
def _doc_template() -> dict[str, Any]:
    """A new Deal as the store keeps it: the keys and defaults every imported row starts from."""
    from coach.store.codec import encoder

    return encoder(Deal)(Deal(id=""))


def _decode(doc: dict[str, Any]) -> Deal:
    from coach.store.codec import decoder

    return decoder(Deal)(doc)


def _take(values: Sequence[Any], idx: np.ndarray | None) -> Sequence[Any]:
    if idx is None:
        return values
    if len(idx) == 0:
        return []
    if len(idx) == 1:
        return [values[int(idx[0])]]
    return operator.itemgetter(*idx.tolist())(values)


def _parse_rows(
    preview: ImportPreview,
    data: pd.DataFrame,
    lines: Sequence[int],
    dayfirst: dict[str, bool | None] | None = None,
) -> _Parsed:
    """Every value parsed column by column; then one dict per deal row, built from the columns."""
    cmap = preview.columns
    options = preview.options
    n = len(data)
    lines = list(lines)
    heads = cmap.headers
    unread: dict[int, list[str]] = {}
    out: dict[str, Any] = {}
    raw_text: dict[int, pd.Series] = {}

    def text_of(pos: int) -> pd.Series:
        if pos not in raw_text:
            raw_text[pos] = cells.as_text(data[pos])
        return raw_text[pos]

    def note_unread(mask: np.ndarray, pos: int, field_name: str) -> None:
        bad_rows = np.flatnonzero(mask)
        if not len(bad_rows):
            return
        raw = text_of(pos)
        for i in bad_rows.tolist():
            unread.setdefault(i, []).append(
                f"{heads[pos] or field_label(field_name)}: {raw.iat[i]}"
            )

    for name in _TEXT_FIELDS:
        if name in cmap.fields:
            out[name] = text_of(cmap.fields[name]).tolist()

    currency_from_cells: pd.Series | None = None
    for name in ("amount", "target"):
        pos = cmap.fields.get(name)
        if pos is None:
            continue
        parsed = cells.parse_amounts(data[pos], cmap.units.get(name, 1.0))
        note_unread(parsed.bad, pos, name)
        value = parsed.value.astype(object)  # Python floats
        value[np.isnan(parsed.value)] = None
        out[name] = value.tolist()
        if name == "amount" or currency_from_cells is None:
            currency_from_cells = parsed.currency

    currency = np.full(n, options.currency, dtype=object)
    if currency_from_cells is not None:
        named = currency_from_cells.notna().to_numpy()
        currency[named] = currency_from_cells.to_numpy(dtype=object)[named]
    if "currency" in cmap.fields:
        pos = cmap.fields["currency"]
        codes, table, failed = cells.parse_distinct(data[pos], cells.parse_currency)
        note_unread(failed[codes], pos, "currency")
        values = cells.by_code(codes, table)
        column_says = np.array([v is not None for v in table], dtype=bool)[codes]
        currency[column_says] = values[column_says]
    out["currency"] = currency.tolist()

    for name in ("opened", "closed"):
        pos = cmap.fields.get(name)
        if pos is None:
            continue
        decided = (preview.dayfirst if dayfirst is None else dayfirst).get(name, options.dayfirst)
        parsed_dates = cells.parse_dates(data[pos], decided)
        note_unread(parsed_dates.bad, pos, name)
        out[name] = parsed_dates.iso.tolist()

    # Outcome and loss type: parsed once per distinct cell, combined as whole columns.
    outcome = np.full(n, "open", dtype=object)
    loss_type = np.full(n, "", dtype=object)

    def outcome_columns(pos: int, report: str | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        codes, table, failed = cells.parse_distinct(data[pos], V.parse_outcome)
        if report:
            note_unread(failed[codes], pos, report)
        known = np.array([v is not None for v in table], dtype=bool)
        first = cells.by_code(codes, [v[0] if v else "" for v in table])  # type: ignore[index]
        second = cells.by_code(codes, [v[1] if v else "" for v in table])  # type: ignore[index]
        return known[codes], first, second

    if "stage" in cmap.fields:
        pos = cmap.fields["stage"]
        codes, table, _ = cells.parse_distinct(data[pos], V.stage_name)
        out["stage"] = cells.by_code(codes, [s or "" for s in table]).tolist()
        known, first, second = outcome_columns(pos, None)
        outcome[known], loss_type[known] = first[known], second[known]
    if "outcome" in cmap.fields:
        known, first, second = outcome_columns(cmap.fields["outcome"], "outcome")
        outcome[known], loss_type[known] = first[known], second[known]
    if "is_closed" in cmap.fields or "is_won" in cmap.fields:
        # The CRM's own flags (Salesforce IsWon / IsClosed, HubSpot Is Closed Won / Is Deal
        # Closed?) say what the stage's name may not: they decide where they can be read.
        flags: dict[str, list[bool | None]] = {}
        for name in ("is_closed", "is_won"):
            pos = cmap.fields.get(name)
            if pos is None:
                flags[name] = [None] * n
                continue
            codes, table, failed = cells.parse_distinct(data[pos], V.parse_flag)
            note_unread(failed[codes], pos, name)
            flags[name] = cells.by_code(codes, table).tolist()
        from_flags = np.array(
            [
                V.outcome_from_flags(c, w)
                for c, w in zip(flags["is_closed"], flags["is_won"], strict=True)
            ],
            dtype=object,
        )
        decided = from_flags != None  # noqa: E711 (element-wise)
        changed = decided & (from_flags != outcome)
        outcome[changed] = from_flags[changed]
        loss_type[changed] = ""
    lost = outcome == "lost"
    if "loss_type" in cmap.fields:
        pos = cmap.fields["loss_type"]
        codes, table, failed = cells.parse_distinct(data[pos], cells.parse_loss_type)
        note_unread(failed[codes], pos, "loss_type")
        given = np.array([v is not None for v in table], dtype=bool)[codes] & lost
        loss_type[given] = cells.by_code(codes, table)[given]
    loss_type[~lost] = ""
    if "competitor" in out:
        named = np.array([bool(c) for c in out["competitor"]], dtype=bool)
        vague = (loss_type == "") | (loss_type == "unknown")
        loss_type[lost & vague & named] = "competitor"
    # A written reason tells what kind of loss it was: 竞品收益更高, 客户暂不决策.
    for name in ("loss_reason", "loss_reason_2"):
        vague = lost & ((loss_type == "") | (loss_type == "unknown"))
        if name not in out or not vague.any():
            continue
        rows = np.flatnonzero(vague).tolist()
        reasons = [out[name][i] for i in rows]
        table = {r: V.loss_type_from_reason(r) for r in set(reasons)}
        for i, reason in zip(rows, reasons, strict=True):
            loss_type[i] = table[reason] or loss_type[i]
    loss_type[lost & (loss_type == "")] = "unknown"
    out["outcome"], out["loss_type"] = outcome.tolist(), loss_type.tolist()

    if "tags" in cmap.fields:
        out["tags"] = cells.split_tags(data[cmap.fields["tags"]])

    extras: dict[int, dict[str, str]] = {}
    for pos in cmap.unmapped:
        text = text_of(pos)
        label = heads[pos] or f"#{pos + 1}"
        for i in np.flatnonzero((text != "").to_numpy()).tolist():
            extras.setdefault(i, {})[label] = text.iat[i]

    # Row-level checks, vectorised: empty rows, rows wider than the header, total rows.
    all_text = [text_of(p) for p in range(data.shape[1])]
    nonempty = np.zeros(n, dtype=bool)
    for t in all_text:
        nonempty |= (t != "").to_numpy()
    width = max((p + 1 for p, h in enumerate(heads) if h), default=0)
    too_wide = np.zeros(n, dtype=bool)
    for t in all_text[width:]:
        too_wide |= (t != "").to_numpy()
    identity = np.zeros(n, dtype=bool)
    for name in ("external_id", "client", "product"):
        if name in out:
            identity |= np.array([bool(v) for v in out[name]], dtype=bool)
    first_cells = out.get("client") or out.get("external_id") or [""] * n
    is_total = np.array([c.casefold() in _TOTAL_WORDS for c in first_cells], dtype=bool)
    good = nonempty & ~too_wide & identity & ~is_total

    skipped: list[RowProblem] = []
    problems: list[RowProblem] = []
    if not good.all():
        empty_msg = tr("空行", "empty line")
        wide_msg = tr(
            "这一行的单元格比表头多（表头 {h} 列）；可能有未加引号的分隔符",
            "more cells than the header's {h} columns; an unquoted delimiter?",
            h=width,
        )
        nodeal_msg = tr(
            "没有客户、产品或编号，不像一笔交易", "no client, product or id: not a deal"
        )
        total_msg = tr("合计行，不是交易", "a total row, not a deal")
        for i in np.flatnonzero(~good).tolist():
            if not nonempty[i]:
                skipped.append(RowProblem(lines[i], empty_msg))
                continue
            reason = wide_msg if too_wide[i] else nodeal_msg if not identity[i] else total_msg
            problems.append(RowProblem(lines[i], reason))

    # One dict per deal row, in the store's shape, straight from the columns.
    idx = None if good.all() else np.flatnonzero(good)
    m = n if idx is None else len(idx)
    base = dict(_doc_template())
    base["source"] = options.source or preview.path.name
    names = ["id", *(name for name in base if name in out)]
    columns: list[Any] = [_new_ids(m), *(_take(out[name], idx) for name in names[1:])]
    if "tags" not in out:
        names.append("tags")
        columns.append([[] for _ in range(m)])
    docs: list[dict[str, Any]] = []
    add = docs.append
    for row in zip(*columns, strict=True):
        doc = base.copy()  # constants; every value that differs by row (tags too) comes after
        doc.update(zip(names, row, strict=True))
        add(doc)
    row_of = range(n) if idx is None else idx.tolist()
    deal_lines = list(_take(lines, idx))

    warnings: list[RowProblem] = []
    if unread or extras:
        for j, i in enumerate(row_of):
            cells_unread = unread.get(i)
            if cells_unread:
                doc = docs[j]
                doc["notes"] = _merge_notes(doc["notes"], cells_unread)
                warnings.append(
                    RowProblem(
                        lines[i],
                        tr(
                            "未识别：{c}（原文存入备注）",
                            "not understood: {c} (text kept in notes)",
                            c="; ".join(cells_unread),
                        ),
                    )
                )
            if i in extras:
                docs[j]["imported"] = extras[i]

    key_date = "opened" if "opened" in cmap.fields else "closed"
    if "external_id" in cmap.fields:
        keys = ["id:" + e if e else "" for e in (d["external_id"] for d in docs)]
        without = [j for j, k in enumerate(keys) if not k]
        if without:
            natural = _natural_keys([docs[j] for j in without], key_date)
            for j, k in zip(without, natural, strict=True):
                keys[j] = k
    else:
        keys = _natural_keys(docs, key_date)
    return _Parsed(
        lines=deal_lines,
        docs=docs,
        keys=keys,
        problems=problems,
        skipped=skipped,
        warnings=warnings,
    )


def _natural_keys(docs: Sequence[dict[str, Any]], date_field: str) -> list[str]:
    """``_natural_key`` of each document (client | product | date, case-folded)."""
    return [
        "|".join(
            (
                d["client"].casefold().strip(),
                d["product"].casefold().strip(),
                d[date_field] or d["opened"],
            )
        )
        for d in docs
    ]


def _new_ids(n: int) -> list[str]:
    """``n`` ids in the form of ``records.new_id`` (random UUID4 hex), made in one go."""
    raw = np.frombuffer(os.urandom(16 * n), dtype=np.uint8).reshape(n, 16).copy()
    raw[:, 6] = (raw[:, 6] & 0x0F) | 0x40
    raw[:, 8] = (raw[:, 8] & 0x3F) | 0x80
    text = raw.tobytes().hex()
    return [text[i : i + 32] for i in range(0, 32 * n, 32)]


def _natural_key(deal: Deal, date_field: str = "opened") -> str:
    date = getattr(deal, date_field) or deal.opened
    return "|".join((deal.client.casefold().strip(), deal.product.casefold().strip(), date))


def _merge_notes(notes: str, lines: Sequence[str]) -> str:
    """Add lines not already in the notes (so a re-import never repeats them)."""
    have = notes.splitlines()
    add = [ln for ln in lines if ln not in have]
    return "\n".join([notes, *add]) if notes else "\n".join(add)


# --- 2. plan -------------------------------------------------------------------------------


@contextlib.contextmanager
def _no_gc_pauses():
    """Parsing a big file makes hundreds of thousands of dicts and lists that all live on: the
    cyclic collector would walk them again and again (a third of the time) to find nothing."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def plan_import(preview: ImportPreview, existing: Sequence[Deal]) -> ImportPlan:
    """Decide what happens to every row against the deals already held."""
    if preview.questions:
        raise ImportQuestionError(
            "; ".join(q.message for q in preview.questions), preview.questions[0].kind
        )
    # Reading, parsing and matching make several objects per row, all kept: no collection
    # until the plan is made (each pass would walk every row made so far, to free nothing).
    with _no_gc_pauses():
        return _plan(preview, existing, time.perf_counter())


def _plan(preview: ImportPreview, existing: Sequence[Deal], started: float) -> ImportPlan:
    table = preview.table
    orders = dict(preview.dayfirst)
    if not table.complete:  # the preview read the first rows only: now the whole sheet
        table = read_table(preview.path, table.sheet or preview.options.sheet)
    header_pos = table.lines.index(preview.header_line)
    data = table.frame.iloc[header_pos + 1 :]
    if table is not preview.table:
        for name, got in _date_orders(preview, data).items():
            if got.ambiguous:
                header = preview.columns.headers[preview.columns.fields[name]]
                raise ImportQuestionError(
                    _order_question(header, got).message
                    + tr(
                        "（选择日/月或月/日后再导入：--dayfirst / --monthfirst）",
                        " (choose day/month or month/day, then import again: "
                        "--dayfirst / --monthfirst)",
                    ),
                    "dayfirst",
                )
            orders[name] = got.dayfirst
        repeats = _date_question(preview, data, table.lines[header_pos + 1 :])
        if repeats is not None:
            raise ImportQuestionError(repeats.message, repeats.kind)
    parsed = _parse_rows(preview, data, table.lines[header_pos + 1 :], orders)
    plan = ImportPlan(
        preview=preview,
        skipped=parsed.skipped,
        rejected=list(parsed.problems),
        warnings=parsed.warnings,
    )
    cmap = preview.columns
    key_date = "opened" if "opened" in cmap.fields else "closed"
    by_key: dict[str, Deal] = {}
    for deal in existing:
        if deal.external_id:
            by_key.setdefault("id:" + deal.external_id, deal)
        by_key.setdefault(_natural_key(deal, "opened"), deal)
        if key_date == "closed":
            by_key.setdefault(_natural_key(deal, "closed"), deal)
    owned = _owned_fields(cmap)
    if not by_key and len(set(parsed.keys)) == len(parsed.keys):
        # Nothing held and no row repeats another (a first import): every row is new.
        plan.new = NewDeals(list(zip(parsed.lines, parsed.docs, strict=True)))
        plan.rejected.sort(key=lambda p: p.line)
        plan.seconds = time.perf_counter() - started
        return plan
    seen: dict[str, int] = {}
    new_docs = plan.new.docs
    for line, key, doc in zip(parsed.lines, parsed.keys, parsed.docs, strict=True):
        if key in seen:
            plan.rejected.append(
                RowProblem(
                    line,
                    tr(
                        "与第 {n} 行是同一笔交易（{k}），未重复导入",
                        "the same deal as line {n} ({k}); not imported twice",
                        n=seen[key],
                        k=key.removeprefix("id:").replace("|", " / "),
                    ),
                )
            )
            continue
        seen[key] = line
        old = by_key.get(key)
        if old is None:
            new_docs.append((line, doc))
            continue
        merged, changed = _merge(old, doc, owned)
        if changed:
            plan.updated.append((line, merged, changed))
        else:
            plan.unchanged.append(line)
    plan.rejected.sort(key=lambda p: p.line)
    plan.seconds = time.perf_counter() - started
    return plan


def _owned_fields(cmap: ColumnMap) -> list[str]:
    owned = [f for f in _FILE_FIELDS if f in cmap.fields]
    if "amount" in cmap.fields or "target" in cmap.fields or "currency" in cmap.fields:
        owned.append("currency")
    if any(f in cmap.fields for f in ("stage", "outcome", "is_won", "is_closed")):
        owned += ["outcome", "loss_type"]
    return list(dict.fromkeys(owned))


def _merge(old: Deal, new: dict[str, Any], owned: list[str]) -> tuple[Deal, list[str]]:
    """The held deal with the file's values (``new``: the row as a stored document); notes and
    tags are added to, never replaced."""
    changes: dict[str, Any] = {}
    for name in owned:
        if getattr(old, name) != new[name]:
            changes[name] = new[name]
    new_notes, new_tags = new["notes"], new["tags"]
    notes = (
        new_notes
        if new_notes and not old.notes
        else _merge_notes(old.notes, new_notes.splitlines())
    )
    if notes != old.notes:
        changes["notes"] = notes
    tags = list(dict.fromkeys([*old.tags, *new_tags]))
    if tags != old.tags:
        changes["tags"] = tags
    imported = new.get("imported")
    extra = dict(old.extra)
    if imported and old.extra.get("imported") != imported:
        extra["imported"] = imported
        changes["extra"] = extra
    if not changes:
        return old, []
    return dataclasses.replace(old, **changes), [c for c in changes if c != "extra"] or ["extra"]


# --- 3. apply ------------------------------------------------------------------------------


@dataclass
class ImportReport:
    plan: ImportPlan
    saved: int
    seconds: float


def _batches(todo: list[Deal], deals: DealStore, chunk: int) -> list[list[Deal]]:
    """Chunks for progress. The real store keeps deals in files by id: deals of one file go in
    one chunk, so each file is rewritten once, not once per chunk."""
    shards = getattr(deals, "shards", None)
    if not isinstance(shards, int) or len(todo) <= chunk:
        return [todo[i : i + chunk] for i in range(0, len(todo), chunk)] if todo else []
    from coach.store.layout import shard_of  # the file of each id, as the store places it

    groups: dict[int, list[Deal]] = {}
    for deal in todo:
        groups.setdefault(shard_of(deal.id, shards), []).append(deal)
    out: list[list[Deal]] = [[]]
    for group in groups.values():
        if len(out[-1]) >= chunk:
            out.append([])
        out[-1].extend(group)
    return out


def apply_import(
    plan: ImportPlan,
    deals: DealStore,
    progress: Progress | None = None,
    chunk: int = 2000,
) -> ImportReport:
    """Save the plan's new and changed deals (``deals`` is ``store.deals``).

    The real store takes the new rows as the documents the plan already holds, in one batch
    (one lock, each file written once); any other ``DealStore`` gets ``Deal`` records in chunks.
    """
    started = time.perf_counter()
    total = len(plan.new) + len(plan.updated)
    if progress:
        progress(0, total)
    save_data = getattr(deals, "save_data", None)
    if callable(save_data):
        from coach.store.codec import encoder

        encode = encoder(Deal)
        with _no_gc_pauses():
            docs = [d for _, d in plan.new.docs] + [encode(d) for _, d, _ in plan.updated]
            done = save_data(docs, progress) if docs else 0
        return ImportReport(plan=plan, saved=done, seconds=time.perf_counter() - started)
    todo = [d for _, d in plan.new] + [d for _, d, _ in plan.updated]
    done = 0
    # The saved copies are not needed here; the real store can skip making them.
    params = inspect.signature(deals.save_many).parameters
    save = (
        functools.partial(deals.save_many, copies=False) if "copies" in params else deals.save_many
    )
    for batch in _batches(todo, deals, chunk):
        save(batch)
        done += len(batch)
        if progress:
            progress(done, total)
    return ImportReport(plan=plan, saved=done, seconds=time.perf_counter() - started)
