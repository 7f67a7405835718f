"""Reading one cell of a deal: amounts with currency, dates, outcomes and stages, in zh and en.

These are the scalar, pure versions (no pandas) that the one-line capture uses. The CRM import
(`coach.io.columns_parse`) parses whole columns with the *same* patterns and tables defined here,
so a value means the same thing whether it is typed or imported.

Every parser raises ``ValueError`` with a short message in the current language when it cannot
read a value; it never guesses silently (an ambiguous ``03/10/25`` raises ``AmbiguousDate``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from coach.i18n import tr

# --- normalising what people type ---------------------------------------------------------

#: Full-width forms (from Chinese input methods) mapped to their ASCII twins.
FULLWIDTH = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        "，": ",",
        "．": ".",
        "＄": "$",
        "－": "-",
        "−": "-",
        "（": "(",
        "）": ")",
        "／": "/",
        "：": ":",
        "\u3000": " ",
        "\u00a0": " ",
        "¥": "￥",
        "＃": "#",
        "＝": "=",
    }
)


def normalise(text: str) -> str:
    """Full-width digits and punctuation to ASCII, outer spaces removed."""
    return text.translate(FULLWIDTH).strip()


# --- amounts -------------------------------------------------------------------------------

#: Currency written before the number.
CURRENCY_PREFIX: dict[str, str] = {
    "hk$": "HKD",
    "us$": "USD",
    "rmb": "CNY",
    "cny": "CNY",
    "usd": "USD",
    "eur": "EUR",
    "hkd": "HKD",
    "gbp": "GBP",
    "￥": "CNY",
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
}
#: Currency written after the number (and its unit).
CURRENCY_SUFFIX: dict[str, str] = {
    "元": "CNY",
    "块": "CNY",
    "人民币": "CNY",
    "美元": "USD",
    "港元": "HKD",
    "港币": "HKD",
    "欧元": "EUR",
    "英镑": "GBP",
    "rmb": "CNY",
    "cny": "CNY",
    "usd": "USD",
    "eur": "EUR",
    "hkd": "HKD",
    "gbp": "GBP",
}
#: Multipliers written after the number.
UNITS: dict[str, float] = {
    "千万": 1e7,
    "百万": 1e6,
    "万": 1e4,
    "亿": 1e8,
    "千": 1e3,
    "w": 1e4,
    "k": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "bn": 1e9,
}


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


#: One amount: optional sign, currency, number (with thousands separators), unit, currency.
AMOUNT_PATTERN = (
    r"(?i)^\s*(?P<neg>-|\()?\s*"
    rf"(?P<pre>{_alternation(list(CURRENCY_PREFIX))})?\s*"
    r"(?P<neg2>-)?\s*"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)\s*"
    rf"(?P<unit>{_alternation(list(UNITS))})?\s*"
    rf"(?P<post>{_alternation(list(CURRENCY_SUFFIX))})?\s*\)?\s*$"
)
AMOUNT_RE = re.compile(AMOUNT_PATTERN)


@dataclass(frozen=True, slots=True)
class Amount:
    """A number in the currency's base unit; ``currency`` is None when the text did not say."""

    value: float
    currency: str | None


def parse_amount(text: str) -> Amount:
    """``￥50万`` → 500000 CNY; ``$1.2k`` → 1200 USD; ``80,000.50`` → 80000.5 (currency unsaid)."""
    m = AMOUNT_RE.match(normalise(text))
    if not m:
        raise ValueError(tr("无法识别的金额：{v}", "not an amount: {v}", v=text.strip()[:40]))
    value = float(m["num"].replace(",", ""))
    if m["unit"]:
        value *= UNITS[m["unit"].lower()]
    if m["neg"] or m["neg2"]:
        value = -value
    currency = None
    if m["pre"]:
        currency = CURRENCY_PREFIX[m["pre"].lower()]
    if m["post"]:
        post = CURRENCY_SUFFIX[m["post"].lower()]
        if currency and post != currency and m["post"] not in ("元", "块"):
            raise ValueError(
                tr("金额的币种自相矛盾：{v}", "amount names two currencies: {v}", v=text.strip())
            )
        currency = currency or post
    return Amount(round(value, 6), currency)


def looks_like_amount(text: str) -> bool:
    """True for text that reads as an amount (used by the capture to place a word)."""
    return AMOUNT_RE.match(normalise(text)) is not None


# --- dates ---------------------------------------------------------------------------------

