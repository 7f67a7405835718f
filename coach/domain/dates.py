"""Due dates as people write them, in Chinese and English, resolved against a given "today".

Absolute (2025-03-10, 2025年3月10日, 3月10日, 10 March 2025, March 10) and relative (下周五, 月底前,
两周内, 二季度末, by Friday, within 2 weeks, end of Q2, tomorrow). Pure functions: "today" is
always passed in, so results are reproducible and testable. Weeks start on Monday; "end of a
week" means its Friday (a working deadline).

Past days (``parse_past_day``), for a deal logged after it happened — weeks start on Monday:

* 上周五 / 上星期五 / 上礼拜五 / 上个星期五: the Friday of last week (上上周五: the week before);
  on a Sunday 上周五 is nine days ago, on a Monday three.
* 周五 / 星期五 / Friday / on Friday alone: the most recent Friday on or before today (today
  if today is a Friday).
* last Friday: the most recent Friday before today (never today; on a Friday it is a week ago,
  on a Sunday two days ago), as it is commonly used in English.
* 本周五 / 这周五 / this Friday: the Friday of this week (may be after today).
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache


@dataclass(frozen=True, slots=True)
class DueDate:
    """A date found in text: the resolved day, the words it came from, and which form they took."""

    date: date
    text: str
    start: int
    end: int
    form: str  # iso | zh-date | month-day | weekday | relative | month-end | year-end | quarter-end | day-word | en-date


_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "俩": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip
_EN_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
               "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
               "fourteen": 14, "fifteen": 15, "twenty": 20, "thirty": 30}  # fmt: skip
_WEEKDAYS_ZH = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "末": 6,
                "1": 0, "2": 1, "3": 2, "4": 3, "5": 4, "6": 5, "7": 6}  # fmt: skip
_WEEKDAYS_EN = {"monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
                "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4,
                "saturday": 5, "sat": 5, "sunday": 6, "sun": 6}  # fmt: skip
_MONTHS_EN = {"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
              "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
              "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11,
              "nov": 11, "december": 12, "dec": 12}  # fmt: skip
_QUARTER_ZH = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def cn_number(text: str) -> int | None:
    """Arabic digits or a small Chinese numeral (一 … 九十九, 两, 半 not included) as an int."""
    text = text.strip()
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if text.lower() in _EN_NUMBERS:
        return _EN_NUMBERS[text.lower()]
    if "十" in text:
        tens, _, units = text.partition("十")
        t = _CN_DIGITS.get(tens) if tens else 1
        u = _CN_DIGITS.get(units) if units else 0
        if t is None or u is None:
            return None
        return t * 10 + u
    if len(text) == 1 and text in _CN_DIGITS:
        return _CN_DIGITS[text]
    return None


def _month_end(year: int, month: int) -> date:
    while month > 12:
        year, month = year + 1, month - 12
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(d: date, months: int) -> date:
    m = d.month - 1 + months
    year, month = d.year + m // 12, m % 12 + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def _quarter_end(year: int, q: int) -> date:
    return _month_end(year, q * 3)


def _add_business_days(d: date, n: int) -> date:
    while n > 0:
        d += timedelta(days=1)
        if d.weekday() < 5:
            n -= 1
    return d


def _week_day(today: date, weekday: int, weeks_ahead: int) -> date:
    monday = today - timedelta(days=today.weekday())
    return monday + timedelta(days=7 * weeks_ahead + weekday)


def _next_weekday(today: date, weekday: int) -> date:
    """The coming ``weekday``: today if it is that day, else the next one."""
    return today + timedelta(days=(weekday - today.weekday()) % 7)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _roll_forward(d: date | None, today: date) -> date | None:
    """A month-day without a year means the next such day (this year, else next year)."""
    if d is None or d >= today:
        return d
    return _safe_date(d.year + 1, d.month, d.day)


Handler = Callable[[re.Match[str], date], date | None]
_RULES: list[tuple[str, re.Pattern[str], Handler]] = []


def _rule(form: str, pattern: str) -> Callable[[Handler], Handler]:
    def wrap(fn: Handler) -> Handler:
        _RULES.append((form, re.compile(pattern, re.IGNORECASE), fn))
        return fn

    return wrap


_N = r"(\d{1,3}|[一二两三四五六七八九十]{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|fifteen|twenty|thirty)"


@_rule("iso", r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
def _iso(m: re.Match[str], today: date) -> date | None:
    return _safe_date(int(m[1]), int(m[2]), int(m[3]))


@_rule("zh-date", r"(\d{4})\s?年\s?(\d{1,2})\s?月\s?(\d{1,2})\s?[日号]?")
def _zh_date(m: re.Match[str], today: date) -> date | None:
    return _safe_date(int(m[1]), int(m[2]), int(m[3]))


@_rule(
    "month-day",
    r"(?<![\d年])(\d{1,2}|[一二三四五六七八九十]{1,2})\s?月\s?(\d{1,2}|[一二三四五六七八九十]{1,3})\s?[日号]",
)
def _month_day(m: re.Match[str], today: date) -> date | None:
    month, day = cn_number(m[1]), cn_number(m[2])
    if month is None or day is None:
        return None
    return _roll_forward(_safe_date(today.year, month, day), today)


@_rule("month-day", r"(下个?月|本月|这个月)\s?(\d{1,2}|[一二三四五六七八九十]{1,3})\s?[日号]")
def _month_rel_day(m: re.Match[str], today: date) -> date | None:
    day = cn_number(m[2])
    base = _add_months(today.replace(day=1), 1 if m[1].startswith("下") else 0)
    return _safe_date(base.year, base.month, day) if day else None


@_rule(
    "month-end",
    r"(?<![\d年])(\d{1,2}|[一二三四五六七八九十]{1,2})\s?月\s?(底|末|中旬|中|上旬|初|下旬)?\s?(前|之前|以前|内|之内)",
)
def _zh_month_named(m: re.Match[str], today: date) -> date | None:
    month = cn_number(m[1])
    if month is None or not 1 <= month <= 12:
        return None
    day = {"中旬": 15, "中": 15, "上旬": 10, "初": 5, "下旬": 31}.get(m[2] or "", 31)
    last = _month_end(today.year, month)
    target = last.replace(day=min(day, last.day))
    return target if target >= today else _roll_forward(target, today)


@_rule("month-end", r"(?<![\d年])(\d{1,2}|[一二三四五六七八九十]{1,2})\s?月\s?(底|末)")
def _zh_month_named_end(m: re.Match[str], today: date) -> date | None:
    month = cn_number(m[1])
    if month is None or not 1 <= month <= 12:
        return None
    target = _month_end(today.year, month)
    return target if target >= today else _month_end(today.year + 1, month)


@_rule("weekday", r"(下下|下个?|本|这个?|)\s?(周|星期|礼拜)\s?([一二三四五六日天1-7])")
def _zh_weekday(m: re.Match[str], today: date) -> date | None:
    weekday = _WEEKDAYS_ZH[m[3]]
    prefix = m[1]
    if prefix == "下下":
        return _week_day(today, weekday, 2)
    if prefix.startswith("下"):
        return _week_day(today, weekday, 1)
    if prefix:
        return _week_day(today, weekday, 0)
    return _next_weekday(today, weekday)


@_rule("weekday", r"(下下|下个?|本|这个?)\s?(周|星期|礼拜)(末|内|之内|以内|前|底)?")
def _zh_week(m: re.Match[str], today: date) -> date | None:
    ahead = 2 if m[1] == "下下" else 1 if m[1].startswith("下") else 0
    weekday = 6 if m[3] == "末" else 4
    return max(_week_day(today, weekday, ahead), today)


@_rule(
    "relative", rf"{_N}\s?(个)?\s?(工作日|天|日|周|星期|礼拜|个月|月|年)\s?(内|之内|以内|后|之后)"
)
def _zh_relative(m: re.Match[str], today: date) -> date | None:
    n = cn_number(m[1])
    if n is None:
        return None
    return _shift(today, n, m[3])


@_rule("relative", r"半个?月\s?(内|之内|以内|后)")
def _half_month(m: re.Match[str], today: date) -> date | None:
    return today + timedelta(days=15)


def _shift(today: date, n: int, unit: str) -> date:
    unit = unit.lower()
    if unit in ("工作日", "business day", "business days", "working day", "working days"):
        return _add_business_days(today, n)
    if unit in ("天", "日", "day", "days"):
        return today + timedelta(days=n)
    if unit in ("周", "星期", "礼拜", "week", "weeks"):
        return today + timedelta(weeks=n)
    if unit in ("个月", "月", "month", "months"):
        return _add_months(today, n)
    return _add_months(today, 12 * n)


@_rule("month-end", r"(下个?月|本月|这个月|当月|)\s?(月底|月末|底)\s?(前|之前|以前)?")
def _zh_month_end(m: re.Match[str], today: date) -> date | None:
    if not m[1] and m[2] == "底":
        return None
    return _month_end(today.year, today.month + (1 if m[1].startswith("下") else 0))


@_rule("year-end", r"(明年|今年|本年|年度)?\s?(年底|年末|年终)\s?(前|之前|以前)?(?!奖)")
def _zh_year_end(m: re.Match[str], today: date) -> date | None:
    return date(today.year + (1 if m[1] == "明年" else 0), 12, 31)


@_rule("quarter-end", r"(下个?|本|这个?|)\s?季度?\s?(末|底|结束前|前)")
def _zh_this_quarter(m: re.Match[str], today: date) -> date | None:
    q = (today.month - 1) // 3 + 1 + (1 if m[1].startswith("下") else 0)
    year = today.year + (q - 1) // 4
    return _quarter_end(year, (q - 1) % 4 + 1)


@_rule(
    "quarter-end",
    r"(?:第\s?([一二三四1-4])\s?季度|([一二三四])\s?季度|q([1-4]))\s?(末|底|结束前|之前|前|end)?",
)
def _zh_quarter(m: re.Match[str], today: date) -> date | None:
    q = _QUARTER_ZH.get(m[1] or m[2] or m[3] or "", 0)
    if not q:
        return None
    end = _quarter_end(today.year, q)
    return end if end >= today else _quarter_end(today.year + 1, q)


@_rule(
    "day-word", r"(明天|明日|后天|今天|今日|今晚|大后天|tomorrow|today|tonight|day after tomorrow)"
)
def _day_word(m: re.Match[str], today: date) -> date | None:
    word = m[1].lower()
    offsets = {"明天": 1, "明日": 1, "后天": 2, "大后天": 3, "tomorrow": 1,
               "day after tomorrow": 2}  # fmt: skip
    return today + timedelta(days=offsets.get(word, 0))


@_rule(
    "relative",
    rf"\b(?:within|in|inside)\s+(?:the\s+next\s+)?{_N}\s+(business days?|working days?|days?|weeks?|months?|years?)\b",
)
def _en_relative(m: re.Match[str], today: date) -> date | None:
    n = cn_number(m[1])
    return _shift(today, n, m[2]) if n is not None else None


@_rule("relative", r"\b(?:within|in)\s+(?:a|one)\s+fortnight\b")
def _fortnight(m: re.Match[str], today: date) -> date | None:
    return today + timedelta(weeks=2)


@_rule(
    "weekday",
    r"\b(next|this|coming)?\s*(monday|tuesday|wednesday|thursday|friday|saturday|sunday|tues?|thur?s?|fri)\b",
)
def _en_weekday(m: re.Match[str], today: date) -> date | None:
    weekday = _WEEKDAYS_EN[m[2].lower()]
    which = (m[1] or "").lower()
    if which == "next":
        return _week_day(today, weekday, 1)
    if which == "this":
        return _week_day(today, weekday, 0)
    return _next_weekday(today, weekday)


@_rule("weekday", r"\b(?:end of\s+)?(next|this)\s+week\b")
def _en_week(m: re.Match[str], today: date) -> date | None:
    return max(_week_day(today, 4, 1 if m[1].lower() == "next" else 0), today)


@_rule(
    "month-end",
    r"\b(?:the\s+)?(?:end\s+of\s+(?:the\s+)?(next|this)?\s*month|(next\s+)?month[- ]end)\b",
)
def _en_month_end(m: re.Match[str], today: date) -> date | None:
    nxt = bool((m[1] or "").lower() == "next" or m[2])
    return _month_end(today.year, today.month + (1 if nxt else 0))


@_rule("year-end", r"\b(?:end\s+of\s+(?:the\s+)?(next|this)?\s*year|year[- ]end)\b(?!\s+bonus)")
def _en_year_end(m: re.Match[str], today: date) -> date | None:
    return date(today.year + (1 if (m[1] or "").lower() == "next" else 0), 12, 31)


@_rule("quarter-end", r"\bend\s+of\s+(?:the\s+)?(next|this)?\s*quarter\b")
def _en_this_quarter(m: re.Match[str], today: date) -> date | None:
    q = (today.month - 1) // 3 + 1 + (1 if (m[1] or "").lower() == "next" else 0)
    return _quarter_end(today.year + (q - 1) // 4, (q - 1) % 4 + 1)


@_rule("quarter-end", r"\b(?:(?:by\s+)?(?:the\s+)?end\s+of\s+)q([1-4])(?:\s+(\d{4}))?\b")
def _en_quarter(m: re.Match[str], today: date) -> date | None:
    q = int(m[1])
    if m[2]:
        return _quarter_end(int(m[2]), q)
    end = _quarter_end(today.year, q)
    return end if end >= today else _quarter_end(today.year + 1, q)


_MONTH_RE = "|".join(sorted(_MONTHS_EN, key=len, reverse=True))


@_rule("en-date", rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b")
def _en_month_day(m: re.Match[str], today: date) -> date | None:
    month, day = _MONTHS_EN[m[1].lower()], int(m[2])
    if m[3]:
        return _safe_date(int(m[3]), month, day)
    return _roll_forward(_safe_date(today.year, month, day), today)


@_rule(
    "en-date", rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_RE})\.?(?:,?\s+(\d{{4}}))?\b"
)
def _en_day_month(m: re.Match[str], today: date) -> date | None:
    month, day = _MONTHS_EN[m[2].lower()], int(m[1])
    if m[3]:
        return _safe_date(int(m[3]), month, day)
    return _roll_forward(_safe_date(today.year, month, day), today)


class _PrepTable(dict[int, str]):
    """Each character's NFKC form when that is one character (else itself), worked out the
    first time the character is seen, so that ``str.translate`` does a whole text in C."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        n = unicodedata.normalize("NFKC", ch)
        self[code] = out = n if len(n) == 1 else ch
        return out


