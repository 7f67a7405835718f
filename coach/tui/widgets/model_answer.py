"""Model answers (Markdown in the case YAML) as styled text: nothing of the source shows raw.

Block structure (paragraphs, headings, lists, quotes, code) comes from markdown-it-py; inline
bold, italic and code too. CommonMark does not close ``**`` after a full-width quote before a
Chinese character (``**“收益写进合同”**这种说法``): such a pair left in the text is bold all the
same. A list item that opens with a cause category id, the case YAML's way of writing a cause
row (``- self: 过去的培训…… — 为什么：…… — 证据：……``), shows the category's label and each why
and the evidence on a line of its own.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from textual.content import Content

from coach.domain.content import CAUSE_CATEGORIES
from coach.i18n import tr

#: ``**bold**`` that CommonMark's flanking rules left as text (CJK punctuation next to it)
BOLD_PAIR = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*|__(?=\S)(.+?)(?<=\S)__")
#: a cause row: ``self: …`` with a category id of CAUSE_CATEGORIES
_CAUSE_ROW = re.compile(r"^\s*(" + "|".join(map(re.escape, CAUSE_CATEGORIES)) + r")\s*[:：]\s*")
#: the separator before a why or the evidence in a cause row
_ROW_PART = re.compile(
    r"\s+[—–-]{1,2}\s+(?=(?:为什么|为何|why|because|因为|证据|依据|evidence)\b|(?:为什么|为何|证据|依据))",
    re.IGNORECASE,
)

BOLD = "bold"
HEADING = "bold $primary"
CODE = "$accent"
MUTED = "$muted"


def category_label(key: str, lang: str | None = None) -> str:
    """A cause category's label in the interface language (自身 / 团队 · Self / team), or ''."""
    label = CAUSE_CATEGORIES.get(key)
    if label is None:
        return ""
    return label.get(lang) if lang else tr(label.get("zh"), label.get("en"))


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).disable("html_inline").disable("html_block")


def markdown_content(text: str, lang: str) -> Content:
    """``text`` (Markdown) as Content: paragraphs apart, lists marked, bold bold."""
    tokens = _parser().parse(text or "")
    blocks: list[Content] = []
    gaps: list[str] = []  # after each block: "\n" (list items) or "\n\n"
    lists: list[list[int | None]] = []  # per open list: the next number, None for bullets
    item_first: list[bool] = []  # per open item: its first paragraph not yet written
    quote = 0
    heading = False

    def add(block: Content, gap: str) -> None:
        blocks.append(block)
        gaps.append(gap)

    for tok in tokens:
        kind = tok.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            start = int(tok.attrGet("start") or 1) if kind == "ordered_list_open" else None
            lists.append([start])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
            if not lists and gaps:
                gaps[-1] = "\n\n"  # a blank line after the whole list
        elif kind == "list_item_open":
            item_first.append(True)
        elif kind == "list_item_close":
            item_first.pop()
        elif kind == "blockquote_open":
            quote += 1
        elif kind == "blockquote_close":
            quote -= 1
        elif kind == "heading_open":
            heading = True
        elif kind == "heading_close":
            heading = False
        elif kind == "inline":
            body = _inline(tok.children or [], HEADING if heading else "")
            if item_first and item_first[-1]:
                item_first[-1] = False
                body = _cause_row(body, lang)
                numbers = lists[-1]
                if numbers[0] is None:
                    mark = "•"
                else:
                    mark = f"{numbers[0]}."
                    numbers[0] += 1
                indent = "\u00a0\u00a0" * (len(lists) - 1)
                body = Content.assemble(Content(f"{indent}{mark}\u00a0"), body)
            elif item_first:  # an item's second paragraph
                body = Content.assemble(Content("\u00a0\u00a0" * len(lists)), body)
            if quote:
                body = Content.assemble(Content.styled("▌\u00a0" * quote, MUTED), body)
            add(body, "\n" if lists else "\n\n")
        elif kind in ("fence", "code_block"):
            add(Content.styled(tok.content.rstrip("\n"), CODE), "\n" if lists else "\n\n")
        elif kind == "hr":
            add(Content.styled("─" * 20, MUTED), "\n\n")
    out: list[Content] = []
    for block, gap in zip(blocks, gaps, strict=True):
        out += [block, Content(gap)]
    return Content.assemble(*out[:-1]) if out else Content("")


def _inline(children: list[Token], base: str) -> Content:
    parts: list[Content] = []
    styles: list[str] = [base] if base else []
    for tok in children:
        kind = tok.type
        if kind in ("strong_open", "em_open"):
            styles.append(BOLD if kind == "strong_open" else "italic")
        elif kind in ("strong_close", "em_close"):
            styles.pop()
        elif kind == "text":
            parts.append(_text(tok.content, " ".join(styles)))
        elif kind == "code_inline":
            parts.append(Content.styled(tok.content, " ".join([*styles, CODE])))
        elif kind in ("softbreak", "hardbreak"):
            parts.append(Content("\n"))
        elif kind == "image":
            parts.append(_text(tok.content or "", " ".join(styles)))
        # link_open / link_close: the link's text is shown, the address is not
    return Content.assemble(*parts) if parts else Content("")


def _text(text: str, style: str) -> Content:
    """Plain text in ``style``, with any ``**pair**`` markdown-it left unclosed in bold."""
    out: list[Content] = []
    pos = 0
    for m in BOLD_PAIR.finditer(text):
        out.append(Content.styled(text[pos : m.start()], style))
        out.append(Content.styled(m.group(1) or m.group(2), f"{style} {BOLD}".strip()))
        pos = m.end()
    out.append(Content.styled(text[pos:], style))
    return Content.assemble(*out)


def _cause_row(body: Content, lang: str) -> Content:
    """``self: cause — why: … — evidence: …`` as ``自身 / 团队：cause`` and a line per why."""
    plain = body.plain
    m = _CAUSE_ROW.match(plain)
    if m is None:
        return body
    label = category_label(m.group(1), lang)
    colon = "：" if lang == "zh" else ": "
    rest = body[m.end() :]
    pieces: list[Content] = []
    pos = 0
    text = rest.plain
    for sep in _ROW_PART.finditer(text):
        pieces.append(rest[pos : sep.start()])
        pos = sep.end()
    pieces.append(rest[pos:])
    lines = [Content.assemble(Content.styled(label + colon, BOLD), pieces[0])]
    lines += [Content.assemble(Content("\u00a0\u00a0\u00a0\u00a0"), p) for p in pieces[1:]]
    return Content("\n").join(lines)


__all__ = ["BOLD_PAIR", "category_label", "markdown_content"]
