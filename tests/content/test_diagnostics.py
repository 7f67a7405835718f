"""Every kind of problem `coach check` reports, each at its exact file, line and column.

Each row is a small content folder (a valid bank and curriculum with a few lines changed) and the
diagnostics it must give, as ``path:line:col: severity: message fragment``, nothing more.
"""

from __future__ import annotations

import pytest

from tests.content.conftest import assert_diagnostics, check_folder, edit, write_files

# A valid bank; the line numbers are those the rows below refer to.
BANK = """\
kind: casebank
bank: b
title: Bank
modules: [{id: m, title: Module}, {id: m2, title: Module two}]
cases:
  - id: c1
    module: m
    title: Case
    summary: Summary
    background: Background
    exhibits: [{id: e1, title: Sales, columns: [Month, Sales], rows: [[Jan, 1]]}]
    questions: [{id: q1, step: collect, prompt: Prompt}]
    key_points: [{id: k1, text: Point, keywords: [peak], question: q1}]
    avoid: [{phrase: 保本, penalty: 10, reason: Reason, allow: [不保本]}]
    must_say: [{id: ms1, phrases: [产品有风险], reason: Reason, question: q1}]
    rubric: [{id: r1, title: Analysis, weight: 1, covers: [k1, ms1, compliance]}]
    teaching_note: Note
    model_answer: {q1: Answer}
    difficulty: 2
    minutes: 30
"""

# A valid curriculum over BANK.
CUR = """\
kind: curriculum
id: course
title: Course
framework: five-step
pass_score: 70
modules:
  - module: m
    cases: [c1]
  - module: m2
    prerequisites: [m]
    cases: []
"""

# The case of BANK alone in a second file of the same bank (lines 6-20 become 4-18).
MORE = "kind: casebank\nbank: b\ncases:\n" + "".join(BANK.splitlines(True)[5:])

# A bilingual bank: every text has zh and en, except where a row takes one away.
BILINGUAL = """\
kind: casebank
bank: bi
title: {zh: 题库, en: Bank}
modules: [{id: bm, title: {zh: 模块, en: Module}}]
cases:
  - id: bc1
    module: bm
    title: {zh: 案例, en: Case}
    summary: {zh: 摘要, en: Summary}
    background: {zh: 背景, en: Background}
    questions: [{id: q1, step: collect, prompt: {zh: 问题, en: Question}}]
    key_points: [{id: k1, text: {zh: 要点, en: Point}, keywords: [高峰, peak]}]
    rubric: [{id: r1, title: {zh: 分析, en: Analysis}, weight: 1, covers: [k1]}]
    teaching_note: {zh: 说明, en: Note}
    model_answer: {q1: {zh: 答案, en: Answer}}
"""


def bank(changes: dict[int, str | None], *, with_curriculum: bool = True) -> dict[str, str]:
    files = {"bank.yaml": edit(BANK, changes)}
    return {**files, "cur.yaml": CUR} if with_curriculum else files


def cur(changes: dict[int, str | None]) -> dict[str, str]:
    return {"bank.yaml": BANK, "cur.yaml": edit(CUR, changes)}