_PREP = _PrepTable()


#: Runs of characters whose NFKC form may differ: not ASCII, not the common CJK blocks.
_PREP_RUNS = re.compile(r"[^\x00-\x7f\u3400-\u4dbf\u4e00-\u9fff]+")


def _prep_run(m: re.Match[str]) -> str:
    return m.group().translate(_PREP)


def _prep(text: str) -> str:
    """NFKC per character (full-width digits to ASCII) without moving any position."""
    return text if text.isascii() else _PREP_RUNS.sub(_prep_run, text)


_MONTH_STEMS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
#: Per rule (by handler): groups of words, lower case, of which a text must hold one word from
#: every group for the pattern to match at all, and whether it needs a digit. A cheap test that
#: skips most patterns on most texts; a rule missing here always runs.
_NEEDS: dict[Handler, tuple[tuple[tuple[str, ...], ...], bool]] = {
    _iso: ((), True),
    _zh_date: ((("年",), ("月",)), True),
    _month_day: ((("月",), ("日", "号")), False),
    _month_rel_day: ((("月",), ("日", "号")), False),
    _zh_month_named: ((("月",), ("前", "内")), False),
    _zh_month_named_end: ((("月",), ("底", "末")), False),
    _zh_weekday: ((("周", "星期", "礼拜"),), False),
    _zh_week: ((("周", "星期", "礼拜"),), False),
    _zh_relative: ((("内", "后"), ("日", "天", "周", "星期", "礼拜", "月", "年")), False),
    _half_month: ((("半",),), False),
    _zh_month_end: ((("底", "月末"),), False),
    _zh_year_end: ((("年底", "年末", "年终"),), False),
    _zh_this_quarter: ((("季",),), False),
    _zh_quarter: ((("季", "q"),), False),
    _day_word: ((("明天", "明日", "后天", "今天", "今日", "今晚", "tomorrow", "today", "tonight"),), False),
    _en_relative: ((("in",), ("day", "week", "month", "year")), False),
    _fortnight: ((("fortnight",),), False),
    _en_weekday: ((("@en-day",),), False),
    _en_week: ((("week",),), False),
    _en_month_end: ((("month",),), False),
    _en_year_end: ((("year",),), False),
    _en_this_quarter: ((("quarter",),), False),
    _en_quarter: ((("end",), ("q",)), False),
    _en_month_day: ((_MONTH_STEMS,), True),
    _en_day_month: ((_MONTH_STEMS,), True),
}  # fmt: skip
_DIGIT = re.compile(r"\d")
#: Needs that are patterns, not words. "@en-day": a day name where _en_weekday can match it —
#: at the start of a word (its \b, or after the spaces of its \s*), or right after next / this /
#: coming (not inside "reviewed").
_NEED_PATTERNS = {
    "@en-day": re.compile(
        r"(?<![a-z])(?:mon|tue|wed|thu|fri|sat|sun)"
        r"|(?:next|this|coming)\s*(?:mon|tue|wed|thu|fri|sat|sun)"
    ),
}
_NEED_WORDS = sorted(
    {w for needs, _ in _NEEDS.values() for group in needs for w in group} - set(_NEED_PATTERNS)
)
_RULE_NEEDS = [
    ([frozenset(g) for g in _NEEDS[h][0]], _NEEDS[h][1]) if h in _NEEDS else ([], False)
    for _f, _p, h in _RULES
]


