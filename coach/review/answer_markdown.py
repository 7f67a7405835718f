"""The answer file of `coach score`: Markdown with one heading per question or framework step.

    # q1                      <- a question id, a step id, or a step title (中文 or English)
    Free text …
    # q3
    - selling: 没有做客户分层 — 名单太长 — 没有标签 — 培训没覆盖 — evidence: 转化率5%
    # improve
    - 组织两场产品培训 owner: 张经理 due: 3月底前 measure: 考试通过率90%

List items under a causes or actions question become structured causes / actions; everything
else is kept as text. Every heading that names nothing is reported, never silently dropped.
"""

from __future__ import annotations

import re

from coach.domain.content import Case, Framework
from coach.domain.records import Answers
from coach.i18n import tr
from coach.review.compiled import build_slots
from coach.review.normalize import normalize_term, to_simplified
from coach.review.structure import (
    continues_item,
    heading_owner,
    item_start,
    nested,
    parse_actions,
    parse_cause,
    table_rows,
)

_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_LABEL_SPLIT = re.compile(r"\s*(?:[:：—\-–|]|\s)\s*")


def _targets(
    case: Case | None, framework: Framework
) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Heading words -> slot id; and step id -> its question ids."""
    names: dict[str, str] = {}
    questions: dict[str, list[str]] = {}
    for q in case.questions if case else ():
        questions.setdefault(q.step, []).append(q.id)
    for step in framework.steps:
        target = step.id
        if questions.get(step.id):
            target = questions[step.id][0]
        for name in (step.id, *step.title.all_texts()):
            names.setdefault(normalize_term(name), target)
    for q in case.questions if case else ():
        names[normalize_term(q.id)] = q.id
    return names, questions


def _resolve(label: str, names: dict[str, str]) -> str | None:
    key = normalize_term(label)
    if key in names:
        return names[key]
    first = _LABEL_SPLIT.split(key, maxsplit=1)[0]
    return names.get(first)


def parse_answer_markdown(
    text: str, case: Case | None, framework: Framework
) -> tuple[Answers, list[str]]:
    """Answers from the file's text, and one line per problem (``line N: …``)."""
    names, questions = _targets(case, framework)
    kinds = {s.id: s.kind for s in build_slots(case, framework)}
    step_of = {q.id: q.step for q in (case.questions if case else ())}
    bodies: dict[str, list[str]] = {}
    problems: list[str] = []
    current: str | None = None
    stray_reported = False
    in_fence = False
    for n, line in enumerate(text.splitlines(), start=1):
        if _FENCE.match(line):
            in_fence = not in_fence
        m = None if in_fence else _HEADING.match(line)
        if m:
            label = m.group(2).strip()
            target = _resolve(label, names)
            if target is None:
                problems.append(
                    tr(
                        "第 {n} 行：标题“{h}”不是本案例的问题或步骤（可用：{ids}）；其下内容未计入。",
                        'line {n}: heading "{h}" names no question or step (expected one of: {ids}); '
                        "the text under it is not scored.",
                        n=n,
                        h=label,
                        ids=", ".join(sorted(set(names.values()))),
                    )
                )
                current = None
                stray_reported = True  # the text under it is covered by this report
                continue
            step = step_of.get(target, target)
            ids = {normalize_term(q) for q in questions.get(step, [])}
            first = _LABEL_SPLIT.split(normalize_term(label), maxsplit=1)[0]
            if len(ids) > 1 and normalize_term(label) not in ids and first not in ids:
                problems.append(
                    tr(
                        "第 {n} 行：步骤“{h}”有多个问题（{qs}），内容计入 {q}；请用问题编号作标题。",
                        'line {n}: step "{h}" has several questions ({qs}); the text goes to {q} — '
                        "use question ids as headings.",
                        n=n,
                        h=label,
                        qs=", ".join(questions[step]),
                        q=target,
                    )
                )
            current = target
            bodies.setdefault(current, [])
            continue
        if current is None:
            if line.strip() and not stray_reported:
                problems.append(
                    tr(
                        "第 {n} 行：第一个标题之前的文字不属于任何问题，未计入。",
                        "line {n}: text before the first heading belongs to no question; it is not scored.",
                        n=n,
                    )
                )
                stray_reported = True
            continue
        bodies[current].append(line)
    answers = Answers()
    for slot, lines in bodies.items():
        kind = kinds.get(slot, "text")
        prose: list[str] = []
        # each item kept as its parts, joined once: adding to a string line by line copied it
        # each time (quadratic for an item with many continuation lines)
        parts: list[list[str]] = []
        if kind == "actions":
            table = [ln for ln in lines if ln.strip().startswith("|")]
            rows = table_rows(table) if table else None
            if rows is not None:
                parts.extend([r] for r in rows)  # a table of actions: one action per row
                lines = [ln for ln in lines if not ln.strip().startswith("|")]
        indent = 0
        for line in lines:
            sub = nested(line, indent) if kind != "text" and parts else None
            opened = item_start(line) if kind != "text" and sub is None else None
            if sub is not None:
                parts[-1] += [" — ", sub]  # a bullet nested under an item is part of it
            elif opened is not None:
                parts.append([opened])
                indent = len(line) - len(line.lstrip())
            elif kind != "text" and parts and line.strip() and continues_item(line):
                parts[-1] += [" ", line.strip()]
            elif kind == "actions" and heading_owner(line.strip()) is not None:
                parts.append([line.strip()])  # 孙悦自己能干的：— names the owner of the items below
            else:
                prose.append(line)
        items = list(map("".join, parts))
        body = "\n".join(prose).strip()
        if body:
            answers.text[slot] = body
        if kind == "causes" and items:
            answers.causes[slot] = [parse_cause(to_simplified(i)) for i in items if i]
        elif kind == "actions" and items:
            answers.actions[slot] = parse_actions(to_simplified("\n".join(f"- {i}" for i in items)))
    return answers, problems
