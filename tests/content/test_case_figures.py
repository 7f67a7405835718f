"""Every figure a bundled case states about its exhibits, recomputed from the exhibit's cells.

``case_figures.yaml`` (beside this file) lists, per case and exhibit, each total, average, share,
multiple and growth rate the case's text states, and how to compute it from the exhibit: one of a
small fixed set of operations over named columns and rows. A figure passes when

- the computed value, rounded to ``digits`` decimals (half up; negative digits round to tens,
  hundreds …), equals ``value``;
- every quote in ``stated`` occurs, word for word, in its field of the case in its language, and
  contains ``value`` as a number written at the quote's own precision, its sign left to the words
  (下降15.1%, a 15.1% fall); ``scale`` converts units for a language, e.g. ``{en: 0.01}`` when the
  zh text counts in 万元 and the en text in millions;
- every stated ``cell`` (a total row, a share column) holds ``value``, at the cell's precision.

So a changed cell, a changed sentence or a changed check each fails until the other two agree.

Operations (``op``) and their operands (``of``, or ``num`` and ``den``)::

    sum          Σ of                     mean        Σ of ÷ rows
    count        rows of                  ratio       Σ num ÷ Σ den
    share        100 × Σ num ÷ Σ den      growth      100 × (Σ num ÷ Σ den − 1)
    difference   Σ num − Σ den

A share that was lost (59% of proposals did not close) is the growth from the whole to the part
(policies over proposals: −59%). The result is multiplied by ``factor`` (default 1): a number, or
``{figure: id}``, the unrounded value of another figure of the case (clients × the average amount).
An operand is a number (a figure the background gives, such as a target) or a selection of cells:

    column   the column, by its title in either language or by position; a list of columns
             adds them up row by row (the four product lines of a month)
    times    multiplied in, row by row: a column (clients × assets per client), {cell: [row,
             column]} (every row × one cell), {value: 0.45} (a rate), or a list of these
    rows     row labels (the first cell, in either language); or from / to: a range, inclusive
    except   row labels left out (a total row)
    where    {column: value}: only rows whose cell is that value
    average  true: the mean of the selected rows instead of their sum (a multiple of an average)
    exhibit  another exhibit of the same case (default: the check's)

Cells are read as written: ``62%`` is 0.62, ``1,200`` is 1200. Fields: ``title``, ``summary``,
``background``, ``teaching_note``, ``model_answer.<question>``, ``question.<id>`` (prompt and
hints), ``key_point.<id>`` (text, feedback and keywords), ``rubric.<id>`` (title and levels),
``exhibit.<id>`` (title, columns and note).
"""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
import yaml

from coach.content import load_content
from coach.domain.content import Case, Exhibit
from coach.domain.text import LText

REPO = Path(__file__).resolve().parents[2]
FIGURES = Path(__file__).with_name("case_figures.yaml")
LANGS = ("zh", "en")
OPS = ("sum", "mean", "count", "ratio", "share", "growth", "difference")
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
NUMBER = re.compile(r"[−-]?\d[\d,]*(?:\.\d+)?")


def load_figures(path: Path = FIGURES) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)


def bundled_cases(roots: list[Path] | None = None) -> dict[str, Case]:
    roots = roots or [REPO / "casebank", REPO / "curricula"]
    return load_content(roots, cache=False).cases


# -- reading an exhibit ---------------------------------------------------------------------------


def _texts(value) -> list[str]:
    if isinstance(value, LText):
        return value.all_texts()
    return [str(value)]


def _column(ex: Exhibit, name) -> int:
    if isinstance(name, int):
        return name
    for i, col in enumerate(ex.columns):
        if str(name) in col.all_texts():
            return i
    raise KeyError(f"{ex.id}: no column {name!r}")


def _is_label(row, label) -> bool:
    return str(label) in _texts(row[0])


def _row_index(ex: Exhibit, label) -> int:
    for i, row in enumerate(ex.rows):
        if _is_label(row, label):
            return i
    raise KeyError(f"{ex.id}: no row {label!r}")


def cell_number(value) -> tuple[float, bool]:
    """A cell as a number, and whether it was written as a percentage."""
    if isinstance(value, bool) or value is None or isinstance(value, LText):
        raise ValueError(f"not a number: {value!r}")
    if isinstance(value, (int, float)):
        return float(value), False
    text = str(value).strip().replace(",", "").replace("−", "-")
    if text.endswith("%"):
        return float(text[:-1]), True
    return float(text), False


