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
    r"(?:^|[\s;；,，|/。—(（])("
    + "|".join(sorted((re.escape(w) for ws in _LABELS.values() for w in ws), key=len, reverse=True))
    + r")\s*[:：]\s*",
    re.IGNORECASE,
)
_LABEL_KIND = {w.lower(): kind for kind, ws in _LABELS.items() for w in ws}


_BOLD_HEADING = re.compile(r"^\s*\*\*(.+?)\*\*\s*[:：]?\s*$")
_EVIDENCE_LINE = re.compile(r"^\s*(?:证据|依据|evidence)\s*[:：]", re.IGNORECASE)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def nested(line: str, parent_indent: int) -> str | None:
    """A bullet indented under the item above it (its why, its evidence), without its mark."""
    if _ITEM.match(line) and _indent(line) > parent_indent:
        return _ITEM.sub("", line, count=1).strip()
    return None


def item_start(line: str) -> str | None:
    """The item a line opens (a bullet, a number, a bold heading), without its mark; else None."""
    head = _BOLD_HEADING.match(line)
    if head:
        return _ITEM.sub("", head.group(1), count=1).strip()
    if _ITEM.match(line):
        return _ITEM.sub("", line, count=1).strip().replace("**", "")
    return None


def continues_item(line: str) -> bool:
    """Does this line go on with the item above it (indented, a why, the evidence)?"""
    return line[:1].isspace() or bool(_CONTINUES.match(line) or _EVIDENCE_LINE.match(line))


