"""One-line deal capture: ``王女士 增额终身寿险 50万 赢单 2025-03-12 #开门红`` → a Deal.

Typed at the end of a client meeting, in either language. Each word is placed by what it looks
like: ``#tag``, an amount (``50万``, ``$1.2k``), a date (``2025-03-12``, ``3月12日``, 昨天,
yesterday, 上周五, 周五, last Friday — see ``coach.domain.dates.parse_past_day``), an outcome
(赢单, lost, 输给平安, lost to Acme, lost to Ping An or ping an, no decision), ``field:value`` for anything
else (原因:价格, competitor=Acme, 阶段:3-Proposal); the remaining words are the client (a name,
``王女士``, ``Mr Smith``) and then the product. On a lost deal, the words after the outcome that
nothing else took (``lost to Ping An price too high``, ``丢单 价格太高``), or those after
because / due to / 因为 / 由于, are its loss reason. Whatever cannot be placed is returned in
``unplaced`` — adjacent words that are not Chinese as one phrase (``price too high``) — and the
caller asks about it or keeps it as a note; it is never dropped.
"""

from __future__ import annotations

import datetime as dt
import re
import shlex
from dataclasses import dataclass, field

from coach.domain import values as V
from coach.domain.dates import parse_past_day
from coach.domain.records import Deal
from coach.domain.text import has_cjk

#: ``key:value`` / ``key=value`` names, both languages → Deal field.
FIELD_WORDS: dict[str, str] = {
    "客户": "client",
    "client": "client",
    "customer": "client",
    "产品": "product",
    "product": "product",
    "金额": "amount",
    "amount": "amount",
    "目标": "target",
    "target": "target",
    "阶段": "stage",
    "stage": "stage",
    "结果": "outcome",
    "outcome": "outcome",
    "开始": "opened",
    "opened": "opened",
    "结束": "closed",
    "成交日期": "closed",
    "closed": "closed",
    "原因": "loss_reason",
    "丢单原因": "loss_reason",
    "reason": "loss_reason",
    "次要原因": "loss_reason_2",
    "reason2": "loss_reason_2",
    "竞品": "competitor",
    "竞争对手": "competitor",
    "competitor": "competitor",
    "负责人": "owner",
    "owner": "owner",
    "备注": "notes",
    "note": "notes",
    "notes": "notes",
    "标签": "tags",
    "tag": "tags",
    "tags": "tags",
    "币种": "currency",
    "currency": "currency",
    "编号": "external_id",
    "id": "external_id",
}

_ZH_CLIENT_SUFFIX = (
    "女士",
    "先生",
    "小姐",
    "总",
    "老师",
    "阿姨",
    "叔叔",
    "姐",
    "哥",
    "经理",
    "董",
    "太太",
)
_EN_HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "mr.", "mrs.", "ms.", "dr.", "prof", "prof."}
_PRODUCT_WORDS = (
    "险", "年金", "基金", "理财", "存款", "信托", "贷款", "债", "股票", "保单", "定投", "黄金",
    "私募", "资管", "养老", "账户", "产品", "fund", "insurance", "annuity", "deposit", "loan",
    "bond", "policy", "trust", "pension", "wealth", "life", "plan", "etf",
)  # fmt: skip
_DAY_WORDS = {"今天": 0, "今日": 0, "today": 0, "昨天": 1, "昨日": 1, "yesterday": 1, "前天": 2}
_MONTH_DAY_RE = re.compile(r"^(?P<m>\d{1,2})\s*[月/]\s*(?P<d>\d{1,2})\s*[日号]?$")
_LOST_TO_RE = re.compile(r"^(?:输给|丢给|被)(?P<who>.+?)(?:抢单|抢走|抢了)?$")
#: Words after which the rest of a lost deal's free words are its reason (casefolded).
_REASON_MARKERS = {"because", "due to", "reason", "reason:", "因为", "由于", "原因是"}
_KV_RE = re.compile(r"^(?P<k>[^:=\s]+)\s*[:=]\s*(?P<v>.*)$")
_NAME_STOPS = (",", ";", "，", "；")
#: Competitors of several words known whatever their case ("lost to ping an price too high").
KNOWN_COMPETITORS = (
    "ping an", "china life", "new china life", "new china", "china pacific", "tai ping",
    "taiping life", "sun life", "great eastern", "china merchants", "china taiping",
)  # fmt: skip
#: At most this many words before a comma make a competitor typed in lower case ("ping an,").
_LOWER_NAME_WORDS = 3


