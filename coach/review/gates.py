"""Gates, not deductions: what caps a score however much else an answer seems to have.

A senior trainer does not add up a list of case words, a blame session or a red-line breach and
then take a few points off; such an answer fails as a whole (shared/design/marking-scheme.md).
Each gate here is one such judgement, with the cap it puts on the total and why:

- ``redline``  — a red-line breach in the trainee's own plan or script (一票否决): capped below the
  pass mark, lower for the graver breaches (side deals, falsified qualification);
- ``lists``    — most of what was written is lists of words with no clause: about 5;
- ``thin``     — a line or two per step: too little to be a review;
- ``blame``    — every cause put outside (client, market, head office, the product's maker) and no
  action of the team's own: a failed 复盘, about 10;
- ``generic``  — tidy but with no figures, no cause traced and no owner or date: 15–35 (only
  where the case asks for actions: a two-question exercise has no owners to name).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from coach.review.analyse import SlotResult
from coach.review.feedback import AvoidHit, CauseDepth, SmartResult
from coach.review.messages import t
from coach.review.normalize import text_units

LISTS_CAP = 5.0
REDLINE_FLOOR = 5.0
THIN_CAP = 8.0
BLAME_CAP = 10.0
GENERIC_CAP = 35.0
#: Below this many units per question of the trainee's own sentences (a Chinese character is
#: one unit, an English word two) an answer is "a line or two per step".
THIN_UNITS_PER_QUESTION = 16
#: A cause "traced" for the generic gate: at least this many levels of why.
TRACED = 2

_WAITING = re.compile(
    r"^\s*(?:希望|建议|请|要求|等|等待|盼|期待|呼吁|争取让)[^，。]{0,4}?(?:总行|分行|上级|总部|保险公司|基金公司|管理人|产品方|"
    r"理财公司|市场|行情|客户|对手|监管|合规部|运营商|企业|家属)|自然会|自然就|就会回来|会回来的|等[^，。]{0,6}?(?:好转|回暖|企稳|反弹)"
    r"|\b(?:wait|hope|ask head office|ask the region|head office should|the region should|the market will|naturally)\b"
)


@dataclass(frozen=True, slots=True)
class Gate:
    id: str  # redline | lists | thin | blame | generic
    cap: float
    title: str
    reason: str


def list_share(results: Sequence[SlotResult]) -> float:
    """The share of what was written that sits in lines of bare words."""
    listed = own = 0
    for r in results:
        for a, b in r.list_spans:
            listed += text_units(r.norm[a:b])
        own += r.own_units
    return listed / (listed + own) if listed + own else 0.0


def own_actions(smart: Sequence[SmartResult]) -> int:
    """Actions the team takes itself: specific, with an owner, a date or a measure, and not
    waiting for or asking someone else (an action with none of those is a wish)."""
    return sum(
        1
        for s in smart
        if s.letters.get("S")
        and (s.letters.get("A") or s.letters.get("T") or s.letters.get("M"))
        and not _WAITING.search(s.text.lower())
    )


def gates(
    results: Sequence[SlotResult],
    depths: Sequence[CauseDepth],
    smart: Sequence[SmartResult],
    avoid_hits: Sequence[AvoidHit],
    quantities: int,
    lang: str,
) -> list[Gate]:
    out: list[Gate] = []
    red = [h for h in avoid_hits if h.severity == "redline"]
    if red:
        worst = min(red, key=lambda h: h.cap)
        # each further kind of breach is graver still: five points lower, never under the floor
        kinds = len({h.phrase for h in red})
        cap = max(REDLINE_FLOOR, worst.cap - 5 * (kinds - 1))
        rule = (
            f"（{worst.rule}）"
            if lang == "zh" and worst.rule
            else f" ({worst.rule})"
            if worst.rule
            else ""
        )
        out.append(
            Gate(
                "redline",
                cap,
                t(
                    lang,
                    "红线（一票否决）“{m}”",
                    'Red line (fails the attempt) "{m}"',
                    m=worst.matched,
                ),
                worst.reason + rule,
            )
        )
    written = [r for r in results if not r.empty]
    if not written:
        return out
    if list_share(written) >= 0.5:
        out.append(
            Gate(
                "lists",
                LISTS_CAP,
                t(lang, "词语罗列，不是分析", "Lists of words, not analysis"),
                t(
                    lang,
                    "回答大半是没有成句的词语罗列（案例词或流行词），看不出推理。",
                    "Most of the answer is lists of words with no clause around them (case words "
                    "or buzzwords): there is no reasoning to mark.",
                ),
            )
        )
    own = sum(r.own_units for r in written)
    expected = sum(1 for r in results if r.slot.expected and not r.slot.is_step) or sum(
        1 for r in results if r.slot.expected
    )
    if own < THIN_UNITS_PER_QUESTION * max(1, expected):
        out.append(
            Gate(
                "thin",
                THIN_CAP,
                t(lang, "太单薄：每步一两句", "Too thin: a line or two per step"),
                t(
                    lang,
                    "全部回答只有约 {n} 字自己的话，不足以构成复盘。",
                    "The whole answer holds only about {n} units of the trainee's own sentences: "
                    "too little to be a review.",
                    n=own,
                ),
            )
        )
    if len(depths) >= 2 and all(d.outside for d in depths) and own_actions(smart) == 0:
        out.append(
            Gate(
                "blame",
                BLAME_CAP,
                t(lang, "只怪别人，没有自己的行动", "Blames others, no actions of its own"),
                t(
                    lang,
                    "所有原因都推给客户、市场、总行或产品方，也没有团队自己能做的改进措施：复盘没有完成。",
                    "Every cause is put on the client, the market, head office or the product's "
                    "maker, and no action is the team's own: the review has not been done.",
                ),
            )
        )
    traced = any(d.depth >= TRACED for d in depths)
    owned_or_dated = any(s.letters.get("A") or s.letters.get("T") for s in smart)
    asked = [r.slot for r in results if not r.slot.is_step] or [r.slot for r in results]
    asks_actions = any(slot.kind == "actions" for slot in asked)
    if asks_actions and quantities < 2 and not traced and not owned_or_dated:
        out.append(
            Gate(
                "generic",
                GENERIC_CAP,
                t(
                    lang,
                    "空泛：没有数字、没有追因、没有责任人和期限",
                    "Generic: no figures, no traced cause, no owner or date",
                ),
                t(
                    lang,
                    "每一步都写了，但没有用案例的数字，没有追问原因，措施也没有责任人和期限。",
                    "Every step is there, but no figure from the case is used, no cause is traced "
                    "and no action has an owner or a date.",
                ),
            )
        )
    return out
