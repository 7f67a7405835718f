"""Causes and actions read from written text, in the syntax of docs/feedback-rules.md.

A cause:   ``category: cause — why — why — why`` (optionally ``— evidence: …``)
An action: ``what owner: X due: Y measure: Z`` (also 负责人： 期限： 衡量：)
Free prose works too: each list item (or line, or sentence) is one cause or action.
"""

from __future__ import annotations

import re

from coach.domain.content import CAUSE_CATEGORIES
from coach.domain.records import ActionItem, Cause

_ITEM = re.compile(r"^\s*(?:[-*•+·]|\d{1,2}[.、)）]|[（(]\d{1,2}[)）]|[①-⑳])\s*")
_SENTENCE = re.compile(r"(?<=[。；;！!？?])")
_WHY_SEP = re.compile(r"\s*(?:——|—|–|\s--\s|\s-\s|→|->|⇒|=>)\s*")
_WHY_CHARS = re.compile(r"[—–\-→⇒=]")  # a character every _WHY_SEP separator holds
_WHY_PREFIX = re.compile(r"^(?:为什么|为何|why|because|因为)\s*[:：?？]?\s*", re.IGNORECASE)
_EVIDENCE = re.compile(r"^(?:evidence|证据|依据|数据)\s*[:：]\s*", re.IGNORECASE)
_CAUSE_WORDS = re.compile(
    r"(?:再)?(?:问)?(?:为什么|为啥|为何)\s*[?？:：]?|(?:这是)?(?:是)?因为|由于|原因是|根本原因是?|归根结底|归根到底"
    r"|说到底|究其原因|根子上|追问下去|\bwhy\b\s*\??|\bbecause\b|\bdue to\b|\bcaused by\b|\broot cause\b"
    r"|\bwhich (?:was|is) because\b",
    re.IGNORECASE,
)
_BARE_WHY = re.compile(r"^\s*(?:再)?(?:问)?(?:为什么|为啥|为何|why)\s*[?？]\s*$", re.IGNORECASE)
#: A sentence that opens with a why-word continues the cause before it (为什么？因为……).
_CONTINUES = re.compile(
    r"^\s*(?:再)?(?:问)?(?:为什么|为啥|为何|因为|是因为|归根|说到底|究其原因|根子上|why\b|because\b)",
    re.IGNORECASE,
)

#: Category words people write, in both languages, mapped to CAUSE_CATEGORIES keys.
CATEGORY_ALIASES: dict[str, str] = {
    **{key: key for key in CAUSE_CATEGORIES},
    **{lt.get("zh"): key for key, lt in CAUSE_CATEGORIES.items()},
    **{lt.get("en").lower(): key for key, lt in CAUSE_CATEGORIES.items()},
    "自身": "self",
    "团队": "self",
    "自己": "self",
    "内部": "self",
    "team": "self",
    "self/team": "self",
    "自身/团队": "self",
    "sales": "selling",
    "customer": "client",
    "竞争": "competitor",
    "竞品": "competitor",
    "对手": "competitor",
    "competition": "competitor",
    "客群": "client",
    "行情": "market",
    "渠道": "marketing",
    "宣传": "marketing",
    "流程": "self",
    "制度": "self",
    "管理": "self",
    "系统": "self",
    "人员": "self",
    "培训": "self",
    "考核": "self",
    "机制": "self",
    "process": "self",
    "system": "self",
    "management": "self",
    "people": "self",
    "training": "self",
    "销售过程": "selling",
    "客户经理": "selling",
    "外部": "market",
    "政策": "market",
    "监管": "market",
}

_LABELS = {
    "owner": ("owner", "负责人", "责任人", "负责", "who"),
    "due": (
        "due",
        "deadline",
        "截止时间",
        "截止日期",
        "截止",
        "期限",
        "完成时间",
        "时间",
        "by when",
        "when",
    ),
    "measure": (
        "measure",
        "衡量标准",
        "衡量",
        "指标",
        "验收标准",
        "标准",
        "kpi",
        "done when",
        "目标值",
    ),
}
_LABEL_RE = re.compile(
    r"(?:^|[\s;；,，|/])("
    + "|".join(sorted((re.escape(w) for ws in _LABELS.values() for w in ws), key=len, reverse=True))
    + r")\s*[:：]\s*",
    re.IGNORECASE,
)
_LABEL_KIND = {w.lower(): kind for kind, ws in _LABELS.items() for w in ws}


