"""`coach score CASE_ID FILE` end to end, on a content folder written for the test."""

import json
import textwrap

import pytest
from click.testing import CliRunner

pytest.importorskip("coach.content", reason="coach.content (the loader) is not there yet")

from coach.cli import _load_commands, cli

BANK = textwrap.dedent(
    """\
    kind: casebank
    bank: t-bank
    title: {zh: 测试题库, en: Test bank}
    modules: [{id: t-mod, title: {zh: 模块, en: Module}}]
    cases:
      - id: t-score
        module: t-mod
        title: {zh: 测试, en: Test}
        summary: {zh: 测试, en: Test}
        background: {zh: 背景, en: Background}
        questions:
          - {id: q1, step: collect, prompt: {zh: 高峰在哪里？, en: Where are the peaks?}}
          - {id: q2, step: analyse, prompt: {zh: 为什么？, en: Why?}}
        key_points:
          - id: kp-peak
            text: {zh: 开门红, en: Kick-off}
            question: q1
            keywords: [[开门红, kick-off]]
            feedback: {hit: {zh: 对, en: right}, missed: {zh: 看一月, en: look at January}}
        rubric:
          - {id: c1, title: {zh: 内容, en: Content}, weight: 100, covers: [kp-peak]}
        teaching_note: {zh: 笔记, en: Note}
        model_answer: {q1: {zh: 一月开门红是高峰。, en: The January kick-off is the peak.}, q2: {zh: 因为奖金。, en: Bonuses.}}
    """
)


@pytest.fixture
def run(tmp_path, monkeypatch):
    (tmp_path / "bank.yaml").write_text(BANK, encoding="utf-8")
    monkeypatch.delenv("COACH_CONTENT", raising=False)
    _load_commands()

    def invoke(*args):
        return CliRunner().invoke(cli, ["--lang", "en", "--content", str(tmp_path), *args])

    return invoke, tmp_path


def test_scores_a_file_and_explains(run):
    invoke, tmp = run
    (tmp / "a.md").write_text(
        "# q1\n我们发现一月开门红是全年最大的高峰。数据来自分行月报和客户回访记录：一月销量1.2亿元，"
        "是平时的2.4倍，问题主要集中在高峰期的准备上，名单和额度都比去年晚了两周才到位。\n# q7\nx\n",
        encoding="utf-8",
    )
    result = invoke("score", "t-score", str(tmp / "a.md"), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["score"] == 100.0
    assert data["problems"][0].startswith('line 3: heading "q7" names no question')
    text = invoke("score", "t-score", str(tmp / "a.md"))
    assert "Score: 100 / 100" in text.stdout
    assert "✓ kp-peak" in text.stdout


def test_empty_file_scores_zero_and_unknown_case_is_one_line(run):
    invoke, tmp = run
    (tmp / "e.md").write_text("", encoding="utf-8")
    assert (
        json.loads(invoke("score", "t-score", str(tmp / "e.md"), "--format", "json").stdout)[
            "score"
        ]
        == 0.0
    )
    bad = invoke("score", "t-scor", str(tmp / "e.md"))
    assert bad.exit_code != 0
    assert 'no case with id "t-scor" (did you mean t-score?)' in bad.output
    assert "Traceback" not in bad.output