@dataclass
class Capture:
    """The deal read from the line, the words it could not place, and what set each field."""

    deal: Deal
    unplaced: list[str] = field(default_factory=list)
    placed: dict[str, str] = field(default_factory=dict)  # field -> the words it came from
    problems: list[str] = field(default_factory=list)  # e.g. "金额:abc" that did not read


def _split(text: str) -> list[str]:
    text = (
        V.normalise(text).replace("“", '"').replace("”", '"').replace("「", '"').replace("」", '"')
    )
    try:
        return shlex.split(text, posix=True)
    except ValueError:  # an unbalanced quote: split on spaces instead
        return text.split()


def _date_of(word: str, today: dt.date) -> str | None:
    key = word.casefold()
    if key in _DAY_WORDS:
        return (today - dt.timedelta(days=_DAY_WORDS[key])).isoformat()
    if (day := parse_past_day(word, today)) is not None:
        return day.isoformat()
    if m := _MONTH_DAY_RE.match(word):
        try:
            d = dt.date(today.year, int(m["m"]), int(m["d"]))
        except ValueError:
            return None
        # A deal is logged after the fact: a day later in the year means last year.
        return (d.replace(year=d.year - 1) if d > today else d).isoformat()
    if not V.looks_like_date(word):
        return None
    try:
        return V.parse_date(word, dayfirst=None)
    except ValueError:
        return None


def date_of(word: str, today: dt.date) -> str | None:
    """The ISO day one word (or "last Friday") of a captured line names, as capture reads it."""
    return _date_of(word.strip(), today)


def _is_client_like(word: str) -> bool:
    if has_cjk(word):
        return len(word) <= 6 and word.endswith(_ZH_CLIENT_SUFFIX)
    return word.casefold() in _EN_HONORIFICS


def _is_product_like(word: str) -> bool:
    low = word.casefold()
    return any(p in low for p in _PRODUCT_WORDS) and not _is_client_like(word)


def parse_capture(text: str, today: dt.date | None = None) -> Capture:
    """Read one line into a Deal (source "manual"); see the module docstring for the forms."""
    today = today or dt.date.today()
    words = _split(text)
    cap = Capture(deal=Deal(source="manual"))
    deal = cap.deal
    dates: list[str] = []
    plain: list[tuple[int, str]] = []  # (position, word) still to place
    explicit: set[str] = set()
    outcome_end = -1  # the position after the outcome's words
    reason: list[tuple[int, str]] = []  # the words from "because" / 因为 … on
    i = 0
    while i < len(words):
        word = words[i]
        nxt = words[i + 1] if i + 1 < len(words) else ""
        low = word.casefold()
        if reason:
            reason.append((i, word))
        elif word.startswith("#") and len(word) > 1:
            deal.tags += [t for t in word.split("#") if t and t not in deal.tags]
        elif (m := _KV_RE.match(word)) and m["k"].casefold() in FIELD_WORDS:
            name = FIELD_WORDS[m["k"].casefold()]
            _set_field(cap, name, m["v"], word, today, dates)
            explicit.add(name)
        elif low == "lost" and nxt.casefold() == "to" and i + 2 < len(words):
            end = _name_end(words, i + 2, today)
            deal.outcome, deal.loss_type = "lost", "competitor"
            deal.competitor = " ".join(words[i + 2 : end]).rstrip(",;，；")
            cap.placed["outcome"] = " ".join(words[i:end])
            i = outcome_end = end
            continue
        elif (two := _outcome_of(f"{word} {nxt}")) and nxt:
            deal.outcome, deal.loss_type = two
            cap.placed["outcome"] = f"{word} {nxt}"
            i = outcome_end = i + 2
            continue
        elif one := _outcome_of(word.rstrip(",;，；。")):
            deal.outcome, deal.loss_type = one
            cap.placed["outcome"] = word
            outcome_end = i + 1
        elif (m := _LOST_TO_RE.match(word)) and has_cjk(word):
            deal.outcome, deal.loss_type, deal.competitor = "lost", "competitor", m["who"]
            cap.placed["outcome"] = word
            outcome_end = i + 1
        elif low in ("last", "on") and (day := parse_past_day(f"{word} {nxt}", today)):
            dates.append(day.isoformat())
            i += 2
            continue
        elif (date := _date_of(word, today)) is not None:
            dates.append(date)
        elif deal.amount is None and V.looks_like_amount(word):
            amount = V.parse_amount(word)
            deal.amount, deal.currency = amount.value, amount.currency or "CNY"
            cap.placed["amount"] = word
        elif low in _REASON_MARKERS or f"{low} {nxt.casefold()}" in _REASON_MARKERS:
            reason.append((i, word))
        else:
            plain.append((i, word))
        i += 1
    leftover = _place_names(cap, plain, explicit)
    _place_reason(cap, leftover, reason, outcome_end, explicit)
    cap.unplaced += _phrases(leftover)
    _place_dates(cap, dates, today)
    if deal.outcome == "lost" and deal.loss_type in ("", "unknown") and deal.loss_reason:
        deal.loss_type = V.loss_type_from_reason(deal.loss_reason) or "unknown"
    if deal.outcome == "lost" and not deal.loss_type:
        deal.loss_type = "competitor" if deal.competitor else "unknown"
    if deal.outcome != "lost":
        deal.loss_type = ""
    return cap


