"""The coach at the trainee's side: what the live checks say about the step being written.

Structure (too short, copied prompt, stuffing), compliance phrases, SMART letters, cause depth
and disclosures are always shown; which key points are covered only when the case allows hints.
A point written under another question than its own is said where it was written and where it
belongs (coach.review.placement), as the review scores it: a disclosure counts only under its
question, a key point anywhere.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from textual.content import Content
from textual.widgets import Static

from coach.i18n import tr
from coach.review import CauseDepth, StepFindings
from coach.review.placement import Misplaced
from coach.tui.widgets.lines import line

#: The SMART letters written out, in the interface language.
SMART_NAMES = {
    "S": ("具体", "Specific"),
    "M": ("可衡量", "Measurable"),
    "A": ("可达成", "Achievable"),
    "R": ("相关", "Relevant"),
    "T": ("有时限", "Time-bound"),
}
_LETTER = re.compile(r"^[SMART]\s+")


def smart_name(letter: str) -> str:
    zh, en = SMART_NAMES.get(letter, (letter, letter))
    return tr(zh, en)


def _without_letter(reason: str) -> str:
    """A check's reason without its leading SMART letter ("M not measurable: …")."""
    rest = _LETTER.sub("", reason)
    return rest[:1].upper() + rest[1:]


def _short(text: str, size: int = 14) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "…"


def _cause_lines(depths: Sequence[CauseDepth], structured: Collection[str] | None) -> list:
    """Causes from the rows as numbered causes; causes read from the prose said to be so, and
    only those that give a because / why (a plain sentence is no cause)."""
    rows = [d for d in depths if structured is None or d.slot in structured]
    prose = [d for d in depths if structured is not None and d.slot not in structured]
    out = []
    for d in rows:
        if not d.text.strip() and not d.depth:
            continue  # an empty row
        label = tr("原因 {n}", "Cause {n}", n=d.index + 1)
        mark = "[$miss]○[/]" if d.flagged else "[$hit]✓[/]"
        why = tr("{n} 层为什么", "{n} whys", n=d.depth)
        out.append(line(mark + "\u00a0{l}: {w} {r}", l=label, w=why, r=d.reason))
    reasoned = [d for d in prose if d.text.strip() and d.depth]
    plain = [d for d in prose if d.text.strip() and not d.depth]
    if not reasoned and not plain:
        return out
    out.append(
        line(
            "[$muted]{t}[/]",
            t=tr(
                "原因读自正文：原因分析的行还空着。在行里写下原因和追问的为什么，教练就按行来数。",
                "Causes read from your text: the cause rows are empty. Write each cause and its "
                "whys in the rows and the coach counts those.",
            ),
        )
    )
    for d in reasoned:
        mark = "[$miss]○[/]" if d.flagged else "[$hit]✓[/]"
        why = tr("{n} 层为什么", "{n} whys", n=d.depth)
        quoted = tr("“{t}”", '"{t}"', t=_short(d.text))
        out.append(line(mark + "\u00a0{q}: {w} {r}", q=quoted, w=why, r=d.reason))
    if plain:
        out.append(
            line(
                "[$muted]{t}[/]",
                t=tr(
                    "另有 {n} 句没有写“因为 / 为什么”，不算作原因。",
                    "{n} sentence(s) give no because or why, so they are not counted as causes.",
                    n=len(plain),
                ),
            )
        )
    return out


def _misplaced_lines(
    found: Sequence[Misplaced],
    *,
    show_key_points: bool,
    numbers: dict[str, int],
    here: Collection[str],
) -> list[Content]:
    """Where a point was written and where it belongs, from this step's side of the move."""
    out = []
    for m in found:
        if m.kind == "key_point" and not show_key_points:
            continue  # a case without hints does not name its key points before submission
        a = numbers.get(m.written_in, m.written_in)
        b = numbers.get(m.belongs_to, m.belongs_to)
        if m.written_in in here and not m.counts:
            said = tr(
                "这一点写在了第 {a} 题，它属于第 {b} 题：挪过去才计分",
                "You wrote this under question {a}; it counts under question {b}: move it there",
                a=a,
                b=b,
            )
        elif not m.counts:
            said = tr(
                "第 {b} 题要的这一点写在了第 {a} 题：挪到这里才计分",
                "This point of question {b} is written under question {a}: move it here for it "
                "to count",
                a=a,
                b=b,
            )
        elif m.written_in in here:
            said = tr(
                "这一点写在了第 {a} 题，它属于第 {b} 题：照样计分，放在第 {b} 题更好找",
                "You wrote this under question {a}; it belongs to question {b}: it counts all "
                "the same, and is easier to find there",
                a=a,
                b=b,
            )
        else:
            said = tr(
                "第 {b} 题的这一点已写在第 {a} 题：照样计分",
                "This point of question {b} is made under question {a}: it counts all the same",
                a=a,
                b=b,
            )
        out.append(line("[$warning]→[/]\u00a0{s}", s=said))
        out.append(line("\u00a0\u00a0[$muted]{t}[/]", t=m.text))
    return out