def operand(ex: Exhibit, case: Case, spec) -> tuple[float, int]:
    """The sum of the selected cells, and how many rows were selected."""
    if isinstance(spec, (int, float)):
        return float(spec), 1
    if "exhibit" in spec:
        ex = next(e for e in case.exhibits if e.id == spec["exhibit"])
    rows = list(range(len(ex.rows)))
    if "rows" in spec:
        rows = [_row_index(ex, label) for label in spec["rows"]]
    if "from" in spec or "to" in spec:
        lo = _row_index(ex, spec["from"]) if "from" in spec else 0
        hi = _row_index(ex, spec["to"]) if "to" in spec else len(ex.rows) - 1
        rows = [i for i in rows if lo <= i <= hi]
    rows = [i for i in rows if not any(_is_label(ex.rows[i], x) for x in spec.get("except", ()))]
    for name, wanted in spec.get("where", {}).items():
        col = _column(ex, name)
        rows = [i for i in rows if str(wanted) in _texts(ex.rows[i][col])]
    if "column" not in spec:
        return float(len(rows)), len(rows)
    cols = [_column(ex, c) for c in _listed(spec["column"])]
    times = _listed(spec.get("times", []))
    total = 0.0
    for i in rows:
        value = sum(_fraction(ex.rows[i][c]) for c in cols)
        for t in times:
            value *= _multiplier(ex, t, ex.rows[i])
        total += value
    if spec.get("average"):
        return total / len(rows), len(rows)
    return total, len(rows)


def _listed(value) -> list:
    return value if isinstance(value, list) else [value]


def _multiplier(ex: Exhibit, spec, row) -> float:
    """A ``times`` entry: a column of the same row, {cell: [row, column]} or {value: number}."""
    if isinstance(spec, dict) and "value" in spec:
        return float(spec["value"])
    if isinstance(spec, dict):
        label, column = spec["cell"]
        return _fraction(ex.rows[_row_index(ex, label)][_column(ex, column)])
    return _fraction(row[_column(ex, spec)])


def _fraction(value) -> float:
    number, percent = cell_number(value)
    return number / 100 if percent else number


def compute(check: dict, ex: Exhibit, case: Case, figures: dict | None = None) -> float:
    """The figure from the cells; ``figures`` (the case's checks by exhibit) for a factor {figure: id}."""
    op = check["op"]
    if op not in OPS:
        raise ValueError(f"unknown op {op!r}; one of {', '.join(OPS)}")
    if op in ("sum", "mean", "count"):
        total, n = operand(ex, case, check["of"])
        result = {"sum": total, "mean": total / n, "count": float(n)}[op]
    else:
        num, _ = operand(ex, case, check["num"])
        den, _ = operand(ex, case, check["den"])
        if op == "difference":
            result = num - den
        elif op == "ratio":
            result = num / den
        elif op == "share":
            result = 100 * num / den
        else:
            result = 100 * (num / den - 1)
    factor = check.get("factor", 1)
    if isinstance(factor, dict):  # the unrounded value of another figure of the case
        ((other_ex, other),) = [
            (e, k) for e, ks in (figures or {}).items() for k in ks if k["id"] == factor["figure"]
        ]
        factor = compute(other, _exhibit(case, other_ex), case, figures)
    return result * factor


def rounded(value: float, digits: int) -> float:
    return float(Decimal(repr(value)).quantize(Decimal(1).scaleb(-digits), ROUND_HALF_UP))


# -- reading the text -----------------------------------------------------------------------------


def field_text(case: Case, field: str, lang: str) -> str:
    kind, _, key = field.partition(".")
    if kind in ("title", "summary", "background", "teaching_note"):
        return getattr(case, kind).get(lang)
    if kind == "model_answer":
        return case.model_answer[key].get(lang)
    if kind == "question":
        q = case.question(key)
        return "\n".join([q.prompt.get(lang), *(h.get(lang) for h in q.hints)])
    if kind == "key_point":
        kp = next(k for k in case.key_points if k.id == key)
        terms = [t for kw in kp.keywords for t in kw.terms]
        parts = [kp.text, kp.feedback_hit, kp.feedback_missed]
        return "\n".join([*(p.get(lang) for p in parts), *terms])
    if kind == "rubric":
        cr = next(c for c in case.rubric if c.id == key)
        return "\n".join([cr.title.get(lang), *(lv.text.get(lang) for lv in cr.levels)])
    if kind == "exhibit":
        ex = next(e for e in case.exhibits if e.id == key)
        return "\n".join(
            [ex.title.get(lang), *(c.get(lang) for c in ex.columns), ex.note.get(lang)]
        )
    raise KeyError(f"unknown field {field!r}")


def states(quote: str, value: float, signed: bool = False) -> bool:
    """``quote`` contains ``value`` written at the precision of its own digits (the sign, unless
    ``signed``, left to the words around it)."""
    for token in NUMBER.findall(quote):
        token = token.replace(",", "").replace("−", "-")
        decimals = len(token.partition(".")[2])
        number = float(token) if signed else abs(float(token))
        if abs(number - (value if signed else abs(value))) <= 0.5 * 10**-decimals + 1e-9:
            return True
    return False