def _name_end(words: list[str], start: int, today: dt.date) -> int:
    """Where the competitor named at ``start`` ends. A known name of several words is taken
    whole in any case (``ping an``); "Ping An" runs on over capitalised words that are not
    something else (an outcome, a date, an amount), and stops after a comma; in lower case the
    words up to a comma close by are the name (``lost to ping an, price too high``)."""
    known = _known_name_end(words, start) or start + 1
    if not words[start][:1].isupper():
        for end in range(start + 1, min(start + _LOWER_NAME_WORDS, len(words)) + 1):
            if words[end - 1].endswith(_NAME_STOPS):
                return max(end, known)
            if end < len(words) and (_ends_name(words[end], today) or words[end][:1].isupper()):
                break
        return known
    end = start + 1
    while end < len(words) and not words[end - 1].endswith(_NAME_STOPS):
        word = words[end]
        if not word[:1].isupper() or _ends_name(word, today):
            break
        end += 1
    return max(end, known)


def _ends_name(word: str, today: dt.date) -> bool:
    """A word that cannot be part of a competitor's name: Chinese, an outcome, a date, an
    amount, ``field:value`` or a reason marker."""
    return bool(
        has_cjk(word)
        or _outcome_of(word)
        or _date_of(word, today) is not None
        or V.looks_like_amount(word)
        or _KV_RE.match(word)
        or word.casefold() in _REASON_MARKERS
    )


def _known_name_end(words: list[str], start: int) -> int | None:
    """The end of a known competitor of several words at ``start`` (longest first), if any."""
    for name in sorted(KNOWN_COMPETITORS, key=lambda n: -len(n.split())):
        parts = name.split()
        got = words[start : start + len(parts)]
        if len(got) < len(parts) or any(w.endswith(_NAME_STOPS) for w in got[:-1]):
            continue
        if [w.rstrip(",;，；").casefold() for w in got] == parts:
            return start + len(parts)
    return None


def _place_reason(
    cap: Capture,
    leftover: list[tuple[int, str]],
    reason: list[tuple[int, str]],
    outcome_end: int,
    explicit: set[str],
) -> None:
    """A lost deal's reason: the words after "because" / 因为, else the first run of words after
    the outcome that nothing else took. Words not taken stay in ``leftover``."""
    deal = cap.deal
    words: list[str] = []
    if deal.outcome == "lost" and "loss_reason" not in explicit and not deal.loss_reason:
        if reason:
            words = [w for _, w in reason[2 if reason[0][1].casefold() == "due" else 1 :]]
        elif outcome_end >= 0:
            taken: list[tuple[int, str]] = []
            for p, w in leftover:
                if p < outcome_end or (taken and p != taken[-1][0] + 1):
                    if taken:
                        break
                    continue
                taken.append((p, w))
            words = [w for _, w in taken]
            for item in taken:
                leftover.remove(item)
    text = " ".join(words).strip(",;，； ")
    if text:
        deal.loss_reason = text
        cap.placed["loss_reason"] = " ".join(w for _, w in reason) if reason else text
    else:
        leftover += reason
        leftover.sort()


def _phrases(items: list[tuple[int, str]]) -> list[str]:
    """Unplaced words as the caller shows them: adjacent words that are not Chinese are one
    phrase ("price too high"); Chinese words, written with spaces between them, stay apart."""
    out: list[str] = []
    last_pos, last_joinable = -2, False
    for pos, word in items:
        joinable = not has_cjk(word)
        if out and joinable and last_joinable and pos == last_pos + 1:
            out[-1] = f"{out[-1]} {word}"
        else:
            out.append(word)
        last_pos, last_joinable = pos, joinable
    return out