ROWS: list[tuple[str, dict[str, str], list[str]]] = [
    # -- YAML syntax ----------------------------------------------------------------------------
    ("syntax: colon in plain text", bank({9: "    summary: a: b"}, with_curriculum=False),
     ["bank.yaml:9:15: error: YAML syntax error: mapping values are not allowed"]),
    ("syntax: unclosed flow list", bank({19: "    difficulty: [2"}, with_curriculum=False),
     ["bank.yaml:20:12: error: YAML syntax error: did not find expected ',' or ']'"]),
    ("syntax: tab indentation", bank({20: "\tminutes: 30"}, with_curriculum=False),
     ["bank.yaml:20:1: error: YAML syntax error"]),
    # -- missing required fields ------------------------------------------------------------------
    ("missing summary", bank({9: None}),
     ["bank.yaml:6:5: error: missing required field 'summary'"]),
    ("missing two fields: both reported", bank({17: None, 18: None}),
     ["bank.yaml:6:5: error: missing required field 'model_answer'",
      "bank.yaml:6:5: error: missing required field 'teaching_note'"]),
    ("missing bank id", bank({2: None}, with_curriculum=False),
     ["bank.yaml:1:1: error: missing required field 'bank'"]),
    ("missing step of a question", bank({12: "    questions: [{id: q1, prompt: Prompt}]"}),
     ["bank.yaml:12:17: error: missing required field 'step'"]),
    ("missing kind", bank({1: None}, with_curriculum=False),
     ["bank.yaml:1:1: error: missing kind"]),
    ("curriculum without modules", cur({6: None, 7: None, 8: None, 9: None, 10: None, 11: None}),
     ["cur.yaml:1:1: error: missing required field 'modules'"]),
    # -- wrong types ------------------------------------------------------------------------------
    ("difficulty as text", bank({19: "    difficulty: hard"}),
     ["bank.yaml:19:17: error: expected a whole number, found text"]),
    ("questions not a list", bank({12: "    questions: q1"}),
     ["bank.yaml:12:16: error: expected a list, found text",
      "bank.yaml:13:68: error: no question with id 'q1'",
      "bank.yaml:15:70: error: no question with id 'q1'",
      "bank.yaml:18:20: error: unknown key 'q1' (model answer)"]),
    ("title as a list", bank({8: "    title: [Case]"}),
     ["bank.yaml:8:12: error: expected a single value, found a list"]),
    ("hints_in_practice not a boolean", bank({20: "    minutes: 30\n    hints_in_practice: sometimes"}),
     ["bank.yaml:21:24: error: expected true or false, found text"]),
    ("weight as text", bank({16: "    rubric: [{id: r1, title: Analysis, weight: heavy, covers: [k1, ms1]}]"}),
     ["bank.yaml:16:48: error: expected a number, found text"]),
    ("pass score as a mapping", cur({5: "pass_score: {min: 70}"}),
     ["cur.yaml:5:13: error: expected a single value, found a mapping"]),
    ("id with a space", bank({6: "  - id: c 1"}, with_curriculum=False),
     ["bank.yaml:6:9: error: id 'c 1' may contain only letters, digits"]),
    ("explicit tag that lies", bank({19: "    difficulty: !!int two"}),
     ["bank.yaml:19:17: error: 'two' is not a valid !!int"]),
    ("the top of a file is a list", {"bank.yaml": "- kind: casebank\n"},
     ["bank.yaml:1:1: error: the top of the file must be a mapping"]),
    # -- unknown keys -----------------------------------------------------------------------------
    ("unknown case key, did you mean", bank({9: "    sumary: Summary"}),
     ["bank.yaml:6:5: error: missing required field 'summary'",
      "bank.yaml:9:5: error: unknown key 'sumary' (case); did you mean 'summary'?"]),
    ("unknown key without a near match", bank({20: "    minutes: 30\n    colour: red"}),
     ["bank.yaml:21:5: error: unknown key 'colour' (case); known keys: id, module"]),
    ("unknown kind, did you mean", bank({1: "kind: casebnk"}, with_curriculum=False),
     ["bank.yaml:1:7: error: unknown kind 'casebnk'; did you mean 'casebank'?"]),
    ("unknown key in a curriculum module", cur({8: "    cases: [c1]\n    prerequisite: [m]"}),
     ["cur.yaml:9:5: error: unknown key 'prerequisite' (curriculum module); did you mean 'prerequisites'?"]),
    ("duplicate key", bank({10: "    background: Background\n    title: Again"}),
     ["bank.yaml:11:5: error: duplicate key 'title'"]),
    # -- duplicate ids ----------------------------------------------------------------------------
    ("duplicate case id across files", {"bank.yaml": BANK, "more.yaml": MORE},
     ["more.yaml:4:9: error: duplicate id 'c1' (first defined at bank.yaml:6)"]),
    ("duplicate module id across files",
     {"bank.yaml": BANK, "more.yaml": "kind: casebank\nbank: b2\ntitle: B2\nmodules:\n  - {id: m, title: Again}\n"},
     ["more.yaml:5:10: error: duplicate id 'm' (first defined at bank.yaml:4)"]),
    ("duplicate curriculum id across files", {"bank.yaml": BANK, "cur.yaml": CUR, "cur2.yaml": CUR},
     ["cur2.yaml:2:5: error: duplicate id 'course' (first defined at cur.yaml:2)"]),
    ("duplicate question id in a case",
     bank({12: "    questions: [{id: q1, step: collect, prompt: P}, {id: q1, step: track, prompt: P}]"}),
     ["bank.yaml:12:53: error: duplicate question id 'q1'"]),
    # -- broken references ------------------------------------------------------------------------
    ("curriculum -> module", cur({9: "  - module: m3"}),
     ["cur.yaml:9:13: error: no module with id 'm3'; did you mean"]),
    ("curriculum -> case", cur({8: "    cases: [c2]"}),
     ["cur.yaml:8:13: error: no case with id 'c2'"]),
    ("curriculum -> case, in the mapping form", cur({8: "    cases: [{case: c2, time_limit: 40}]"}),
     ["cur.yaml:8:20: error: no case with id 'c2'"]),
    ("curriculum -> case of another module (warning)", cur({8: "    cases: []", 11: "    cases: [c1]"}),
     ["cur.yaml:11:13: warning: case 'c1' belongs to module 'm' but is listed under module 'm2'"]),
    ("curriculum -> framework", cur({4: "framework: five-stpe"}),
     ["cur.yaml:4:12: error: no framework with id 'five-stpe'; did you mean 'five-step'?"]),
    ("case -> module", bank({7: "    module: mm"}),
     ["bank.yaml:7:13: error: no module with id 'mm'",
      "cur.yaml:8:13: warning: case 'c1' belongs to module 'mm' but is listed under module 'm'"]),
    ("case -> framework", bank({20: "    minutes: 30\n    framework: gria"}),
     ["bank.yaml:21:16: error: no framework with id 'gria'; did you mean 'grai'?"]),
    ("question -> step of the default framework", bank({12: "    questions: [{id: q1, step: colect, prompt: Prompt}]"}),
     ["bank.yaml:12:32: error: framework 'five-step' has no step 'colect'"]),
    ("question -> a misspelt step: did you mean", bank({12: "    questions: [{id: q1, step: colect, prompt: Prompt}]"}),
     ["bank.yaml:12:32: error: has no step 'colect' (steps: collect, analyse, lessons, improve, track); did you mean 'collect'?"]),
    ("question -> a misspelt step of GRAI", bank({12: "    questions: [{id: q1, step: analyze, prompt: Prompt}]",
                                                  20: "    minutes: 30\n    framework: grai"}),
     ["bank.yaml:12:32: error: framework 'grai' has no step 'analyze' (steps: goal, result, analyse, insight); did you mean 'analyse'?"]),
    ("question -> step of the case's framework", bank({20: "    minutes: 30\n    framework: grai"}),
     ["bank.yaml:12:32: error: framework 'grai' has no step 'collect' (steps: goal, result, analyse, insight)"]),
    ("question -> step of the curriculum's framework", cur({4: "framework: kpt"}),
     ["bank.yaml:12:32: error: framework 'kpt' has no step 'collect'"]),
    ("key point -> question", bank({13: "    key_points: [{id: k1, text: Point, keywords: [peak], question: q2}]"}),
     ["bank.yaml:13:68: error: no question with id 'q2'"]),
    ("rubric -> key point", bank({16: "    rubric: [{id: r1, title: Analysis, weight: 1, covers: [k2, ms1]}]"}),
     ["bank.yaml:13:18: warning: key point 'k1' is not covered by any rubric criterion",
      "bank.yaml:16:60: error: criterion covers unknown 'k2'"]),
    ("rubric -> built-in check", bank({16: "    rubric: [{id: r1, title: Analysis, weight: 1, covers: [k1, smart-action]}]"}),
     ["bank.yaml:16:64: error: criterion covers unknown 'smart-action'"]),
    ("rubric -> a misspelt built-in check: did you mean", bank({16: "    rubric: [{id: r1, title: Analysis, weight: 1, covers: [k1, smart-action]}]"}),
     ["bank.yaml:16:64: error: ); did you mean 'smart-actions'?"]),
    ("rubric -> a misspelt must-say: did you mean", bank({16: "    rubric: [{id: r1, title: Analysis, weight: 1, covers: [k1, ms-1]}]"}),
     ["bank.yaml:16:64: error: ); did you mean 'ms1'?"]),
    ("must_say -> question", bank({15: "    must_say: [{id: ms1, phrases: [产品有风险], reason: Reason, question: q9}]"}),
     ["bank.yaml:15:70: error: no question with id 'q9'"]),
    ("model answer for an unknown question", bank({18: "    model_answer: {q1: Answer, q2: More}"}),
     ["bank.yaml:18:32: error: unknown key 'q2' (model answer); known keys: q1"]),
    # -- key points, avoid, exhibits ---------------------------------------------------------------
    ("key point without keywords", bank({13: "    key_points: [{id: k1, text: Point, keywords: [], question: q1}]"}),
     ["bank.yaml:13:50: error: key point has no keywords"]),
    ("key point with an empty synonym list", bank({13: "    key_points: [{id: k1, text: Point, keywords: [peak, []], question: q1}]"}),
     ["bank.yaml:13:57: error: empty synonym list"]),
    ("allow wording without the phrase", bank({14: "    avoid: [{phrase: 保本, penalty: 10, reason: Reason, allow: [不保本, 保险]}]"}),
     ["bank.yaml:14:68: error: allowed wording '保险' does not contain the phrase '保本'"]),
    ("exhibit row longer than the columns", bank({11: "    exhibits:\n"
                                                      "      - id: e1\n"
                                                      "        title: Sales\n"
                                                      "        columns: [Month, Sales]\n"
                                                      "        rows:\n"
                                                      "          - [Jan, 1]\n"
                                                      "          - [Feb, 2, 3]"}),
     ["bank.yaml:17:13: error: this row has 3 cells but there are 2 columns"]),
    ("exhibit row shorter than the columns", bank({11: "    exhibits: [{id: e1, title: Sales, columns: [Month, Sales], rows: [[Jan]]}]"}),
     ["bank.yaml:11:71: error: this row has 1 cells but there are 2 columns"]),
    ("chart column that does not exist", bank({11: "    exhibits:\n"
                                                   "      - id: e1\n"
                                                   "        title: Sales\n"
                                                   "        columns: [Month, Sales]\n"
                                                   "        rows: [[Jan, 1]]\n"
                                                   "        chart: {type: line, x: Month, y: [Salse]}"}),
     ["bank.yaml:16:43: error: no column named 'Salse'; did you mean 'Sales'?"]),
    ("chart column by a position out of range", bank({11: "    exhibits:\n"
                                                          "      - id: e1\n"
                                                          "        title: Sales\n"
                                                          "        columns: [Month, Sales]\n"
                                                          "        rows: [[Jan, 1]]\n"
                                                          "        chart: {type: pie, x: 5, y: 1}"}),
     ["bank.yaml:16:23: error: chart type must be line or bar",
      "bank.yaml:16:31: error: no column named '5'"]),
    # -- texts ------------------------------------------------------------------------------------
    ("empty text", bank({8: "    title: ''"}),
     ["bank.yaml:8:12: error: text must not be empty"]),
    ("empty text in one language", bank({8: "    title: {zh: '   ', en: Case}"}),
     ["bank.yaml:8:17: error: text must not be empty"]),
    ("localised text with no language", bank({8: "    title: {}"}),
     ["bank.yaml:8:12: error: localised text needs zh or en"]),
    ("unknown language", bank({8: "    title: {zh: 案例, fr: Cas}"}),
     ["bank.yaml:8:21: error: unknown key 'fr' (localised text)"]),
    ("a language missing where the bank has it (warning)",
     {"bi.yaml": edit(BILINGUAL, {9: "    summary: {zh: 摘要}"})},
     ["bi.yaml:9:14: warning: this text has no 'en' version"]),
    ("a bilingual bank with every language is clean", {"bi.yaml": BILINGUAL}, []),
    # -- prerequisites ----------------------------------------------------------------------------
    ("prerequisite listed after", cur({7: "  - module: m\n    prerequisites: [m2]"}),
     ["cur.yaml:8:21: error: prerequisite 'm2' must be a module of this curriculum listed before this one"]),
    ("prerequisite not in the curriculum", cur({10: "    prerequisites: [m, mx]"}),
     ["cur.yaml:10:24: error: prerequisite 'mx' must be a module of this curriculum"]),
    ("prerequisite misspelt: did you mean", cur({10: "    prerequisites: [mm]"}),
     ["cur.yaml:10:21: error: prerequisite 'mm' must be a module of this curriculum listed before this one; did you mean 'm'?"]),
    ("module listed twice", cur({11: "    cases: []\n  - module: m\n    cases: []"}),
     ["cur.yaml:12:5: error: module 'm' appears twice"]),
    # -- ranges -----------------------------------------------------------------------------------
    ("difficulty above 5", bank({19: "    difficulty: 9"}),
     ["bank.yaml:19:17: error: 9 is out of range 1–5"]),
    ("minutes zero", bank({20: "    minutes: 0"}),
     ["bank.yaml:20:14: error: 0 is out of range 1–600"]),
    ("pass score above 100", cur({5: "pass_score: 120"}),
     ["cur.yaml:5:13: error: 120.0 is out of range 0–100"]),
    ("penalty below 0", bank({14: "    avoid: [{phrase: 保本, penalty: -5, reason: Reason, allow: [不保本]}]"}),
     ["bank.yaml:14:35: error: -5.0 is out of range 0–100"]),
    ("key point weight zero", bank({13: "    key_points: [{id: k1, text: Point, keywords: [peak], question: q1, weight: 0}]"}),
     ["bank.yaml:13:80: error: 0.0 is out of range 0.0001–1000"]),
    ("level score above 1", bank({16: "    rubric: [{id: r1, title: A, weight: 1, covers: [k1, ms1], levels: [{score: 2, text: Top}]}]"}),
     ["bank.yaml:16:80: error: 2.0 is out of range 0–1"]),
    ("time limit zero", cur({8: "    cases: [{case: c1, time_limit: 0}]"}),
     ["cur.yaml:8:36: error: 0 is out of range 1–600"]),
    ("not a number at all", bank({19: "    difficulty: .nan"}),
     ["bank.yaml:19:17: error: expected a whole number, found a number"]),
    # -- the valid content itself -----------------------------------------------------------------
    ("the valid bank and curriculum are clean", {"bank.yaml": BANK, "cur.yaml": CUR}, []),
    # -- keywords that can never match; the case's own date (issue 13) ---------------------------
    ("a negated keyword in a plan step", bank({12: "    questions: [{id: q1, step: improve, prompt: Prompt}]",
                                               13: "    key_points: [{id: k1, text: Point, keywords: [没有交接], question: q1}]"}),
     ["bank.yaml:13:50: warning: key point 'k1': keyword '没有交接' is itself a negation"]),
    ("a negated keyword in an analysis step is the finding",
     bank({13: "    key_points: [{id: k1, text: Point, keywords: [没有交接, no handover], question: q1}]"}), []),
    ("as_of is a date", bank({19: "    as_of: 2025-06-30"}), []),
    ("as_of that is no date", bank({19: "    as_of: 2025-13-40"}),
     ["bank.yaml:19:12: error: as_of must be a date such as 2025-06-30 (got \"2025-13-40\")"]),
]  # fmt: skip


