"""Issue 15: docs/content-format.md states the built-in frameworks' steps as they are, and why a
deal review shows one step more for GRAI, AAR and KPT."""

from __future__ import annotations

import re
from pathlib import Path

from coach.content.loader import load_content
from coach.deal_review.finish import EXTRA_LESSON_STEP, review_framework

DOC = Path(__file__).resolve().parents[2] / "docs" / "content-format.md"
_WORDS = {"three": 3, "four": 4, "five": 5, "six": 6}


def frameworks():
    return load_content().frameworks


def test_step_table_matches_the_bundled_frameworks():
    text = DOC.read_text(encoding="utf-8")
    for fid, fw in frameworks().items():
        row = re.search(rf"^\| `{re.escape(fid)}` [^|]*\| (.+) \|$", text, re.M)
        assert row, fid
        assert re.findall(r"`([^`]+)`", row[1]) == [s.id for s in fw.steps], fid


def test_step_counts_in_the_doc_are_the_real_ones_and_the_review_extra_is_explained():
    text = " ".join(DOC.read_text(encoding="utf-8").split())
    names = {"grai": "GRAI", "aar": "AAR", "kpt": "KPT", "five-step": "five-step"}
    for fid, fw in frameworks().items():
        said = re.search(rf"{re.escape(names[fid])} (?:has )?(three|four|five|six)\b", text)
        assert said and _WORDS[said[1]] == len(fw.steps), fid
    grai = review_framework(frameworks()["grai"])
    shown = len(grai.steps)
    assert grai.steps[-1].id == EXTRA_LESSON_STEP
    word = {v: k for k, v in _WORDS.items()}[shown]
    assert f"GRAI deal review shows {word} steps" in text