def _outcome_of(phrase: str) -> tuple[str, str] | None:
    try:
        return V.parse_outcome(phrase)
    except ValueError:
        return None


def _set_field(
    cap: Capture, name: str, value: str, word: str, today: dt.date, dates: list[str]
) -> None:
    deal = cap.deal
    value = value.strip()
    try:
        if name in ("amount", "target"):
            amount = V.parse_amount(value)
            setattr(deal, name, amount.value)
            if amount.currency:
                deal.currency = amount.currency
        elif name in ("opened", "closed"):
            date = _date_of(value, today)
            if date is None:
                raise ValueError(value)
            setattr(deal, name, date)
        elif name == "outcome":
            deal.outcome, deal.loss_type = V.parse_outcome(value)
        elif name == "stage":
            deal.stage = V.stage_name(value)
        elif name == "tags":
            deal.tags += [t for t in re.split(r"[,;、\s#]+", value) if t and t not in deal.tags]
        elif name == "currency":
            deal.currency = value.upper()
        elif name == "notes":
            deal.notes = f"{deal.notes}\n{value}".strip()
        else:
            setattr(deal, name, value)
        cap.placed[name] = word
    except ValueError:
        cap.problems.append(word)
        cap.unplaced.append(word)


def _place_names(
    cap: Capture, plain: list[tuple[int, str]], explicit: set[str]
) -> list[tuple[int, str]]:
    """Client first, then product; words that follow a product in one run extend it. Returns
    the (position, word) pairs left over."""
    deal = cap.deal
    words = [w for _, w in plain]
    positions = [p for p, _ in plain]
    used = [False] * len(words)
    leftover: list[tuple[int, str]] = []
    # A client by its form (王女士, Mr Smith) and a product by its words (寿险, fund) go first.
    for k, word in enumerate(words):
        if not deal.client and "client" not in explicit and _is_client_like(word):
            if word.casefold() in _EN_HONORIFICS and k + 1 < len(words):
                deal.client = f"{word} {words[k + 1]}"
                used[k] = used[k + 1] = True
            else:
                deal.client = word
                used[k] = True
            cap.placed["client"] = deal.client
            break
    product_end = -1
    for k, word in enumerate(words):
        if used[k] or deal.product or "product" in explicit:
            continue
        if _is_product_like(word):
            # "term life", "增额 终身寿险": free words just before it belong to the product,
            # except the first, which is the client when no client is known yet.
            start = k
            while (
                start > 0 and not used[start - 1] and positions[start - 1] == positions[start] - 1
            ):
                start -= 1
            if not deal.client and "client" not in explicit and start < k:
                start += 1
            deal.product = " ".join(words[start : k + 1])
            for j in range(start, k + 1):
                used[j] = True
            product_end = k
            break
    for k, word in enumerate(words):
        if used[k]:
            continue
        if not deal.client and "client" not in explicit:
            deal.client, used[k] = word, True
        elif not deal.product and "product" not in explicit:
            deal.product, used[k], product_end = word, True, k
        elif (
            product_end >= 0
            and k == product_end + 1
            and positions[k] == positions[product_end] + 1
            and not has_cjk(word)
        ):
            # "life plan": in English the next word of the same run extends the product.
            deal.product, used[k], product_end = f"{deal.product} {word}", True, k
        else:
            leftover.append((positions[k], word))
    if deal.client:
        cap.placed.setdefault("client", deal.client)
    if deal.product:
        cap.placed["product"] = deal.product
    return leftover


def _place_dates(cap: Capture, dates: list[str], today: dt.date) -> None:
    """One date: the close of a won or lost deal, else its opening; two: opened, then closed."""
    deal = cap.deal
    dates = sorted(dates)
    if len(dates) >= 2 and not deal.opened and not deal.closed:
        deal.opened, deal.closed = dates[0], dates[-1]
        cap.unplaced += dates[1:-1]
    elif dates:
        target = "closed" if deal.outcome in ("won", "lost") and not deal.closed else "opened"
        if getattr(deal, target):
            target = "closed" if target == "opened" else "opened"
        setattr(deal, target, dates[0])
        cap.unplaced += dates[1:]
    if not deal.opened and not deal.closed:
        # Logged at the end of a meeting: the day is today unless the line said otherwise.
        if deal.outcome in ("won", "lost"):
            deal.closed = today.isoformat()
        else:
            deal.opened = today.isoformat()
