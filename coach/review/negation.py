"""Is a word mentioned as absent? A negation shortly before it, in the same clause.

没有做客户分层 / we never segmented clients: the keyword is there, but said to be missing.
A clause break (, 。 ; …) or a contrast word (但是, but) ends the reach of a negation, so
"不保证收益但是稳赚不赔" still counts 稳赚不赔.
"""

from __future__ import annotations

import re

from coach.review.normalize import is_break

#: Chinese negators, longest first; each is checked against the compounds below.
ZH_NEGATORS = (
    "忽视了",
    "忽略了",
    "没能",
    "未能",
    "没有",
    "缺乏",
    "缺少",
    "并非",
    "不是",
    "无法",
    "从未",
    "从没",
    "别",
    "没",
    "未",
    "不",
    "无",
    "非",
)
#: Words that start with a negator character but do not negate.
ZH_NOT_NEGATION = (
    "不仅",
    "不但",
    "不断",
    "不少",
    "不错",
    "不同",
    "不久",
    "不过",
    "不管",
    "不论",
    "不妨",
    "不得不",
    "不禁",
    "非常",
    "无论",
    "未来",
    "没想到",
    "不光",
    "不只",
    "无疑",
    "不然",
    "无非",
)
EN_NEGATORS = frozenset(
    (
        "not",
        "no",
        "never",
        "without",
        "neither",
        "nor",
        "cannot",
        "lack",
        "lacked",
        "lacking",
        "ignored",
        "overlooked",
        "none",
        "hardly",
    )
)
EN_NEGATOR_PAIRS = (("failed", "to"), ("fail", "to"), ("lack", "of"), ("instead", "of"))
CONTRAST = ("但是", "但", "可是", "却", "然而", "不过", "而是", "only that")
EN_CONTRAST = frozenset(("but", "however", "yet", "although", "though", "instead"))

_WORDS = re.compile(r"[a-z']+")


def clause_before(text: str, start: int, reach: int = 40) -> str:
    """The part of the clause that precedes ``start``, at most ``reach`` characters."""
    i = start
    stop = max(0, start - reach)
    while i > stop and not is_break(text, i - 1):
        i -= 1
    return text[i:start]


#: Words after which a negation before them no longer reaches the keyword: 暂不触达…作为对照组
#: holds the group back *as* the control group, it does not deny the control group.
ZH_RESTART = ("作为", "当作", "留作", "用作")


def _after_contrast(prefix: str) -> str:
    cut = 0
    for word in ZH_RESTART:
        pos = prefix.rfind(word)
        if pos >= 0:
            cut = max(cut, pos + len(word))
    for word in CONTRAST:
        pos = prefix.rfind(word)
        if pos >= 0 and word != "不过":
            cut = max(cut, pos + len(word))
        elif pos >= 0 and word == "不过":
            cut = max(cut, pos + 2)
    return prefix[cut:]


def _zh_negated(window: str) -> str | None:
    for neg in ZH_NEGATORS:
        pos = window.find(neg)
        while pos >= 0:
            if not any(window.startswith(w, pos) for w in ZH_NOT_NEGATION) and not any(
                pos >= 1 and window.startswith(w, pos - 1) and w[1:].startswith(neg)
                for w in ZH_NOT_NEGATION
            ):
                return neg
            pos = window.find(neg, pos + 1)
    return None


def _en_negated(prefix: str, max_words: int) -> str | None:
    words = _WORDS.findall(prefix)
    for i in range(len(words) - 1, -1, -1):
        if words[i] in EN_CONTRAST:
            words = words[i + 1 :]
            break
    tail = words[-max_words:]
    for i, w in enumerate(tail):
        if w in EN_NEGATORS or w.endswith("n't"):
            return w
        if i + 1 < len(tail) and (w, tail[i + 1]) in EN_NEGATOR_PAIRS:
            return f"{w} {tail[i + 1]}"
    return None


def negation_before(text: str, start: int, *, zh_reach: int = 8, en_words: int = 6) -> str | None:
    """The negating word that governs the word at ``start``, or None."""
    prefix = _after_contrast(clause_before(text, start))
    if not prefix:
        return None
    found = _zh_negated(prefix[-zh_reach:])
    if found:
        return found
    return _en_negated(prefix, en_words)