def _may_match(src: str) -> list[bool]:
    """Per rule: can its pattern match ``src`` at all (see ``_NEEDS``)? Dotless i and dotted I
    match i under IGNORECASE, so with either every rule runs."""
    if "\u0131" in src or "\u0130" in src:
        return [True] * len(_RULES)
    low = src.lower()
    present = {w for w in _NEED_WORDS if w in low}
    present.update(w for w, pattern in _NEED_PATTERNS.items() if pattern.search(low))
    return list(_rules_for(frozenset(present), _DIGIT.search(src) is not None))


@lru_cache(maxsize=512)
def _rules_for(present: frozenset[str], digit: bool) -> tuple[bool, ...]:
    """Per rule, given the need words a text holds (few combinations occur: kept)."""
    return tuple(
        (digit or not needs_digit) and all(not g.isdisjoint(present) for g in groups)
        for groups, needs_digit in _RULE_NEEDS
    )


def find_due_dates(text: str, today: date) -> list[DueDate]:
    """Every date expression in ``text``, left to right, overlaps resolved to the longest."""
    src = _prep(text)
    found: list[DueDate] = []
    for (form, pattern, handler), may in zip(_RULES, _may_match(src), strict=True):
        if not may:
            continue
        for m in pattern.finditer(src):
            if m.end() == m.start():
                continue
            try:
                d = handler(m, today)
            except (ValueError, OverflowError):
                d = None
            if d is not None:
                found.append(
                    DueDate(d, text[m.start() : m.end()].strip(), m.start(), m.end(), form)
                )
    found.sort(key=lambda f: (f.start, -(f.end - f.start)))
    out: list[DueDate] = []
    for f in found:
        if out and f.start < out[-1].end:
            continue
        out.append(f)
    return out


