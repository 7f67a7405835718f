"""Period review of the deal log: what was won and lost in a week, month, quarter, year or range.

Which deals belong to a period: a won or lost deal by its close date (its open date when it has
no close date); an open deal by its open date. An open deal with no open date but one other date
(a file with a single date column, or Salesforce's CloseDate, the expected close) is placed by
that date and counted as still open at the end of the period it falls in; the report says how
many open deals each rule placed. A deal with no readable date at all is in no period, but not
hidden: the review counts it on a "no date" line (won / lost / open, and by owner), so that
deals in the period + deals in other periods + deals with no date = every deal of the log.

Win rate is won ÷ (won + every lost), the way the
design defines it; losses to no decision are shown apart, with the rate that leaves them out.
Amounts are summed in the log's main currency (the one most deals use). A deal in another
currency is counted; its amount is converted only with a rate the user gave (``rates``, the rate
then stated in the report), and otherwise kept in its own currency: per-currency totals and
``won_amount_<CUR>`` columns in the tables, never dropped and never added to the main currency.

Seasonality looks at the period's own years by default (a 2025 report is not about 2017): for
each calendar month, its share of the won amount of each of those years, and of them together.
``season_years="all"`` takes every year of the log; the years used are kept on the review.

pandas is imported here at module level; nothing outside coach.analysis / coach.io pays for it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from operator import attrgetter

import numpy as np
import pandas as pd

from coach.domain.records import Deal, Review
from coach.i18n import tr


class PeriodError(ValueError):
    """A period that cannot be read; the message says what is accepted."""


@dataclass(frozen=True, slots=True)
class Period:
    """A closed range of days, with the label it was asked for by."""

    label: str
    start: dt.date
    end: dt.date  # inclusive

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


_Q = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)
_M = re.compile(r"^(\d{4})-(\d{1,2})$")
_Y = re.compile(r"^(\d{4})$")
_W = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)
_D = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def _bounds(text: str) -> tuple[dt.date, dt.date]:
    t = text.strip()
    try:
        if m := _Q.match(t):
            y, q = int(m[1]), int(m[2])
            last = 3 * q
            return dt.date(y, last - 2, 1), dt.date(y, last, calendar.monthrange(y, last)[1])
        if m := _M.match(t):
            y, mo = int(m[1]), int(m[2])
            return dt.date(y, mo, 1), dt.date(y, mo, calendar.monthrange(y, mo)[1])
        if m := _Y.match(t):
            y = int(m[1])
            return dt.date(y, 1, 1), dt.date(y, 12, 31)
        if m := _W.match(t):
            start = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return start, start + dt.timedelta(days=6)
        if m := _D.match(t):
            d = dt.date(int(m[1]), int(m[2]), int(m[3]))
            return d, d
    except ValueError as exc:
        raise PeriodError(
            tr("期间“{p}”不存在：{e}", 'Period "{p}" does not exist: {e}', p=text, e=exc)
        ) from None
    raise PeriodError(
        tr(
            "看不懂期间“{p}”：可以写 2025-Q2、2025-03、2025、2025-W14、2025-03-01..2025-05-31",
            'Cannot read period "{p}": use 2025-Q2, 2025-03, 2025, 2025-W14 or '
            "2025-03-01..2025-05-31",
            p=text,
        )
    )


def parse_period(text: str) -> Period:
    """'2025-Q2', '2025-03', '2025', '2025-W14' (ISO week), a date, or 'a..b' of any of these."""
    label = text.strip()
    if ".." in label:
        a, _, b = label.partition("..")
        start, end = _bounds(a)[0], _bounds(b)[1]
        if end < start:
            raise PeriodError(
                tr("期间“{p}”的结束早于开始", 'Period "{p}" ends before it starts', p=text)
            )
        return Period(label, start, end)
    start, end = _bounds(label)
    return Period(label, start, end)


def quarter_of(day: dt.date) -> Period:
    return parse_period(f"{day.year}-Q{(day.month - 1) // 3 + 1}")


# --- the log as a frame ----------------------------------------------------------------------

FRAME_COLUMNS = (
    "id",
    "outcome",
    "loss_type",
    "product",
    "owner",
    "amount",
    "target",
    "currency",
    "loss_reason",
    "opened",
    "closed",
)


def _dates(values: Sequence[str]) -> np.ndarray:
    """ISO dates to datetime64; numpy reads clean ISO text at C speed, pandas the rest."""
    clean = [v[:10] if v else "NaT" for v in values]
    try:
        return np.array(clean, dtype="datetime64[D]").astype("datetime64[ns]")
    except ValueError:
        return pd.to_datetime(pd.Series(values), format="ISO8601", errors="coerce").to_numpy()


def deals_frame(deals: Iterable[Deal] | Iterable[dict]) -> pd.DataFrame:
    """One row per deal; dates parsed (NaT when missing or unreadable), the deal's date derived.

    Takes Deal records, or the store's stored documents (``store.deals.raw_docs()``) — the same
    fields as plain dicts, which skips building 20,000 records only to read ten fields of each.
    """
    deals = deals if isinstance(deals, list) else list(deals)
    docs = bool(deals) and isinstance(deals[0], dict)
    data: dict[str, object] = {}
    for name in FRAME_COLUMNS:
        values = [d.get(name) for d in deals] if docs else list(map(attrgetter(name), deals))
        if name in ("amount", "target"):
            data[name] = np.array([np.nan if v is None else v for v in values], dtype="float64")
        elif name in ("opened", "closed"):
            data[name] = _dates(values)
        elif name == "id":
            data[name] = np.array(values, dtype=object)
        else:  # few distinct values: categories group and compare fast
            data[name] = pd.Categorical(["" if v is None else v for v in values])
    frame = pd.DataFrame(data)
    is_open = frame["outcome"].to_numpy() == "open"
    frame["date"] = (
        frame["opened"]
        .fillna(frame["closed"])
        .where(is_open, frame["closed"].fillna(frame["opened"]))
    )
    return frame


# --- the review --------------------------------------------------------------------------------


@dataclass
class Totals:
    deals: int = 0
    won: int = 0
    lost: int = 0
    lost_competitor: int = 0
    lost_no_decision: int = 0
    lost_unknown: int = 0
    open: int = 0
    open_by_opened: int = 0  # open deals placed by their open date
    open_by_only_date: int = 0  # ... by their only date (no open date): open at the period's end
    win_rate: float | None = None  # won ÷ (won + lost)
    win_rate_decided: float | None = None  # won ÷ (won + lost − no decision)
    won_amount: float = 0.0
    lost_amount: float = 0.0
    open_amount: float = 0.0
    target: float = 0.0  # sum of the targets the period's deals carry
    attainment: float | None = None  # won amount ÷ target
    currency: str = ""
    other_currency: int = 0  # deals whose amount is in a currency with no rate given
    #: rates used to convert other currencies into ``currency`` (1 unit = rate × main)
    rates: dict[str, float] = field(default_factory=dict)
    converted: int = 0  # deals whose amount was converted with one of ``rates``
    #: per currency with no rate: {"deals", "won_amount", "lost_amount", "open_amount"}
    other_amounts: dict[str, dict[str, float]] = field(default_factory=dict)
    avg_cycle_days: float | None = None  # opened → closed, won and lost deals
    avg_cycle_won_days: float | None = None
    avg_won_amount: float | None = None
    # every deal of the log: deals (in the period) + other_periods + no_date == log_deals
    log_deals: int = 0
    other_periods: int = 0  # dated, outside the period
    no_date: int = 0  # no readable date: in no period
    no_date_won: int = 0
    no_date_lost: int = 0
    no_date_open: int = 0


@dataclass
class RecurringCause:
    text: str
    category: str
    reviews: int  # in how many reviews it appears
    review_ids: list[str] = field(default_factory=list)


@dataclass
class PeriodReview:
    period: Period
    totals: Totals
    by_product: pd.DataFrame
    by_owner: pd.DataFrame
    by_month: pd.DataFrame
    pareto: pd.DataFrame  # loss reason, count, share, cumulative
    seasonality: pd.DataFrame  # month 1..12 × year shares, plus "all"
    recurring_causes: list[RecurringCause] = field(default_factory=list)
    cause_categories: dict[str, int] = field(default_factory=dict)
    #: the deals with no date (in no period), by owner; empty when every deal has a date
    no_date_by_owner: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=GROUP_COLUMNS)
    )
    #: the years the seasonality table is computed from
    season_years: list[int] = field(default_factory=list)


GROUP_COLUMNS = ["deals", "won", "lost", "no_decision", "open", "win_rate", "won_amount", "target"]


def _rate(won: float, lost: float) -> float | None:
    return won / (won + lost) if won + lost else None


def _grouped(frame: pd.DataFrame, key: pd.Series | str, others: Sequence[str] = ()) -> pd.DataFrame:
    """Counts and sums per key; ``won_amount_<CUR>`` for each currency in ``others`` (amounts
    in a currency with no rate, kept apart from the main one)."""
    if frame.empty:
        return pd.DataFrame(columns=GROUP_COLUMNS)
    outcome = frame["outcome"]
    parts = pd.DataFrame(
        {
            "deals": 1,
            "won": (outcome == "won").astype("int64"),
            "lost": (outcome == "lost").astype("int64"),
            "no_decision": ((outcome == "lost") & (frame["loss_type"] == "no_decision")).astype(
                "int64"
            ),
            "open": (outcome == "open").astype("int64"),
            "won_amount": frame["amount_main"].where(outcome == "won", 0.0).fillna(0.0),
            "target": frame["target_main"].fillna(0.0),
        }
    )
    extra = [f"won_amount_{c}" for c in others]
    won_other = frame["amount"].where((outcome == "won") & frame["amount_main"].isna())
    for cur, col in zip(others, extra, strict=True):
        parts[col] = won_other.where(frame["currency"] == cur).fillna(0.0)
    keys = frame[key] if isinstance(key, str) else key
    g = parts.groupby(keys.to_numpy(), sort=True).sum()
    decided = g["won"] + g["lost"]
    g["win_rate"] = (g["won"] / decided.where(decided > 0)).astype("float64")
    g.index = [NOT_RECORDED if k == "" else k for k in g.index]
    return g[[*GROUP_COLUMNS, *extra]]


def _by_month(inside: pd.DataFrame, others: Sequence[str] = ()) -> pd.DataFrame:
    """Rows per calendar month of the period, labelled YYYY-MM (integer keys: strftime is slow)."""
    if inside.empty:
        return _grouped(inside, "product")
    key = inside["date"].dt.year * 100 + inside["date"].dt.month
    out = _grouped(inside, key, others)
    out.index = [f"{k // 100:04d}-{k % 100:02d}" for k in out.index]
    return out


def _pareto(lost: pd.DataFrame) -> pd.DataFrame:
    if lost.empty:
        return pd.DataFrame(columns=["reason", "count", "share", "cumulative"])
    reasons = lost["loss_reason"].astype(object).str.strip().replace("", NOT_RECORDED)
    counts = reasons.value_counts(sort=False)
    # most frequent first; ties by name, "not recorded" last, so the order is stable
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0] == NOT_RECORDED, kv[0]))
    out = pd.DataFrame(ordered, columns=["reason", "count"])
    total = out["count"].sum()
    out["share"] = out["count"] / total
    out["cumulative"] = out["count"].cumsum() / total
    return out


#: The reason shown for a lost deal with none written (translated at render time).
NOT_RECORDED = "\u2014"


def _seasonality(frame: pd.DataFrame, years: Sequence[int] | None = None) -> pd.DataFrame:
    """Each calendar month's share of a year's won amount, per year and over the years together
    (``years``: only these; None: every year of the log)."""
    months = list(range(1, 13))
    won = frame[(frame["outcome"] == "won") & frame["date"].notna()]
    if years is not None:
        won = won[won["date"].dt.year.isin(list(years))]
    if won.empty:
        return pd.DataFrame({"all": [np.nan] * 12}, index=pd.Index(months, name="month"))
    amount = won["amount_main"].fillna(0.0)
    table = (
        pd.DataFrame({"y": won["date"].dt.year, "m": won["date"].dt.month, "a": amount})
        .groupby(["m", "y"])["a"]
        .sum()
        .unstack("y")
        .reindex(months)
        .fillna(0.0)
    )
    shares = table / table.sum(axis=0).where(table.sum(axis=0) > 0)
    shares.columns = [str(c) for c in shares.columns]
    total = table.sum(axis=1)
    shares["all"] = total / total.sum() if total.sum() else np.nan
    shares.index.name = "month"
    return shares


def _cycle(frame: pd.DataFrame) -> tuple[float | None, float | None]:
    closed = frame[frame["outcome"] != "open"]
    days = (closed["closed"] - closed["opened"]).dt.days
    days = days[days >= 0]
    won_days = days[closed.loc[days.index, "outcome"] == "won"]
    mean = float(days.mean()) if len(days) else None
    mean_won = float(won_days.mean()) if len(won_days) else None
    return mean, mean_won


def main_currency(frame: pd.DataFrame) -> str:
    with_amount = frame.loc[frame["amount"].notna(), "currency"]
    if with_amount.empty:
        return frame["currency"].mode().iat[0] if len(frame) else "CNY"
    return str(with_amount.value_counts().idxmax())


def parse_rates(items: Iterable[str]) -> dict[str, float]:
    """``["USD=7.2", "eur=7.8"]`` → {"USD": 7.2, "EUR": 7.8}; PeriodError says what is wrong."""
    out: dict[str, float] = {}
    for item in items:
        code, sep, value = item.partition("=")
        code = code.strip().upper()
        try:
            rate = float(value.replace(",", "").strip()) if sep else math.nan
        except ValueError:
            rate = math.nan
        if not (len(code) == 3 and code.isascii() and code.isalpha()) or not (
            math.isfinite(rate) and rate > 0
        ):
            raise PeriodError(
                tr(
                    "看不懂汇率“{r}”：请写成 USD=7.2（1 美元 = 7.2 主币种）",
                    'Cannot read rate "{r}": write USD=7.2 (1 USD = 7.2 of the main currency)',
                    r=item,
                )
            )
        out[code] = rate
    return out


def _season_years(
    frame: pd.DataFrame, period: Period, season_years: Sequence[int] | str | None
) -> list[int]:
    if season_years == "all":
        years = frame.loc[frame["outcome"] == "won", "date"].dropna().dt.year
        return sorted(int(y) for y in years.unique())
    if season_years is None:
        return list(range(period.start.year, period.end.year + 1))
    return sorted({int(y) for y in season_years})


def period_review(
    deals: Iterable[Deal] | Iterable[dict] | pd.DataFrame,
    period: Period | str,
    reviews: Sequence[Review] = (),
    *,
    currency: str | None = None,
    rates: dict[str, float] | None = None,
    season_years: Sequence[int] | str | None = None,
) -> PeriodReview:
    """Every figure of the period review, from the log (a list of deals or a deals_frame).

    ``rates``: other currencies converted into the main one (1 unit = rate × main); a currency
    without a rate stays apart. ``season_years``: the years seasonality uses (None: the period's
    own years; "all": every year of the log)."""
    if isinstance(period, str):
        period = parse_period(period)
    frame = deals if isinstance(deals, pd.DataFrame) else deals_frame(deals)
    cur = currency or main_currency(frame)
    rates = {k: v for k, v in (rates or {}).items() if k != cur}
    codes = frame["currency"].astype("category")
    per_code = {c: 1.0 if c == cur else rates.get(c, np.nan) for c in codes.cat.categories}
    factor = codes.map(per_code).astype("float64").to_numpy()
    frame = frame.assign(amount_main=frame["amount"] * factor, target_main=frame["target"] * factor)
    start, end = pd.Timestamp(period.start), pd.Timestamp(period.end)
    dates = frame["date"]
    inside = frame[(dates >= start) & (dates <= end)]
    outcome = inside["outcome"]
    lost = inside[outcome == "lost"]
    won_mask = outcome == "won"
    t = Totals(deals=len(inside), currency=cur)
    t.won = int(won_mask.sum())
    t.lost = len(lost)
    t.lost_competitor = int((lost["loss_type"] == "competitor").sum())
    t.lost_no_decision = int((lost["loss_type"] == "no_decision").sum())
    t.lost_unknown = t.lost - t.lost_competitor - t.lost_no_decision
    open_mask = outcome == "open"
    t.open = int(open_mask.sum())
    t.open_by_opened = int((open_mask & inside["opened"].notna()).sum())
    t.open_by_only_date = t.open - t.open_by_opened
    undated = frame[dates.isna()]
    t.log_deals, t.no_date = len(frame), len(undated)
    t.other_periods = t.log_deals - t.deals - t.no_date
    t.no_date_won = int((undated["outcome"] == "won").sum())
    t.no_date_lost = int((undated["outcome"] == "lost").sum())
    t.no_date_open = t.no_date - t.no_date_won - t.no_date_lost
    t.win_rate = _rate(t.won, t.lost)
    t.win_rate_decided = _rate(t.won, t.lost - t.lost_no_decision)
    amounts = inside["amount_main"]
    t.won_amount = float(amounts[won_mask].sum())
    t.lost_amount = float(amounts[outcome == "lost"].sum())
    t.open_amount = float(amounts[outcome == "open"].sum())
    t.target = float(inside["target_main"].sum())
    t.attainment = t.won_amount / t.target if t.target else None
    has_amount = inside["amount"].notna()
    apart = has_amount & inside["amount_main"].isna()
    t.other_currency = int(apart.sum())
    t.converted = int((has_amount & (inside["currency"] != cur) & ~apart).sum())
    t.rates = {c: r for c, r in sorted(rates.items()) if (inside["currency"] == c).any()}
    others = sorted(str(c) for c in inside.loc[apart, "currency"].unique())
    for c in others:
        mine = inside[apart & (inside["currency"] == c)]
        t.other_amounts[c] = {
            "deals": float(len(mine)),
            "won_amount": float(mine.loc[mine["outcome"] == "won", "amount"].sum()),
            "lost_amount": float(mine.loc[mine["outcome"] == "lost", "amount"].sum()),
            "open_amount": float(mine.loc[mine["outcome"] == "open", "amount"].sum()),
        }
    won_amounts = amounts[won_mask].dropna()
    t.avg_won_amount = float(won_amounts.mean()) if len(won_amounts) else None
    t.avg_cycle_days, t.avg_cycle_won_days = _cycle(inside)
    won_apart = sorted(c for c, a in t.other_amounts.items() if a["won_amount"])
    by_product = _grouped(inside, "product", won_apart)
    by_owner = _grouped(inside, "owner", won_apart)
    years = _season_years(frame, period, season_years)
    recurring, categories = recurring_causes(reviews)
    return PeriodReview(
        period=period,
        totals=t,
        by_product=by_product.sort_values(["won_amount", "deals"], ascending=False),
        by_owner=by_owner.sort_values(["won_amount", "deals"], ascending=False),
        by_month=_by_month(inside, won_apart),
        pareto=_pareto(lost),
        seasonality=_seasonality(frame, years),
        season_years=years,
        recurring_causes=recurring,
        cause_categories=categories,
        no_date_by_owner=_grouped(undated, "owner").sort_values("deals", ascending=False),
    )


# --- causes that come back across reviews -----------------------------------------------------

_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)


def cause_key(text: str) -> str:
    """Two causes are the same when they read the same once case, width and punctuation go."""
    import unicodedata

    return _PUNCT.sub("", unicodedata.normalize("NFKC", text).casefold())


def recurring_causes(
    reviews: Sequence[Review], min_reviews: int = 2
) -> tuple[list[RecurringCause], dict[str, int]]:
    """Causes written in at least ``min_reviews`` reviews, most frequent first; and how many
    causes each category holds across all reviews."""
    seen: dict[str, RecurringCause] = {}
    categories: dict[str, int] = {}
    for review in reviews:
        in_this: set[str] = set()
        for causes in review.answers.causes.values():
            for cause in causes:
                key = cause_key(cause.text)
                if not key:
                    continue
                categories[cause.category or ""] = categories.get(cause.category or "", 0) + 1
                if key in in_this:
                    continue
                in_this.add(key)
                held = seen.setdefault(key, RecurringCause(cause.text.strip(), cause.category, 0))
                held.reviews += 1
                held.review_ids.append(review.id)
                if not held.category and cause.category:
                    held.category = cause.category
    out = [c for c in seen.values() if c.reviews >= min_reviews]
    out.sort(key=lambda c: (-c.reviews, c.text))
    return out, dict(sorted(categories.items(), key=lambda kv: -kv[1]))
