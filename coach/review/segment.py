"""Chinese words and their parts of speech, from a maintained segmenter (rjieba: jieba's
dictionary and tagger in Rust; ~0.1 s and ~33 MB to load, ~30 µs a sentence).

Only this module imports it, on first use and under a lock, so any thread may call ``tag`` and
the app warms it in a worker after start-up (``warm``). ``COACH_SEGMENTER=off`` (or a missing
package) falls back to one token per run of letters, digits or Chinese characters: the checks
still run, only less exactly — the bench row "segmenter off" shows what the segmenter buys.

What the review asks of it is structural: is a line a *list* (short items with no verb or
connective joining them) or a *clause* (words doing something)? See ``is_list``.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable
from functools import lru_cache

_LOCK = threading.Lock()
_TAG: Callable[[str], list[tuple[str, str]]] | None = None
_FALLBACK_TOKEN = re.compile(r"[a-z0-9%.]+|[\u3400-\u9fff]+|\S", re.IGNORECASE)


#: Without the segmenter: characters that nearly always carry a predicate (是, 没, 做, 给 …).
_VERB_CHARS = frozenset(
    "是有没不未无做给让把被要会能在了过说讲提看买卖办选约跟查拿换送定写找问开停降升涨跌缺忘漏只太很"
)


def _fallback(text: str) -> list[tuple[str, str]]:
    """Tokens without the segmenter: words of Latin letters, and Chinese in pairs of characters,
    a pair tagged a verb when it holds a predicate character — rougher, never a crash."""
    out: list[tuple[str, str]] = []
    for m in _FALLBACK_TOKEN.finditer(text):
        tok = m.group()
        if not tok[0].isalnum():
            out.append((tok, "x"))
        elif "\u3400" <= tok[0] <= "\u9fff":
            for k in range(0, len(tok), 2):
                pair = tok[k : k + 2]
                out.append((pair, "v" if _VERB_CHARS & set(pair) else "n"))
        else:
            out.append((tok, "n"))
    return out


def _load() -> Callable[[str], list[tuple[str, str]]]:
    global _TAG
    with _LOCK:
        if _TAG is None:
            tagger: Callable[[str], list[tuple[str, str]]] = _fallback
            if os.environ.get("COACH_SEGMENTER", "").lower() not in ("off", "0", "no"):
                try:
                    import rjieba

                    rjieba.tag("预热")  # builds the dictionary now, not under a keystroke
                    tagger = rjieba.tag
                except ImportError:  # pragma: no cover - a broken install; the fallback works
                    pass
            _TAG = tagger
    return _TAG


def warm() -> None:
    """Load the segmenter now (call from a worker thread)."""
    _load()


def enabled() -> bool:
    return _load() is not _fallback


@lru_cache(maxsize=8192)
def tag(text: str) -> tuple[tuple[str, str], ...]:
    """(word, part of speech) pairs of ``text``; punctuation and spaces come back as ``x``."""
    tagger = _TAG or _load()
    try:
        pairs = tagger(text)
    except (UnicodeError, ValueError):  # a lone surrogate or the like: read it plainly
        pairs = _fallback(text)
    return tuple((w, p) for w, p in pairs if w.strip())


def words(text: str) -> list[str]:
    return [w for w, p in tag(text) if p != "x"]


#: Parts of speech that make a clause: verbs (v, vd, vg, vi), and the word classes that only
#: occur inside one — prepositions (p), conjunctions (c), auxiliaries (u, uj, ul, uz …), adverbs (d).
_CLAUSE_POS = ("v", "p", "c", "u", "d", "r")
#: Nominal verbs (vn: 营销, 闭环) are verbs used as nouns: alone they do not make a clause.
_NOUNISH = (
    "vn",
    "n",
    "nr",
    "ns",
    "nt",
    "nz",
    "l",
    "j",
    "m",
    "t",
    "b",
    "a",
    "an",
    "q",
    "f",
    "s",
    "i",
    "eng",
)
_EN_VERBISH = re.compile(
    r"\b(?:is|are|was|were|be|been|has|have|had|do|does|did|will|would|should|can|could|must|"
    r"because|so|but|when|if|than|then|to|of|for|by|with|we|i|they|he|she|it|our|their|"
    r"\w+ed|\w+ing)\b"
)
#: What a list's items are separated by: 、, commas, slashes, bars, dashes, arrows, hashes, spaces.
_ITEM_SPLIT = re.compile(r"\s*(?:[、,，/|｜;；·•]|—+|–|->|→|=>|\s#|^#|\s-\s|\s+)\s*")
#: English items are words with spaces between them: only punctuation separates them.
_EN_ITEM_SPLIT = re.compile(r"\s*(?:[,/|;·•]|—+|–|->|→|=>|\s#|^#|\s-\s)\s*")
_CJK = re.compile(r"[\u3400-\u9fff]")
_MARK = re.compile(r"^[\s>*\-•+·]*(?:\d{1,2}[.、)）]\s*)?(?:[\w\u4e00-\u9fff/]{1,8}\s*[:：]\s*)?")


def has_clause(item: str) -> bool:
    """Does this item say something — a verb or connective among at least two words?"""
    pairs = [(w, p) for w, p in tag(item) if p != "x"]
    if len(pairs) < 2:
        return False
    if item.isascii():
        return len(pairs) >= 3 and bool(_EN_VERBISH.search(item.lower()))
    return any(p.startswith(_CLAUSE_POS) and not p.startswith(_NOUNISH) for _, p in pairs)


def is_list(line: str) -> bool:
    """A line of short items with nothing joining them: ``营销日历、开门红、同比、环比``,
    ``- 产品: 额度 — 断档 — 目标``, ``客户 负责人 期限 衡量 80%``, ``#开门红 #沙龙``.

    A line is a list when it holds three or more items and none of them is a clause. One or two
    bare words are not a list (a heading, a label); they are judged as text elsewhere.
    """
    body = _MARK.sub("", line.strip(), count=1) if line.strip() else ""
    if not body:
        return False
    split = _ITEM_SPLIT if _CJK.search(body) else _EN_ITEM_SPLIT
    items = [i for i in split.split(body) if i and i.strip("#")]
    if len(items) < 3:
        return False
    clauses = sum(1 for i in items if has_clause(i))
    short = sum(1 for i in items if len(i) <= 5 or (i.isascii() and i.count(" ") < 2))
    if clauses and not (
        len(items) >= 5 and short * 4 >= len(items) * 3 and clauses * 3 <= len(items)
    ):
        return False  # a clause among few items, or among items too long to be bare words
    labelled = sum(1 for i in items if any(c.isdigit() for c in i) and _LABEL.search(i))
    # figures with their labels (大额存单1200万，保险0，理财400万) are data, not a list of words
    return labelled * 2 < len(items)


_LABEL = re.compile(r"[\u3400-\u9fffa-z]{2,}", re.IGNORECASE)
