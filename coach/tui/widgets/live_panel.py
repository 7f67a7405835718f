"""The coach at the trainee's side: what the live checks say about the step being written.

Structure (too short, copied prompt, stuffing), compliance phrases, SMART letters, cause depth
and disclosures are always shown; which key points are covered only when the case allows hints.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from coach.i18n import tr
from coach.review import StepFindings
from coach.tui.widgets.lines import line


def findings_content(f: StepFindings, *, show_key_points: bool) -> Content:
    """The findings as styled lines ($hit / $miss / $muted theme colours)."""
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
    for s in f.smart:
        label = tr("措施 {n}", "Action {n}", n=s.index + 1)
        if s.missing:
            add("[$miss]○[/]\u00a0{l}: {m}", l=label, m=" · ".join(s.reasons or s.missing))
        else:
            add("[$hit]✓[/]\u00a0{l}: SMART", l=label)
    for d in f.causes_depth:
        label = tr("原因 {n}", "Cause {n}", n=d.index + 1)
        mark = "[$miss]○[/]" if d.flagged else "[$hit]✓[/]"
        why = tr("{n} 层为什么", "{n} whys", n=d.depth)
        add(mark + "\u00a0{l}: {w} {r}", l=label, w=why, r=d.reason)
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

    def show(self, findings: StepFindings, *, show_key_points: bool) -> None:
        self.findings = findings
        self.update(findings_content(findings, show_key_points=show_key_points))