@pytest.mark.parametrize(("files", "expected"), [r[1:] for r in ROWS], ids=[r[0] for r in ROWS])
def test_each_problem_at_its_line_and_column(in_tmp, files, expected):
    write_files(in_tmp, files)
    assert_diagnostics(check_folder(in_tmp), expected)


def test_every_problem_in_one_run_not_just_the_first(in_tmp):
    """Problems of different kinds in different files are all reported together."""
    write_files(
        in_tmp,
        {
            "bank.yaml": edit(
                BANK, {8: "    title: ''", 19: "    difficulty: 9", 9: "    sumary: S"}
            ),
            "cur.yaml": edit(CUR, {4: "framework: nope", 8: "    cases: [c2]"}),
            "broken.yaml": "kind: casebank\nbank: [\n",
        },
    )
    diags = check_folder(in_tmp)
    assert {(d.path, d.line) for d in diags} >= {
        ("bank.yaml", 6), ("bank.yaml", 8), ("bank.yaml", 9), ("bank.yaml", 19),
        ("cur.yaml", 4), ("cur.yaml", 8), ("broken.yaml", 3),
    }  # fmt: skip
    assert diags == sorted(diags, key=lambda d: (d.path, d.line, d.col))


def test_messages_in_chinese(in_tmp):
    from coach import i18n

    write_files(in_tmp, bank({9: "    sumary: Summary"}))
    i18n.set_lang("zh")
    diags = check_folder(in_tmp)
    assert_diagnostics(
        diags,
        [
            "bank.yaml:6:5: error: 缺少必填字段 'summary'",
            "bank.yaml:9:5: error: 你是不是想写 'summary'？",
        ],
    )