def findings_content(
    f: StepFindings,
    *,
    show_key_points: bool,
    structured: Collection[str] | None = None,
    misplaced: Sequence[Misplaced] = (),
    numbers: dict[str, int] | None = None,
    here: Collection[str] = (),
) -> Content:
    """The findings as styled lines ($hit / $miss / $muted theme colours).

    ``structured`` names the answer slots whose cause rows hold a cause; the checks read the
    causes of the other slots from the prose (None: every slot has its causes in rows).
    ``misplaced`` are points under another question than theirs; ``numbers`` gives each answer
    slot its question number, ``here`` the slots of the step shown."""
    lines: list[Content] = []

    def add(markup: str, **values: str) -> None:
        lines.append(line(markup, **values))

    for w in f.warnings:
        add("[$warning]![/]\u00a0{w}", w=w)
    for s in f.stuffing:
        add("[$warning]![/]\u00a0{r}", r=s.reason)
    for h in f.avoid_hits:
        add(
            "[$miss b]✗ {p}[/]\u00a0[$muted]{r}[/]",
            p=tr("“{m}”", '"{m}"', m=h.matched),
            r=h.reason,
        )
    for m in f.must_say:
        if m.satisfied:
            add("[$hit]✓[/]\u00a0{r}", r=m.reason)
        else:
            add("[$miss]○[/]\u00a0{r}", r=m.reason)
    lines.extend(
        _misplaced_lines(
            misplaced, show_key_points=show_key_points, numbers=numbers or {}, here=here
        )
    )
    for s in f.smart:
        label = tr("措施 {n}", "Action {n}", n=s.index + 1)
        if s.missing:
            names = " · ".join(smart_name(k) for k in s.missing)
            add("[$miss]○[/]\u00a0{l}: {m}", l=label, m=tr("还缺 {m}", "still needs {m}", m=names))
            for r in s.reasons:
                add("\u00a0\u00a0[$muted]{r}[/]", r=_without_letter(r))
        else:
            add("[$hit]✓[/]\u00a0{l}: {m}", l=label, m=tr("符合 SMART", "SMART"))
    lines.extend(_cause_lines(f.causes_depth, structured))
    if show_key_points:
        for kp in f.key_points:
            if kp.hit:
                add("[$hit]✓[/]\u00a0{t}", t=kp.text)
            elif kp.note:
                add("[$warning]?[/]\u00a0{t} [$muted]{n}[/]", t=kp.text, n=kp.note)
    if not lines:
        add(
            "[$muted]{t}[/]",
            t=tr("写下去，教练会在这里提醒你。", "Keep writing; the coach notes things here."),
        )
    return Content("\n").join(lines)


class LivePanel(Static):
    """Shows the latest StepFindings; the screen decides when to re-check (off the key path)."""

    def __init__(self, **kwargs) -> None:
        super().__init__("", **kwargs)
        self.findings: StepFindings | None = None
        self.structured: frozenset[str] | None = None
        self.misplaced: tuple[Misplaced, ...] = ()

    def show(
        self,
        findings: StepFindings,
        *,
        show_key_points: bool,
        structured: Collection[str] | None = None,
        misplaced: Sequence[Misplaced] = (),
        numbers: dict[str, int] | None = None,
        here: Collection[str] = (),
    ) -> None:
        self.findings = findings
        self.structured = None if structured is None else frozenset(structured)
        self.misplaced = tuple(misplaced)
        self.update(
            findings_content(
                findings,
                show_key_points=show_key_points,
                structured=structured,
                misplaced=misplaced,
                numbers=numbers,
                here=here,
            )
        )