def split_items(text: str) -> list[str]:
    """List items (with their continuation lines); else non-empty lines; else sentences."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if any(_ITEM.match(ln) for ln in lines):
        items: list[str] = []
        for ln in lines:
            if _ITEM.match(ln):
                items.append(_ITEM.sub("", ln, count=1).strip())
            elif items and ln[:1].isspace():
                items[-1] += " " + ln.strip()
            elif items:
                items.append(ln.strip())  # a line of prose between items stands alone
        return [i for i in items if i]
    if len(lines) > 1:
        return _join_whys([ln.strip() for ln in lines])
    if len(lines) == 1:
        return _join_whys([s.strip() for s in _SENTENCE.split(lines[0]) if s.strip()])
    return []


def _join_whys(parts: list[str]) -> list[str]:
    """A line or sentence that opens with a why-word belongs to the cause before it."""
    out: list[str] = []
    asked = False  # the part before was a bare "为什么？" / "Why?": its answer belongs with it
    for p in parts:
        if out and (asked or _CONTINUES.match(p)):
            out[-1] += " " + p
        else:
            out.append(p)
        asked = bool(_BARE_WHY.match(p))
    return out


def category_of(word: str) -> str:
    """The CAUSE_CATEGORIES key a written category names, or ''."""
    return CATEGORY_ALIASES.get(word.strip().lower(), "")


def parse_cause(item: str) -> Cause:
    """One cause from ``category: cause — why — why`` (any part may be missing)."""
    category = ""
    head, sep, rest = item.partition(":") if ":" in item[:16] else item.partition("：")
    if sep and category_of(head):
        category, item = category_of(head), rest.strip()
    # no separator character, no split (the split's leading \s* made it try every position)
    pieces = _WHY_SEP.split(item) if _WHY_CHARS.search(item) else [item]
    parts = [p.strip() for p in pieces if p.strip()]
    if not parts:
        return Cause(text="", category=category)
    evidence = [p for p in parts[1:] if _EVIDENCE.match(p)]
    whys = [_WHY_PREFIX.sub("", p) for p in parts[1:] if not _EVIDENCE.match(p)]
    if len(parts) == 1 and _CAUSE_WORDS.search(parts[0]):
        # prose: "A, because B, because C" / "A。为什么？因为B。为啥？C" - each level once
        pieces = [p.strip(" ,，。;；?？!！") for p in _CAUSE_WORDS.split(parts[0])]
        whys = [p for p in pieces[1:] if p]
        parts = [pieces[0] or (whys.pop(0) if whys else parts[0])]
    return Cause(
        text=parts[0],
        category=category,
        whys=[w for w in whys if w],
        evidence="; ".join(_EVIDENCE.sub("", e) for e in evidence),
    )


def parse_causes(text: str) -> list[Cause]:
    return [c for c in (parse_cause(i) for i in split_items(text)) if c.text]


def parse_action(item: str) -> ActionItem:
    """One action: the words before the first label are *what*; labels fill the rest."""
    fields = {"owner": "", "due": "", "measure": ""}
    matches = list(_LABEL_RE.finditer(item))
    what_end = matches[0].start() if matches else len(item)
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(item)
        kind = _LABEL_KIND[m.group(1).lower()]
        value = item[m.end() : end].strip(" ;；,，|/")
        if value and not fields[kind]:
            fields[kind] = value
    what = item[:what_end].strip(" ;；,，|/")
    return ActionItem(what=what, **fields)


def parse_actions(text: str) -> list[ActionItem]:
    return [a for a in (parse_action(i) for i in split_items(text)) if a.what or a.owner or a.due]
