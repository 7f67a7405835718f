"""The content that ships with the app passes the checker with no error and no warning."""

from __future__ import annotations

from coach import paths
from coach.content import load_content


def test_bundled_content_is_present():
    names = [p.name for p in paths.bundled_content_dirs()]
    assert names == ["casebank", "curricula"], f"bundled folders missing: found {names}"
    for folder in paths.bundled_content_dirs():
        files = sorted(folder.rglob("*.yaml"))
        assert files, f"{folder} holds no .yaml files"


def test_bundled_content_has_no_error_and_no_warning():
    index = load_content(cache=False)
    assert [str(d) for d in index.diagnostics] == []
    assert index.curricula, "no curriculum loaded from curricula/"
    assert index.cases, "no case loaded from casebank/"
    for cur in index.curricula.values():
        missing = [ref.case for m in cur.modules for ref in m.cases if ref.case not in index.cases]
        assert missing == [], f"curriculum {cur.id} lists cases that do not load"


def test_every_bundled_case_is_bilingual():
    """Both interface languages get every text (a plain string counts for both)."""
    index = load_content(cache=False)
    for case in index.cases.values():
        for text in (case.title, case.summary, case.background, case.teaching_note):
            assert text.plain is not None or {"zh", "en"} <= text.langs(), case.id