_TIME = r"(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
#: Year first: 2025-04-01, 2025/3/10, 2025.4.15, 2025年3月12日 (a time after it is ignored).
YMD_PATTERN = (
    r"^\s*(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*[日号]?"
    + _TIME
    + r"\s*$"
)
#: 20250310.
COMPACT_PATTERN = r"^\s*(?P<y>(?:19|20)\d{2})(?P<m>[01]\d)(?P<d>[0-3]\d)\s*$"
#: Day and month in an order the text alone does not tell: 03/10/25, 3-10-2025.
DMY_PATTERN = (
    r"^\s*(?P<a>\d{1,2})\s*[-/.]\s*(?P<b>\d{1,2})\s*[-/.]\s*(?P<y>\d{4}|\d{2})" + _TIME + r"\s*$"
)
#: An Excel serial day number (1927 .. 2173; smaller numbers are not dates of deals).
SERIAL_PATTERN = r"^\s*(?P<serial>\d{5}(?:\.\d+)?)\s*$"
SERIAL_MIN, SERIAL_MAX = 10_000, 100_000
EXCEL_EPOCH = dt.date(1899, 12, 30)

YMD_RE, COMPACT_RE, DMY_RE, SERIAL_RE = (
    re.compile(p) for p in (YMD_PATTERN, COMPACT_PATTERN, DMY_PATTERN, SERIAL_PATTERN)
)
#: Month names, for the odd "Mar 10, 2025" or "10-Mar-2025".
_NAMED_FORMATS = ("%d %b %Y", "%b %d %Y", "%d-%b-%Y", "%d-%b-%y", "%B %d %Y", "%d %B %Y")


class AmbiguousDate(ValueError):
    """``03/10/25``: the day and the month could be either way round."""


def full_year(year: int) -> int:
    """Two-digit years: 00..69 → 2000s, 70..99 → 1900s."""
    if year >= 100:
        return year
    return 2000 + year if year < 70 else 1900 + year


def _iso(y: int, m: int, d: int, text: str) -> str:
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        raise ValueError(tr("不存在的日期：{v}", "no such date: {v}", v=text.strip())) from None


def parse_date(text: str, dayfirst: bool | None = None) -> str:
    """Any of the supported forms → an ISO date ``YYYY-MM-DD``.

    ``dayfirst`` decides ``03/10/25``; when it is None the text must tell (a part above 12),
    else ``AmbiguousDate`` is raised.
    """
    s = normalise(text)
    if m := YMD_RE.match(s) or COMPACT_RE.match(s):
        return _iso(int(m["y"]), int(m["m"]), int(m["d"]), text)
    if m := DMY_RE.match(s):
        a, b, y = int(m["a"]), int(m["b"]), full_year(int(m["y"]))
        if dayfirst is None:
            if a > 12 >= b:
                dayfirst = True
            elif b > 12 >= a:
                dayfirst = False
            elif a != b:
                raise AmbiguousDate(
                    tr(
                        "{v} 可能是日/月，也可能是月/日",
                        "{v} could be day/month or month/day",
                        v=text.strip(),
                    )
                )
            else:
                dayfirst = True
        day, month = (a, b) if dayfirst else (b, a)
        return _iso(y, month, day, text)
    if (m := SERIAL_RE.match(s)) and SERIAL_MIN <= float(m["serial"]) <= SERIAL_MAX:
        return (EXCEL_EPOCH + dt.timedelta(days=int(float(m["serial"])))).isoformat()
    cleaned = s.replace(",", " ").replace(".", " ")
    cleaned = " ".join(cleaned.split())
    for fmt in _NAMED_FORMATS:
        try:
            return dt.datetime.strptime(cleaned, fmt).date().isoformat()
        except ValueError:
            continue
    raise ValueError(tr("无法识别的日期：{v}", "not a date: {v}", v=text.strip()[:40]))


def looks_like_date(text: str) -> bool:
    s = normalise(text)
    return bool(YMD_RE.match(s) or COMPACT_RE.match(s) or DMY_RE.match(s))


# --- outcomes and stages -------------------------------------------------------------------

#: Normalised word → (outcome, loss type). Keys are casefolded, with runs of spaces, "_" and "-"
#: as one space (see ``outcome_key``).
OUTCOME_WORDS: dict[str, tuple[str, str]] = {}
for _words, _value in (
    (
        "赢单|成交|已成交|签单|已签单|签约|已签约|赢|成功|中标|won|win|closed won|closedwon",
        ("won", ""),
    ),
    ("丢单|输单|失单|未成交|失败|输|lost|loss|lose|closed lost|closedlost", ("lost", "unknown")),
    (
        "输给竞品|竞品抢单|被竞品抢单|被抢单|丢给竞品|lost to competitor|lost to competition|"
        "lost competitor|closed lost competitor",
        ("lost", "competitor"),
    ),
    (
        "无决定|客户无决定|未决策|客户未决策|不了了之|搁置|no decision|nodecision|lost no decision|"
        "closed lost no decision|stalled|无效|作废|已作废",
        ("lost", "no_decision"),
    ),
    (
        "跟进中|进行中|洽谈中|谈判中|待跟进|意向|接触中|open|engaging|prospecting|in progress|"
        "pending|active",
        ("open", ""),
    ),
):
    for _w in _words.split("|"):
        OUTCOME_WORDS[_w] = _value

