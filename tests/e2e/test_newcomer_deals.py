"""The deals half of a newcomer's first hour, scripted in a real terminal (issue 15's "Done when").

Launch → Deals (from the palette) → quick-add three deals → filter → review the lost one, step
by step, with an action and a lesson → Review done → export the review's report → Actions, in
both languages at 120×40 and 80×24, typing at tmux's speed (each line straight after the key
that opens its box, no pauses). Every screen on the way is checked with the first half's
``check_screen`` (no raw text, no cut-off footer) and for the raw text of the deal screens
below, and what was typed must come back: in the quick add's reading, the table, the review's
facts, Review done, the exported report and Actions.
"""

from __future__ import annotations

import re

import pytest

from .test_newcomer import _start, check_screen, settled

pytestmark = pytest.mark.tmux

#: Raw values or the other language's words a deal screen must never show (on top of RAW_*).
RAW_DEALS = {
    "zh": ("no_decision", "loss_type", "None", "nan", "Read as", "Won", "Lost", "Due ("),
    "en": ("no_decision", "loss_type", "None", "nan", "读作", "赢单", "丢单", "截止"),
}

#: (the line typed, what the quick add must read from it)
DEALS = {
    "zh": [
        ("王女士 增额终身寿险 50万 赢单 #开门红", ["客户:王女士", "产品:增额终身寿险", "标签:#开门红"]),
        ("李总 年金险 80万 输给平安 价格太高", ["竞争对手:平安", "丢单原因:价格太高"]),
        ("张先生 重疾险 3万 跟进中", ["客户:张先生", "金额:¥30,000"]),
    ],
    "en": [
        ("Mr Smith term life $1.2k won #q1", ["Client:MrSmith", "Product:termlife", "Tags:#q1"]),
        # the lower-case competitor of issue 15: one name, and the rest its reason
        ("Mr Li annuity 50k lost to ping an, price too high",
         ["Competitor:pingan", "Lossreason:pricetoohigh"]),
        ("Ms Wong pension plan $30k open", ["Client:MsWong", "Amount:$30,000"]),
    ],
}  # fmt: skip

WORDS = {
    "zh": {
        "home": "首页", "deals": "打开：成交记录", "palette": "成交记录", "empty": "还没有交易",
        "quick": "快速记录一笔交易", "read": "读作", "count": "3笔", "lost": "丢单",
        "review": "复盘：李总", "facts": ["竞争对手：平安", "记录的丢单原因：价格太高"],
        "step": "第1/5步", "submit": "提交这次练习", "done": "复盘完成", "exported": "已导出到",
        "actions": "措施跟踪",
    },
    "en": {
        "home": "Home", "deals": "Open:Deals", "palette": "Deals", "empty": "Nodealsyet",
        "quick": "Quickaddadeal", "read": "Readas", "count": "3deals", "lost": "lost",
        "review": "Review:MrLi", "facts": ["Competitors:pingan", "Lossreasonsonrecord:pricetoohigh"],
        "step": "Step1/5", "submit": "Submitthisattempt", "done": "Reviewdone",
        "exported": "Exportedto", "actions": "Filter:All",
    },
}  # fmt: skip

ANSWERS = {
    "zh": ["目标是八十万，三月底前签下。", "客户最后选了平安，我们的报价晚了一周。",
           "报价太慢，因为方案要等总部审批。"],
    "en": ["The goal was 50k signed by the end of March.",
           "The client chose ping an; our quote came a week late.",
           "We quoted too late because the plan waited for head office."],
}  # fmt: skip
#: The action row: what, owner, due, measure (Tab between them), and the lesson.
ACTION = {
    "zh": ("两天内发出报价", "小王", "下周五", "用时少于两天"),
    "en": ("Send every quote within two days", "Wei", "next Friday", "under 2 days"),
}
INSIGHT = {"zh": "报价要快，审批要提前。", "en": "Quote fast and get approval early."}
LESSON = {"zh": "报价前先确认审批时间。", "en": "Check the approval time before quoting."}


def _flat(screen: str) -> str:
    return screen.replace(" ", "").replace("\n", "")


