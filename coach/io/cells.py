"""Whole-column parsing of deal values with pandas: amounts, dates, outcomes, stages, tags.

The patterns and word tables are those of ``coach.domain.values`` (which parses one value for
the capture), applied to a column at once: regular expressions via ``Series.str.extract``,
numbers via ``to_numeric``, dates via ``to_datetime`` on year / month / day columns, and
categorical columns (outcome, stage, currency) by parsing each distinct value once.

Each parser returns the values plus a mask of cells it could not read; the importer turns
the mask into per-line messages. A spreadsheet column may mix numbers, dates and text:
numbers and dates are taken as they are, text goes through the same patterns as a CSV.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from coach.domain import values as V

_NUMBER_TYPES = (int, float, np.integer, np.floating)
_DATE_TYPES = (dt.date, dt.datetime, pd.Timestamp)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float | np.floating):
        if value != value:  # NaN
            return ""
        if float(value).is_integer():
            return str(int(value))
        return repr(float(value))
    if isinstance(value, dt.datetime | pd.Timestamp):
        return value.isoformat(sep=" ")
    return str(value)


def distinct(column: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """Codes and distinct cells: a column is parsed once per distinct value, then expanded.

    The distinct cells end with one extra empty cell, so the code -1 (a missing cell) picks it.
    """
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    values = np.append(np.asarray(uniques, dtype=object), "")
    return codes, pd.Series(values, dtype=object)


def _text_of_distinct(uniques: pd.Series) -> pd.Series:
    if uniques.map(type).eq(str).all():
        text = uniques.astype(str)
    else:
        text = uniques.map(_cell_text).astype(str)
    return text.str.strip()


def as_text(column: pd.Series) -> pd.Series:
    """Cells as stripped text ("" when empty), line breaks as ``\\n``; spreadsheet numbers without
    a trailing ``.0``."""
    codes, uniques = distinct(column)
    text = _text_of_distinct(uniques).str.replace("\r\n", "\n", regex=False)
    text = text.to_numpy(dtype=object)[codes]
    return pd.Series(text, index=column.index, dtype=object)


def normalised_text(column: pd.Series) -> pd.Series:
    return _text_of_distinct(column).str.translate(V.FULLWIDTH).str.strip()


def _typed_masks(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Masks of the cells that are spreadsheet numbers and spreadsheet dates."""
    if column.dtype != object:
        n = len(column)
        return np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
    kinds = column.map(type)
    number = kinds.map(lambda k: issubclass(k, _NUMBER_TYPES) and k is not bool)
    date = kinds.map(lambda k: issubclass(k, _DATE_TYPES))
    return number.to_numpy(dtype=bool), date.to_numpy(dtype=bool)


@dataclass
class AmountColumn:
    value: np.ndarray  # float, NaN where empty or unreadable
    currency: pd.Series  # currency code the cell named, or NaN
    bad: np.ndarray  # bool: non-empty but unreadable


def parse_amounts(column: pd.Series, unit: float = 1.0) -> AmountColumn:
    """``1,200,000`` / ``￥50万`` / ``$1.2k`` … for a whole column, once per distinct cell."""
    codes, uniques = distinct(column)
    got = _parse_distinct_amounts(uniques, unit)
    return AmountColumn(
        value=got.value[codes],
        currency=pd.Series(got.currency.to_numpy(dtype=object)[codes], index=column.index),
        bad=got.bad[codes],
    )