def problems(check: dict, ex: Exhibit, case: Case, figures: dict | None = None) -> list[str]:
    """What is wrong with one figure: empty when the exhibit, the text and the check agree."""
    out = []
    value, digits = check["value"], check.get("digits", 0)
    got = compute(check, ex, case, figures)
    if rounded(got, digits) != value:
        out.append(
            f"computed {got:.6g}, rounded to {digits} digits {rounded(got, digits)}, states {value}"
        )
    if not check.get("stated"):
        out.append("no stated quote or cell")
    for stated in check.get("stated", ()):
        if "cell" in stated:
            where = next(e for e in case.exhibits if e.id == stated.get("exhibit", ex.id))
            row, col = stated["cell"]
            cell = where.rows[_row_index(where, row)][_column(where, col)]
            written = str(cell).replace("%", "") if isinstance(cell, str) else repr(cell)
            if not states(written, value, signed=True):
                out.append(f"cell {row}/{col} of {where.id} holds {cell}, not {value}")
            continue
        scale = {**check.get("scale", {}), **stated.get("scale", {})}
        for lang in LANGS:
            quote = stated[lang]
            text = field_text(case, stated["field"], lang)
            if quote not in text:
                out.append(f"{stated['field']} ({lang}) does not say {quote!r}")
            elif not states(quote, value * scale.get(lang, 1)):
                out.append(f"{quote!r} ({lang}) does not give {value * scale.get(lang, 1):g}")
    return out


def all_checks(figures: dict):
    for case_id, exhibits in figures.items():
        for exhibit_id, checks in exhibits.items():
            for check in checks:
                yield case_id, exhibit_id, check


FIGS = load_figures()
CASES = bundled_cases()


def _exhibit(case: Case, exhibit_id: str) -> Exhibit:
    return next(e for e in case.exhibits if e.id == exhibit_id)


@pytest.mark.parametrize(
    ("case_id", "exhibit_id", "check"),
    list(all_checks(FIGS)),
    ids=[f"{c}/{e}/{k['id']}" for c, e, k in all_checks(FIGS)],
)
def test_stated_figure_matches_its_exhibit(case_id, exhibit_id, check):
    case = CASES[case_id]
    assert problems(check, _exhibit(case, exhibit_id), case, FIGS[case_id]) == []


def test_every_bundled_case_has_its_figures_checked():
    assert set(FIGS) == set(CASES), "case_figures.yaml must list exactly the bundled cases"
    for case_id, exhibits in FIGS.items():
        known = {e.id for e in CASES[case_id].exhibits}
        assert set(exhibits) <= known, f"{case_id}: unknown exhibits {set(exhibits) - known}"
        ids = [k["id"] for checks in exhibits.values() for k in checks]
        assert ids and len(ids) == len(set(ids)), f"{case_id}: no checks, or a repeated id"


def test_operations_are_the_fixed_set():
    assert {k["op"] for _, _, k in all_checks(FIGS)} <= set(OPS)


# -- the check itself catches drift ---------------------------------------------------------------


@pytest.fixture(scope="module")
def changed_copy(tmp_path_factory) -> dict[str, Case]:
    """The bundled content with one cell changed: April 2025 wealth sales 6,500 → 7,300."""
    root = tmp_path_factory.mktemp("content")
    shutil.copytree(REPO / "casebank", root / "casebank")
    shutil.copytree(REPO / "curricula", root / "curricula")
    bank = root / "casebank" / "marketing.yaml"
    text = bank.read_text(encoding="utf-8")
    row = "- [2025-04, 6500, 1050, 300, 1900]"
    assert text.count(row) == 1
    bank.write_text(text.replace(row, "- [2025-04, 7300, 1050, 300, 1900]"), encoding="utf-8")
    return bundled_cases([root / "casebank", root / "curricula"])


def _check(case_id: str, exhibit_id: str, check_id: str) -> dict:
    return next(k for k in FIGS[case_id][exhibit_id] if k["id"] == check_id)


def test_a_changed_cell_fails_its_figures(changed_copy):
    case = changed_copy["marketing-seasonal-peaks"]
    ex = _exhibit(case, "monthly-sales")
    mean = _check("marketing-seasonal-peaks", "monthly-sales", "normal-month-mean")
    assert problems(mean, ex, case), "a changed cell must break the average it feeds"
    failing = [
        k["id"] for k in FIGS["marketing-seasonal-peaks"]["monthly-sales"] if problems(k, ex, case)
    ]
    assert "peak-jan-2025" in failing
    # figures that do not read the changed cell still agree
    assert not problems(
        _check("marketing-seasonal-peaks", "monthly-sales", "dec-2025-yoy"), ex, case
    )


def test_a_changed_sentence_fails_its_figure():
    case = CASES["marketing-seasonal-peaks"]
    ex = _exhibit(case, "monthly-sales")
    mean = _check("marketing-seasonal-peaks", "monthly-sales", "normal-month-mean")
    note = case.teaching_note.get("zh").replace("6,500万元", "6,375万元", 1)
    edited = replace(case, teaching_note=LText.of({**case.teaching_note.by_lang, "zh": note}))
    assert any("does not say" in p for p in problems(mean, ex, edited))
    # and a check whose value no longer matches what the quote says
    assert problems({**mean, "value": 6400}, ex, case)
