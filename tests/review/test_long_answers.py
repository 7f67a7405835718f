"""Issue 14, item 12: scoring is linear in the answer's length, answers over MAX_ANSWER_CHARS are
refused with a clear message, and an invisible character inside a keyword does not hide it.

The timing tests compare the time for a text and for one four times as long (the best of a few
runs each, in CPU time of this process, so other processes on the machine weigh little): linear
work takes about 4×, work that grows with the square of the length 16×. No absolute times, so a
slow machine does not fail them.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from coach.content import load_content
from coach.domain.quantities import find_quantities
from coach.domain.records import ActionItem, Answers, Cause
from coach.i18n import set_lang
from coach.review import (
    MAX_ANSWER_CHARS,
    AnswerTooLong,
    LiveChecker,
    answer_chars,
    answer_size_problem,
    parse_answer_markdown,
    review_answers,
)
from coach.review.analyse import _Cover, _longest
from coach.review.matcher import Hit
from coach.review.normalize import normalize
from coach.review.structure import split_items
from coach.review.voice import _QUOTES_FORBIDDEN, MAX_FORBIDDEN_QUOTES, Voice
from tests.review.helpers import avoid, frameworks, kp, make_case

#: Linear work grows 4× for a text 4× as long, quadratic 16×; this sits well between.
RATIO_LIMIT = 8.0


def best_of(fn: Callable[[], object], runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return best


def growth(make: Callable[[int], Callable[[], object]], n: int) -> float:
    """Time for size 4n over time for size n (each prepared before it is timed)."""
    small, large = make(n), make(4 * n)
    small()  # warm caches (segmenter, compiled case) outside the timing
    return best_of(large) / best_of(small)


@pytest.fixture(scope="module")
def content():
    return load_content()


def _bundled_blob(index) -> str:
    return "\n".join(
        lt.get(lang)
        for lang in ("zh", "en")
        for _, case in sorted(index.cases.items())
        for lt in case.model_answer.values()
    )


def test_scoring_a_long_answer_grows_linearly(content):
    """Model answers of the bundled cases repeated into one answer: 4× the text, < 8× the time.
    (The quadratic parts of the old engine showed only past a million characters on such text —
    1 M 2.0 s, 4 M 23.5 s —; the tests below catch each of them on the text that shows it.)"""
    case = content.cases["client-cd-maturity-retention"]
    fw = content.framework_for(case)
    bank = content.bank_of(case)
    blob = _bundled_blob(content)
    first = case.questions[0].id

    def make(n: int):
        text = (blob * (n // len(blob) + 1))[:n]
        answers = Answers(text={first: text})
        return lambda: review_answers(
            case, fw, answers, today=case.as_of, extra_avoid=bank.avoid if bank else ()
        )

    assert growth(make, 100_000) < RATIO_LIMIT


def test_figures_of_a_long_text_grow_linearly():
    def make(n: int):
        text = ("目标1200万元，实际完成960万，差240万，达成率80%。" * (n // 30 + 1))[:n]
        return lambda: find_quantities(text)

    assert growth(make, 250_000) < RATIO_LIMIT


def test_many_prohibitions_in_one_long_sentence_grow_linearly():
    """No sentence end for the whole text: each prohibition walked back to its start."""

    def make(n: int):
        text = ("不许说保本但是要讲清风险" * (n // 12 + 1))[:n]
        return lambda: Voice(text)

    assert growth(make, 50_000) < RATIO_LIMIT


def test_a_long_run_of_quotations_grows_linearly():
    """ "保本" "保本" …: each quotation tried the whole rest of the run as a list that a 这类话不能说
    might follow (20× for 4× the text before the fix)."""

    def make(n: int):
        text = ('"保本"、"稳赚" ' * (n // 10 + 1))[:n]
        return lambda: Voice(text)

    assert growth(make, 20_000) < RATIO_LIMIT


def test_a_list_of_forbidden_quotations_is_read_up_to_its_limit():
    quotes = "、".join(f'"说法{i}"' for i in range(MAX_FORBIDDEN_QUOTES + 2))
    m = _QUOTES_FORBIDDEN.search(normalize(f"{quotes}这类表述一律不许用。"))
    assert m is not None and m.group(1).count('"') == 2 * MAX_FORBIDDEN_QUOTES
    assert m.group(1).startswith('"说法2"')
    m = _QUOTES_FORBIDDEN.search(normalize('"保本"、"稳赚"这类表述一律不许用。'))
    assert m is not None and m.group(1) == '"保本"、"稳赚"'


def test_prohibition_spans_reach_back_to_the_last_contrast_word():
    """The spans found once per text are the spans scanning each sentence found."""
    norm = normalize(
        "客户问收益，但是我们不许说保本；可是柜员说了稳赚。however we must not say guaranteed"
    )
    v = Voice(norm)
    spans = [norm[a:b] for a, b in v.prohibited]
    assert "我们不许说保本" in spans
    assert any(s.startswith(" we must not say guaranteed") for s in spans)


def test_many_nested_phrases_grow_linearly():
    """稳赚 inside 稳赚不赔, many times: the longer is kept, found in one sweep, not every pair."""

    def make(n: int):
        hits = []
        for i in range(n):
            at = 10 * i
            hits += [Hit(0, at, at + 4, "稳赚不赔"), Hit(1, at, at + 2, "稳赚")]
        return lambda: _longest(hits)

    assert growth(make, 20_000) < RATIO_LIMIT


def test_longest_keeps_equal_spans_and_drops_nested_ones():
    a, same, inner, later = (
        Hit(0, 0, 4, "稳赚不赔"),
        Hit(1, 0, 4, "稳赚不赔"),
        Hit(2, 1, 3, "赚不"),
        Hit(3, 3, 6, "赔本了"),
    )
    prefix = Hit(4, 0, 2, "稳赚")
    assert _longest([inner, a, prefix, same, later]) == [a, same, later]


def test_cover_answers_as_the_pairwise_check_did():
    spans = [(0, 10), (2, 4), (20, 25), (21, 30)]
    cover = _Cover(spans)
    for start in range(0, 32):
        assert cover.holds(start) == any(a <= start < b for a, b in spans)
        for end in range(start, 33):
            assert cover.covers(start, end) == any(a <= start and end <= b for a, b in spans)


def test_a_repeated_banned_phrase_with_its_allowed_form_grows_linearly():
    case = make_case(
        [kp("kp1", "客户分层")],
        avoid=[avoid("保本", 5, allow=["不保本"])],
    )
    fw = frameworks()["five-step"]

    def make(n: int):
        text = ("产品不保本，" * (n // 12) + "这款产品保本。" * (n // 14))[:n]
        return lambda: review_answers(case, fw, Answers(text={"q1": text}))

    assert growth(make, 40_000) < RATIO_LIMIT


def test_an_item_with_many_continuation_lines_grows_linearly():
    def make(n: int):
        text = "- 原因：名单准备晚了\n" + "  因为系统导出慢，数据要人工核对\n" * (n // 18)
        return lambda: split_items(text)

    assert growth(make, 200_000) < RATIO_LIMIT


def test_an_answer_file_item_with_many_continuation_lines_grows_linearly():
    case = make_case([kp("kp1", "客户分层")])
    fw = frameworks()["five-step"]

    def make(n: int):
        text = "## q2\n- 名单准备晚了\n" + "  因为系统导出慢，数据要人工核对\n" * (n // 18)
        return lambda: parse_answer_markdown(text, case, fw)

    assert growth(make, 200_000) < RATIO_LIMIT


def test_an_answer_file_item_keeps_its_continuation_lines():
    case = make_case([kp("kp1", "客户分层")])
    text = "## q2\n- 名单准备晚了\n  因为系统导出慢\n- 话术没统一"
    answers, problems = parse_answer_markdown(text, case, frameworks()["five-step"])
    assert problems == []
    assert [c.text for c in answers.causes["q2"]][1] == "话术没统一"
    first = answers.causes["q2"][0]
    assert "名单准备晚了" in first.text and "系统导出慢" in " ".join([first.text, *first.whys])


def test_continuation_lines_still_join_their_item():
    assert split_items("- 原因一\n  因为名单晚了\n- 原因二") == ["原因一 因为名单晚了", "原因二"]


# -- the size limit ----------------------------------------------------------------------------


def test_the_limit_is_far_beyond_any_real_answer(content):
    longest = max(
        sum(len(lt.get(lang)) for lt in case.model_answer.values())
        for case in content.cases.values()
        for lang in ("zh", "en")
    )
    assert 100 * longest <= MAX_ANSWER_CHARS


def test_answer_chars_counts_text_causes_and_actions():
    answers = Answers(
        text={"q1": "一二三", "q2": "abcd"},
        causes={"q2": [Cause(text="原因", whys=["因为", "所以呢"], evidence="数据")]},
        actions={"q4": [ActionItem(what="培训", owner="张", due="周五", measure="90%")]},
    )
    assert answer_chars(answers) == 3 + 4 + (2 + 2 + 3 + 2) + (2 + 1 + 2 + 3)


@pytest.mark.parametrize(
    ("lang", "words"), [("zh", ("字符", "上限", "1,000,000")), ("en", ("characters", "limit"))]
)
def test_an_answer_over_the_limit_is_refused_with_a_clear_message(lang, words):
    set_lang(lang)
    try:
        case = make_case([kp("kp1", "客户分层")])
        answers = Answers(text={"q1": "好" * MAX_ANSWER_CHARS, "q2": "多一个字"})
        with pytest.raises(AnswerTooLong) as err:
            review_answers(case, frameworks()["five-step"], answers)
        message = str(err.value)
        assert f"{MAX_ANSWER_CHARS + 4:,}" in message
        assert all(w in message for w in words)
        assert "Traceback" not in message
        assert err.value.chars == MAX_ANSWER_CHARS + 4
        assert answer_size_problem(answers) == message
    finally:
        set_lang("en")


def test_an_answer_at_the_limit_is_scored():
    case = make_case([kp("kp1", "客户分层")])
    answers = Answers(text={"q1": "我们做了客户分层。" + "好" * (MAX_ANSWER_CHARS - 9)})
    assert answer_size_problem(answers) is None
    fb = review_answers(case, frameworks()["five-step"], answers)
    assert fb.key_points[0].hit


def test_live_check_of_an_answer_over_the_limit_warns_instead_of_working():
    case = make_case([kp("kp1", "客户分层")])
    checker = LiveChecker(case, frameworks()["five-step"], "zh")
    answers = Answers(text={"q1": "客户分层" * (MAX_ANSWER_CHARS // 4 + 1)})
    found = checker.check_step("analyse", answers)
    assert found.key_points == [] and len(found.warnings) == 1
    assert str(MAX_ANSWER_CHARS // 1000) in found.warnings[0].replace(",", "")


# -- invisible characters ----------------------------------------------------------------------

INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]


@pytest.mark.parametrize("ch", INVISIBLE)
def test_an_invisible_character_inside_a_chinese_keyword_does_not_hide_it(ch):
    case = make_case([kp("kp1", "客户分层", question="q1")])
    answers = Answers(text={"q1": f"这次我们没做好客{ch}户分{ch}层，所以名单太散，转化率低。"})
    fb = review_answers(case, frameworks()["five-step"], answers)
    assert fb.key_points[0].hit, ch


@pytest.mark.parametrize("ch", INVISIBLE)
def test_an_invisible_character_inside_an_english_keyword_does_not_hide_it(ch):
    case = make_case([kp("kp1", "segmentation", question="q1")])
    answers = Answers(
        text={"q1": f"We never did client segmen{ch}tation, so the lists were too broad."}
    )
    fb = review_answers(case, frameworks()["five-step"], answers, lang="en")
    assert fb.key_points[0].hit, ch


@pytest.mark.parametrize("ch", INVISIBLE)
def test_an_invisible_character_inside_a_banned_phrase_does_not_hide_it(ch):
    case = make_case([kp("kp1", "客户分层")], avoid=[avoid("保本", 5)])
    answers = Answers(text={"q4": f"- 告诉客户这款产品保{ch}本 负责人：张经理；期限：下周五"})
    fb = review_answers(case, frameworks()["five-step"], answers)
    assert [h.phrase for h in fb.avoid_hits] == ["保本"], ch


def test_normalize_drops_invisible_characters_and_nothing_else():
    assert normalize("客\u200b户\ufeff分\u00ad层 guaran\u2060teed") == "客户分层 guaranteed"
    assert normalize("客户 分层") == "客户 分层"