#: Names of open pipeline stages (a stage that is not one of these and not an outcome is
#: still kept as written, and means "open").
OPEN_STAGES = [
    "prospecting",
    "qualification",
    "qualified",
    "needs",
    "analysis",
    "proposal",
    "negotiation",
    "engaging",
    "discovery",
    "demo",
    "初次接触",
    "需求分析",
    "方案",
    "方案提交",
    "报价",
    "谈判",
    "意向",
    "跟进",
]

_STAGE_PREFIX_RE = re.compile(r"^\s*\d{1,2}\s*[-.、:)]\s*")
_SPACES_RE = re.compile(r"[\s_\-]+")
STAGE_PREFIX_PATTERN = _STAGE_PREFIX_RE.pattern


def outcome_key(text: str) -> str:
    """The lookup form of an outcome or stage word: no number prefix, casefolded, one space."""
    s = _STAGE_PREFIX_RE.sub("", normalise(text))
    return _SPACES_RE.sub(" ", s.casefold()).strip()


def parse_outcome(text: str) -> tuple[str, str]:
    """赢单 / Closed Won → ("won", ""); Lost → ("lost", "unknown"); 跟进中 → ("open", "")."""
    key = outcome_key(text)
    if key in OUTCOME_WORDS:
        return OUTCOME_WORDS[key]
    if key.replace(" ", "") in OUTCOME_WORDS:
        return OUTCOME_WORDS[key.replace(" ", "")]
    raise ValueError(tr("无法识别的结果：{v}", "not an outcome: {v}", v=text.strip()[:40]))


def stage_name(text: str) -> str:
    """ "3-Proposal" → "Proposal": CRM stages are matched by name, not by their number."""
    return _STAGE_PREFIX_RE.sub("", normalise(text)).strip()


def stage_outcome(text: str) -> tuple[str, str]:
    """The outcome a stage implies: "Closed Won" → won; any other stage → open."""
    try:
        return parse_outcome(text)
    except ValueError:
        return ("open", "")


def parse_flag(text: str) -> bool:
    """A yes/no cell of a CRM export (Salesforce ``IsWon``, HubSpot ``Is Deal Closed?``)."""
    key = normalise(text).casefold()
    if key in _FLAG_WORDS:
        return _FLAG_WORDS[key]
    raise ValueError(tr("无法识别的是/否：{v}", "not a yes/no: {v}", v=text.strip()[:40]))


_FLAG_WORDS: dict[str, bool] = {
    **dict.fromkeys(("true", "t", "yes", "y", "1", "1.0", "是", "对", "√", "✓"), True),
    **dict.fromkeys(("false", "f", "no", "n", "0", "0.0", "否", "不是", "×", "✗"), False),
}


def outcome_from_flags(closed: bool | None, won: bool | None) -> str | None:
    """Outcome from the won / closed flags: closed and won → won; closed, not won → lost;
    not closed → open. Only ``won``: won when true, else None (the stage decides)."""
    if closed is None:
        return "won" if won else None
    if not closed:
        return "open"
    if won is None:
        return None
    return "won" if won else "lost"


# --- what a loss reason says about the loss ---------------------------------------------------

#: Words of a written loss reason that say the deal went to a competitor (casefolded).
COMPETITOR_REASON_WORDS = (
    "竞品", "竞争对手", "对手", "友商", "同业", "他行", "别家", "别的公司", "其他公司", "被抢",
    "抢单", "competitor", "competition", "competing", "rival", "lost to", "went with another",
    "chose another", "another vendor", "other vendor",
)  # fmt: skip
#: Words that say the client decided nothing (no purchase from anyone).
NO_DECISION_REASON_WORDS = (
    "不决策", "未决策", "没决策", "没有决策", "无决定", "没有决定", "未决定", "暂不", "暂缓",
    "搁置", "观望", "不了了之", "再考虑", "再等等", "推迟", "延期", "没有预算", "无预算",
    "预算冻结", "no decision", "did nothing", "do nothing", "status quo", "postponed",
    "on hold", "stalled", "no budget", "budget freeze", "went dark", "not now",
)  # fmt: skip


def loss_type_from_reason(text: str) -> str | None:
    """``竞品收益更高`` → "competitor"; ``客户暂不决策`` → "no_decision"; None when the reason
    says neither, or both (then it stays "reason unknown" rather than a guess)."""
    key = normalise(text).casefold()
    if not key:
        return None
    competitor = any(w in key for w in COMPETITOR_REASON_WORDS)
    no_decision = any(w in key for w in NO_DECISION_REASON_WORDS)
    if competitor == no_decision:
        return None
    return "competitor" if competitor else "no_decision"
