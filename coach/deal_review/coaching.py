"""Coaching: practice cases from the case bank whose tags and key points match a review's causes.

"Clients doubt my expertise" → the insurer whose clients doubted its advisers. Matching is a small
weighted overlap of terms (English words lightly stemmed, Chinese as character pairs, Traditional
read as Simplified), each term weighted by how rare it is across the bank, with tags and key
points counting double. No AI: each suggestion lists the words it matched.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from coach.content.index import ContentIndex
from coach.content.search import fold, simplify
from coach.domain.content import Case
from coach.review.segment import words

_WORD = re.compile(r"[a-z0-9]+")
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "of",
        "to",
        "in",
        "on",
        "for",
        "with",
        "at",
        "by",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "my",
        "our",
        "your",
        "their",
        "his",
        "her",
        "we",
        "i",
        "you",
        "they",
        "he",
        "she",
        "not",
        "no",
        "did",
        "does",
        "do",
        "so",
        "too",
        "very",
        "more",
        "most",
        "than",
        "then",
        "when",
        "what",
        "why",
        "how",
        "who",
        "which",
        "all",
        "any",
        "some",
        "can",
        "could",
        "would",
        "should",
        "will",
        "just",
        "only",
        "also",
        "about",
        "into",
        "over",
        "after",
        "before",
        "because",
        "due",
    ]
)
_CJK_STOP = frozenset({"我的", "我们", "他们", "因为", "所以", "没有", "一个", "的是", "不是"})


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def terms(text: str) -> set[str]:
    """Matching terms of ``text``: stemmed English words, and Chinese words of two characters or
    more from the segmenter (报价, 授权, 竞争对手 — not the fragments 前没 or 争对 that pairs of
    characters would give)."""
    t = fold(simplify(text))
    out = {_stem(w) for w in _WORD.findall(t) if w not in _STOP and len(w) > 1}
    for run in _CJK_RUN.findall(t):
        if len(run) == 1:
            continue
        out.update(w for w in words(run) if len(w) > 1)
    return out - _CJK_STOP


@dataclass(frozen=True)
class Suggestion:
    case: Case
    score: float
    matched: tuple[str, ...]  # the terms that matched, most telling first


_docs_cache: dict[int, tuple[ContentIndex, dict[str, dict[str, float]], dict[str, float]]] = {}


def _docs(index: ContentIndex) -> tuple[dict[str, dict[str, float]], dict[str, float]]:
    held = _docs_cache.get(id(index))
    if held is not None and held[0] is index:
        return held[1], held[2]
    docs: dict[str, dict[str, float]] = {}
    for case in index.cases.values():
        weights: dict[str, float] = {}
        plain = [*case.title.all_texts(), *case.summary.all_texts()]
        strong = list(case.tags)
        for kp in case.key_points:
            strong.extend(kp.text.all_texts())
            strong.extend(term for kw in kp.keywords for term in kw.terms)
        for text in plain:
            for term in terms(text):
                weights[term] = max(weights.get(term, 0.0), 1.0)
        for text in strong:
            for term in terms(text):
                weights[term] = 2.0
        docs[case.id] = weights
    df = Counter(term for weights in docs.values() for term in weights)
    n = max(len(docs), 1)
    idf = {term: math.log(1 + n / count) for term, count in df.items()}
    _docs_cache.clear()
    _docs_cache[id(index)] = (index, docs, idf)
    return docs, idf


def suggest_cases(
    index: ContentIndex, texts: Sequence[str], limit: int = 3, min_terms: int = 2
) -> list[Suggestion]:
    """The cases that best match ``texts`` (causes, lessons), each with at least ``min_terms``
    matched terms; best first."""
    query = set().union(*(terms(t) for t in texts)) if texts else set()
    if not query:
        return []
    docs, idf = _docs(index)
    found: list[Suggestion] = []
    for case_id, weights in docs.items():
        hits = [t for t in query if t in weights]
        if len(hits) < min_terms:
            continue
        score = sum(weights[t] * idf[t] for t in hits)
        hits.sort(key=lambda t: -weights[t] * idf[t])
        found.append(Suggestion(index.cases[case_id], score, tuple(hits)))
    found.sort(key=lambda s: (-s.score, s.case.id))
    return found[:limit]
