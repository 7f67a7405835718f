"""Numbers with units as people write them: 120万, 1.2 million, 1,200,000, ¥1.2m, 15%, 1.5亿, $1.2k.

Pure functions, no I/O. The review engine uses them to read goals and results; the deal log and
reports may reuse them. Values are kept in base units (元, dollars, plain counts); a percentage
keeps its number (15% -> 15.0, kind "percent").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

QuantityKind = Literal["money", "percent", "count", "number"]

_SCALE_ZH = {"万亿": 1e12, "千亿": 1e11, "百亿": 1e10, "亿": 1e8, "千万": 1e7, "百万": 1e6,
             "十万": 1e5, "万": 1e4, "千": 1e3, "百": 1e2}  # fmt: skip
_SCALE_EN = {"trillion": 1e12, "billion": 1e9, "bn": 1e9, "b": 1e9, "million": 1e6, "mn": 1e6,
             "mio": 1e6, "m": 1e6, "thousand": 1e3, "k": 1e3}  # fmt: skip
_CURRENCY_PREFIX = {"¥": "CNY", "￥": "CNY", "rmb": "CNY", "cny": "CNY", "$": "USD", "usd": "USD",
                    "us$": "USD", "hk$": "HKD", "hkd": "HKD", "€": "EUR", "eur": "EUR", "£": "GBP"}  # fmt: skip
_CURRENCY_SUFFIX = {"元": "CNY", "块": "CNY", "人民币": "CNY", "美元": "USD", "港币": "HKD",
                    "港元": "HKD", "欧元": "EUR", "rmb": "CNY", "cny": "CNY", "yuan": "CNY",
                    "usd": "USD", "dollars": "USD", "dollar": "USD", "hkd": "HKD", "eur": "EUR"}  # fmt: skip
#: Count units: a number followed by one of these counts things (clients, calls, deals …).
_COUNT_ZH = "户位个名人家笔单次场件份张只套台"
_COUNT_EN = ("clients", "client", "customers", "customer", "calls", "call", "deals", "deal",
             "visits", "visit", "meetings", "meeting", "leads", "lead", "policies", "policy",
             "accounts", "account", "people", "times", "sessions", "events", "orders", "units")  # fmt: skip
#: A number followed by one of these is a date or a period, not a quantity.
_DATE_AFTER = (
    "年",
    "月",
    "日",
    "号",
    "季度",
    "周",
    "星期",
    "天",
    "小时",
    "分钟",
    "岁",
    "个月",
    "期",
)
_DATE_AFTER_EN = ("years", "year", "months", "month", "weeks", "week", "days", "day", "hours",
                  "hour", "minutes", "am", "pm", "st", "nd", "rd", "th")  # fmt: skip

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
_PREFIX = r"(?P<pre>us\$|hk\$|rmb|cny|usd|hkd|eur|[¥￥$€£])?\s?"
_SCALE = (
    r"(?P<scale>万亿|千亿|百亿|亿|千万|百万|十万|万|千|百"
    r"|\s?(?:trillion|billion|million|thousand|bn|mn|mio)\b|[kmb](?![a-z]))?"
)
_SUFFIX = (
    r"(?P<suf>%|％|‰|元|块|人民币|美元|港币|港元|欧元|倍|x\b"
    r"|\s?(?:rmb|cny|yuan|usd|dollars|dollar|hkd|eur|percent|per cent)\b)?"
)
_PATTERN = re.compile(
    rf"(?P<pct_zh>百分之)?{_PREFIX}(?P<num>{_NUM}){_SCALE}{_SUFFIX}", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number read from text: its value in base units, what kind of thing it counts, where."""

    value: float
    kind: QuantityKind
    text: str
    start: int = 0
    end: int = 0
    currency: str = ""  # CNY, USD … for money
    unit: str = ""  # the count word (户, clients …), "%" or "x" (times)

    def same_kind(self, other: Quantity) -> bool:
        """True when the two can be compared (money with money in the same currency, …)."""
        if {self.kind, other.kind} == {"money", "number"}:
            return not (self.unit or other.unit)
        if self.kind != other.kind:
            return False
        if self.kind == "number" and self.unit != other.unit:
            return False  # 80分 with 83分, 2倍 with 3倍 — not 2倍 with 83分
        if self.kind == "money":
            return not self.currency or not other.currency or self.currency == other.currency
        return True


_FULLWIDTH = str.maketrans(
    {ch: unicodedata.normalize("NFKC", ch) for ch in "０１２３４５６７８９％．，＄￥"}
)


_ANY_DIGIT = re.compile(r"[0-9０-９]")


def _prep(text: str) -> str:
    """Full-width digits and signs to ASCII, keeping every character's position."""
    return text.translate(_FULLWIDTH)


def _is_word_char(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch == "_")


