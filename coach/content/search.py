"""Search across case titles, summaries, tags, modules and backgrounds, in both languages."""

from __future__ import annotations

import unicodedata
from functools import cache

from coach.content.codec import all_texts
from coach.content.index import ContentIndex
from coach.domain.content import Case
from coach.domain.text import has_cjk


def fold(text: str) -> str:
    """NFKC (full-width → half-width) and case folding, so 'ＧＲＡＩ' finds 'grai'."""
    return unicodedata.normalize("NFKC", text).casefold()


@cache
def _t2s():
    import opencc  # imported on first Chinese query only: it costs start-up time

    return opencc.OpenCC("t2s")


def simplify(text: str) -> str:
    return _t2s().convert(text) if has_cjk(text) else text


def haystacks(index: ContentIndex) -> dict[str, str]:
    """One folded text per case, built once per index and reused for every keystroke.

    Read from the cases' compact encoding where the index has it: building every case of a
    large bank just to read four of its texts would cost the first search most of a second.
    """
    encoded = getattr(index.cases, "encoded", None)
    out: dict[str, str] = {}
    for cid in index.cases:
        if encoded is not None:
            head, background = encoded(cid)[:2]
            _, module_id, title, summary, tags = head[:5]
            texts = [*all_texts(title), *all_texts(summary), *tags, *all_texts(background)]
        else:
            case = index.cases[cid]
            module_id = case.module
            texts = [
                *case.title.all_texts(),
                *case.summary.all_texts(),
                *case.tags,
                *case.background.all_texts(),
            ]
        module = index.modules.get(module_id)
        parts = [cid, *texts, *(module.title.all_texts() if module else ())]
        out[cid] = fold("\n".join(parts))
    return out


def search_cases(index: ContentIndex, query: str, hay: dict[str, str] | None = None) -> list[Case]:
    """Cases whose text holds every word of the query (Traditional read as Simplified); only the
    cases found are built."""
    words = [w for w in fold(simplify(query)).split() if w]
    if not words:
        return list(index.cases.values())
    hay = hay if hay is not None else haystacks(index)
    return [index.cases[cid] for cid in index.cases if all(w in hay[cid] for w in words)]