def split_items(text: str) -> list[str]:
    """List items (with their continuation lines); else non-empty lines; else sentences.

    A bold line (``**1. 考核**``) opens an item like a bullet does, and a line that goes on with
    a why (为啥…？——…, because …) or gives the evidence belongs to the item above it."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    heads = [_BOLD_HEADING.match(ln) for ln in lines]
    if any(_ITEM.match(ln) for ln in lines) or any(heads):
        # each item is kept as its parts and joined once: adding to a string item line by line
        # copied it each time (quadratic for an item with many continuation lines)
        items: list[list[str]] = []
        indent = 0
        for ln, head in zip(lines, heads, strict=True):
            if items and _ITEM.match(ln) and _indent(ln) > indent:
                items[-1] += [" — ", _ITEM.sub("", ln, count=1).strip()]  # a nested bullet
            elif head:
                items.append([_ITEM.sub("", head.group(1), count=1).strip()])
                indent = _indent(ln)
            elif _ITEM.match(ln):
                items.append([_ITEM.sub("", ln, count=1).strip().replace("**", "")])
                indent = _indent(ln)
            elif items and (ln[:1].isspace() or _CONTINUES.match(ln) or _EVIDENCE_LINE.match(ln)):
                items[-1] += [" ", ln.strip()]
            elif items:
                items.append([ln.strip()])  # a line of prose between items stands alone
        return [i for i in map("".join, items) if i]
    if len(lines) > 1:
        return _join_whys([ln.strip() for ln in lines])
    if len(lines) == 1:
        return _join_whys([s.strip() for s in _SENTENCE.split(lines[0]) if s.strip()])
    return []


def _join_whys(parts: list[str]) -> list[str]:
    """A line or sentence that opens with a why-word belongs to the cause before it."""
    out: list[list[str]] = []  # each part's pieces, joined once (see split_items)
    asked = False  # the part before was a bare "为什么？" / "Why?": its answer belongs with it
    for p in parts:
        if out and (asked or _CONTINUES.match(p)):
            out[-1] += [" ", p]
        else:
            out.append([p])
        asked = bool(_BARE_WHY.match(p))
    return list(map("".join, out))


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
    said = " ".join(p for p in parts if not _EVIDENCE.match(p))
    if _CAUSE_WORDS.search(said):
        # prose: "A, because B, because C" / "A。为什么？因为B。为啥？C" - each level once; a
        # dash inside a sentence ("— not by the branch either") is not a level
        pieces = [p.strip(" ,，。;；?？!！—-") for p in _CAUSE_WORDS.split(said)]
        prose_whys = [p for p in pieces[1:] if p]
        if len(prose_whys) > len(whys):
            whys = prose_whys
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
    if not matches and _FIELD_SEP.search(item):
        return _positional_action(item)
    return ActionItem(what=what, **fields)


#: ``what — owner — due — measure`` without labels: the fields told apart by their shape.
_FIELD_SEP = re.compile(r"\s*(?:—+|\s-\s|\s–\s|\|)\s*")
_DATE_LIKE = re.compile(
    r"\d{4}[-/.]\d{1,2}(?:[-/.]\d{1,2})?|\d{1,2}月(?:\d{1,2}[日号])?|月底|月末|季末|年底|下周|本周|周[一二三四五六日]|\d+\s*(?:天|周|个月)内"
    r"|\b(?:by|before|within|until)\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}\b|\b\d{1,2} (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)",
    re.IGNORECASE,
)
_ROLE = re.compile(
    r"经理|主管|行长|组长|专员|柜员|顾问|助理|团队|小组|部|岗|老师|总|牵头|负责|本人|^我$|^我们$"
)
_SURNAME_NAME = re.compile(
    r"^[王李张刘陈杨赵黄周吴徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江薛段雷侯龙陶贺顾毛郝龚邵钱严武戴孔汤]"
    r"[\u4e00-\u9fff]{1,2}(?:[、,，+和与/][\u4e00-\u9fff]{2,4})*"
)
_EN_NAME = re.compile(
    r"^(?:[A-Z][a-z]+)(?: [A-Z][a-z]+){0,2}(?:\s*(?:,|and|&|\+)\s*[A-Z][a-z]+(?: [A-Z][a-z]+)?)*$"
)


def _is_owner(piece: str) -> bool:
    p = piece.strip()
    if not p or len(p) > 24 or any(c.isdigit() for c in p):
        return False
    if _EN_NAME.match(p):
        return True
    head = re.split(r"[，,（(]", p)[0]
    return len(head) <= 8 and bool(_SURNAME_NAME.match(head) or _ROLE.search(head))


def _positional_action(item: str) -> ActionItem:
    pieces = [x.strip(" ;；,，") for x in _FIELD_SEP.split(item) if x.strip(" ;；,，")]
    if not pieces:
        return ActionItem()
    fields = {"owner": "", "due": "", "measure": ""}
    rest: list[str] = []
    for piece in pieces[1:]:
        if not fields["owner"] and _is_owner(piece):
            fields["owner"] = piece
        elif not fields["due"] and _DATE_LIKE.search(piece) and len(piece) <= 30:
            fields["due"] = piece
        else:
            rest.append(piece)
    what = pieces[0]
    if rest and not fields["measure"]:
        fields["measure"] = "；".join(rest)
    return ActionItem(what=what, **fields)


#: Column headings of an action table, in both languages, by the field they fill.
_TABLE_FIELDS = {
    "what": (
        "action",
        "actions",
        "what",
        "措施",
        "行动",
        "改进措施",
        "做什么",
        "事项",
        "任务",
        "内容",
    ),
    "owner": ("owner", "who", "负责人", "责任人", "负责", "谁来做"),
    "due": ("due", "deadline", "when", "by when", "期限", "截止", "完成时间", "时间", "截止时间"),
    "measure": (
        "measure",
        "measure of done",
        "kpi",
        "衡量",
        "衡量标准",
        "验收标准",
        "指标",
        "标准",
        "目标",
    ),
}
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}")


def table_rows(lines: list[str]) -> list[str] | None:
    """A Markdown table of actions (| Action | Owner | Due | Measure |, or 措施/负责人/期限/衡量)
    as labelled lines ``what owner: … due: … measure: …``; None when the lines are no such table."""
    rows = [ln.strip().strip("|").split("|") for ln in lines if ln.strip().startswith("|")]
    if len(rows) < 2:
        return None
    header = [c.strip().strip("*").lower() for c in rows[0]]
    kinds = [next((k for k, names in _TABLE_FIELDS.items() if h in names), "") for h in header]
    if "what" not in kinds or not {"owner", "due", "measure"} & set(kinds):
        return None
    out = []
    for row in rows[1:]:
        if _TABLE_RULE.match("|".join(row)):
            continue
        cells = {k: c.strip() for k, c in zip(kinds, row, strict=False) if k and c.strip()}
        if not cells.get("what"):
            continue
        line = cells["what"]
        for k in ("owner", "due", "measure"):
            if cells.get(k):
                line += f" {k}: {cells[k]}"
        out.append(line)
    return out


_HEADING_END = re.compile(r"[:：]\s*(?:\*\*)?\s*$")
#: Who a group of actions belongs to, named in its heading: 孙悦自己能干的：, 要上报分行的（马骏牵头）：
_GROUP_OWNER = re.compile(
    r"(?:由)?([\u4e00-\u9fff]{2,3}?)(?:自己|本人)?(?:牵头|负责|能干|能做|来做|要做|去做|主导)"
    r"|\b(?:owner|led by)\s*[:：]?\s*([a-z][\w .]{1,30})",
    re.IGNORECASE,
)
_NOT_OWNER = ("我们", "支行", "自己", "需要", "可以", "能够")


def heading_owner(line: str) -> str | None:
    """The owner a heading line names for the actions under it, or None when it is no heading."""
    if not _HEADING_END.search(line) or (
        item_start(line) is not None and not _BOLD_HEADING.match(line)
    ):
        return None
    m = _GROUP_OWNER.search(line)
    if not m:
        return ""
    who = (m.group(1) or m.group(2) or "").strip()
    return "" if who in _NOT_OWNER else who


def parse_actions(text: str) -> list[ActionItem]:
    out: list[ActionItem] = []
    owner = ""
    for item in split_items(text):
        named = heading_owner(item)
        if named is not None:
            owner = named
            continue
        a = parse_action(item)
        if a.what or a.owner or a.due:
            out.append(a if a.owner or not owner else ActionItem(a.what, owner, a.due, a.measure))
    return out
