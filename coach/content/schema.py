"""Build content models from one file's YAML nodes, checking every field on the way.

Checks that need only this file happen here; references to other files (a curriculum naming a
case, a question naming a framework step) are kept as `Ref`s and resolved by `coach.content.index`.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date

import yaml

from coach.content.codec import all_texts, dec_avoid, dec_must_say
from coach.content.diagnostics import Diagnostic
from coach.content.reader import Reader, TextUses, pos
from coach.content.yamlfile import YamlFile
from coach.domain.content import (
    ANALYSIS_STEPS,
    BUILTIN_CHECKS,
    Bank,
    CaseRef,
    Curriculum,
    CurriculumModule,
    Framework,
    Loc,
    Module,
    Step,
)
from coach.domain.text import LText
from coach.i18n import tr

KINDS = ("casebank", "curriculum", "framework", "frameworks")

# Positions in the encoded parts of a case (coach.content.codec) that the checks read.
ID = 0  # of a question, key point, criterion, must-say, exhibit; and of a case's head
Q_STEP = 1
KP_QUESTION = 4
KP_KEYWORDS = 2
#: A keyword that opens with a negating word (没有, 未能, 缺乏, no, not, without, never).
_NEGATED_TERM = re.compile(
    r"^(?:没有|没能|未能|缺乏|缺少|从未|从没)|^(?:no|not|without|never|lack of)\s", re.I
)
CRIT_COVERS = 3
INPUTS = ("text", "causes", "actions")


#: A reference to resolve once every file is read, as a plain tuple (cheap to build and cache):
#: (kind, target, path, line, col, owner, extra). kind: module | framework | case | step | cover;
#: owner: the case / curriculum / bank it is written in; extra: for step refs the framework the
#: case names, if any; for case refs the module it is listed under; for cover refs the bank.
Ref = tuple[str, str, str, int, int, str, str]

#: An id defined in a file: (namespace, id, path, line, col, owner); namespace: case |
#: curriculum | framework | module | bank-must-say; owner: the bank id, for modules and must-says.
IdDef = tuple[str, str, str, int, int, str]


@dataclass(slots=True)
class FileResult:
    path: str
    kind: str = ""
    frameworks: list[Framework] = field(default_factory=list)
    bank: Bank | None = None
    bank_has_title: bool = False
    cases: list[tuple] = field(default_factory=list)  # encoded: coach.content.codec
    curricula: list[Curriculum] = field(default_factory=list)
    refs: list[Ref] = field(default_factory=list)
    ids: list[IdDef] = field(default_factory=list)
    diags: list[Diagnostic] = field(default_factory=list)
    texts: TextUses = field(default_factory=dict)


def build_file(yf: YamlFile) -> FileResult:
    """Check one parsed file and build what it holds."""
    result = FileResult(yf.path)
    r = Reader(yf.path)
    builder = _Builder(r, result, yf)
    builder.top(yf.node)
    result.diags.extend(r.diags)
    result.texts = r.texts
    return result


class _Builder:
    def __init__(self, r: Reader, result: FileResult, yf: YamlFile) -> None:
        self.r = r
        self.res = result
        self.yf = yf

    def loc(self, node: yaml.Node) -> Loc:
        line, col = pos(node)
        return Loc(self.res.path, line, col)

    def ref(
        self, kind: str, node: yaml.Node, target: str, owner: str = "", extra: str = ""
    ) -> None:
        line, col = pos(node)
        self.res.refs.append((kind, target, self.res.path, line, col, owner, extra))

    def define(self, namespace: str, node: yaml.Node, ident: str, owner: str = "") -> None:
        line, col = pos(node)
        self.res.ids.append((namespace, ident, self.res.path, line, col, owner))

    # -- the top of a file -------------------------------------------------------------------

    def top(self, node: yaml.Node) -> None:
        r = self.r
        if not isinstance(node, yaml.MappingNode):
            r.error(
                node,
                tr(
                    "文件顶层应为映射，并以 kind: 开头（casebank、curriculum 或 framework）",
                    "the top of the file must be a mapping starting with kind: (casebank, curriculum or framework)",
                ),
            )
            return
        kind_node = next(
            (v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == "kind"), None
        )
        if kind_node is None:
            r.error(
                node,
                tr(
                    "缺少 kind：请写明文件类型（casebank、curriculum、framework 或 frameworks）",
                    "missing kind: say what the file is (casebank, curriculum, framework or frameworks)",
                ),
            )
            return
        kind = r.string(kind_node)
        if kind not in KINDS:
            if kind is not None:
                from coach.content.reader import did_you_mean

                r.error(
                    kind_node,
                    tr("未知的 kind '{k}'", "unknown kind '{k}'", k=kind)
                    + did_you_mean(kind, KINDS),
                )
            return
        self.res.kind = kind
        if kind == "casebank":
            self.casebank(node)
        elif kind == "curriculum":
            self.curriculum(node)
        elif kind == "framework":
            keys = r.mapping(
                node,
                ("kind", "id", "title", "summary", "steps"),
                ("id", "title", "steps"),
                "framework",
            )
            if keys is not None:
                fw = self.framework_body(node, keys)
                if fw:
                    self.res.frameworks.append(fw)
        else:
            keys = r.mapping(node, ("kind", "frameworks"), ("frameworks",), "frameworks")
            if keys and "frameworks" in keys:
                for child in r.seq(keys["frameworks"]) or []:
                    fkeys = r.mapping(
                        child,
                        ("id", "title", "summary", "steps"),
                        ("id", "title", "steps"),
                        "framework",
                    )
                    if fkeys is not None:
                        fw = self.framework_body(child, fkeys)
                        if fw:
                            self.res.frameworks.append(fw)

    # -- frameworks --------------------------------------------------------------------------

    def framework_body(self, node: yaml.Node, keys: dict[str, yaml.Node]) -> Framework | None:
        r = self.r
        fid = r.ident(keys["id"]) if "id" in keys else None
        r.scope = f"framework:{fid}"
        title = r.text(keys["title"]) if "title" in keys else None
        summary = r.text(keys["summary"]) if "summary" in keys else LText()
        steps: list[Step] = []
        seen: set[str] = set()
        if "steps" in keys:
            items = r.seq(keys["steps"]) or []
            if not items:
                r.error(
                    keys["steps"], tr("框架至少要有一个步骤", "a framework needs at least one step")
                )
            for child in items:
                step = self.step(child)
                if step is None:
                    continue
                if step.id in seen:
                    r.error(child, tr("重复的步骤 id '{i}'", "duplicate step id '{i}'", i=step.id))
                    continue
                seen.add(step.id)
                steps.append(step)
        if fid is None or title is None:
            return None
        self.define("framework", keys["id"], fid)
        return Framework(fid, title, tuple(steps), summary or LText(), self.loc(node))

    def step(self, node: yaml.Node) -> Step | None:
        r = self.r
        keys = r.mapping(node, ("id", "title", "prompts", "hint", "input"), ("id", "title"), "step")
        if keys is None:
            return None
        sid = r.ident(keys["id"]) if "id" in keys else None
        title = r.text(keys["title"]) if "title" in keys else None
        prompts = tuple(r.seq_of(keys["prompts"], r.text)) if "prompts" in keys else ()
        hint = r.text(keys["hint"]) if "hint" in keys else LText()
        kind = self.input_kind(keys.get("input"))
        if sid is None or title is None:
            return None
        return Step(sid, title, prompts, hint or LText(), kind or "text")

    def input_kind(self, node: yaml.Node | None):
        if node is None:
            return None
        value = self.r.string(node)
        if value is not None and value not in INPUTS:
            from coach.content.reader import did_you_mean

            self.r.error(
                node,
                tr("input 只能是 text、causes 或 actions", "input must be text, causes or actions")
                + did_you_mean(value, INPUTS),
            )
            return None
        return value

    # -- case banks --------------------------------------------------------------------------

    def casebank(self, node: yaml.Node) -> None:
        r = self.r
        keys = r.mapping(
            node,
            ("kind", "bank", "title", "modules", "avoid", "must_say", "cases"),
            ("bank",),
            "casebank",
        )
        if keys is None:
            return
        bank_id = r.ident(keys["bank"]) if "bank" in keys else None
        bank_id = bank_id or "?"
        r.scope = f"bank:{bank_id}"
        title = r.text(keys["title"]) if "title" in keys else None
        modules: list[Module] = []
        if "modules" in keys:
            for child in r.seq(keys["modules"]) or []:
                m = self.module(child, bank_id)
                if m:
                    modules.append(m)
        avoid = (
            tuple(map(dec_avoid, self.avoid_list(keys["avoid"], "bank"))) if "avoid" in keys else ()
        )
        must = (
            tuple(map(dec_must_say, self.must_say_list(keys["must_say"], None)))
            if "must_say" in keys
            else ()
        )
        self.res.bank = Bank(bank_id, title or LText(), tuple(modules), avoid, must)
        self.res.bank_has_title = title is not None
        for m in must:
            self.define("bank-must-say", keys["must_say"], m.id, bank_id)
        if "cases" in keys:
            seen: set[str] = set()
            for child in r.seq(keys["cases"]) or []:
                case = self.case(child, bank_id)
                if case is None:
                    continue
                cid = case[0][ID]
                if cid in seen:
                    continue
                seen.add(cid)
                self.res.cases.append(case)

    def module(self, node: yaml.Node, bank_id: str) -> Module | None:
        r = self.r
        keys = r.mapping(node, ("id", "title", "summary"), ("id", "title"), "module")
        if keys is None:
            return None
        mid = r.ident(keys["id"]) if "id" in keys else None
        title = r.text(keys["title"]) if "title" in keys else None
        summary = r.text(keys["summary"]) if "summary" in keys else LText()
        if mid is None or title is None:
            return None
        self.define("module", keys["id"], mid, bank_id)
        return Module(mid, title, summary or LText(), self.loc(node))

    CASE_KEYS = (
        "id", "module", "title", "summary", "background", "framework", "exhibits", "questions",
        "key_points", "avoid", "must_say", "rubric", "teaching_note", "model_answer",
        "hints_in_practice", "tags", "difficulty", "minutes", "as_of",
    )  # fmt: skip
    CASE_REQUIRED = (
        "id", "module", "title", "summary", "background", "questions", "key_points", "rubric",
        "teaching_note", "model_answer",
    )  # fmt: skip

    def case(self, node: yaml.Node, bank_id: str) -> tuple | None:
        """The case in the encoding of `coach.content.codec` (made into a `Case` when used)."""
        r = self.r
        keys = r.mapping(node, self.CASE_KEYS, self.CASE_REQUIRED, tr("案例", "case"))
        if keys is None:
            return None
        cid = r.ident(keys["id"]) if "id" in keys else None
        owner = cid or "?"
        if cid:
            self.define("case", keys["id"], cid)
        module = r.ident(keys["module"]) if "module" in keys else None
        if module:
            self.ref("module", keys["module"], module, owner=bank_id)
        framework = r.ident(keys["framework"]) if "framework" in keys else None
        if framework:
            self.ref("framework", keys["framework"], framework, owner)
        title = r.text_enc(keys["title"]) if "title" in keys else None
        summary = r.text_enc(keys["summary"]) if "summary" in keys else None
        background = r.text_enc(keys["background"]) if "background" in keys else None
        ex_pairs, _ = self.unique_pairs(keys.get("exhibits"), self.exhibit, tr("附表", "exhibit"))
        exhibits = [e for _, e in ex_pairs]
        q_pairs, q_written = self.unique_pairs(
            keys.get("questions"), self.question, tr("问题", "question")
        )
        questions = [q for _, q in q_pairs]
        if isinstance(keys.get("questions"), yaml.SequenceNode) and not keys["questions"].value:
            r.error(
                keys["questions"], tr("案例至少要有一个问题", "a case needs at least one question")
            )
        # Ids as written, so that one broken question does not make every reference to it fail too.
        qids = q_written
        for qnode, q in q_pairs:
            self.ref("step", self._field_node(qnode, "step"), q[Q_STEP], owner, framework or "")
        kp_pairs, kp_written = self.unique_pairs(
            keys.get("key_points"), self.key_point, tr("要点", "key point")
        )
        key_points = [k for _, k in kp_pairs]
        self.check_question_refs(kp_pairs, qids)
        self.check_negated_keywords(kp_pairs, {q[ID]: q[Q_STEP] for q in questions})
        avoid = self.avoid_list(keys["avoid"], "case") if "avoid" in keys else []
        must = self.must_say_list(keys["must_say"], qids) if "must_say" in keys else []
        r_pairs, _ = self.unique_pairs(
            keys.get("rubric"), self.criterion, tr("评分项", "criterion")
        )
        rubric = [c for _, c in r_pairs]
        local_ids = kp_written | {m[ID] for m in must}
        if "must_say" in keys:
            local_ids |= self._written_ids(keys["must_say"])
        self.check_covers(r_pairs, local_ids, owner, bank_id)
        covered = {c for crit in rubric for c in crit[CRIT_COVERS]}
        for kp_node, kp in kp_pairs:
            if kp[ID] not in covered and rubric:
                r.warning(
                    kp_node,
                    tr(
                        "要点 '{k}' 没有被任何评分项覆盖，永远不会计分",
                        "key point '{k}' is not covered by any rubric criterion, so it never counts",
                        k=kp[ID],
                    ),
                )
        teaching = r.text_enc(keys["teaching_note"]) if "teaching_note" in keys else None
        model = self.model_answers(keys.get("model_answer"), qids, questions)
        hints = r.boolean(keys["hints_in_practice"]) if "hints_in_practice" in keys else False
        tags = tuple(r.seq_of(keys["tags"], r.string)) if "tags" in keys else ()
        difficulty = r.integer(keys["difficulty"], 1, 5) if "difficulty" in keys else 2
        minutes = r.integer(keys["minutes"], 1, 600) if "minutes" in keys else 30
        as_of = self.as_of(keys["as_of"]) if "as_of" in keys else None
        if None in (cid, module, title, summary, background, teaching):
            return None
        start, end = node.start_mark.index, node.end_mark.index
        digest = hashlib.sha256(self.yf.text[start:end].encode("utf-8")).hexdigest()[:16]
        line, col = pos(node)
        head = (
            cid,
            module,
            title,
            summary,
            tags,
            framework,
            bank_id,
            minutes or 30,
            difficulty or 2,
        )
        return (
            head, background, tuple(exhibits), tuple(questions), tuple(key_points), tuple(rubric),
            tuple(avoid), tuple(must), teaching, model, bool(hints), digest,
            (self.res.path, line, col), as_of,
        )  # fmt: skip

    def as_of(self, node: yaml.Node) -> str | None:
        """The case's date (YYYY-MM-DD), kept as written in ISO form."""
        value = self.r.string(node)
        if value is None:
            return None
        try:
            return date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            self.r.error(
                node,
                tr(
                    "as_of 应是日期，如 2025-06-30（收到“{v}”）",
                    'as_of must be a date such as 2025-06-30 (got "{v}")',
                    v=value,
                ),
            )
            return None

    # -- parts of a case ---------------------------------------------------------------------

    def unique_pairs(self, node: yaml.Node | None, build, what: str) -> tuple[list, set[str]]:
        """Build each item of a list, refusing a second item with the same id.

        Returns the (node, item) pairs kept and the id of every item as written, valid or not
        (so that one broken item does not make every reference to it fail too), in one pass.
        """
        if node is None:
            return [], set()
        pairs = []
        seen: set[str] = set()
        written: set[str] = set()
        items = self.r.seq(node)
        if items is None:
            return [], self._written_ids(node)
        for child in items:
            item = build(child)
            if item is None:
                written |= self._written_ids_of(child)
                continue
            iid = item[ID]
            written.add(iid)
            if iid in seen:
                self.r.error(
                    child, tr("重复的{w} id '{i}'", "duplicate {w} id '{i}'", w=what, i=iid)
                )
                continue
            seen.add(iid)
            pairs.append((child, item))
        return pairs, written

    def _written_ids(self, node: yaml.Node | None) -> set[str]:
        """The ``id`` of every mapping in a list, whether or not the item is valid."""
        if not isinstance(node, yaml.SequenceNode):
            return set()
        return {i for child in node.value for i in self._written_ids_of(child)}

    @staticmethod
    def _written_ids_of(child: yaml.Node) -> set[str]:
        if not isinstance(child, yaml.MappingNode):
            return set()
        return {
            str(v.value)
            for k, v in child.value
            if getattr(k, "value", None) == "id" and isinstance(v, yaml.ScalarNode)
        }

    def _field_node(self, item_node: yaml.Node, name: str) -> yaml.Node:
        return next((v for k, v in item_node.value if getattr(k, "value", None) == name), item_node)

    def check_negated_keywords(self, pairs, step_of: dict[str, str]) -> None:
        """Warn where a keyword is itself a negation (没有一对一咨询, no handover) in a key point
        of a lesson or plan step: there a negated mention denies the point, so the keyword
        states the very thing that never counts (docs/feedback-rules.md, Negation)."""
        for node, kp in pairs:
            step = step_of.get(kp[KP_QUESTION] or "", "")
            if not step or step in ANALYSIS_STEPS:
                continue
            for terms in kp[KP_KEYWORDS]:
                for term in terms:
                    if _NEGATED_TERM.match(term):
                        self.r.warning(
                            self._field_node(node, "keywords") or node,
                            tr(
                                "要点 '{k}' 的关键词“{t}”本身是否定说法：在“{s}”这一步，否定的提法不计分，"
                                "它永远不会命中；请写出这件事本身（或把要点放到分析步骤的问题下）",
                                "key point '{k}': keyword '{t}' is itself a negation; in step '{s}' a "
                                "negated mention does not count, so it can never match — write the "
                                "thing itself (or bind the point to a question of an analysis step)",
                                k=kp[ID],
                                t=term,
                                s=step,
                            ),
                        )

    def check_question_refs(self, pairs, qids: set[str]) -> None:
        """Each key point's question is one of the case's."""
        fieldname = "question"
        for child, item in pairs:
            q = item[KP_QUESTION]
            if q and q not in qids:
                from coach.content.reader import did_you_mean

                self.r.error(
                    self._field_node(child, fieldname),
                    tr("没有 id 为 '{q}' 的问题", "no question with id '{q}'", q=q)
                    + did_you_mean(q, qids),
                )

    def exhibit(self, node: yaml.Node) -> tuple | None:
        r = self.r
        keys = r.mapping(
            node,
            ("id", "title", "columns", "rows", "chart", "note"),
            ("id", "title", "columns", "rows"),
            tr("附表", "exhibit"),
        )
        if keys is None:
            return None
        eid = r.ident(keys["id"]) if "id" in keys else None
        title = r.text_enc(keys["title"]) if "title" in keys else None
        columns = tuple(r.seq_of(keys["columns"], r.text_enc)) if "columns" in keys else ()
        if (
            "columns" in keys
            and isinstance(keys["columns"], yaml.SequenceNode)
            and not keys["columns"].value
        ):
            r.error(keys["columns"], tr("附表至少要有一列", "an exhibit needs at least one column"))
        rows: list[tuple] = []
        if "rows" in keys:
            for row_node in r.seq(keys["rows"]) or []:
                cells = r.seq(row_node)
                if cells is None:
                    continue
                if columns and len(cells) != len(columns):
                    r.error(
                        row_node,
                        tr(
                            "这一行有 {n} 个单元格，但表头有 {m} 列",
                            "this row has {n} cells but there are {m} columns",
                            n=len(cells),
                            m=len(columns),
                        ),
                    )
                rows.append(tuple(r.cell(c) for c in cells))
        chart = self.chart(keys["chart"], columns) if "chart" in keys else None
        note = r.text_enc(keys["note"]) if "note" in keys else None
        if eid is None or title is None:
            return None
        return (eid, title, columns, tuple(rows), chart, note)

    def chart(self, node: yaml.Node, columns: tuple) -> tuple | None:
        r = self.r
        keys = r.mapping(node, ("type", "x", "y"), ("type", "x", "y"), tr("图表", "chart"))
        if keys is None:
            return None
        ctype = r.string(keys["type"]) if "type" in keys else None
        if ctype is not None and ctype not in ("line", "bar"):
            r.error(
                keys["type"], tr("图表类型只能是 line 或 bar", "chart type must be line or bar")
            )
            ctype = None
        x = self.column_ref(keys["x"], columns) if "x" in keys else None
        ys: list[int] = []
        if "y" in keys:
            ynode = keys["y"]
            items = ynode.value if isinstance(ynode, yaml.SequenceNode) else [ynode]
            if isinstance(ynode, yaml.SequenceNode):
                r.seq(ynode)
            for child in items:
                idx = self.column_ref(child, columns)
                if idx is not None:
                    ys.append(idx)
        if ctype is None or x is None or not ys:
            return None
        return (ctype, x, tuple(ys))

    def column_ref(self, node: yaml.Node, columns: tuple) -> int | None:
        value = self.r.string(node)
        if value is None:
            return None
        if value.isascii() and value.isdigit() and int(value) < len(columns):
            return int(value)
        for i, col in enumerate(columns):
            if value in all_texts(col):
                return i
        names = [t for c in columns for t in all_texts(c)]
        from coach.content.reader import did_you_mean

        self.r.error(
            node,
            tr("没有名为 '{v}' 的列", "no column named '{v}'", v=value)
            + did_you_mean(value, names),
        )
        return None

    def question(self, node: yaml.Node) -> tuple | None:
        r = self.r
        keys = r.mapping(
            node,
            ("id", "step", "prompt", "hints", "input"),
            ("id", "step", "prompt"),
            tr("问题", "question"),
        )
        if keys is None:
            return None
        qid = r.ident(keys["id"]) if "id" in keys else None
        step = r.ident(keys["step"]) if "step" in keys else None
        prompt = r.text_enc(keys["prompt"]) if "prompt" in keys else None
        hints = tuple(r.seq_of(keys["hints"], r.text_enc)) if "hints" in keys else ()
        kind = self.input_kind(keys.get("input"))
        if qid is None or step is None or prompt is None:
            return None
        return (qid, step, prompt, hints, kind)

    def key_point(self, node: yaml.Node) -> tuple | None:
        r = self.r
        keys = r.mapping(
            node,
            ("id", "text", "keywords", "weight", "question", "feedback"),
            ("id", "text", "keywords"),
            tr("要点", "key point"),
        )
        if keys is None:
            return None
        kid = r.ident(keys["id"]) if "id" in keys else None
        text = r.text_enc(keys["text"]) if "text" in keys else None
        keywords: list[tuple[str, ...]] = []
        if "keywords" in keys:
            items = r.seq(keys["keywords"])
            for child in items or []:
                if isinstance(child, yaml.SequenceNode):
                    terms = tuple(r.seq_of(child, r.string))
                    if not terms and not child.value:
                        r.error(child, tr("空的同义词列表", "empty synonym list"))
                else:
                    term = r.string(child)
                    terms = (term,) if term else ()
                if terms:
                    keywords.append(terms)
            if items is not None and not items:
                r.error(
                    keys["keywords"],
                    tr(
                        "要点没有关键词，永远无法命中",
                        "key point has no keywords, so it can never be hit",
                    ),
                )
        weight = r.number(keys["weight"], 0.0001, 1000) if "weight" in keys else 1.0
        question = r.ident(keys["question"]) if "question" in keys else None
        hit = missed = None  # no feedback: empty texts
        if "feedback" in keys:
            fb = r.mapping(keys["feedback"], ("hit", "missed"), (), tr("反馈", "feedback"))
            if fb:
                hit = r.text_enc(fb["hit"]) if "hit" in fb else None
                missed = r.text_enc(fb["missed"]) if "missed" in fb else None
        if kid is None or text is None or weight is None:
            return None
        return (kid, text, tuple(keywords), weight, question, hit, missed)

    def avoid_list(self, node: yaml.Node, source: str) -> list[tuple]:
        """Phrases to avoid, encoded (`coach.content.codec.dec_avoid` makes them objects)."""
        r = self.r
        out: list[tuple] = []
        seen: set[str] = set()
        for child in r.seq(node) or []:
            keys = r.mapping(
                child,
                ("phrase", "penalty", "reason", "rule", "allow"),
                ("phrase", "penalty", "reason"),
                tr("禁用语", "phrase to avoid"),
            )
            if keys is None:
                continue
            phrase = r.string(keys["phrase"]) if "phrase" in keys else None
            penalty = r.number(keys["penalty"], 0, 100) if "penalty" in keys else None
            reason = r.text_enc(keys["reason"]) if "reason" in keys else None
            rule = (r.string(keys["rule"]) if "rule" in keys else "") or ""
            allow: list[str] = []
            if "allow" in keys:
                for a_node in r.seq(keys["allow"]) or []:
                    wording = r.string(a_node)
                    if wording is None:
                        continue
                    if phrase and phrase.casefold() not in wording.casefold():
                        r.error(
                            a_node,
                            tr(
                                "允许的说法 '{a}' 不包含禁用语 '{p}'，所以不起作用",
                                "allowed wording '{a}' does not contain the phrase '{p}', so it has no effect",
                                a=wording,
                                p=phrase,
                            ),
                        )
                        continue
                    allow.append(wording)
            if phrase and phrase in seen:
                r.error(
                    keys["phrase"], tr("重复的禁用语 '{p}'", "duplicate phrase '{p}'", p=phrase)
                )
                continue
            if phrase is None or penalty is None or reason is None:
                continue
            seen.add(phrase)
            out.append((phrase, penalty, reason, rule, tuple(allow), source))
        return out

    def must_say_list(self, node: yaml.Node, qids: set[str] | None) -> list[tuple]:
        """Required disclosures, encoded (`coach.content.codec.dec_must_say` makes them objects)."""
        r = self.r
        out: list[tuple] = []
        seen: set[str] = set()
        for child in r.seq(node) or []:
            keys = r.mapping(
                child,
                ("id", "phrases", "reason", "rule", "question"),
                ("id", "phrases", "reason"),
                tr("必须提示", "must-say"),
            )
            if keys is None:
                continue
            mid = r.ident(keys["id"]) if "id" in keys else None
            phrases = tuple(r.seq_of(keys["phrases"], r.string)) if "phrases" in keys else ()
            if "phrases" in keys and not phrases and isinstance(keys["phrases"], yaml.SequenceNode):
                r.error(keys["phrases"], tr("至少要有一个说法", "needs at least one phrase"))
            reason = r.text_enc(keys["reason"]) if "reason" in keys else None
            rule = (r.string(keys["rule"]) if "rule" in keys else "") or ""
            question = r.ident(keys["question"]) if "question" in keys else None
            if question and qids is not None and question not in qids:
                from coach.content.reader import did_you_mean

                r.error(
                    keys["question"],
                    tr("没有 id 为 '{q}' 的问题", "no question with id '{q}'", q=question)
                    + did_you_mean(question, qids),
                )
            elif question and qids is None:
                r.error(
                    keys["question"],
                    tr(
                        "题库级的必须提示不能指定问题",
                        "a bank-wide must-say cannot name a question",
                    ),
                )
            if mid and mid in seen:
                r.error(keys["id"], tr("重复的 id '{i}'", "duplicate id '{i}'", i=mid))
                continue
            if mid is None or not phrases or reason is None:
                continue
            seen.add(mid)
            out.append((mid, phrases, reason, rule, question))
        return out

    def criterion(self, node: yaml.Node) -> tuple | None:
        r = self.r
        keys = r.mapping(
            node,
            ("id", "title", "weight", "covers", "levels"),
            ("id", "title", "weight", "covers"),
            tr("评分项", "criterion"),
        )
        if keys is None:
            return None
        cid = r.ident(keys["id"]) if "id" in keys else None
        title = r.text_enc(keys["title"]) if "title" in keys else None
        weight = r.number(keys["weight"], 0.0001, 1000) if "weight" in keys else None
        covers = tuple(r.seq_of(keys["covers"], r.ident)) if "covers" in keys else ()
        if (
            "covers" in keys
            and isinstance(keys["covers"], yaml.SequenceNode)
            and not keys["covers"].value
        ):
            r.error(keys["covers"], tr("评分项至少要覆盖一项", "a criterion must cover something"))
        levels: list[tuple] = []
        if "levels" in keys:
            for child in r.seq(keys["levels"]) or []:
                lk = r.mapping(child, ("score", "text"), ("score", "text"), tr("等级", "level"))
                if lk is None:
                    continue
                score = r.number(lk["score"], 0, 1) if "score" in lk else None
                text = r.text_enc(lk["text"]) if "text" in lk else None
                if score is not None and text is not None:
                    levels.append((score, text))
        if cid is None or title is None or weight is None:
            return None
        return (cid, title, weight, covers, tuple(levels))

    def check_covers(self, pairs, local: set[str], owner: str, bank: str):
        for child, _crit in pairs:
            covers_node = self._field_node(child, "covers")
            items = covers_node.value if isinstance(covers_node, yaml.SequenceNode) else []
            for item in items:
                name = str(getattr(item, "value", ""))
                if name in local or name in BUILTIN_CHECKS:
                    continue
                line, col = pos(item)
                # may be a bank-wide must-say in another file: resolved later
                self.res.refs.append(("cover", name, self.res.path, line, col, owner, bank))

    def model_answers(self, node, qids: set[str], questions: list[tuple]) -> dict[str, object]:
        r = self.r
        if node is None:
            return {}
        keys = r.mapping(node, sorted(qids) or ("?",), (), tr("参考答案", "model answer"))
        out: dict[str, object] = {}
        for qid, child in (keys or {}).items():
            text = r.text_enc(child)
            if text is not None:
                out[qid] = text
        if keys is not None:
            for q in questions:
                if q[ID] not in out and q[ID] not in keys:
                    r.warning(
                        node,
                        tr(
                            "问题 '{q}' 没有参考答案", "question '{q}' has no model answer", q=q[ID]
                        ),
                    )
        return out

    # -- curricula ---------------------------------------------------------------------------

    def curriculum(self, node: yaml.Node) -> None:
        r = self.r
        keys = r.mapping(
            node,
            ("kind", "id", "title", "summary", "framework", "pass_score", "modules"),
            ("id", "title", "modules"),
            tr("课程", "curriculum"),
        )
        if keys is None:
            return
        cid = r.ident(keys["id"]) if "id" in keys else None
        r.scope = f"curriculum:{cid}"
        title = r.text(keys["title"]) if "title" in keys else None
        summary = (r.text(keys["summary"]) if "summary" in keys else None) or LText()
        framework = r.ident(keys["framework"]) if "framework" in keys else "five-step"
        if "framework" in keys and framework:
            self.ref("framework", keys["framework"], framework, cid or "?")
        pass_score = r.number(keys["pass_score"], 0, 100) if "pass_score" in keys else 60.0
        modules: list[CurriculumModule] = []
        earlier: set[str] = set()
        if "modules" in keys:
            items = r.seq(keys["modules"]) or []
            if not items and isinstance(keys["modules"], yaml.SequenceNode):
                r.error(
                    keys["modules"],
                    tr("课程至少要有一个模块", "a curriculum needs at least one module"),
                )
            for child in items:
                cm = self.curriculum_module(child, cid or "?", earlier)
                if cm:
                    if cm.module in earlier:
                        r.error(
                            child,
                            tr("模块 '{m}' 出现了两次", "module '{m}' appears twice", m=cm.module),
                        )
                        continue
                    earlier.add(cm.module)
                    modules.append(cm)
        if cid is None or title is None or framework is None or pass_score is None:
            return
        self.define("curriculum", keys["id"], cid)
        self.res.curricula.append(
            Curriculum(cid, title, tuple(modules), framework, pass_score, summary, self.loc(node))
        )

    def curriculum_module(self, node: yaml.Node, cur_id: str, earlier: set[str]):
        r = self.r
        keys = r.mapping(
            node,
            ("module", "title", "cases", "prerequisites", "due"),
            ("module", "cases"),
            tr("课程模块", "curriculum module"),
        )
        if keys is None:
            return None
        module = r.ident(keys["module"]) if "module" in keys else None
        if module:
            self.ref("module", keys["module"], module, cur_id)
        title = (r.text(keys["title"]) if "title" in keys else None) or LText()
        refs: list[CaseRef] = []
        if "cases" in keys:
            for child in r.seq(keys["cases"]) or []:
                ref = self.case_ref(child, cur_id, module or "")
                if ref:
                    refs.append(ref)
        prereqs: list[str] = []
        if "prerequisites" in keys:
            for child in r.seq(keys["prerequisites"]) or []:
                p = r.ident(child)
                if p is None:
                    continue
                if p not in earlier:
                    from coach.content.reader import did_you_mean

                    r.error(
                        child,
                        tr(
                            "先修模块 '{p}' 必须在本课程中、并排在这个模块之前",
                            "prerequisite '{p}' must be a module of this curriculum listed before this one",
                            p=p,
                        )
                        + did_you_mean(p, sorted(earlier)),
                    )
                    continue
                prereqs.append(p)
        due = r.date(keys["due"]) if "due" in keys else None
        if module is None:
            return None
        return CurriculumModule(module, tuple(refs), tuple(prereqs), title, due)

    def case_ref(self, node: yaml.Node, cur_id: str, module: str) -> CaseRef | None:
        r = self.r
        if isinstance(node, yaml.MappingNode):
            keys = r.mapping(
                node, ("case", "time_limit"), ("case",), tr("课程案例", "curriculum case")
            )
            if keys is None:
                return None
            cid = r.ident(keys["case"]) if "case" in keys else None
            limit = r.integer(keys["time_limit"], 1, 600) if "time_limit" in keys else None
            if cid:
                self.ref("case", keys["case"], cid, cur_id, module)
            return CaseRef(cid, limit) if cid else None
        cid = r.ident(node)
        if cid:
            self.ref("case", node, cid, cur_id, module)
        return CaseRef(cid) if cid else None
