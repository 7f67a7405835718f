"""The guided deal 复盘: from a deal or a set of deals, in the chosen framework (the deal-review
curriculum's, GRAI, by default).

1. This screen: the facts from the log, the framework, how a lost deal was lost, and — first —
   the open actions of the last review of the same kind (carry-over), each followed up here.
2. The Practice screen, reused through its target abstraction (``DealReviewTarget``): one step at
   a time with the engine's live checks; the first steps arrive filled in from the log.
3. On submit the review is kept, its actions and lessons become records, and ``ReviewDoneScreen``
   shows them with the practice cases that match its causes (enter opens one) and the exports.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from hashlib import sha1
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import (
    DataTable,
    Footer,
    Header,
    Input,
    OptionList,
    RadioButton,
    RadioSet,
    Select,
    Static,
)
from textual.widgets.option_list import Option

from coach.deal_review.carry_over import KIND_OF_SUBJECT, carry_over
from coach.deal_review.facts import collect_facts, fmt_amount, outcome_label, prefill
from coach.deal_review.finish import apply_loss, finish_review, review_framework
from coach.deal_review.tracking import bucket_label, bucket_of
from coach.domain.content import Framework
from coach.domain.records import Action, Answers, Deal, Draft, Review
from coach.domain.scores import score_text
from coach.domain.text import LText
from coach.i18n import tr
from coach.store import StoreError
from coach.tui.localise import LB, localised
from coach.tui.practice_target import PracticeTarget
from coach.tui.screens.actions import FollowUpModal, save_follow_up
from coach.tui.screens.base import CoachScreen
from coach.tui.screens.practice import PracticeScreen

if TYPE_CHECKING:
    from coach.review import Feedback
    from coach.tui.session import Session

DEFAULT_CURRICULUM = "deal-review"
FALLBACK_FRAMEWORK = "grai"


def default_framework(session: Session) -> str:
    curriculum = session.content.curricula.get(DEFAULT_CURRICULUM)
    if curriculum is not None and curriculum.framework in session.content.frameworks:
        return curriculum.framework
    if FALLBACK_FRAMEWORK in session.content.frameworks:
        return FALLBACK_FRAMEWORK
    return next(iter(session.content.frameworks))


def lost_this_quarter(session: Session) -> list[str]:
    """Ids of the deals lost (closed) in the current calendar quarter."""
    today = session.today()
    first = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    start, end = first.isoformat(), today.isoformat()
    store = session.store
    if store is None:
        return []
    deals = store.deals.list(lambda d: d.outcome == "lost" and start <= d.closed[:10] <= end)
    return [d.id for d in sorted(deals, key=lambda d: d.closed)]


def draft_key(deal_ids: list[str]) -> str:
    """Stable per deal (or set of deals), so leaving and coming back finds the draft."""
    if len(deal_ids) == 1:
        return f"review:deal:{deal_ids[0]}"
    digest = sha1("\n".join(sorted(deal_ids)).encode()).hexdigest()[:16]
    return f"review:deals:{digest}"


@dataclass
class DealReviewTarget(PracticeTarget):
    """A review of deals in Practice: scored with ``review_deal``, kept as a Review with its
    Action and Lesson records."""

    deal_ids: list[str] = field(default_factory=list)
    subject: str = "deal"
    review_title: str = ""
    carried: list[str] = field(default_factory=list)
    loss_type: str = ""
    loss_reason: str = ""
    prefilled: Answers = field(default_factory=Answers)
    base_framework_id: str = ""

    def keep_result(
        self, session: Session, answers: Answers, feedback: Feedback, seconds: float, started: str
    ) -> str:
        store = session.store
        assert store is not None
        now = session.clock()
        review = Review(
            subject=self.subject,  # type: ignore[arg-type]
            title=self.review_title,
            framework_id=self.base_framework_id or self.framework.id,
            deal_ids=list(self.deal_ids),
            answers=answers,
            extra={
                "kind": KIND_OF_SUBJECT.get(self.subject, self.subject),
                "carried": list(self.carried),
                "seconds": round(seconds, 1),
                "started": started,
            },
        )
        owner = store.profile.name if hasattr(store.profile, "name") else ""
        done = finish_review(review, self.framework, now, owner=owner, score=feedback.score)
        saved = store.reviews.save(done.review)
        if done.actions:
            store.actions.save_many(done.actions)
        if done.lessons:
            store.lessons.save_many(done.lessons)
        if self.loss_type or self.loss_reason:
            changed = []
            for deal in (store.deals.get(i) for i in self.deal_ids):
                if deal is not None:
                    new = apply_loss(deal, self.loss_type, self.loss_reason)
                    if new is not deal:
                        changed.append(new)
            if changed:
                store.deals.save_many(changed)
        return saved.id

    def show_result(self, app, result_id: str) -> None:
        app.push_screen(ReviewDoneScreen(result_id))


class DealReviewPractice(PracticeScreen):
    """Practice on a deal review: a new draft starts with the facts from the log filled in."""

    def _new_draft(self) -> Draft:
        target = self.target
        assert isinstance(target, DealReviewTarget)
        answers = dataclasses.replace(target.prefilled, text=dict(target.prefilled.text))
        return Draft(
            target=target.key, framework_id=target.framework.id, answers=answers, lang=self.lang
        )


LOSS_TYPES = ("competitor", "no_decision", "unknown")


def loss_type_label(key: str) -> str:
    return {
        "competitor": tr("输给竞争对手", "Lost to a competitor"),
        "no_decision": tr("客户未决（没有做决定）", "No decision (the client did not decide)"),
        "unknown": tr("原因未知", "Reason unknown"),
    }[key]


@localised
class DealReviewScreen(CoachScreen):
    HELP_ZH = (
        "## 交易复盘\n先看上次复盘留下的措施（结转），再按所选方法一步步复盘。\n\n"
        "- 收集数据一步会从交易记录自动填好：目标与结果、差距、周期、丢单阶段、同类产品的赢单率。\n"
        "- 丢单要分清：输给对手、客户未决，还是原因未知。\n"
        "- 在结转表里按 `enter` 跟进一条措施；`ctrl+s` 开始复盘。"
    )
    HELP_EN = (
        "## Deal review\nFirst the open actions of your last review (carry-over), then the "
        "chosen framework step by step.\n\n"
        "- The collect-data step is filled in from the log: goal and result, the gap, the cycle "
        "time, the stage it was lost at, the product's win rate.\n"
        "- Say how a lost deal was lost: to a competitor, to no decision, or unknown.\n"
        "- `enter` on a carried-over action follows it up; `ctrl+s` starts the review."
    )
    LOCAL_BINDINGS = [
        LB("ctrl+s", "start", "开始复盘", "Start review", "deal-review-start", priority=True),
    ]

    def __init__(self, deal_ids: list[str], framework_id: str | None = None) -> None:
        super().__init__()
        self.deal_ids = list(deal_ids)
        self.framework_id = framework_id
        self.deals: list[Deal] = []
        self.deal_log: list[Deal] = []
        self.carried: list[Action] = []
        self.last_title = ""

    def _load(self) -> None:
        store = self.session.store
        if store is None:
            return
        self.deal_log = store.deals.list()
        by_id = {d.id: d for d in self.deal_log}
        self.deals = [by_id[i] for i in self.deal_ids if i in by_id]
        co = carry_over(store.reviews.list(), store.actions.list(), "deals")
        self.carried = co.actions
        self.last_title = co.review.title if co.review else ""

    @property
    def subject(self) -> str:
        return "deal" if len(self.deals) == 1 else "deals"

    def review_title(self) -> str:
        if len(self.deals) == 1:
            d = self.deals[0]
            return " · ".join(p for p in (d.client, d.product, outcome_label(d)) if p)
        lost = all(d.outcome == "lost" for d in self.deals)
        return (
            tr("{n} 笔丢单", "{n} lost deals", n=len(self.deals))
            if lost
            else tr("{n} 笔交易", "{n} deals", n=len(self.deals))
        )

    def compose(self) -> ComposeResult:
        if self.framework_id is None:
            self.framework_id = default_framework(self.session)
        self._load()
        yield Header()
        with VerticalScroll(id="deal-review-body"):
            yield Static(id="deal-review-title", classes="section-title")
            yield Static(id="carry-title", classes="section-title")
            yield DataTable(id="carry-table", cursor_type="row")
            yield Static(id="deal-review-facts", markup=False)
            with Horizontal(id="deal-review-framework-row"):
                yield Static(tr("复盘方法", "Framework"), classes="field-label")
                options = [
                    (fw.title.get(self.lang), fw.id)
                    for fw in self.session.content.frameworks.values()
                ]
                yield Select(
                    options, value=self.framework_id, allow_blank=False, id="deal-review-framework"
                )
            single_lost = len(self.deals) == 1 and self.deals[0].outcome == "lost"
            if single_lost:
                deal = self.deals[0]
                yield Static(tr("这笔单怎么丢的？", "How was it lost?"), classes="section-title")
                with RadioSet(id="deal-review-loss"):
                    for key in LOSS_TYPES:
                        yield RadioButton(
                            loss_type_label(key), value=deal.loss_type == key, id=f"loss-{key}"
                        )
                yield Input(
                    value=deal.loss_reason,
                    placeholder=tr("主要丢单原因", "Main loss reason"),
                    id="deal-review-reason",
                )
        yield Footer()

    def on_mount(self) -> None:
        self.refill()

    def refill(self) -> None:
        self.title = tr("交易复盘", "Deal review")
        if not self.deals:
            self.query_one("#deal-review-title", Static).update(
                tr(
                    "没有可复盘的交易。先在交易记录里选一笔或几笔。",
                    "No deals to review. Pick one or more in the Deals screen first.",
                )
            )
            return
        self.query_one("#deal-review-title", Static).update(
            tr("复盘：{t}", "Review: {t}", t=self.review_title())
        )
        facts = collect_facts(self.deals, self.deal_log)
        lines = facts.goal_lines() + facts.result_lines()
        if len(self.deals) > 1:
            lines += [
                f"  · {d.client or '—'} · {d.product or '—'} · "
                f"{fmt_amount(d.amount, d.currency)} · {outcome_label(d)}"
                for d in self.deals[:8]
            ]
            if len(self.deals) > 8:
                lines.append(tr("  …共 {n} 笔", "  … {n} in all", n=len(self.deals)))
        self.query_one("#deal-review-facts", Static).update("\n".join(lines))
        self.show_carry_over()

    def show_carry_over(self) -> None:
        today = self.session.today()
        title = self.query_one("#carry-title", Static)
        table = self.query_one("#carry-table", DataTable)
        table.clear(columns=True)
        if not self.carried:
            title.update(
                tr(
                    "上次复盘没有未完成的措施。按 ctrl+s 开始。",
                    "No open actions from your last review. Press ctrl+s to start.",
                )
            )
            table.display = False
            return
        table.display = True
        title.update(
            tr(
                "先跟进上次复盘（{t}）的 {n} 条措施：选中按 enter",
                "First, the {n} open action(s) of your last review ({t}): enter to follow up",
                n=len(self.carried),
                t=self.last_title or "—",
            )
        )
        table.add_columns(tr("状态", "Status"), tr("期限", "Due"), tr("措施", "Action"))
        for a in self.carried:
            table.add_row(bucket_label(bucket_of(a, today)), a.due or "—", a.text, key=a.id)

    @on(DataTable.RowSelected, "#carry-table")
    def _carry_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        action = next((a for a in self.carried if a.id == event.row_key.value), None)
        if action is None:
            return

        def answered(answer) -> None:
            saved = save_follow_up(self, action, answer)
            if saved is not None:
                self.carried = [saved if a.id == saved.id else a for a in self.carried]
                if saved.status != "open":
                    self._followed.append(saved.id)
                    self.carried = [a for a in self.carried if a.id != saved.id]
                self.show_carry_over()

        self.app.push_screen(FollowUpModal(action), answered)

    @property
    def _followed(self) -> list[str]:
        if not hasattr(self, "_followed_ids"):
            self._followed_ids: list[str] = []
        return self._followed_ids

    def chosen_framework(self) -> Framework:
        value = self.query_one("#deal-review-framework", Select).value
        fid = value if isinstance(value, str) else self.framework_id or FALLBACK_FRAMEWORK
        return self.session.content.frameworks[fid]

    def loss_choice(self) -> tuple[str, str]:
        radios = self.query("#deal-review-loss")
        if not radios:
            return "", ""
        pressed = radios.first(RadioSet).pressed_button
        loss = (pressed.id or "").removeprefix("loss-") if pressed else ""
        reason = self.query_one("#deal-review-reason", Input).value
        return loss, reason

    def target(self) -> DealReviewTarget:
        base = self.chosen_framework()
        framework = review_framework(base)
        facts = collect_facts(self.deals, self.deal_log)
        loss, reason = self.loss_choice()
        title = self.review_title()
        return DealReviewTarget(
            key=draft_key(self.deal_ids),
            framework=framework,
            title=LText.of(tr("复盘：{t}", "Review: {t}", t=title)),
            goal=facts.goal,
            result=facts.result,
            deal_ids=[d.id for d in self.deals],
            subject=self.subject,
            review_title=title,
            carried=[*self._followed, *(a.id for a in self.carried)],
            loss_type=loss,
            loss_reason=reason,
            prefilled=prefill(base, facts),
            base_framework_id=base.id,
        )

    def action_start(self) -> None:
        if not self.deals:
            self.notify(tr("没有可复盘的交易。", "No deals to review."), severity="warning")
            return
        self.app.push_screen(DealReviewPractice(self.target()), self._reviewed)

    def _reviewed(self, _result: object) -> None:
        """The review was submitted: its actions are the carry-over now (Esc from 复盘完成
        comes back here), and its deals may have a loss type they did not have."""
        self._load()
        self.refill()


@localised
class ReviewDoneScreen(CoachScreen):
    """A finished review: its score, the actions and lessons it made, cases to practise, exports."""

    HELP_ZH = (
        "## 复盘完成\n措施已加入措施跟踪，到期会提醒；经验会按间隔回到首页。\n\n"
        "- 下面的案例和你的原因相符：选中按 `enter` 开始练习。\n"
        "- `m` 导出 Markdown，`h` 导出 HTML（在档案文件夹的 exports 下），`a` 打开措施跟踪。"
    )
    HELP_EN = (
        "## Review done\nThe actions are tracked and come back when due; the lessons come back "
        "on Home on a spaced schedule.\n\n"
        "- The cases below match your causes: `enter` on one starts practising it.\n"
        "- `m` exports Markdown, `h` HTML (under exports/ in your profile folder), `a` opens "
        "Actions."
    )
    LOCAL_BINDINGS = [
        LB("m", "export('md')", "导出 MD", "Export MD", "review-done-md"),
        LB("h", "export('html')", "导出 HTML", "Export HTML", "review-done-html"),
        LB("a", "app.open_actions", "措施", "Actions", "review-done-actions"),
    ]

    def __init__(self, review_id: str) -> None:
        super().__init__()
        self.review_id = review_id

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="review-done-body"):
            yield Static(id="review-done-summary", markup=False)
            yield Static(tr("练习这些案例", "Practise these cases"), classes="section-title")
            yield OptionList(id="review-done-cases")
        yield Footer()

    def records(self):
        store = self.session.store
        assert store is not None
        review = store.reviews.get(self.review_id)
        assert review is not None
        actions = [a for a in (store.actions.get(i) for i in review.action_ids) if a]
        carried = [a for a in (store.actions.get(i) for i in review.extra.get("carried", [])) if a]
        deals = [d for d in (store.deals.get(i) for i in review.deal_ids) if d]
        return review, actions, carried, deals

    def on_mount(self) -> None:
        self.refill()

    def refill(self) -> None:
        from coach.deal_review.coaching import suggest_cases

        self.title = tr("复盘完成", "Review done")
        review, actions, _carried, _deals = self.records()
        lines = [tr("复盘：{t}", "Review: {t}", t=review.title)]
        if review.extra.get("score") is not None:
            lines.append(
                tr("复盘质量得分：{s}", "Review quality score: {s}", s=score_text(review.extra["score"]))
            )
        lines.append("")
        lines.append(tr("改进措施（{n}）：", "Actions ({n}):", n=len(actions)))
        lines += [
            f"  · {a.text} — {a.owner or '—'} — {tr('期限', 'due')} {a.due}" for a in actions
        ] or [tr("  （没有）", "  (none)")]
        lines.append(tr("经验（{n}），明天起回到首页：", "Lessons ({n}), back on Home from tomorrow:",
                        n=len(review.lessons)))  # fmt: skip
        lines += [f"  · {x}" for x in review.lessons] or [tr("  （没有）", "  (none)")]
        self.query_one("#review-done-summary", Static).update("\n".join(lines))
        texts = [
            c.text + " " + " ".join(c.whys) for cs in review.answers.causes.values() for c in cs
        ]
        texts += review.lessons
        found = suggest_cases(self.session.content, texts)
        options = self.query_one("#review-done-cases", OptionList)
        options.clear_options()
        if not found:
            options.add_option(
                Option(tr("没有相符的案例", "No matching case"), id="none", disabled=True)
            )
        for s in found:
            label = f"{s.case.title.get(self.lang)}  [{', '.join(s.matched[:4])}]"
            options.add_option(Option(label, id=s.case.id))
        options.focus()

    @on(OptionList.OptionSelected, "#review-done-cases")
    def _practise(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id and event.option.id != "none":
            self.coach.start_practice(event.option.id)

    def action_export(self, fmt: str) -> None:
        from coach import paths
        from coach.io.report import ReportError, write_review
        from coach.tui.exports import failure_text, hand_over

        store = self.session.store
        if store is None:
            return
        review, actions, carried, deals = self.records()
        framework = self.session.content.frameworks.get(review.framework_id)
        if framework is None:
            self.notify(tr("找不到复盘方法", "Framework not found"), severity="error")
            return
        folder = paths.exports_dir(store.path)
        stamp = (review.extra.get("finished") or "")[:10] or self.session.today().isoformat()
        path = folder / f"review-{stamp}-{review.id[:8]}.{fmt}"
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            write_review(path, review, framework, deals, actions, carried, self.lang)
        except (ReportError, OSError, StoreError) as exc:
            self.notify(failure_text(self.coach, exc), severity="error")
            return
        hand_over(self.coach, [path])
