"""Feedback as plain text lines, for the terminal (`coach score`) and plain-text exports."""

from __future__ import annotations

from coach.review.feedback import Feedback
from coach.review.messages import t


def _num(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".") if x != int(x) else str(int(x))


def feedback_lines(fb: Feedback) -> list[str]:
    lang = fb.lang
    out = [t(lang, "得分：{s} / 100", "Score: {s} / 100", s=_num(fb.score)), ""]
    out.append(t(lang, "评分明细", "Breakdown"))
    for line in fb.breakdown:
        if line.kind == "criterion":
            out.append(
                f"  {_num(line.points):>5} / {_num(line.max):<5} {line.title}: {line.reason}"
            )
        else:
            out.append(f"  {_num(line.points):>5}         {line.title}: {line.reason}")
    if fb.key_points:
        out += ["", t(lang, "要点", "Key points")]
        for kp in fb.key_points:
            mark = "✓" if kp.hit else "✗"
            words = ", ".join(sorted({m.matched for m in kp.matches}))
            where = ", ".join(sorted({m.where.slot for m in kp.matches}))
            detail = (
                t(lang, "（{w}，见 {q}）", " ({w}, in {q})", w=words, q=where) if kp.hit else ""
            )
            out.append(f"  {mark} {kp.id} {kp.text}{detail}")
            if kp.note:
                out.append(f"      {kp.note}")
            if kp.feedback:
                out.append(f"      {kp.feedback}")
    for hit in fb.avoid_hits:
        if hit.severity == "redline":
            out.append(
                t(
                    lang,
                    "  ✗ 红线（一票否决，总分最高 {c} 分）“{m}”：{r} 依据：{rule}。位置：{q} {s}",
                    '  ✗ red line (fails the attempt, total at most {c}) "{m}": {r} Rule: {rule}. '
                    "In {q}: {s}",
                    c=_num(hit.cap),
                    m=hit.matched,
                    r=hit.reason,
                    rule=hit.rule or "—",
                    q=hit.where.slot,
                    s=hit.where.snippet,
                )
            )
            continue
        cost = (
            t(lang, "扣 {p} 分", "-{p}", p=_num(hit.penalty))
            if hit.charged
            else t(lang, "提醒", "warning")
        )
        out.append(
            t(
                lang,
                "  ⚠ 违规表述“{p}”（{c}）：{r} 依据：{rule}。位置：{q} {s}",
                '  ⚠ phrase to avoid "{p}" ({c}): {r} Rule: {rule}. In {q}: {s}',
                p=hit.phrase,
                c=cost,
                r=hit.reason,
                rule=hit.rule or "—",
                q=hit.where.slot,
                s=hit.where.snippet,
            )
        )
    for m in fb.must_say_missing:
        out.append(
            t(lang, "  ✗ 缺少提示 {i}：{r}", "  ✗ missing disclosure {i}: {r}", i=m.id, r=m.reason)
        )
    if fb.smart:
        out += ["", t(lang, "改进措施（SMART）", "Actions (SMART)")]
        for s in fb.smart:
            letters = "".join(k if s.letters[k] else "·" for k in "SMART")
            out.append(f"  [{letters}] {s.text}")
            out += [f"      {r}" for r in s.reasons + s.warnings]
    if fb.causes_depth:
        out += ["", t(lang, "原因分析", "Causes")]
        for d in fb.causes_depth:
            out.append(f"  {'✗' if d.flagged else '✓'} [{d.category or '?'}] {d.text} — {d.reason}")
    out += ["", t(lang, "目标与结果：", "Goal vs result: ") + fb.goal_gap.reason]
    for s in fb.stuffing:
        out.append(f"  ⚠ {s.slot}: {s.snippet} — {s.reason}")
    if fb.pitfalls:
        out += ["", t(lang, "复盘误区", "Pitfalls of 复盘")]
        out += [f"  ⚠ {p.title}: {p.explanation}" for p in fb.pitfalls]
    return out
