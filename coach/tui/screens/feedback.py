"""Feedback on one attempt: the score and every line of it, then what to learn from it.

Rendered from the attempt's stored feedback (Feedback.to_data()), so an attempt made on an older
version of the case still shows what it was scored on. When the interface language differs from
the one the attempt was scored in and the case has not changed, the feedback is recomputed in the
current language (the engine is pure and takes 10 ms).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from rich.cells import cell_len
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.markup import escape
from textual.widgets import DataTable, Footer, Header, Markdown, Static, TabbedContent, TabPane

from coach.domain.records import Answers, Attempt
from coach.domain.scores import points_text, score_text
from coach.i18n import tr
from coach.review.analyse import slot_inputs
from coach.review.compiled import Slot
from coach.store import StaleRevision, StoreError
from coach.tui import cjk_wrap
from coach.tui.attempts import (
    FEEDBACK_KEY,
    attempts_of,
    criteria,
    is_outdated,
    marks,
    self_score_total,
)
from coach.tui.localise import LB, localised
from coach.tui.practice_target import case_target
from coach.tui.screens.base import CoachScreen
from coach.tui.widgets.lines import line
from coach.tui.widgets.model_answer import BOLD_PAIR, category_label, markdown_content
from coach.tui.widgets.timer import clock_text
from coach.tui.widgets.written import Written, fold, spans_in


def feedback_data(session, attempt: Attempt) -> dict[str, Any]:
    """The attempt's feedback as data, in the interface language where it can be recomputed."""
    stored = attempt.extra.get(FEEDBACK_KEY)
    case = session.content.cases.get(attempt.case_id)
    current = case is not None and not is_outdated(attempt, case.content_hash)
    if case is not None and current and (stored is None or stored.get("lang") != session.lang):
        today = _day(attempt.submitted) or session.today()
        target = case_target(session, case)
        return target.review(attempt.answers, lang=session.lang, today=today).to_data()
    return stored or {"score": attempt.score or 0.0, "breakdown": attempt.breakdown}


