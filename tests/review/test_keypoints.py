"""Key points: hits, misses, synonyms, negation, stuffing, full-width, Traditional, mixed text."""

import pytest

from coach.domain.records import Answers
from coach.review import review_answers
from coach.review.normalize import normalize
from tests.review.helpers import frameworks, kp, make_case

FW = frameworks()["five-step"]
CASE = make_case(
    [
        kp("peaks", ["开门红", "一月高峰", "kick-off", "January peak"], question="q1",
           hit="找准了高峰", missed="比较每年1月"),
        kp("segment", ["客户分层", "segmentation", "segment clients"]),
        kp("risk", ["零风险"]),
    ]
)  # fmt: skip


def status(text, qid="q1", lang="zh"):
    fb = review_answers(CASE, FW, Answers(text={qid: text}), lang=lang)
    return {k.id: k.status for k in fb.key_points}, fb


ROWS = [
    # text, question, expected statuses (peaks, segment, risk)
    ("我们发现一月开门红是全年最大的高峰。", "q1", ("hit", "missed", "missed")),
    ("我们发现一月高峰比平时高两倍。", "q1", ("hit", "missed", "missed")),  # synonym
    ("We found the January peak was twice a normal month.", "q1", ("hit", "missed", "missed")),
    ("The team ran a kick-off campaign in January.", "q1", ("hit", "missed", "missed")),
    (
        "我们发现一月开门红是全年最大的高峰。",
        "q3",
        ("hit", "missed", "missed"),
    ),  # under another question: a trainer reads the whole answer
    # in a step that analyses what happened, naming what was missing is the finding itself
    ("我们没有做开门红的准备工作。", "q1", ("hit", "missed", "missed")),
    ("我们未能及时启动开门红活动。", "q1", ("hit", "missed", "missed")),
    ("We did not plan the kick-off properly.", "q1", ("hit", "missed", "missed")),
    ("We failed to prepare for the January peak.", "q1", ("hit", "missed", "missed")),
    # in a lesson, a negated mention denies the point
    ("我们不需要做客户分层。", "q3", ("missed", "negated", "missed")),
    ("以后也没必要搞客户分层。", "q3", ("missed", "negated", "missed")),
    ("We will not segment clients next time.", "q3", ("missed", "negated", "missed")),
    ("下次不做客户分层了。", "q3", ("missed", "negated", "missed")),
    (
        "我们不仅做了开门红，还做了年终营销。",
        "q1",
        ("hit", "missed", "missed"),
    ),  # 不仅 is no negation
    (
        "没有问题，开门红做得很成功。",
        "q1",
        ("hit", "missed", "missed"),
    ),  # the comma ends the negation
    # 不够好 denies neither point (开门红 belongs to q1 and counts under q2 all the same)
    ("开门红做得不够好，但客户分层做得很扎实。", "q2", ("hit", "hit", "missed")),
    ("我们发现ＫＩＣＫ－ＯＦＦ阶段的客户最活跃。", "q1", ("hit", "missed", "missed")),  # full-width
    ("我們發現一月開門紅是全年最大的高峰。", "q1", ("hit", "missed", "missed")),  # Traditional
    ("我们在January peak期间做了客户segmentation分析。", "q1", ("hit", "hit", "missed")),  # mixed
    ("We segment clients by assets before every campaign.", "q2", ("missed", "hit", "missed")),
    ("We segmented clients by assets before every campaign.", "q2", ("missed", "hit", "missed")),
    ("We keep segmenting clients by assets each month.", "q2", ("missed", "hit", "missed")),
    (
        "The supersegmentation idea is nonsense.",
        "q2",
        ("missed", "missed", "missed"),
    ),  # word boundary
    ("开门红、客户分层", "q1", ("stuffed", "stuffed", "missed")),  # bare list
    ("开门红开门红开门红", "q1", ("stuffed", "missed", "missed")),  # repeated
    ("- 开门红\n- 客户分层", "q1", ("stuffed", "stuffed", "missed")),
    ("kick-off, segmentation", "q1", ("stuffed", "stuffed", "missed")),
]


@pytest.mark.parametrize(("text", "qid", "expected"), ROWS)
def test_key_point_status(text, qid, expected):
    got, _ = status(text, qid)
    assert (got["peaks"], got["segment"], got["risk"]) == expected


def test_hit_reports_the_words_and_where_and_the_hit_feedback():
    _, fb = status("我们发现一月开门红是全年最大的高峰。")
    peaks = fb.key_points[0]
    assert [m.matched for m in peaks.matches] == ["开门红"]
    assert peaks.matches[0].where.slot == "q1"
    assert "开门红" in peaks.matches[0].where.snippet
    assert peaks.feedback == "找准了高峰"


def test_miss_shows_the_hint_and_negation_says_mentioned_as_absent():
    _got, fb = status("以后没有必要做客户分层。", "q3", lang="en")
    peaks, segment = fb.key_points[0], fb.key_points[1]
    assert peaks.feedback == "比较每年1月"
    assert segment.note.startswith('Mentioned "客户分层" only as absent')
    assert segment.negated[0].negation == "没有"


def test_stuffing_is_named_with_its_reason():
    _, fb = status("开门红开门红开门红", lang="en")
    assert [(s.slot, s.terms) for s in fb.stuffing] == [("q1", ["开门红"])]
    assert (
        fb.stuffing[0].reason
        == "The same keyword repeated without a sentence around it earns nothing."
    )


def test_a_keyword_in_a_sentence_counts_even_when_also_listed_bare():
    got, _ = status("开门红\n我们发现一月开门红是全年最大的高峰。")
    assert got["peaks"] == "hit"


@pytest.mark.parametrize(
    ("raw", "norm"),
    [("零風險", "零风险"), ("ＡＢＣ１２３", "abc123"), ("Risk–Free", "risk-free"), ("can’t", "can't"),
     ("a\u3000\u3000b", "a b"), ("\ud800x\x00", "?x ")],
)  # fmt: skip
def test_normalize(raw, norm):
    assert normalize(raw) == norm
