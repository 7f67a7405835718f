"""One way to write a number, for the reports, the workbook and the app (issue 15).

- counts with separators, as amounts are: ``8,252``;
- shares with one decimal: ``63.2%``;
- amounts with one precision per column; in Chinese, a column whose largest amount reaches
  100,000 is written in 万 (``1,000.55``, headed 赢单金额（万元）);
- a missing figure is ``—``;
- months as ``1月`` / ``Jan`` (``2025年3月`` / ``Mar 2025`` with a year).

Each helper returns text; ``AmountScale`` also gives the unit a column's header should carry and
the Excel number format of the same figures. No Textual, no pandas.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass

from coach.i18n import get_lang, tr

MISSING = "—"
#: In Chinese, amounts are written in 万 once a column's largest reaches this.
WAN_FROM = 100_000.0
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
#: Excel formats, by kind of figure.
XLSX_COUNT = "#,##0"
XLSX_PCT = "0.0%"
XLSX_DAYS = "0.0"


def is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def count(value: object) -> str:
    if is_missing(value):
        return MISSING
    return f"{float(value):,.0f}"  # type: ignore[arg-type]


def pct(value: object) -> str:
    if is_missing(value):
        return MISSING
    return f"{float(value) * 100:.1f}%"  # type: ignore[arg-type]


def month_name(month: int) -> str:
    """1 → 1月 / Jan."""
    return tr("{m}月", "{n}", m=month, n=_MONTHS_EN[month - 1])


def year_month(text: str) -> str:
    """``2025-03`` → 2025年3月 / Mar 2025; anything else as it is."""
    year, sep, month = str(text).partition("-")
    if not (sep and year.isdigit() and month.isdigit() and 1 <= int(month) <= 12):
        return str(text)
    m = int(month)
    return tr("{y}年{m}月", "{n} {y}", y=year, m=m, n=_MONTHS_EN[m - 1])


_ZH_CURRENCY = {"CNY": "元", "RMB": "元", "USD": "美元", "HKD": "港元", "EUR": "欧元"}


@dataclass(frozen=True, slots=True)
class AmountScale:
    """How one column of amounts is written: divided by ``divisor``, ``decimals`` places."""

    divisor: float
    decimals: int
    currency: str

    @property
    def unit(self) -> str:
        """What the header says: 万元, 万美元, 元, USD …"""
        if get_lang() != "zh":
            return self.currency
        name = _ZH_CURRENCY.get(self.currency, self.currency)
        return ("万" if self.divisor != 1 else "") + name

    def __call__(self, value: object) -> str:
        if is_missing(value):
            return MISSING
        return f"{float(value) / self.divisor:,.{self.decimals}f}"  # type: ignore[arg-type]

    @property
    def xlsx_format(self) -> str:
        """The workbook keeps the plain figure; only its look follows the column."""
        return "#,##0" if self.decimals == 0 else "#,##0.00"


def amount_scale(values: Iterable[object], currency: str = "") -> AmountScale:
    """The one scale and precision for a column of amounts."""
    seen = [abs(float(v)) for v in values if not is_missing(v)]  # type: ignore[arg-type]
    top = max(seen, default=0.0)
    if get_lang() == "zh" and top >= WAN_FROM:
        return AmountScale(10_000.0, 2, currency)
    whole = all(round(v, 2).is_integer() for v in seen)
    return AmountScale(1.0, 0 if whole else 2, currency)


def days(value: object) -> str:
    if is_missing(value):
        return MISSING
    return tr("{d:.1f} 天", "{d:.1f} days", d=float(value))  # type: ignore[arg-type]


# --- tables of figures as the case author wrote them (exhibits) --------------------------------
#
# A case's exhibit holds numbers (YAML ints and floats) and text that reads as a number ("12%",
# "3.5万", "8,252"). ``table_cells`` writes them the one way: one precision per column (the most
# decimals any of its figures has, so 3 beside 3.1 is 3.0), separators on thousands, "—" for a
# missing figure, and says which columns are numbers (right-aligned). Figures with a suffix keep
# it, and keep their own precision apart from the plain ones of the column.

#: How a missing figure may be written in a table.
MISSING_TEXTS = frozenset({"", "—", "–", "-", "--", "n/a", "N/A", "NA"})
_FIGURE = re.compile(
    r"(?P<sign>[+-]?)(?P<pre>[¥$€£]?)(?P<int>\d{1,3}(?:,\d{3})+|0|[1-9]\d*)(?:\.(?P<frac>\d+))?"
    r"(?P<suf>\s?(?:%|‰|pp|bp|万元|亿元|万|亿|元|倍|分|件|人|户|次|天|x|×))?"
)
#: Headers that are periods (2024, 2025-03, 2024Q3, 2024年): a table whose every column after
#: the first is one has a metric per row, and each row keeps its own precision.
_PERIOD_HEADER = re.compile(
    r"\d{4}(?:[-/.]\d{1,2}(?:[-/.]\d{1,2})?|\s?[QH][1-4]|年(?:\d{1,2}月)?)?"
)
_YEAR_WORDS = ("年", "year")
_MAX_DECIMALS = 6


@dataclass(frozen=True, slots=True)
class Figure:
    """A cell read as a number: its value, the decimals it was written with, what goes before
    the digits (``+``, ``¥``) and after them (``%``, ``万``)."""

    value: float
    decimals: int
    prefix: str = ""
    suffix: str = ""

    def text(self, decimals: int | None = None) -> str:
        d = self.decimals if decimals is None else decimals
        sign = "-" if self.value < 0 and round(abs(self.value), d) else ""
        return f"{sign}{self.prefix}{abs(self.value):,.{d}f}{self.suffix}"


def decimals_of(value: float) -> int:
    """The decimals a float is written with: ``3.1`` → 1, ``3.0`` → 1, ``0.9820`` → 3 (at most 6)."""
    text = repr(float(value))
    if "e" in text or "inf" in text or "nan" in text:
        text = f"{float(value):.{_MAX_DECIMALS}f}".rstrip("0")
    _, _, frac = text.partition(".")
    return min(len(frac), _MAX_DECIMALS)


def read_figure(value: object) -> Figure | None:
    """A number cell, or text that reads as one (``"12%"``, ``"-3.5万"``, ``"8,252"``); else None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return Figure(float(value), 0)
    if isinstance(value, float):
        return None if not math.isfinite(value) else Figure(value, decimals_of(value))
    if not isinstance(value, str):
        return None
    m = _FIGURE.fullmatch(value.strip())
    if m is None:
        return None
    digits = m["int"].replace(",", "") + ("." + m["frac"] if m["frac"] else "")
    number = float(digits) * (-1 if m["sign"] == "-" else 1)
    prefix = ("+" if m["sign"] == "+" else "") + m["pre"]
    return Figure(number, len(m["frac"] or ""), prefix, m["suf"] or "")


