"""What the Deals table shows of a deal, and how it filters and sorts — plain Python, no Textual.

The table holds up to tens of thousands of deals. Each becomes a small ``DealRow`` built straight
from the stored document (no record decoding), with a case-folded haystack for the text filter,
so a filter keystroke is one pass of substring checks and a sort is one ``list.sort``.

The filter box understands, word by word (all must hold):
``#tag`` (a tag starting with it), ``产品:寿险`` / ``product:life`` (product contains),
``2025`` / ``2025-03`` / ``2025-Q1`` / ``2025年`` / ``2025年3月`` (the deal's date in that period),
an outcome word (赢单, lost, 跟进中 …), and any other word matches client, product, stage, tags,
competitor, owner, reasons or notes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from coach.domain import values as V
from coach.i18n import tr

SORT_COLUMNS = ("date", "client", "product", "amount", "outcome", "stage", "tags")
PERIODS = ("", "30d", "month", "quarter", "year", "last-year")
OUTCOMES = ("", "won", "lost", "open")

_SYMBOLS = {"CNY": "¥", "USD": "$", "EUR": "€", "HKD": "HK$", "GBP": "£"}
_PRODUCT_KEYS = ("产品:", "product:", "p:")
_YEAR_RE = re.compile(r"^(?P<y>(?:19|20)\d{2})年?$")
_MONTH_RE = re.compile(r"^(?P<y>(?:19|20)\d{2})(?:-|/|\.|年)(?P<m>\d{1,2})月?$")
_QUARTER_RE = re.compile(r"^(?P<y>(?:19|20)\d{2})\s*-?\s*(?:q|Q|第)(?P<q>[1-4一二三四])季?度?$")
_QUARTER_ZH = {"一": 1, "二": 2, "三": 3, "四": 4}


@dataclass(slots=True)
class DealRow:
    """One line of the table. ``date`` is the close date, else the opening date (ISO)."""

    id: str
    rev: int
    date: str
    client: str
    product: str
    amount: float | None
    currency: str
    outcome: str
    loss_type: str
    stage: str
    tags: tuple[str, ...]
    hay: str = ""

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> DealRow:
        """From a stored document (a dict); tolerant of missing keys from older versions.

        The search text (``hay``) is left empty here: ``fill_hay`` makes it, so the table can
        show first and the haystacks follow."""
        g = doc.get
        tags = g("tags") or ()
        try:
            "".join(tags)  # every tag is text (the usual case): checked in C, not per tag
            tags = tuple(tags)
        except TypeError:
            tags = tuple(str(t) for t in tags) if isinstance(tags, list | tuple) else ()
        amount = g("amount")
        if amount.__class__ is not float and (
            not isinstance(amount, int | float) or isinstance(amount, bool)
        ):
            amount = None
        return cls(
            g("id") or "",
            g("rev") or 0,
            g("closed") or g("opened") or "",
            g("client") or "",
            g("product") or "",
            amount,
            g("currency") or "CNY",
            g("outcome") or "open",
            g("loss_type") or "",
            g("stage") or "",
            tags,
        )  # fmt: skip

    def fill_hay(self, doc: Mapping[str, Any]) -> None:
        """The case-folded text the filter box searches: every free-text field of the deal."""
        g = doc.get
        self.hay = "\n".join(
            (
                self.client,
                self.product,
                self.stage,
                str(g("competitor") or ""),
                str(g("owner") or ""),
                str(g("loss_reason") or ""),
                str(g("loss_reason_2") or ""),
                str(g("notes") or ""),
                " ".join(self.tags),
            )
        ).casefold()

    @classmethod
    def from_deal(cls, deal: Any) -> DealRow:
        data = deal.to_data()
        row = cls.from_doc(data)
        row.fill_hay(data)
        return row


# --- display -----------------------------------------------------------------------------


def format_amount(amount: float | None, currency: str) -> str:
    """``¥1,200,000`` / ``$1,250.50``: whole numbers without decimals, others with two."""
    if amount is None:
        return ""
    symbol = _SYMBOLS.get(currency, f"{currency} " if currency else "")
    number = f"{amount:,.0f}" if float(amount).is_integer() else f"{amount:,.2f}"
    if number.startswith("-"):
        return f"-{symbol}{number[1:]}"
    return f"{symbol}{number}"


def outcome_label(outcome: str, loss_type: str = "") -> str:
    if outcome == "won":
        return tr("赢单", "Won")
    if outcome == "lost":
        return tr("丢单", "Lost")
    return tr("跟进", "Open")


def outcome_choices() -> list[tuple[str, str]]:
    """(label, value) for the outcome filter."""
    return [
        (tr("全部结果", "All outcomes"), ""),
        (tr("赢单", "Won"), "won"),
        (tr("丢单", "Lost"), "lost"),
        (tr("跟进中", "Open"), "open"),
    ]


def period_choices() -> list[tuple[str, str]]:
    return [
        (tr("全部时间", "Any time"), ""),
        (tr("近 30 天", "Last 30 days"), "30d"),
        (tr("本月", "This month"), "month"),
        (tr("本季度", "This quarter"), "quarter"),
        (tr("今年", "This year"), "year"),
        (tr("去年", "Last year"), "last-year"),
    ]


def column_title(name: str) -> str:
    return {
        "date": tr("日期", "Date"),
        "client": tr("客户", "Client"),
        "product": tr("产品", "Product"),
        "amount": tr("金额", "Amount"),
        "outcome": tr("结果", "Outcome"),
        "stage": tr("阶段", "Stage"),
        "tags": tr("标签", "Tags"),
    }[name]


# --- filtering ----------------------------------------------------------------------------


def period_range(period: str, today: dt.date) -> tuple[str, str] | None:
    """The ISO date range [start, end] of a named period, or None for "any time"."""
    if period == "30d":
        return ((today - dt.timedelta(days=30)).isoformat(), today.isoformat())
    if period == "month":
        return (today.replace(day=1).isoformat(), today.isoformat())
    if period == "quarter":
        first = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
        return (first.isoformat(), today.isoformat())
    if period == "year":
        return (f"{today.year}-01-01", today.isoformat())
    if period == "last-year":
        return (f"{today.year - 1}-01-01", f"{today.year - 1}-12-31")
    return None


def _period_word(word: str) -> tuple[str, str] | None:
    """``2025`` / ``2025-03`` / ``2025年3月`` / ``2025-Q1`` / ``2025第一季度`` → ISO range."""
    if m := _YEAR_RE.match(word):
        return (f"{m['y']}-01-01", f"{m['y']}-12-31")
    if m := _MONTH_RE.match(word):
        month = int(m["m"])
        if 1 <= month <= 12:
            return (f"{m['y']}-{month:02d}-01", f"{m['y']}-{month:02d}-31")
    if m := _QUARTER_RE.match(word):
        q = _QUARTER_ZH.get(m["q"]) or int(m["q"])
        return (f"{m['y']}-{3 * q - 2:02d}-01", f"{m['y']}-{3 * q:02d}-31")
    return None


@dataclass
class Query:
    """A parsed filter: every part must hold."""

    words: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    products: list[str] = field(default_factory=list)
    ranges: list[tuple[str, str]] = field(default_factory=list)
    outcome: str = ""
    loss_type: str = ""

    @property
    def empty(self) -> bool:
        return not (self.words or self.tags or self.products or self.ranges or self.outcome)


def parse_query(text: str) -> Query:
    q = Query()
    for word in V.normalise(text).split():
        low = word.casefold()
        if low.startswith("#"):
            if len(low) > 1:
                q.tags.append(low[1:])
            continue
        key = next((k for k in _PRODUCT_KEYS if low.startswith(k)), None)
        if key is not None:
            if len(low) > len(key):
                q.products.append(low[len(key) :])
            continue
        if (rng := _period_word(word)) is not None:
            q.ranges.append(rng)
            continue
        if low in V.OUTCOME_WORDS:
            q.outcome, loss = V.OUTCOME_WORDS[low]
            q.loss_type = loss if loss in ("competitor", "no_decision") else ""
            continue
        q.words.append(low)
    return q


def matcher(
    text: str, outcome: str = "", period: str = "", today: dt.date | None = None
) -> Callable[[DealRow], bool] | None:
    """A predicate for the filter box, outcome and period choices; None when nothing filters."""
    q = parse_query(text)
    outcome = outcome or q.outcome
    loss_type = q.loss_type if not outcome or outcome == q.outcome else ""
    ranges = list(q.ranges)
    if period and (rng := period_range(period, today or dt.date.today())):
        ranges.append(rng)
    if q.empty and not outcome and not ranges:
        return None
    words, tags, products = q.words, q.tags, q.products

    def ok(row: DealRow) -> bool:
        if outcome and row.outcome != outcome:
            return False
        if loss_type and row.loss_type != loss_type:
            return False
        for start, end in ranges:
            if not (start <= row.date[:10] <= end):
                return False
        if products:
            product = row.product.casefold()
            if not all(p in product for p in products):
                return False
        if tags:
            have = [t.casefold() for t in row.tags]
            if not all(any(h.startswith(t) for h in have) for t in tags):
                return False
        hay = row.hay
        return all(w in hay for w in words)

    if len(words) == 1 and not (outcome or loss_type or ranges or products or tags):
        ok.only_word = words[0]  # type: ignore[attr-defined]
    return ok


def filter_rows(rows: Iterable[DealRow], pred: Callable[[DealRow], bool] | None) -> list[DealRow]:
    """The rows the predicate keeps, in their order (a plain word: one substring test each)."""
    if pred is None:
        return list(rows)
    word = getattr(pred, "only_word", None)
    if word is not None:
        return [r for r in rows if word in r.hay]
    return [r for r in rows if pred(r)]


# --- sorting ------------------------------------------------------------------------------

_OUTCOME_ORDER = {"won": 0, "open": 1, "lost": 2}


def sort_key(column: str) -> Callable[[DealRow], Any]:
    if column == "amount":
        return lambda r: (r.amount is None, r.amount or 0.0)
    if column == "outcome":
        return lambda r: (_OUTCOME_ORDER.get(r.outcome, 3), r.loss_type)
    if column == "tags":
        return lambda r: (not r.tags, " ".join(r.tags).casefold())
    if column in ("client", "product", "stage"):
        return lambda r: (not getattr(r, column), getattr(r, column).casefold())
    return lambda r: (not r.date, r.date)


def sort_rows(rows: list[DealRow], column: str, descending: bool) -> None:
    """Sort in place; the empty values stay last in either direction."""
    if column == "date":  # the default order, on every open: by the text itself, no tuples
        rows.sort(key=attrgetter("date"), reverse=descending)
        # "" sorts first: the rows without a date go last, in the order the general path gives
        cut = len(rows) if descending else 0
        while descending and cut and not rows[cut - 1].date:
            cut -= 1
        while not descending and cut < len(rows) and not rows[cut].date:
            cut += 1
        if descending:
            rows[cut:] = rows[cut:][::-1]
        elif cut:
            rows[:] = rows[cut:] + rows[:cut]
        return
    key = sort_key(column)
    if not descending:
        rows.sort(key=key)
        return
    # Reverse, but keep empties last: sort ascending, then move the empty block after.
    rows.sort(key=key, reverse=True)
    empties = [r for r in rows if key(r)[0] is True]
    if empties:
        rows[:] = [r for r in rows if key(r)[0] is not True] + empties[::-1]


def totals(rows: Iterable[DealRow]) -> dict[str, Any]:
    """Counts by outcome and the won amount per currency, for the status line."""
    counts: dict[str, int] = {"won": 0, "lost": 0, "open": 0}
    amounts: dict[str, float] = {}
    won: list[DealRow] = []
    for r in rows:
        o = r.outcome
        counts[o] = counts.get(o, 0) + 1
        if o == "won":
            won.append(r)
    for r in won:
        if r.amount is not None:
            amounts[r.currency] = amounts.get(r.currency, 0.0) + r.amount
    return {**counts, "won_amount": amounts}
