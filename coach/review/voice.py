"""Whose words? Spans of an answer that are not the trainee's own claims.

- a quotation: “……” 「……」 "……" (after normalising, all are ``"``), or ‘……’;
- reported speech: 客户经理说 / 对客户说 / 暗示 / 客户问 / told the client / said … to the end of
  the clause;
- a prohibition: a clause with 不许 / 不得 / 禁止 / 严禁 / 不能说 / 杜绝 / 先过合规 / must not say …,
  and quotations followed by 这种话不能说 / 之类的表述一律不许 (``不许出现"保本""稳赚"等表述``
  forbids the words, it does not use them).

Which of them exempt a banned phrase depends on the step (see ``Voice``): where a trainee analyses
what happened, quotations and reported speech are evidence; where they write a rule or a lesson,
too; in an action step a quotation is what they will say — a promise is a promise — unless it is
the object of the action (核查"……"的留言), and prohibitions exempt it.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from coach.domain.content import ANALYSIS_STEPS

__all__ = ["ANALYSIS_STEPS", "Voice", "inside"]


_QUOTE = re.compile(r'"[^"\n]{1,300}"|(?<![a-z0-9])\'[^\'\n]{1,120}\'(?![a-z0-9])')
_REPORTED = re.compile(
    r"(?:经理|顾问|柜员|同事|对方|他|她|客户|理财师|销售|业务员)?"
    r"(?:当时|曾|还|就|也)?(?:对客户|跟客户|和客户|向客户)?"
    r"(?:说|讲|称|表示|宣称|声称|号称|承诺|告诉客户|介绍说|话术是|原话是|暗示|说成|包装成|宣传成|宣传为|写着|印着|问|以为|误以为|认为|觉得)"
    r"(?:过|了|的是|道)?[:：,，]?"
    r"|\b(?:said|says|told (?:the |her |him |them )?(?:client|customer)s?(?: that)?|claimed|promised"
    r"|implied|asked|was telling|kept saying|the line was|pitched it as|sold (?:it|the \w+) as"
    r"|described (?:it )?as|presented (?:it )?as)\b"
)
#: In an action step a quotation is a script (what they will say), unless it is the object of
#: the action: 核查"跟存款一样安全"的留言, 针对"再考虑"的客户, investigate the "as safe as" comment.
_OBJECT_BEFORE = re.compile(
    r"(?:核查|调查|查|关于|针对|回应|处理|复核|追查|找到|统计|分析|纠正|investigate|check|review|about|the)[^\"\n]{0,6}$"
)
_OBJECT_AFTER = re.compile(
    r"\s*(?:的|这条|那条|这句)?(?:留言|说法|投诉|反馈|评论|表述|问题|客户|案例|记录|事件|comments?|complaints?|remarks?|claims?)"
)


_PROHIBIT = re.compile(
    r"不许|不准|不得(?!不)|禁止|严禁|杜绝|避免(?:说|使用|出现|用)|不能(?:说|讲|用|出现|承诺|提|再说)|一律不|"
    r"不要(?:说|讲|用|再说|承诺)|不可(?:以)?(?:说|讲|用)|别(?:说|讲)|禁用|红线|违规(?:话术|表述|用语)|"
    r"先(?:问|过|报|经)合规|须经合规|经合规(?:审批|同意)|"
    r"\b(?:must not|mustn't|never|do not|don't|no more|avoid|ban(?:ned)?|prohibit(?:ed)?|forbid(?:den)?|"
    r"stop|no one|nobody) (?:say(?:ing|s)?|use|using|promis\w+|mention\w*|words? like|phrases? like|claims? like"
    r"|steers?|pushes|asks?|tells?|describ\w*|call\w*|present\w*|compar\w*|sell\w*|refer\w* to)\b"
)
#: The most quoted phrases one "…"、"…"这类话不能说 forbids. Unbounded, every quotation of a long
#: run of them tried the whole rest of the run (quadratic); a longer run forbids its last ones.
MAX_FORBIDDEN_QUOTES = 20
_QUOTES_FORBIDDEN = re.compile(
    rf'((?:"[^"\n]{{1,60}}"[、,，\s]*){{1,{MAX_FORBIDDEN_QUOTES}}})'
    r"(?:这种|这类|这些|之类的?|等|一类的?)[^。\n]{0,14}?"
    r"(?:不能|不许|不要|不得|别|禁止|严禁|不准|杜绝|一律不|都不能|一句都不能)"
)
_CONTRAST = re.compile(r"但是|但|可是|不过|然而|却|\bbut\b|\bhowever\b")
_CLAUSE_END = re.compile(r"[，,；;。!！?？\n]")
_SENTENCE_END = re.compile(r"[。!！?？;；\n]")


def _end(text: str, start: int, pattern: re.Pattern[str], limit: int) -> int:
    m = pattern.search(text, start, min(len(text), start + limit))
    return m.start() if m else min(len(text), start + limit)


#: The most characters past its start a ``_CONTRAST`` attempt reads ("however" and the boundary
#: after it): a scan cut off at ``stop`` sees what an uncut one sees at every start up to
#: ``stop - _CONTRAST_READS``.
_CONTRAST_READS = 8


class _Sentences:
    """Sentence starts and contrast words of one text, found once, so that every prohibition in a
    long sentence does not walk back to its start or rescan it (that made a long answer quadratic)."""

    __slots__ = ("_breaks", "_c_ends", "_c_starts", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._breaks = [m.start() for m in _SENTENCE_END.finditer(text)]
        # no contrast word holds a sentence end, so the matches of one scan of the whole text
        # that start in a sentence are the matches of a scan from that sentence's start
        found = list(_CONTRAST.finditer(text))
        self._c_starts = [m.start() for m in found]
        self._c_ends = [m.end() for m in found]

    def start_of(self, at: int) -> int:
        """Where the sentence holding ``at`` starts: after the last sentence end before it."""
        i = bisect_right(self._breaks, at - 1) - 1
        return self._breaks[i] + 1 if i >= 0 else 0

    def last_contrast_end(self, start: int, stop: int) -> int | None:
        """The end of the last match of ``_CONTRAST.finditer(text, start, stop)``, for ``start``
        a sentence start: the whole-text matches up to ``stop - _CONTRAST_READS``, and a scan of
        the few characters after them."""
        j = bisect_right(self._c_starts, stop - _CONTRAST_READS) - 1
        last = self._c_ends[j] if j >= 0 and self._c_starts[j] >= start else None
        resume = max(last if last is not None else start, stop - _CONTRAST_READS + 1)
        tail = None
        for tail in _CONTRAST.finditer(self._text, resume, stop):  # noqa: B007 - the last one
            pass
        return tail.end() if tail is not None else last


class Voice:
    """The spans of one answer slot's normalised text, and whether a phrase there is a claim."""

    __slots__ = ("_starts", "evidence", "prohibited", "quoted")

    def __init__(self, norm: str) -> None:
        evidence: list[tuple[int, int]] = []
        quoted: list[tuple[int, int]] = []  # quotations that are not a script (核查"…"的留言)
        for m in _QUOTE.finditer(norm):
            evidence.append((m.start(), m.end()))
            if _OBJECT_BEFORE.search(
                norm, max(0, m.start() - 12), m.start()
            ) or _OBJECT_AFTER.match(norm, m.end()):
                quoted.append((m.start(), m.end()))
        for m in _REPORTED.finditer(norm):
            after = m.end()
            if after < len(norm) and norm[after] == '"':
                continue  # the quotation itself is the span
            evidence.append((m.start(), _end(norm, after, _CLAUSE_END, 60)))
        prohibited: list[tuple[int, int]] = []
        sentences = _Sentences(norm)
        for m in _PROHIBIT.finditer(norm):
            start = sentences.start_of(m.start())
            contrast = sentences.last_contrast_end(start, m.start())
            if contrast is not None:
                start = contrast  # 不许说保本，但…: the prohibition reaches back to the contrast
            stop = _end(norm, m.end(), _SENTENCE_END, 160)
            after = _CONTRAST.search(norm, m.end(), stop)
            prohibited.append((start, after.start() if after else stop))
        for m in _QUOTES_FORBIDDEN.finditer(norm):
            prohibited.append((m.start(1), m.end(1)))
        self.evidence = _merge(evidence)
        self.prohibited = _merge(prohibited)
        self.quoted = _merge(quoted)
        # the spans' starts, kept for the binary searches of ``exempt``
        self._starts = {
            name: [a for a, _ in getattr(self, name)]
            for name in ("evidence", "prohibited", "quoted")
        }

    def exempt(self, start: int, end: int, *, action_step: bool) -> bool:
        """Is the phrase at [start, end) someone else's words or a rule that forbids it?"""
        if self._inside("prohibited", start, end):
            return True
        if action_step:  # what they will say: only a quotation nobody is told to say is exempt
            return self._inside("quoted", start, end)
        return self._inside("evidence", start, end)

    def _inside(self, name: str, start: int, end: int) -> bool:
        return inside(getattr(self, name), start, end, self._starts[name])


def _merge(items: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(items):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def inside(
    found: list[tuple[int, int]], start: int, end: int, starts: list[int] | None = None
) -> bool:
    """Is [start, end) within one of the (merged, sorted) spans? ``starts``: their starts, when
    the caller keeps them (building the list at each call is a pass over every span)."""
    i = bisect_right(starts if starts is not None else [a for a, _ in found], start) - 1
    return i >= 0 and end <= found[i][1] + 1