def is_missing_text(value: object) -> bool:
    return value is None or (isinstance(value, str) and value.strip() in MISSING_TEXTS)


@dataclass(frozen=True, slots=True)
class TableCells:
    """A table written out: ``cells`` row by row, ``numeric`` per column (right-aligned), and
    the figure each cell holds (None for text and missing cells)."""

    cells: list[list[str]]
    numeric: list[bool]
    figures: list[list[Figure | None]]


def table_cells(
    rows: Sequence[Sequence[object]],
    headers: Sequence[str],
    *,
    labels: Collection[int] = (),
    text: Callable[[object], str] = str,
) -> TableCells:
    """Every cell of a table written the one way (see above). ``labels``: columns that name the
    rows (a chart's x); one of years (2025, 2026) is written as years, without separators.
    ``text`` writes a cell that is not a figure."""
    width = max([len(headers), *(len(r) for r in rows)], default=0)
    grid = [[r[i] if i < len(r) else None for i in range(width)] for r in rows]
    figs = [[read_figure(v) for v in row] for row in grid]
    numeric: list[bool] = []
    for col in range(width):
        pairs = [(row[col], f[col]) for row, f in zip(grid, figs, strict=True)]
        found = [f for _, f in pairs if f is not None]
        numbers_only = bool(found) and all(f is not None or is_missing_text(v) for v, f in pairs)
        head = str(headers[col]).lower() if col < len(headers) else ""
        years = all(
            f.decimals == 0 and not f.prefix and not f.suffix and 1900 <= f.value <= 2100
            for f in found
        ) and (col == 0 or col in labels or any(w in head for w in _YEAR_WORDS))
        if years:
            for r in figs:
                r[col] = None  # a year names a row: it is not a figure to scale or align
        numeric.append(numbers_only and not years)
    by_row = len(headers) > 1 and all(_PERIOD_HEADER.fullmatch(str(h).strip()) for h in headers[1:])
    most: dict[tuple[int, str], int] = {}
    for r, row in enumerate(figs):
        for c, f in enumerate(row):
            if f is not None and numeric[c]:
                key = (r if by_row else c, f.suffix)
                most[key] = max(most.get(key, 0), f.decimals)
    cells: list[list[str]] = []
    for r, row in enumerate(grid):
        out = []
        for c, value in enumerate(row):
            f = figs[r][c]
            if numeric[c]:
                out.append(MISSING if f is None else f.text(most[(r if by_row else c, f.suffix)]))
            elif f is not None and not isinstance(value, str):
                out.append(f.text())  # a number among text: separators, its own decimals
            else:
                out.append("" if value is None else text(value))
        cells.append(out)
    kept = [[f if numeric[c] else None for c, f in enumerate(row)] for row in figs]
    return TableCells(cells, numeric, kept)