def _parse_distinct_amounts(column: pd.Series, unit: float) -> AmountColumn:
    """``1,200,000`` / ``￥50万`` / ``$1.2k`` … for a whole column; ``unit`` scales bare numbers.

    Spreadsheet number cells are taken as they are (times ``unit``).
    """
    n = len(column)
    number_mask, _ = _typed_masks(column)
    text = normalised_text(column)
    empty = (text == "").to_numpy()
    value = np.full(n, np.nan)
    currency = pd.Series(np.nan, index=column.index, dtype=object)
    bad = np.zeros(n, dtype=bool)
    if number_mask.any():
        value[number_mask] = pd.to_numeric(column[number_mask], errors="coerce").to_numpy(
            dtype=float
        )
        value[number_mask] *= unit
    todo = ~empty & ~number_mask
    if todo.any():
        sub = text[todo]
        ext = sub.str.extract(V.AMOUNT_PATTERN)
        num = pd.to_numeric(ext["num"].str.replace(",", "", regex=False), errors="coerce")
        # A unit from the header (金额（万元）) applies to bare numbers only, not to "￥8,000".
        bare = ext["pre"].isna() & ext["post"].isna()
        factor = ext["unit"].str.lower().map(V.UNITS).astype(float)
        factor = factor.fillna(pd.Series(np.where(bare, unit, 1.0), index=factor.index))
        sign = np.where(ext["neg"].notna() | ext["neg2"].notna(), -1.0, 1.0)
        parsed = (num.to_numpy(dtype=float) * factor.to_numpy(dtype=float) * sign).round(6)
        pre = ext["pre"].str.lower().map(V.CURRENCY_PREFIX)
        post = ext["post"].str.lower().map(V.CURRENCY_SUFFIX)
        clash = (
            pre.notna() & post.notna() & (pre != post) & ~ext["post"].isin(["元", "块"])
        ).to_numpy(dtype=bool)
        unreadable = np.isnan(parsed) | clash
        parsed[clash] = np.nan
        value[todo] = parsed
        currency[todo] = pre.fillna(post).to_numpy(dtype=object)
        bad[todo] = unreadable
    return AmountColumn(value=value, currency=currency, bad=bad)


@dataclass
class DateColumn:
    iso: np.ndarray  # object: "YYYY-MM-DD", or "" where empty or unreadable
    bad: np.ndarray  # bool
    ambiguous: bool = False  # some cells read either way and nothing in the column decides
    examples: list[str] = field(default_factory=list)  # ambiguous cells, to show when asking
    dayfirst: bool | None = None  # what the column (or the caller) decided