def check(screen: str, lang: str, dialog: bool = False) -> None:
    """``check_screen``, the deal screens' raw text, and — on a screen, not a dialog — a footer
    at all (``check_screen`` takes a footer without f1 for a dialog's and does not look)."""
    check_screen(screen, lang)
    for raw in RAW_DEALS[lang]:  # a word, not a part of one ("nan" of "Jiangnan")
        assert not re.search(rf"(?<![A-Za-z]){re.escape(raw)}(?![A-Za-z])", screen), (
            f"{raw!r} on screen:\n{screen}"
        )
    if not dialog:
        footer = screen.splitlines()[-1] if screen.splitlines() else ""
        assert "f1" in footer, f"no footer, or its help key cut:\n{screen}"


def has(screen: str, *texts: str) -> None:
    flat = _flat(screen)
    for text in texts:
        assert text.replace(" ", "") in flat, f"{text!r} not on screen:\n{screen}"


@pytest.mark.parametrize(
    ("lang", "size"),
    [
        ("zh", (120, 40)),
        ("zh", (80, 24)),
        ("en", (120, 40)),
        ("en", (80, 24)),
    ],
    ids=["zh-120x40", "zh-80x24", "en-120x40", "en-80x24"],
)
def test_a_newcomer_logs_deals_reviews_one_and_follows_its_action(tmp_path, lang, size):
    w = WORDS[lang]
    term = _start(tmp_path, lang, size)
    try:
        check(settled(term, w["home"]), lang)
        term.send("C-p")
        term.type(w["palette"])
        term.wait_for(w["deals"])
        term.send("Enter")
        check(settled(term, w["empty"]), lang)

        for line, reading in DEALS[lang]:
            term.send("a")
            term.type(line)  # straight after the key that opens the box
            screen = settled(term, w["read"])
            check(screen, lang, dialog=True)
            has(screen, w["quick"], line, *reading)
            term.send("Enter")
            term.wait_absent(w["quick"])
        table = settled(term, w["count"])
        check(table, lang)
        has(table, *(line.split()[0] if lang == "zh" else " ".join(line.split()[:2])
                     for line, _ in DEALS[lang]))  # fmt: skip

        term.send("/")  # the filter, Enter back to the table and v: one burst
        term.type(w["lost"])
        term.send("Enter")
        term.send("v")
        review = settled(term, w["review"])
        check(review, lang)
        has(review, *w["facts"])

        term.send("C-s")
        check(settled(term, w["step"]), lang)
        for answer in ANSWERS[lang]:  # goal, result, causes: typed straight on after F8
            term.type(answer)
            term.send("F8")
        what, owner, due, measure = ACTION[lang]
        term.type(INSIGHT[lang])
        for text in (what, owner, due, measure):  # the action row, Tab from field to field,
            term.send("Tab")  # straight on after the insight: the row's fields were not yet
            term.type(text)  # built when a Tab arrived (key_order.mounted)
        screen = settled(term, measure)
        check(screen, lang)
        # a field narrower than its text shows its end, where the cursor is (English at 80)
        has(screen, what[-20:], owner, due, measure)
        term.send("F8")
        term.type(LESSON[lang])
        term.send("C-s")
        check(settled(term, w["submit"]), lang, dialog=True)
        term.send("Enter")
        done = settled(term, w["done"])
        check(done, lang)
        has(done, what, owner, LESSON[lang])

        term.send("h")  # the review's report, as HTML under exports/
        check(settled(term, w["exported"]), lang)
        (report,) = (tmp_path / "home").rglob("exports/review-*.html")
        html = report.read_text(encoding="utf-8")
        for text in (what, owner, measure, LESSON[lang], INSIGHT[lang], ANSWERS[lang][0]):
            assert text in html, f"{text!r} not in the report {report}"
        assert "ping an" in html if lang == "en" else "平安" in html

        term.send("a")
        actions = settled(term, w["actions"])
        check(actions, lang)
        has(actions, owner, measure)
        assert re.search(r"\d{4}-\d{2}-\d{2}", actions), actions
        has(actions, what[:12])  # the table may crop a long action; its start shows
        term.send("C-q")
        term.wait_gone()
    finally:
        term.kill()
