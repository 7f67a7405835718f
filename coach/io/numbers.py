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
from collections.abc import Iterable
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
