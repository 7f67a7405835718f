"""Feedback on one attempt: the score and every line of it, then what to learn from it.

Rendered from the attempt's stored feedback (Feedback.to_data()), so an attempt made on an older
version of the case still shows what it was scored on. When the interface language differs from
the one the attempt was scored in and the case has not changed, the feedback is recomputed in the
current language (the engine is pure and takes 10 ms).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.markup import escape
from textual.widgets import DataTable, Footer, Header, Markdown, Static, TabbedContent, TabPane

from coach.domain.records import Attempt
from coach.domain.scores import points_text, score_text
from coach.i18n import tr
from coach.store import StaleRevision, StoreError
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
from coach.tui.widgets.timer import clock_text


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
    """``text`` as markup with every occurrence of ``words`` (matching form) in bold $hit."""
    folded = text.casefold()
    spans: list[tuple[int, int]] = []
    if len(folded) == len(text):  # offsets line up (no ß-like expansions)
        for w in {w for w in words if w}:
            start = folded.find(w)
            while start >= 0:
                spans.append((start, start + len(w)))
                start = folded.find(w, start + len(w))
    spans.sort()
    out, pos = [], 0
    for a, b in spans:
        if a < pos:
            continue
        out.append(escape(text[pos:a]))
        out.append(f"[b $hit u]{escape(text[a:b])}[/]")
        pos = b
    out.append(escape(text[pos:]))
    return "".join(out)


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
    ]

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
        yield Static(id="fb-score")
        with TabbedContent(id="fb-tabs", initial="score"):
            with TabPane(tr("得分", "Score"), id="score"), VerticalScroll():
                yield Static(id="fb-breakdown")
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
        self._fill_history()

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
            if row.get("reason"):
                lines.append(line("\u00a0\u00a0[$muted]{r}[/]", r=row["reason"]))
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
            words = "、".join(sorted({m["matched"] for m in k.get("matches", [])}))
            lines.append(line("[$hit]✓[/]\u00a0{t}  [$muted]{w}[/]", t=k["text"], w=words))
            if k.get("feedback"):
                lines.append(line("\u00a0\u00a0{f}", f=k["feedback"]))
        if not hit:
            lines.append(line("[$muted]{t}[/]", t=tr("（没有）", "(none)")))
        lines.append(Content(""))
        lines.append(
            line("[b]{t}[/b]", t=tr("遗漏的要点（{n}）", "Key points missed ({n})", n=len(missed)))
        )
        for k in missed:
            lines.append(line("[$miss]○[/]\u00a0{t}", t=k["text"]))
            if k.get("note"):
                lines.append(line("\u00a0\u00a0[$warning]{n}[/]", n=k["note"]))
            if k.get("feedback"):
                lines.append(
                    line("\u00a0\u00a0[$muted]{h}[/] {f}", h=tr("提示：", "Hint:"), f=k["feedback"])
                )
        if not missed:
            lines.append(line("[$muted]{t}[/]", t=tr("（没有）", "(none)")))
        return Content("\n").join(lines)

    def _answers(self, a: Attempt, data: dict[str, Any]) -> Content:
        """Each answer with the words that earned a key point underlined."""
        words: dict[str, list[str]] = {}
        for k in data.get("key_points", []):
            for m in k.get("matches", []):
                words.setdefault(m["where"]["slot"], []).append(m["matched"])
        case = self.session.content.cases.get(a.case_id)
        parts = ["", f"[b]{escape(tr('你的回答', 'Your answer'))}[/b]"]
        prompts = {q.id: q.prompt.get(self.lang) for q in case.questions} if case else {}
        if case is not None:
            fw = self.session.content.frameworks.get(a.framework_id)
            for s in fw.steps if fw else ():
                prompts.setdefault(s.id, s.title.get(self.lang))
        slots = list(a.answers.text) + [
            s for s in (*a.answers.causes, *a.answers.actions) if s not in a.answers.text
        ]
        for slot in slots:
            parts.append(f"[$primary]{escape(prompts.get(slot, slot))}[/]")
            text = a.answers.text.get(slot, "")
            if text.strip():
                parts.append(highlight(text, words.get(slot, [])))
            for c in a.answers.causes.get(slot, []):
                if c.text.strip():
                    chain = " → ".join(w for w in c.whys if w.strip())
                    parts.append(escape(f"• [{c.category or '-'}] {c.text}  {chain}  {c.evidence}"))
            for x in a.answers.actions.get(slot, []):
                if x.what.strip():
                    parts.append(escape(f"• {x.what} · {x.owner} · {x.due} · {x.measure}"))
            parts.append("")
        return line("\n".join(parts))

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
                        m=h["matched"],
                        r=h["reason"],
                    )
                )
            else:
                lines.append(
                    line(
                        "[$miss b]“{m}” −{p}[/] {r}",
                        m=h["matched"],
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
            lines.append(line("[$miss]○[/]\u00a0{r}", r=m.get("note") or m["reason"]))
            if m.get("rule"):
                lines.append(line("\u00a0\u00a0[$muted]{r}[/]", r=m["rule"]))
        if not missing:
            none()
        head("改进措施（SMART）", "Improvement actions (SMART)")
        for s in data.get("smart", []):
            mark = "[$hit]✓[/]" if not s["missing"] else "[$miss]○[/]"
            lines.append(line(mark + "\u00a0{t}", t=s["text"]))
            for r in s.get("reasons", []):
                lines.append(line("\u00a0\u00a0[$muted]{r}[/]", r=r))
        if not data.get("smart"):
            none()
        head("原因深度", "Depth of causes")
        for d in data.get("causes_depth", []):
            mark = "[$miss]○[/]" if d["flagged"] else "[$hit]✓[/]"
            lines.append(
                line(
                    mark + "\u00a0{t} [$muted]{r}[/]",
                    t=d["text"] or "—",
                    r=d.get("reason") or tr("{n} 层", "{n} whys", n=d["depth"]),
                )
            )
        if not data.get("causes_depth"):
            none()
        head("复盘误区", "Pitfalls")
        for p in data.get("pitfalls", []):
            lines.append(
                line("[$warning]![/]\u00a0[b]{t}[/b] {e}", t=p["title"], e=p["explanation"])
            )
            for ev in p.get("evidence", [])[:3]:
                lines.append(line("\u00a0\u00a0[$muted]{e}[/]", e=ev))
        if not data.get("pitfalls"):
            none()
        for s in data.get("stuffing", []):
            lines.append(
                line("[$warning]![/]\u00a0{r} [$muted]{s}[/]", r=s["reason"], s=s["snippet"])
            )
        head("目标与结果", "Goal and result")
        gap = data.get("goal_gap") or {}
        lines.append(Content(gap.get("reason") or tr("（没有读到）", "(not found)")))
        return Content("\n").join(lines)

    def _model(self, case) -> Content:
        if case is None:
            return Content(tr("案例已不在题库中。", "The case is no longer in the bank."))
        parts: list[str] = []
        fw = self.session.content.framework_for(case)
        for key, text in case.model_answer.items():
            q = case.question(key)
            step = fw.step(key)
            title = q.prompt.get(self.lang) if q else (step.title.get(self.lang) if step else key)
            parts.append(f"[b $primary]{escape(title)}[/]")
            parts.append(escape(text.get(self.lang)))
            parts.append("")
        if not parts:
            parts.append(escape(tr("这个案例没有参考答案。", "This case has no model answer.")))
        return line("\n".join(parts))

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