def _day(iso: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(iso[:10])
    except ValueError:
        return None


def highlight(text: str, words: list[str]) -> str:
    """``text`` as markup with every occurrence of ``words`` (the engine's matching form) in
    bold $hit, the characters as written."""
    out, pos = [], 0
    for a, b in spans_in(text, words):
        out.append(escape(text[pos:a]))
        out.append(f"[b $hit u]{escape(text[a:b])}[/]")
        pos = b
    out.append(escape(text[pos:]))
    return "".join(out)


def marked(text: str, words: list[str]) -> Content:
    """``text`` with ``words`` (matching form) in bold, underlined $hit, as written; a
    ``**bold**`` the trainee wrote (an answer file is Markdown) bold, without its stars."""
    content = Content(text)
    for a, b in spans_in(text, words):
        content = content.stylize("bold underline $hit", a, b)
    cuts: list[tuple[int, int]] = []
    for m in BOLD_PAIR.finditer(text):
        content = content.stylize("bold", m.start(), m.end())
        cuts += [(m.start(), m.start() + 2), (m.end() - 2, m.end())]
    pieces, pos = [], 0
    for a, b in cuts:
        pieces.append(content[pos:a])
        pos = b
    pieces.append(content[pos:])
    return Content.assemble(*pieces)


def slot_text(answers: Answers, slot_id: str) -> str:
    """The text the engine read for ``slot_id``: the answer, then its cause and action rows."""
    return slot_inputs(Slot(slot_id, "", "text", ()), answers)[0]


def _answered(answers: Answers, slot: str) -> bool:
    return bool(
        answers.text.get(slot, "").strip()
        or any(c.text.strip() for c in answers.causes.get(slot, []))
        or any(x.what.strip() for x in answers.actions.get(slot, []))
    )


def _gap(text: str) -> str:
    """What goes between a mark and ``text``: a space. Without the Chinese line breaking of
    coach/tui/cjk_wrap.py (COACH_KINSOKU=off) Textual breaks only at spaces, and a mark, a
    space and a long Chinese sentence put the mark alone on a line: then nothing."""
    if cjk_wrap.installed():
        return " "
    first = text.split(maxsplit=1)[0] if text.strip() else ""
    return "" if cell_len(first) > 16 else " "


def item(mark: str, text: str, rest: str = "", **values: Any) -> Content:
    """A line of a list: ``mark`` (markup), ``text`` and ``rest`` (a template of ``values``)."""
    return line(mark + _gap(text) + "{t}" + rest, t=text, **values)


_REASON_SEP = re.compile(r"[；;]\s*")


def _reason_parts(reason: str) -> list[str]:
    """A criterion's reason, one finding a line (the engine joins them with ；)."""
    return [p.strip() for p in _REASON_SEP.split(reason) if p.strip()]


def _pts(x: float) -> str:
    return points_text(x)


@localised
class FeedbackScreen(CoachScreen):
    HELP_ZH = (
        "## 反馈\n**得分** 里每一分都有出处；**要点** 里是命中和遗漏的要点，你的回答中"
        "命中的词加了下划线；**提醒** 里是违规表述、缺少的提示、SMART 和误区。\n\n"
        "- `s` 自评（和自动得分并列显示，从不平均）\n- `r` 重做：开始新的一次练习\n"
        "- `t` 教学要点，`m` 参考答案，`h` 历次练习（回车打开）"
    )
    HELP_EN = (
        "## Feedback\n**Score** explains every point; **Key points** lists what you hit and "
        "missed, with the matched words underlined in your answer; **Notes** has phrases to "
        "avoid, missing disclosures, SMART and pitfalls.\n\n"
        "- `s` self-score (shown beside the automatic score, never averaged)\n"
        "- `r` retry: start a new attempt\n"
        "- `t` teaching note, `m` model answer, `h` all attempts (enter opens one)"
    )
    LOCAL_BINDINGS = [
        LB("r", "retry", "重做", "Retry", "feedback-retry"),
        LB("s", "self_score", "自评", "Self-score", "feedback-self"),
        LB("t", "tab('teaching')", "教学要点", "Teaching note", "feedback-teaching"),
        LB("m", "tab('model')", "参考答案", "Model answer", "feedback-model"),
        LB("h", "tab('history')", "历次", "Attempts", "feedback-history", spare=1),
        # the shown pane scrolls whatever has the focus (the tab bar takes no page keys)
        LB("pagedown", "page('down')", "下一页", "Page down", "feedback-pgdn", show=False),
        LB("pageup", "page('up')", "上一页", "Page up", "feedback-pgup", show=False),
        LB("home", "page('home')", "到开头", "Top", "feedback-top", show=False),
        LB("end", "page('end')", "到末尾", "Bottom", "feedback-bottom", show=False),
    ]
    #: at 110 columns and more, the score's lines have the per-question feedback beside them
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]

    def __init__(self, attempt_id: str) -> None:
        super().__init__()
        self.attempt_id = attempt_id
        self.attempt: Attempt | None = None

    def _load(self) -> None:
        store = self.session.store
        self.attempt = store.attempts.get(self.attempt_id) if store is not None else None
        if self.attempt is not None and store is not None:
            # A grade returned by the instructor shows beside the automatic and self scores.
            from coach.store.handin import attach_grades

            grades = store.grades.list(lambda g: g.attempt_id == self.attempt_id)
            if grades:
                self.attempt = attach_grades([self.attempt], grades)[0]

    def compose(self) -> ComposeResult:
        self._load()
        yield Header()
        a = self.attempt
        if a is None:
            yield Static(tr("找不到这次练习。", "This attempt was not found."), id="fb-missing")
            yield Footer()
            return
        case = self.session.content.cases.get(a.case_id)
        data = feedback_data(self.session, a)
        self.data = data
        self.written = self._written(a)
        yield Static(id="fb-score")
        with TabbedContent(id="fb-tabs", initial="score"):
            with TabPane(tr("得分", "Score"), id="score"), VerticalScroll():
                with Horizontal(id="fb-overview"):
                    yield Static(id="fb-breakdown")
                    yield Static(id="fb-by-question")
            with TabPane(tr("要点", "Key points"), id="points"), VerticalScroll():
                yield Static(self._key_points(data), id="fb-points")
                yield Static(self._answers(a, data), id="fb-answers")
            with TabPane(tr("提醒", "Notes"), id="notes"), VerticalScroll():
                yield Static(self._notes(data), id="fb-notes")
            with TabPane(tr("教学要点", "Teaching note"), id="teaching"):
                yield VerticalScroll(id="fb-teaching")
            with TabPane(tr("参考答案", "Model answer"), id="model"), VerticalScroll():
                yield Static(self._model(case), id="fb-model")
            with TabPane(tr("历次练习", "Attempts"), id="history"), VerticalScroll():
                yield DataTable(id="fb-history", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.refill()

    def refill(self) -> None:
        a = self.attempt
        case = self.session.content.cases.get(a.case_id) if a else None
        self.title = tr("反馈", "Feedback") + (f" · {case.title.get(self.lang)}" if case else "")
        if a is None:
            return
        self._show_score()
        self.query_one("#fb-by-question", Static).update(self._by_question(a, self.data))
        self._fill_history()

    def _written(self, a: Attempt) -> dict[str, Written]:
        """Per answer slot (and "" for all of them), its text as the trainee wrote it."""
        answers = a.answers
        slots = dict.fromkeys([*answers.text, *answers.causes, *answers.actions])
        texts = {slot: slot_text(answers, slot) for slot in slots}
        out = {slot: Written([text]) for slot, text in texts.items()}
        out[""] = Written(texts.values())
        return out

    def _as_written(self, matched: str, slot: str = "") -> str:
        """A term the engine matched, as the trainee wrote it (else as the case wrote it)."""
        found = (self.written.get(slot) or self.written[""]).find(matched)
        if found is None and slot:
            found = self.written[""].find(matched)
        if found is not None:
            return " ".join(found.split())
        return self._case_terms().get(fold(matched).strip(), matched.strip())

    def _case_terms(self) -> dict[str, str]:
        """The case's keywords and phrases by their matching form, as the case wrote them."""
        terms = getattr(self, "_terms", None)
        if terms is None:
            case = self.session.content.cases.get(self.attempt.case_id) if self.attempt else None
            terms = {}
            for kp in case.key_points if case else ():
                for kw in kp.keywords:
                    for t in kw.terms:
                        terms.setdefault(fold(t).strip(), t)
            for ap in case.avoid if case else ():
                terms.setdefault(fold(ap.phrase).strip(), ap.phrase)
            self._terms = terms
        return terms

    # -- the score -----------------------------------------------------------------------------

    def _show_score(self) -> None:
        a = self.attempt
        assert a is not None
        data = self.data
        all_attempts = attempts_of(self.session.store, a.case_id)
        m = marks(all_attempts)
        number = next((i for i, x in enumerate(all_attempts, 1) if x.id == a.id), 0)
        case = self.session.content.cases.get(a.case_id)
        tags = []
        if a.id == m.first:
            tags.append(tr("首次", "first"))
        if a.id == m.best:
            tags.append(tr("最佳", "best"))
        own = self_score_total(a)
        parts = [
            tr("[b]得分 {s}[/b] / 100", "[b]Score {s}[/b] / 100"),
            tr("第 {n} 次练习", "attempt {n}") + (tr("（{t}）", " ({t})") if tags else ""),
            tr("用时 {c}", "time {c}"),
            tr("自评 {o}", "self-score {o}")
            if own is not None
            else tr("[$muted]按 s 自评[/]", "[$muted]press s to self-score[/]"),
        ]
        graded = a.extra.get("instructor_score")
        if graded is not None:
            parts.append(
                tr("[$accent]讲师评分 {g}[/]", "[$accent]instructor {g}[/]").replace(
                    "{g}", score_text(float(graded))
                )
            )
        if case is not None and is_outdated(a, case.content_hash):
            parts.append(
                tr("[$warning]旧版案例上的练习[/]", "[$warning]made on an older case version[/]")
            )
        self.query_one("#fb-score", Static).update(
            line(
                " · ".join(parts),
                s=score_text(float(data.get("score", 0))),
                n=number,
                t=tr("、", ", ").join(tags),
                c=clock_text(a.seconds),
                o=score_text(own or 0),
            )
        )
        self.query_one("#fb-breakdown", Static).update(self._breakdown(a, data))

    def _breakdown(self, a: Attempt, data: dict[str, Any]) -> Content:
        lines: list[Content] = []
        own = a.self_score
        overrides = {g.criterion: g for g in a.instructor_grades}
        for row in data.get("breakdown", []):
            points, maximum = float(row["points"]), float(row["max"])
            if row["kind"] == "criterion":
                mine = ""
                if own:
                    mine = tr("  自评 {p}", "  self {p}", p=_pts(maximum * own.get(row["id"], 0.0)))
                grade = overrides.get(row.get("id", ""))
                if grade is not None:
                    mine += tr("  讲师 {p}", "  instructor {p}", p=_pts(grade.score))
                    if grade.comment:
                        mine += f"：{grade.comment}" if self.lang == "zh" else f": {grade.comment}"
                lines.append(
                    line(
                        "[b]{t}[/b]  [$accent]{p}[/] / {m}[$muted]{o}[/]",
                        t=row["title"],
                        p=_pts(points),
                        m=_pts(maximum),
                        o=mine,
                    )
                )
            else:
                lines.append(line("[b $miss]{t}  {p}[/]", t=row["title"], p=_pts(points)))
            for part in _reason_parts(row.get("reason") or ""):
                lines.append(line("\u00a0\u00a0[$muted]{r}[/]", r=part))
        lines.append(Content(""))
        lines.append(
            line(
                "[b]{t}[/b] [$accent]{s}[/] / 100",
                t=tr("合计", "Total"),
                s=score_text(float(data.get("score", 0))),
            )
        )
        if a.instructor_comment:
            lines.append(
                line(
                    "[b]{t}[/b] {c}",
                    t=tr("讲师评语（{g}）：", "Instructor's comment ({g}):", g=a.instructor or "—"),
                    c=a.instructor_comment,
                )
            )
        return Content("\n").join(lines)

    def _by_question(self, a: Attempt, data: dict[str, Any]) -> Content:
        """Per question: what was hit and missed there; then this case's attempts."""
        case = self.session.content.cases.get(a.case_id)
        kps = data.get("key_points", [])
        order = [q.id for q in case.questions] if case else []
        order += [k.get("question") for k in kps if k.get("question") not in order]
        lines: list[Content] = [
            line("[b]{t}[/b]", t=tr("各题反馈", "Question by question")),
        ]
        for qid in order:
            mine = [k for k in kps if k.get("question") == qid]
            q = case.question(qid) if case and qid else None
            if q is None and not mine:
                continue
            title = q.prompt.get(self.lang) if q else tr("全篇", "Across the answer")
            hit = sum(1 for k in mine if k.get("hit"))
            lines.append(Content(""))
            lines.append(
                line(
                    "[b $primary]{t}[/]  [$muted]{n}[/]",
                    t=title,
                    n=tr("要点 {h}/{n}", "key points {h}/{n}", h=hit, n=len(mine)) if mine else "",
                )
            )
            answered = qid is None or _answered(a.answers, qid)
            if not answered:
                lines.append(line("[$miss]{t}[/]", t=tr("（没有作答）", "(not answered)")))
            for k in mine:
                if k.get("hit"):
                    lines.append(item("[$hit]✓[/]", k["text"]))
                else:
                    lines.append(item("[$miss]○[/]", k["text"]))
                    if k.get("feedback") and answered:
                        lines.append(line("\u00a0\u00a0[$muted]{f}[/]", f=k["feedback"]))
        lines.append(Content(""))
        lines.extend(self._attempts_summary(a))
        return Content("\n").join(lines)

    def _attempts_summary(self, a: Attempt) -> list[Content]:
        """First, best and every score of this case, oldest first."""
        found = attempts_of(self.session.store, a.case_id)
        if not any(x.id == a.id for x in found):
            return []
        m = marks(found)
        by_id = {x.id: x for x in found}
        out = [line("[b]{t}[/b]", t=tr("这个案例的练习", "Your attempts at this case"))]
        facts = []
        if m.first in by_id:
            facts.append(tr("首次 {s}", "first {s}", s=score_text(by_id[m.first].score or 0)))
        if m.best in by_id:
            facts.append(tr("最佳 {s}", "best {s}", s=score_text(by_id[m.best].score or 0)))
        facts.append(tr("共 {n} 次", "{n} in all", n=len(found)))
        out.append(Content(" · ".join(facts)))
        if len(found) < 2:
            return out
        shown = found[-8:]
        scores = [
            line("[b $accent]{s}[/]" if x.id == a.id else "{s}", s=score_text(x.score or 0))
            for x in shown
        ]
        arrow = Content(" → ")
        out.append(Content.assemble(Content("… → ") if len(found) > 8 else "", arrow.join(scores)))
        return out

    # -- key points and the answer -------------------------------------------------------------

    def _key_points(self, data: dict[str, Any]) -> Content:
        kps = data.get("key_points", [])
        lines: list[Content] = []
        hit = [k for k in kps if k.get("hit")]
        missed = [k for k in kps if not k.get("hit")]
        lines.append(
            line("[b]{t}[/b]", t=tr("命中的要点（{n}）", "Key points hit ({n})", n=len(hit)))
        )
        for k in hit:
            words = tr("、", ", ").join(
                dict.fromkeys(
                    self._as_written(m["matched"], m.get("where", {}).get("slot", ""))
                    for m in k.get("matches", [])
                )
            )
            lines.append(item("[$hit]✓[/]", k["text"], "  [$muted]{w}[/]", w=words))
            if k.get("feedback"):
                lines.append(line("\u00a0\u00a0{f}", f=k["feedback"]))
        if not hit:
            lines.append(line("[$muted]{t}[/]", t=tr("（没有）", "(none)")))
        lines.append(Content(""))
        lines.append(
            line("[b]{t}[/b]", t=tr("遗漏的要点（{n}）", "Key points missed ({n})", n=len(missed)))
        )
        for k in missed:
            lines.append(item("[$miss]○[/]", k["text"]))
            if k.get("note"):
                lines.append(line("\u00a0\u00a0[$warning]{n}[/]", n=k["note"]))
            if k.get("feedback"):
                hint = tr("提示：", "Hint: ")
                lines.append(line("\u00a0\u00a0[$muted]{h}[/]{f}", h=hint, f=k["feedback"]))
        if not missed:
            lines.append(line("[$muted]{t}[/]", t=tr("（没有）", "(none)")))
        return Content("\n").join(lines)

    def _answers(self, a: Attempt, data: dict[str, Any]) -> Content:
        """Each answer with the words that earned a key point underlined, as written."""
        words: dict[str, list[str]] = {}
        for k in data.get("key_points", []):
            for m in k.get("matches", []):
                words.setdefault(m["where"]["slot"], []).append(m["matched"])
        case = self.session.content.cases.get(a.case_id)
        out: list[Content] = [Content(""), line("[b]{t}[/b]", t=tr("你的回答", "Your answer"))]
        prompts = {q.id: q.prompt.get(self.lang) for q in case.questions} if case else {}
        if case is not None:
            fw = self.session.content.frameworks.get(a.framework_id)
            for s in fw.steps if fw else ():
                prompts.setdefault(s.id, s.title.get(self.lang))
        slots = list(a.answers.text) + [
            s for s in (*a.answers.causes, *a.answers.actions) if s not in a.answers.text
        ]
        sep = tr("：", ": ")
        for slot in slots:
            mine = words.get(slot, [])
            out.append(line("[$primary]{t}[/]", t=prompts.get(slot, slot)))
            text = a.answers.text.get(slot, "")
            if text.strip():
                out.append(marked(text, mine))
            for c in a.answers.causes.get(slot, []):
                if not c.text.strip():
                    continue
                label = category_label(c.category)
                head = [Content("•\u00a0")]
                if label:
                    head.append(Content.styled(label + sep, "bold"))
                out.append(Content.assemble(*head, marked(c.text, mine)))
                for w in (w for w in c.whys if w.strip()):
                    out.append(
                        Content.assemble(
                            line("\u00a0\u00a0\u00a0[$muted]{h}[/]", h=tr("为什么：", "why: ")),
                            marked(w, mine),
                        )
                    )
                if c.evidence.strip():
                    out.append(
                        Content.assemble(
                            line("\u00a0\u00a0\u00a0[$muted]{h}[/]", h=tr("证据：", "evidence: ")),
                            marked(c.evidence, mine),
                        )
                    )
            for x in a.answers.actions.get(slot, []):
                if not x.what.strip():
                    continue
                parts = [marked(x.what, mine)]
                for name, value in (
                    (tr("负责人", "owner"), x.owner),
                    (tr("期限", "due"), x.due),
                    (tr("衡量", "measure"), x.measure),
                ):
                    if value.strip():
                        parts.append(line("[$muted]{n}[/] {v}", n=name, v=value))
                out.append(Content.assemble(Content("•\u00a0"), Content(" · ").join(parts)))
            out.append(Content(""))
        return Content("\n").join(out)

    # -- what else the engine found ------------------------------------------------------------

    def _notes(self, data: dict[str, Any]) -> Content:
        lines: list[Content] = []

        def head(zh: str, en: str) -> None:
            if lines:
                lines.append(Content(""))
            lines.append(line("[b]{t}[/b]", t=tr(zh, en)))

        def none() -> None:
            lines.append(line("[$muted]{t}[/]", t=tr("（没有）", "(none)")))

        head("要避免的表述", "Phrases to avoid")
        hits = data.get("avoid_hits", [])
        for h in hits:
            if h.get("severity") == "redline":
                lines.append(
                    line(
                        "[$miss b]{w} “{m}”[/] {r}",
                        w=tr("红线（一票否决）", "Red line (fails the attempt)"),
                        m=self._as_written(h["matched"], h.get("where", {}).get("slot", "")),
                        r=h["reason"],
                    )
                )
            else:
                lines.append(
                    line(
                        "[$miss b]“{m}” −{p}[/] {r}",
                        m=self._as_written(h["matched"], h.get("where", {}).get("slot", "")),
                        p=_pts(float(h["penalty"])) if h.get("charged", True) else "0",
                        r=h["reason"],
                    )
                )
            if h.get("rule"):
                lines.append(line("\u00a0\u00a0[$muted]{r}[/]", r=h["rule"]))
        if not hits:
            none()
        head("缺少的必要提示", "Required disclosures missing")
        missing = [m for m in data.get("must_say", []) if not m.get("satisfied")]
        for m in missing:
            lines.append(item("[$miss]○[/]", m.get("note") or m["reason"]))
            if m.get("rule"):
                lines.append(line("\u00a0\u00a0[$muted]{r}[/]", r=m["rule"]))
        if not missing:
            none()
        head("改进措施（SMART）", "Improvement actions (SMART)")
        for s in data.get("smart", []):
            mark = "[$hit]✓[/]" if not s["missing"] else "[$miss]○[/]"
            lines.append(item(mark, s["text"]))
            for r in s.get("reasons", []):
                lines.append(line("\u00a0\u00a0[$muted]{r}[/]", r=r))
        if not data.get("smart"):
            none()
        head("原因深度", "Depth of causes")
        for d in data.get("causes_depth", []):
            mark = "[$miss]○[/]" if d["flagged"] else "[$hit]✓[/]"
            lines.append(
                line(
                    mark + _gap(d["text"] or "—") + "{t} [$muted]{r}[/]",
                    t=d["text"] or "—",
                    r=d.get("reason") or tr("{n} 层", "{n} whys", n=d["depth"]),
                )
            )
        if not data.get("causes_depth"):
            none()
        head("复盘误区", "Pitfalls")
        for p in data.get("pitfalls", []):
            lines.append(
                line(
                    "[$warning]![/]" + _gap(p["title"]) + "[b]{t}[/b] {e}",
                    t=p["title"],
                    e=p["explanation"],
                )
            )
            for ev in p.get("evidence", [])[:3]:
                lines.append(line("\u00a0\u00a0[$muted]{e}[/]", e=self._evidence(ev)))
        if not data.get("pitfalls"):
            none()
        for s in data.get("stuffing", []):
            shown = (self.written.get(s.get("slot", "")) or self.written[""]).snippet(s["snippet"])
            lines.append(item("[$warning]![/]", s["reason"], " [$muted]{s}[/]", s=shown))
        head("目标与结果", "Goal and result")
        gap = data.get("goal_gap") or {}
        lines.append(Content(gap.get("reason") or tr("（没有读到）", "(not found)")))
        return Content("\n").join(lines)

    def _evidence(self, ev: str) -> str:
        """A pitfall's evidence in words: the engine's codes (short:12, copied:q1) or a snippet
        of the answer as written."""
        kind, _, arg = ev.partition(":")
        if kind == "short" and arg.isdigit():
            return tr(
                "全部回答只有约 {n} 字自己的话",
                "about {n} units of your own words in all",
                n=arg,
            )
        if kind == "copied" and arg and " " not in arg:
            return tr(
                "“{q}”的回答照抄了题目或提示",
                'the answer to "{q}" copies the question or its prompts',
                q=self._slot_title(arg),
            )
        return self.written[""].snippet(ev)

    def _slot_title(self, slot: str) -> str:
        """The question (or framework step) an answer slot is written for."""
        a = self.attempt
        case = self.session.content.cases.get(a.case_id) if a else None
        q = case.question(slot) if case else None
        if q is not None:
            return q.prompt.get(self.lang)
        fw = self.session.content.frameworks.get(a.framework_id) if a else None
        step = fw.step(slot) if fw else None
        return step.title.get(self.lang) if step else slot

    def _model(self, case) -> Content:
        """The model answers, their Markdown rendered (bold, lists, cause rows by category)."""
        if case is None:
            return Content(tr("案例已不在题库中。", "The case is no longer in the bank."))
        parts: list[Content] = []
        fw = self.session.content.framework_for(case)
        for key, text in case.model_answer.items():
            q = case.question(key)
            step = fw.step(key)
            title = q.prompt.get(self.lang) if q else (step.title.get(self.lang) if step else key)
            parts.append(line("[b $primary]{t}[/]", t=title))
            parts.append(markdown_content(text.get(self.lang), self.lang))
            parts.append(Content(""))
        if not parts:
            parts.append(Content(tr("这个案例没有参考答案。", "This case has no model answer.")))
        return Content("\n").join(parts)

    # -- tabs, history, actions ----------------------------------------------------------------

    @on(TabbedContent.TabActivated)
    async def _tab_shown(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id == "teaching":
            await self._ensure_teaching()

    async def _ensure_teaching(self) -> None:
        """The teaching note is Markdown (slow to build): rendered the first time it is shown."""
        box = self.query_one("#fb-teaching", VerticalScroll)
        if box.children:
            return
        case = self.session.content.cases.get(self.attempt.case_id) if self.attempt else None
        text = case.teaching_note.get(self.lang) if case else ""
        await box.mount(Markdown(text or tr("（没有教学要点）", "(no teaching note)")))

    def _fill_history(self) -> None:
        a = self.attempt
        assert a is not None
        table = self.query_one("#fb-history", DataTable)
        table.clear(columns=True)
        table.add_columns(
            "#",
            tr("提交时间", "Submitted"),
            tr("得分", "Score"),
            tr("自评", "Self"),
            tr("用时", "Time"),
            tr("标记", "Marks"),
        )
        case = self.session.content.cases.get(a.case_id)
        found = attempts_of(self.session.store, a.case_id)
        m = marks(found)
        for i, x in enumerate(found, 1):
            tags = []
            if x.id == m.first:
                tags.append(tr("首次", "first"))
            if x.id == m.best:
                tags.append(tr("最佳", "best"))
            if case is not None and is_outdated(x, case.content_hash):
                tags.append(tr("旧版", "older version"))
            if x.id == a.id:
                tags.append(tr("← 当前", "← this one"))
            own = self_score_total(x)
            table.add_row(
                str(i),
                x.submitted[:16].replace("T", " "),
                _pts(x.score or 0.0),
                _pts(own) if own is not None else "—",
                clock_text(x.seconds),
                " ".join(tags),
                key=x.id,
            )

    @on(DataTable.RowSelected, "#fb-history")
    def _open_attempt(self, event: DataTable.RowSelected) -> None:
        key = event.row_key.value
        if key and key != self.attempt_id:
            self.app.switch_screen(FeedbackScreen(key))

    async def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        if tab == "teaching":
            await self._ensure_teaching()
        if tab == "history":
            self.query_one("#fb-history").focus()

    def action_page(self, where: str) -> None:
        """PageDown, PageUp, Home, End: the pane shown scrolls, whatever has the focus."""
        tabs = self.query(TabbedContent)
        pane = tabs.first().active_pane if tabs else None
        scrolls = pane.query(VerticalScroll) if pane is not None else None
        if not scrolls:
            return
        box = scrolls.first()
        if where == "down":
            box.scroll_page_down()
        elif where == "up":
            box.scroll_page_up()
        elif where == "home":
            box.scroll_home()
        else:
            box.scroll_end()

    def action_retry(self) -> None:
        if self.attempt is None:
            return
        case_id = self.attempt.case_id
        self.dismiss()
        self.coach.start_practice(case_id)

    def action_self_score(self) -> None:
        if self.attempt is None:
            return
        if self.session.read_only:
            self.notify(
                tr("只读模式：不能保存自评。", "Read-only: the self-score cannot be saved."),
                severity="warning",
            )
            return
        from coach.tui.screens.selfscore import SelfScoreModal

        case = self.session.content.cases.get(self.attempt.case_id)
        self.app.push_screen(SelfScoreModal(self.attempt, case, self.lang), self._self_scored)

    def _self_scored(self, shares: dict[str, float] | None) -> None:
        if shares is None or self.attempt is None:
            return
        self.attempt.self_score = shares
        try:
            self.attempt = self.session.store.attempts.save(self.attempt)
        except StaleRevision:
            self.notify(
                tr(
                    "这次练习在另一个窗口里改过了；已重新载入，请再自评一次。",
                    "This attempt was changed in another window; reloaded — self-score again.",
                ),
                severity="warning",
                timeout=10,
            )
            self._load()
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        self._show_score()
        self._fill_history()


__all__ = ["FeedbackScreen", "criteria", "feedback_data", "highlight"]