def parse_due(text: str, today: date) -> DueDate | None:
    """The first due date in ``text`` (a due field, or an action written as a sentence)."""
    found = find_due_dates(text, today)
    return found[0] if found else None


# --- past days (a deal is logged after it happened) ------------------------------------------

_PAST_ZH_RE = re.compile(r"^(上上个?|上个?|本|这个?|)\s?(周|星期|礼拜)\s?([一二三四五六日天1-7])$")
_PAST_EN_RE = re.compile(
    r"^(?:on\s+)?(last|this|past)?\s*(monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"mon|tues?|wed|thur?s?|fri|sat|sun)\.?$",
    re.IGNORECASE,
)


def _latest_weekday(today: date, weekday: int, strictly_before: bool) -> date:
    """The most recent ``weekday`` on or before ``today`` (strictly before: never today)."""
    back = (today.weekday() - weekday) % 7
    if back == 0 and strictly_before:
        back = 7
    return today - timedelta(days=back)


def parse_past_day(text: str, today: date) -> date | None:
    """A weekday written as a past day: 上周五, 星期五, last Friday, Friday (rules: module docstring).

    The whole text must be the expression (one word of a captured line); None otherwise."""
    src = _prep(text).strip()
    if m := _PAST_ZH_RE.match(src):
        weekday, prefix = _WEEKDAYS_ZH[m[3]], m[1]
        if prefix.startswith("上上"):
            return _week_day(today, weekday, -2)
        if prefix.startswith("上"):
            return _week_day(today, weekday, -1)
        if prefix:
            return _week_day(today, weekday, 0)
        return _latest_weekday(today, weekday, strictly_before=False)
    if m := _PAST_EN_RE.match(src):
        weekday, which = _WEEKDAYS_EN[m[2].lower()], (m[1] or "").lower()
        if which == "this":
            return _week_day(today, weekday, 0)
        return _latest_weekday(today, weekday, strictly_before=which in ("last", "past"))
    return None
