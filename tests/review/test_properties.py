"""Properties: any text is safe, the score stays in range, more right words never cost points,
and the order key points are written in does not matter."""

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.domain.records import Answers
from coach.review import review_answers
from tests.review.helpers import frameworks, kp, make_case

FW = frameworks()["five-step"]
#: Keywords that are no avoid phrase, no number and no negation, in both languages.
VOCAB = ["开门红", "客户分层", "年终奖", "资产配置", "双录", "定投", "kick-off", "segmentation",
         "bonus season", "asset allocation", "follow-up", "cross-selling"]  # fmt: skip
TEXT_SLOTS = ["q1", "q3", "q5"]

key_points = st.lists(
    st.tuples(st.lists(st.sampled_from(VOCAB), min_size=1, max_size=3, unique=True),
              st.sampled_from([None, *TEXT_SLOTS]), st.sampled_from([0.5, 1.0, 2.0])),
    min_size=1, max_size=6,
)  # fmt: skip
answers = st.dictionaries(
    st.sampled_from(["q1", "q2", "q3", "q4", "q5"]), st.text(max_size=300), max_size=5
)
SLOW = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def build(kps):
    return make_case(
        [kp(f"kp{i}", list(words), question=q, weight=w) for i, (words, q, w) in enumerate(kps)]
    )


@SLOW
@given(st.text(), st.text(alphabet=st.characters(), max_size=500))
def test_no_text_crashes_the_engine(a, b):
    fb = review_answers(
        build([(["开门红"], None, 1.0)]), FW, Answers(text={"q1": a, "q2": b, "q4": b})
    )
    assert 0.0 <= fb.score <= 100.0
    fb.to_data()


@SLOW
@given(key_points, answers)
def test_score_stays_within_bounds(kps, texts):
    fb = review_answers(build(kps), FW, Answers(text=texts))
    assert 0.0 <= fb.score <= 100.0


@SLOW
@given(key_points, answers, st.data())
def test_naming_an_uncovered_key_point_never_lowers_the_score(kps, texts, data):
    case = build(kps)
    before = review_answers(case, FW, Answers(text=dict(texts)))
    missed = [k for k in before.key_points if not k.hit]
    if not missed:
        return
    target = data.draw(st.sampled_from(missed))
    point = case.key_points[int(target.id[2:])]
    word = data.draw(st.sampled_from([t for kw in point.keywords for t in kw.terms]))
    slot = point.question or data.draw(st.sampled_from(TEXT_SLOTS))
    sentence = (f"\nWe reviewed how the {word} went and what we learned from it."
                if word.isascii() else f"\n我们在这次复盘中重点分析了{word}的做法和效果。")  # fmt: skip
    after_texts = dict(texts)
    after_texts[slot] = after_texts.get(slot, "") + sentence
    after = review_answers(case, FW, Answers(text=after_texts))
    assert after.score >= before.score
    assert next(k for k in after.key_points if k.id == target.id).status == "hit"


@SLOW
@given(key_points, answers, st.randoms())
def test_order_of_key_points_does_not_matter(kps, texts, rnd):
    case = build(kps)
    shuffled = list(case.key_points)
    rnd.shuffle(shuffled)
    rubric = tuple(replace(c, covers=tuple(reversed(c.covers))) for c in case.rubric)
    other = replace(case, key_points=tuple(shuffled), rubric=rubric)
    a = review_answers(case, FW, Answers(text=texts))
    b = review_answers(other, FW, Answers(text=texts))
    assert a.score == b.score
    assert {k.id: k.status for k in a.key_points} == {k.id: k.status for k in b.key_points}