def _is_date_part(rest: str) -> bool:
    if rest.startswith(_DATE_AFTER):
        return True
    word = re.match(r"\s?([a-z]+)", rest)
    return bool(word) and word.group(1) in _DATE_AFTER_EN


#: How far past a number its unit, a date word or a count word can reach (the longest, " percentage
#: points" and the word boundary after it, is 19 characters). Each number looks at this much of the
#: text after it, never at the whole rest: a copy per number made reading a long answer quadratic.
_LOOKAHEAD = 64
_SPACE_RUN = re.compile(r"\s*")


def find_quantities(text: str) -> list[Quantity]:
    """Every number with its unit in ``text``, in order; dates, ids (Q2, C3, R4) are skipped."""
    if not _ANY_DIGIT.search(text):
        return []
    src = _prep(text)
    low = src.lower()
    out: list[Quantity] = []
    for m in _PATTERN.finditer(low):
        start, end = m.start(), m.end()
        num_start = m.start("num")
        if m.group("pre") is None and num_start > 0:
            before = low[num_start - 1]
            if _is_word_char(before) or before in "-/:.":
                continue  # Q2, C3, v1.2, 2025-03, 10:30
        after_num = low[m.end("num") : m.end("num") + 1]
        if after_num in ("-", "/", ":") and m.group("scale") is None and m.group("suf") is None:
            continue  # 2025-03-10, 3/10
        rest = low[end : end + _LOOKAHEAD]
        if not m.group("scale") and not m.group("suf") and _is_date_part(rest):
            continue
        if m.group("scale") and m.group("scale").strip() in ("m", "b") and rest[:1].isalpha():
            continue
        tail_at = _SPACE_RUN.match(low, end).end()  # as rest.lstrip(), however long the spaces
        tail = low[tail_at : tail_at + _LOOKAHEAD]
        q = _build(m, src[start:end].strip(), start, end, rest, tail)
        if q is not None:
            out.append(q)
    return out


_POINTS = re.compile(r"个百分点|个点(?!子)|百分点|\s?(?:percentage points?|pp\b|points?\b|pts?\b)")


def _build(
    m: re.Match[str], raw: str, start: int, end: int, rest: str, tail: str
) -> Quantity | None:
    """The quantity of match ``m``; ``rest`` is the text just after it, ``tail`` the same after
    its spaces (each at least ``_LOOKAHEAD`` characters when the text is that long)."""
    try:
        value = float(m.group("num").replace(",", ""))
    except ValueError:
        return None
    scale = (m.group("scale") or "").strip().lower()
    suf = (m.group("suf") or "").strip().lower()
    pre = (m.group("pre") or "").lower()
    if scale:
        value *= _SCALE_ZH.get(scale) or _SCALE_EN.get(scale, 1.0)
    if m.group("pct_zh") or suf in ("%", "％", "percent", "per cent"):
        return Quantity(value, "percent", raw, start, end, unit="%")
    if suf == "‰":
        return Quantity(value / 10, "percent", raw, start, end, unit="%")
    if suf in ("倍", "x"):
        return Quantity(value, "number", raw, start, end, unit="x")
    currency = _CURRENCY_PREFIX.get(pre, "") or _CURRENCY_SUFFIX.get(suf, "")
    if currency:
        return Quantity(value, "money", raw, start, end, currency=currency)
    if rest[:1] == "分" and not rest.startswith(
        ("分行", "分支", "分之", "分钟", "分层", "分类", "分析", "分别")
    ):
        return Quantity(value, "number", raw + "分", start, end + 1, unit="分")
    points = _POINTS.match(rest)
    if points:
        # 28个百分点 / 28个点 / 28 points: a difference of percentages or scores, one unit
        return Quantity(value, "number", raw + points.group(), start, end + points.end(), unit="pt")
    if rest[:1] and rest[0] in _COUNT_ZH:
        return Quantity(value, "count", raw + rest[0], start, end + 1, unit=rest[0])
    if tail[:2] == "万元" or tail[:1] == "元":
        return Quantity(value, "money", raw, start, end, currency="CNY")
    for word in _COUNT_EN:
        if tail.startswith(word) and not _is_word_char(tail[len(word) : len(word) + 1] or " "):
            return Quantity(value, "count", raw, start, end, unit=word)
    if scale and not currency:
        # 120万 / 1.2 million with no currency is an amount of money in sales talk.
        return Quantity(value, "money", raw, start, end)
    return Quantity(value, "number", raw, start, end)


def parse_quantity(text: str) -> Quantity | None:
    """The first quantity in ``text``, or None."""
    found = find_quantities(text)
    return found[0] if found else None


def format_value(q: Quantity | float, kind: QuantityKind | None = None) -> str:
    """A short human form: 1,200,000 · 15% · 3 户."""
    if isinstance(q, Quantity):
        value, kind = q.value, q.kind
    else:
        value = q
    if kind == "percent":
        return f"{value:g}%"
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.2f}"