def _compose(y: pd.Series, m: pd.Series, d: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """ISO strings from year / month / day columns, and a mask of impossible dates."""
    parts = pd.DataFrame(
        {
            "year": pd.to_numeric(y, errors="coerce"),
            "month": pd.to_numeric(m, errors="coerce"),
            "day": pd.to_numeric(d, errors="coerce"),
        }
    )
    ok = parts.notna().all(axis=1) & parts["year"].between(1000, 9999)
    stamps = pd.to_datetime(parts.where(ok), errors="coerce")
    valid = stamps.notna().to_numpy()
    iso = np.full(len(parts), "", dtype=object)
    if valid.any():
        iso[valid] = np.datetime_as_string(
            stamps[valid].to_numpy().astype("datetime64[D]"), unit="D"
        ).astype(object)
    return iso, ~valid


def parse_dates(column: pd.Series, dayfirst: bool | None = None) -> DateColumn:
    """Every supported date form in one column; ``03/10/25`` decided for the column as a whole.

    Each distinct cell is parsed once (a column of dates repeats a lot).
    """
    codes, uniques = distinct(column)
    got = _parse_distinct_dates(uniques, dayfirst)
    got.iso = got.iso[codes]
    got.bad = got.bad[codes]
    return got


def _parse_distinct_dates(column: pd.Series, dayfirst: bool | None) -> DateColumn:
    n = len(column)
    number_mask, date_mask = _typed_masks(column)
    text = normalised_text(column)
    empty = (text == "").to_numpy()
    iso = np.full(n, "", dtype=object)
    bad = np.zeros(n, dtype=bool)
    out = DateColumn(iso=iso, bad=bad, dayfirst=dayfirst)

    if date_mask.any():
        stamps = pd.to_datetime(column[date_mask], errors="coerce")
        iso[date_mask] = stamps.dt.strftime("%Y-%m-%d").fillna("").to_numpy(dtype=object)
    if number_mask.any():
        serial = pd.to_numeric(column[number_mask], errors="coerce").to_numpy(dtype=float)
        in_range = (serial >= V.SERIAL_MIN) & (serial <= V.SERIAL_MAX)
        days = np.where(in_range, serial, 0).astype("int64")
        dates = np.datetime64(V.EXCEL_EPOCH.isoformat()) + days.astype("timedelta64[D]")
        iso[number_mask] = np.where(
            in_range, np.datetime_as_string(dates, unit="D").astype(object), ""
        )
        bad_pos = np.flatnonzero(number_mask)[~in_range]
        bad[bad_pos] = True

    todo = ~empty & ~number_mask & ~date_mask
    if not todo.any():
        return out
    positions = np.flatnonzero(todo)
    rest = text[todo]

    ymd = rest.str.extract(V.YMD_PATTERN)
    hit = ymd["y"].notna().to_numpy()
    if not hit.all():
        compact = rest[~hit].str.extract(V.COMPACT_PATTERN)
        ymd.loc[~hit, ["y", "m", "d"]] = compact[["y", "m", "d"]].to_numpy()
        hit = ymd["y"].notna().to_numpy()
    if hit.any():
        got, impossible = _compose(ymd["y"][hit], ymd["m"][hit], ymd["d"][hit])
        iso[positions[hit]] = got
        bad[positions[hit][impossible]] = True

    left = ~hit
    if left.any():
        dmy = rest[left].str.extract(V.DMY_PATTERN)
        dmy_hit = dmy["a"].notna().to_numpy()
        if dmy_hit.any():
            _read_day_month(dmy[dmy_hit], positions[left][dmy_hit], out)
        left_pos = positions[left][~dmy_hit]
        if len(left_pos):
            _read_remaining(text.iloc[left_pos], left_pos, out)
    return out


def date_order(column: pd.Series, dayfirst: bool | None = None) -> DateColumn:
    """Only the day-first decision of a column (for the preview): cheaper than ``parse_dates``.

    Returns a ``DateColumn`` whose ``dayfirst``, ``ambiguous`` and ``examples`` are those
    ``parse_dates`` would give; ``iso`` and ``bad`` are left empty.
    """
    _, uniques = distinct(column)
    text = normalised_text(uniques)
    text = text[text.str.match(r"\s*\d{1,2}\s*[-/.]\s*\d{1,2}\s*[-/.]").fillna(False).astype(bool)]
    dmy = text.str.extract(V.DMY_PATTERN).dropna(subset=["a"])
    out = DateColumn(iso=np.full(len(dmy), "", dtype=object), bad=np.zeros(len(dmy), dtype=bool))
    out.dayfirst = dayfirst
    if len(dmy):
        _read_day_month(dmy, np.arange(len(dmy)), out)
    out.iso, out.bad = np.array([], dtype=object), np.array([], dtype=bool)
    return out


def _read_day_month(dmy: pd.DataFrame, positions: np.ndarray, out: DateColumn) -> None:
    a = dmy["a"].astype(int).to_numpy()
    b = dmy["b"].astype(int).to_numpy()
    year = dmy["y"].astype(int).to_numpy()
    year = np.where(year < 100, np.where(year < 70, 2000 + year, 1900 + year), year)
    says_dayfirst = (a > 12) & (b <= 12)
    says_monthfirst = (b > 12) & (a <= 12)
    undecided = ~says_dayfirst & ~says_monthfirst & (a != b)
    dayfirst = out.dayfirst
    if dayfirst is None:
        if says_dayfirst.any() and not says_monthfirst.any():
            dayfirst = True
        elif says_monthfirst.any() and not says_dayfirst.any():
            dayfirst = False
        out.dayfirst = dayfirst
    if dayfirst is None:
        # Each cell that tells reads its own way; the rest wait for the caller's answer.
        use_dayfirst = says_dayfirst | (a == b)
        if undecided.any():
            out.ambiguous = True
            samples = dmy.loc[undecided].apply(lambda r: f"{r['a']}/{r['b']}/{r['y']}", axis=1)
            out.examples = list(dict.fromkeys(samples.head(50)))[:3]
    else:
        use_dayfirst = np.full(len(a), dayfirst)
        undecided = np.zeros(len(a), dtype=bool)
    day = np.where(use_dayfirst, a, b)
    month = np.where(use_dayfirst, b, a)
    got, impossible = _compose(pd.Series(year), pd.Series(month), pd.Series(day))
    got[undecided] = ""
    out.iso[positions] = got
    out.bad[positions[impossible & ~undecided]] = True
    out.bad[positions[undecided]] = True


def _read_remaining(text: pd.Series, positions: np.ndarray, out: DateColumn) -> None:
    """Serial numbers and named months: few distinct values, each parsed once."""
    uniques = pd.unique(text.to_numpy(dtype=object))
    table: dict[str, str] = {}
    for value in uniques:
        try:
            table[value] = V.parse_date(value, dayfirst=True)
        except ValueError:
            table[value] = ""
    got = text.map(table).to_numpy(dtype=object)
    out.iso[positions] = got
    out.bad[positions[got == ""]] = True


def parse_categories(column: pd.Series, parse) -> tuple[list[object], np.ndarray]:
    """Apply ``parse`` (raising ValueError when it cannot) once per distinct value.

    Returns the parsed value per row (None for empty or unreadable) and the mask of
    unreadable cells.
    """
    codes, raw = distinct(column)
    uniques = normalised_text(raw).tolist()
    parsed: list[object] = []
    failed = np.zeros(len(uniques), dtype=bool)
    for i, value in enumerate(uniques):
        if value == "":
            parsed.append(None)
            continue
        try:
            parsed.append(parse(value))
        except ValueError:
            parsed.append(None)
            failed[i] = True
    table = np.empty(len(parsed), dtype=object)
    table[:] = parsed
    return list(table[codes]), failed[codes]


CURRENCY_WORDS: dict[str, str] = {
    **{k: v for k, v in V.CURRENCY_PREFIX.items()},
    **{k: v for k, v in V.CURRENCY_SUFFIX.items()},
    "eur": "EUR",
    "jpy": "JPY",
    "日元": "JPY",
    "sgd": "SGD",
    "新加坡元": "SGD",
}


def parse_currency(value: str) -> str:
    key = value.strip().casefold()
    if key in CURRENCY_WORDS:
        return CURRENCY_WORDS[key]
    if len(key) == 3 and key.isascii() and key.isalpha():
        return key.upper()
    raise ValueError(value)


LOSS_TYPE_WORDS: dict[str, str] = {
    "competitor": "competitor",
    "竞品": "competitor",
    "竞争对手": "competitor",
    "输给竞品": "competitor",
    "lost to competitor": "competitor",
    "no decision": "no_decision",
    "no_decision": "no_decision",
    "无决定": "no_decision",
    "未决策": "no_decision",
    "客户未决策": "no_decision",
    "unknown": "unknown",
    "未知": "unknown",
    "不明": "unknown",
}


def parse_loss_type(value: str) -> str:
    key = " ".join(value.strip().casefold().replace("_", " ").split())
    for candidate in (key, key.replace(" ", "_")):
        if candidate in LOSS_TYPE_WORDS:
            return LOSS_TYPE_WORDS[candidate]
    raise ValueError(value)


def split_tags(column: pd.Series) -> list[list[str]]:
    """``#开门红, 高净值；续期`` → ["开门红", "高净值", "续期"]."""
    codes, raw = distinct(column)
    parts = normalised_text(raw).str.split(r"[,;；、\s#]+", regex=True)
    table = [[t for t in p if t] if isinstance(p, list) else [] for p in parts]
    return [list(table[c]) for c in codes]


def parse_distinct(column: pd.Series, parse) -> tuple[np.ndarray, list[object], np.ndarray]:
    """``parse`` once per distinct value: (codes per row, parsed per distinct value, failed mask
    per distinct value). ``parsed[codes]`` gives the rows' values (None: empty or unreadable);
    a caller derives several columns from one parse at the cost of the distinct values only."""
    codes, raw = distinct(column)
    uniques = normalised_text(raw).tolist()
    parsed: list[object] = []
    failed = np.zeros(len(uniques), dtype=bool)
    for i, value in enumerate(uniques):
        if value == "":
            parsed.append(None)
            continue
        try:
            parsed.append(parse(value))
        except ValueError:
            parsed.append(None)
            failed[i] = True
    return codes, parsed, failed


def by_code(codes: np.ndarray, table: list[object]) -> np.ndarray:
    """``table[code]`` for every row, as an object array (tuples and lists kept whole)."""
    arr = np.empty(len(table), dtype=object)
    arr[:] = table
    return arr[codes]
