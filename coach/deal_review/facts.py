"""The collect-data step, filled in from the deal log: goal vs result and the gap, the cycle time,
the stage a deal was lost at, and this product's win rate and average size for comparison.

Plain Python (no pandas): one deal or a few hundred, next to a log of any size, in milliseconds.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from coach.domain.content import Framework
from coach.domain.records import Answers, Deal
from coach.i18n import tr


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def fmt_amount(value: float | None, currency: str = "") -> str:
    if value is None:
        return "—"
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{text} {currency}".strip()


def fmt_share(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


@dataclass
class DealFacts:
    """What the log says about the deals under review, and about their product for comparison."""

    deals: list[Deal]
    currency: str = "CNY"
    goal: float | None = None
    result: float | None = None
    won: int = 0
    lost: int = 0
    lost_competitor: int = 0
    lost_no_decision: int = 0
    open: int = 0
    cycle_days: float | None = None
    lost_stages: list[tuple[str, int]] = field(default_factory=list)
    loss_reasons: list[tuple[str, int]] = field(default_factory=list)
    competitors: list[str] = field(default_factory=list)
    product: str = ""
    product_win_rate: float | None = None
    product_avg_size: float | None = None
    product_deals: int = 0

    @property
    def gap(self) -> float | None:
        if self.goal is None or self.result is None:
            return None
        return self.result - self.goal

    @property
    def attainment(self) -> float | None:
        if self.goal and self.result is not None:
            return self.result / self.goal
        return None

    @property
    def win_rate(self) -> float | None:
        decided = self.won + self.lost
        return self.won / decided if decided else None

    @property
    def single(self) -> Deal | None:
        return self.deals[0] if len(self.deals) == 1 else None

    def goal_lines(self) -> list[str]:
        d = self.single
        lines = []
        if d is not None:
            lines.append(
                tr(
                    "交易：{c} · {p}（{o}）",
                    "Deal: {c} · {p} ({o})",
                    c=d.client or "—",
                    p=d.product or "—",
                    o=outcome_label(d),
                )
            )
        else:
            lines.append(
                tr(
                    "{n} 笔交易：赢 {w}，丢 {l}（其中客户未决 {nd}），跟进中 {o}",
                    "{n} deals: {w} won, {l} lost ({nd} to no decision), {o} open",
                    n=len(self.deals),
                    w=self.won,
                    l=self.lost,
                    nd=self.lost_no_decision,
                    o=self.open,
                )
            )
        lines.append(tr("目标：{g}", "Goal: {g}", g=fmt_amount(self.goal, self.currency)))
        return lines

    def result_lines(self) -> list[str]:
        lines = [
            tr("结果：{r}", "Result: {r}", r=fmt_amount(self.result, self.currency)),
        ]
        if self.gap is not None:
            lines.append(
                tr(
                    "差距：{g}（完成 {a}）",
                    "Gap: {g} ({a} of goal)",
                    g=fmt_amount(self.gap, self.currency),
                    a=fmt_share(self.attainment),
                )
            )
        if len(self.deals) > 1 and self.win_rate is not None:
            lines.append(tr("赢单率：{r}", "Win rate: {r}", r=fmt_share(self.win_rate)))
        if self.cycle_days is not None:
            lines.append(tr("成交周期：{d:.0f} 天", "Cycle time: {d:.0f} days", d=self.cycle_days))
        if self.lost_stages:
            stages = "，".join(f"{s}×{n}" if n > 1 else s for s, n in self.lost_stages)
            lines.append(tr("丢单阶段：{s}", "Lost at stage: {s}", s=stages))
        if self.loss_reasons:
            reasons = "; ".join(f"{r}×{n}" if n > 1 else r for r, n in self.loss_reasons)
            lines.append(tr("记录的丢单原因：{r}", "Loss reasons on record: {r}", r=reasons))
        if self.competitors:
            lines.append(tr("竞争对手：{c}", "Competitors: {c}", c=", ".join(self.competitors)))
        if self.product:
            lines.append(
                tr(
                    "对比：{p} 共 {n} 笔，赢单率 {r}，平均成交额 {a}",
                    "For comparison: {p} over {n} deals, win rate {r}, average won size {a}",
                    p=self.product,
                    n=self.product_deals,
                    r=fmt_share(self.product_win_rate),
                    a=fmt_amount(self.product_avg_size, self.currency),
                )
            )
        return lines


def outcome_label(deal: Deal) -> str:
    if deal.outcome == "won":
        return tr("赢单", "won")
    if deal.outcome == "open":
        return tr("跟进中", "open")
    known = {
        "competitor": tr("丢单：输给竞争对手", "lost to a competitor"),
        "no_decision": tr("丢单：客户未决", "lost to no decision"),
    }.get(deal.loss_type)
    if known:
        return known
    reason = (deal.loss_reason or "").strip()
    if reason:  # a reason was written, only not one of the two types
        return tr("丢单：{r}", "lost: {r}", r=reason)
    return tr("丢单：原因未知", "lost, reason unknown")


def collect_facts(deals: Sequence[Deal], log: Sequence[Deal]) -> DealFacts:
    """Facts about ``deals``, compared with their (most common) product across the whole ``log``.

    Goal: each closed deal's target, else its amount (what was sought). Result: what was won.
    """
    deals = list(deals)
    currencies = Counter(d.currency for d in deals if d.amount is not None)
    currency = (
        currencies.most_common(1)[0][0] if currencies else (deals[0].currency if deals else "CNY")
    )
    facts = DealFacts(deals=deals, currency=currency)
    goal = result = 0.0
    has_goal = False
    cycles: list[int] = []
    stages: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    for d in deals:
        if d.outcome == "open":
            facts.open += 1
            continue
        if d.currency == currency:
            sought = d.target if d.target is not None else d.amount
            if sought is not None:
                goal += sought
                has_goal = True
            if d.outcome == "won" and d.amount is not None:
                result += d.amount
        if d.outcome == "won":
            facts.won += 1
        else:
            facts.lost += 1
            facts.lost_competitor += d.loss_type == "competitor"
            facts.lost_no_decision += d.loss_type == "no_decision"
            if d.stage:
                stages[d.stage] += 1
            for r in (d.loss_reason, d.loss_reason_2):
                if r.strip():
                    reasons[r.strip()] += 1
            if d.competitor and d.competitor not in facts.competitors:
                facts.competitors.append(d.competitor)
        a, b = _day(d.opened), _day(d.closed)
        if a and b and b >= a:
            cycles.append((b - a).days)
    if has_goal:
        facts.goal, facts.result = goal, result
    facts.cycle_days = sum(cycles) / len(cycles) if cycles else None
    facts.lost_stages = stages.most_common(3)
    facts.loss_reasons = reasons.most_common(3)
    products = Counter(d.product for d in deals if d.product)
    if products:
        facts.product = products.most_common(1)[0][0]
        same = [d for d in log if d.product == facts.product]
        won = [d for d in same if d.outcome == "won"]
        lost = sum(d.outcome == "lost" for d in same)
        facts.product_deals = len(same)
        facts.product_win_rate = len(won) / (len(won) + lost) if won or lost else None
        sizes = [d.amount for d in won if d.amount is not None and d.currency == currency]
        facts.product_avg_size = sum(sizes) / len(sizes) if sizes else None
    return facts


#: Step ids where a framework asks for the goal, and where for the result.
GOAL_STEPS = ("goal", "intended")
RESULT_STEPS = ("result", "happened")


def prefill(framework: Framework, facts: DealFacts, answers: Answers | None = None) -> Answers:
    """Answers with the first step(s) filled in from the log; steps already written are kept."""
    out = answers or Answers()
    steps = [s.id for s in framework.steps]
    if not steps:
        return out
    first = steps[0]
    second = steps[1] if len(steps) > 1 else first
    if first in GOAL_STEPS and second in RESULT_STEPS:
        blocks = {first: facts.goal_lines(), second: facts.result_lines()}
    else:
        blocks = {first: facts.goal_lines() + facts.result_lines()}
    for step, lines in blocks.items():
        if not out.text.get(step, "").strip():
            out.text[step] = "\n".join(lines) + "\n"
    return out
