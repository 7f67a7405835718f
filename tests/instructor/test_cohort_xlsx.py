"""The cohort report: an .xlsx in Chinese (a sheet title with "/"), titles Excel takes, and
every format written whole — a full disk leaves the earlier report as it was."""

from __future__ import annotations

import errno
import io
import json
import os
import pickle
import stat
import subprocess
import sys
import textwrap
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from coach.analysis.cohort import TABLE_TITLES, cohort_report
from coach.analysis.rescore import Rescorer
from coach.i18n import set_lang
from coach.io.cohort_export import ExportError, write_report
from coach.io.sheets import sheet_titles
from tests.drills.faults import read_only_disk, snapshot

from .conftest import GOOD, WEAK

FORMATS = ["r.xlsx", "r.html", "r.md", "r.csv"]


@pytest.fixture
def report(trainees):
    trainees.add("a", [trainees.attempt("mini-peaks", GOOD)])
    trainees.add("b", [trainees.attempt("mini-peaks", WEAK)])
    idx = trainees.index
    return cohort_report(
        trainees.handins, idx, rescorer=Rescorer(idx, use_cache=False), today=date(2026, 3, 10)
    )[2]


def test_a_chinese_xlsx_report_is_written_and_reads_back(report, tmp_path):
    set_lang("zh")
    (path,) = write_report(report, tmp_path / "班级.xlsx")
    book = load_workbook(path)
    assert book.sheetnames == sheet_titles(z for z, _ in TABLE_TITLES.values())
    assert "自评 - 自动 - 讲师评分差距" in book.sheetnames
    assert "学员" in [c.value for c in book["学员"][1]]  # column titles in Chinese too
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_control_characters_in_a_name_do_not_stop_the_xlsx(report, tmp_path):
    """A bundle edited by hand can carry any character; Excel cannot hold \\x00-\\x1f."""
    report.trainees.loc[0, "trainee"] = "王\x07小\x1b明"
    (path,) = write_report(report, tmp_path / "r.xlsx")
    cells = [c.value for row in load_workbook(path).worksheets[0].iter_rows() for c in row]
    assert "王小明" in cells


# -- titles ------------------------------------------------------------------------------------


def test_sheet_titles_follow_excels_rules() -> None:
    got = sheet_titles(
        [
            "自评 / 自动 / 讲师评分差距",
            "a[b]c:d*e?f\\g",
            "'quoted'",
            "History",
            "",
            "学" * 40,
            "学" * 40,
            "Trainees",
            "TRAINEES",
            "😀" * 20,
        ]
    )
    assert got[0] == "自评 - 自动 - 讲师评分差距"
    assert got[1] == "a-b-c-d-e-f-g"
    assert got[2] == "quoted"
    assert got[3].casefold() != "history" and got[3].startswith("History")
    assert got[4] == "Sheet5"
    assert got[5] == "学" * 31  # Chinese kept, cut at 31 characters
    assert got[6] == "学" * 27 + " (2)"
    assert got[7] == "Trainees" and got[8] == "TRAINEES (2)"  # Excel ignores case
    assert got[9] == "😀" * 15  # each is two of Excel's 31 units


@given(st.lists(st.text(max_size=40), max_size=12))
def test_any_titles_become_ones_excel_takes(wanted: list[str]) -> None:
    got = sheet_titles(wanted)
    assert len(got) == len(wanted)
    assert len({t.casefold() for t in got}) == len(got)
    book = Workbook()
    for title in got:
        assert 0 < len(title.encode("utf-16-le")) // 2 <= 31
        assert not set(title) & set("[]:*?/\\") and title[0] != "'" and title[-1] != "'"
        assert title.casefold() != "history"
        book.create_sheet(title)  # openpyxl's own checks
    book.save(io.BytesIO())


# -- a full disk -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", [*FORMATS, "r.parquet"])
def test_a_refused_write_leaves_the_earlier_report_as_it_was(report, tmp_path, monkeypatch, name):
    if name.endswith(".parquet"):
        pytest.importorskip("pyarrow", reason="the optional parquet extra is not installed")
    folder = tmp_path / "out"
    first = write_report(report, folder / name)
    before = snapshot(folder)
    report.trainees.loc[0, "trainee"] = "changed"
    with read_only_disk(monkeypatch, folder, code=errno.ENOSPC):
        with pytest.raises(ExportError) as caught:
            write_report(report, folder / name)
    message = str(caught.value)
    assert str(first[0]) in message and os.strerror(errno.ENOSPC) in message, message
    assert snapshot(folder) == before


FULL_DISK_CHILD = textwrap.dedent(
    """
    import json, pickle, resource, signal, sys
    from pathlib import Path
    from coach.io.cohort_export import ExportError, write_report
    report = pickle.loads(Path(sys.argv[1]).read_bytes())
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv[3]), resource.RLIM_INFINITY))
    try:
        write_report(report, Path(sys.argv[2]))
        print(json.dumps("written"))
    except ExportError as exc:
        print(json.dumps(str(exc)))
    """
)


@pytest.mark.parametrize("name", FORMATS)
def test_the_disk_filling_mid_write_leaves_the_earlier_report_whole(report, tmp_path, name):
    """The kernel refuses every byte past half the old report's size, for every writer
    (pandas, openpyxl, ours): the new report cannot be written; the old one is there, whole."""
    folder = tmp_path / "out"
    write_report(report, folder / name)
    before = snapshot(folder)
    room = len(before[name]) // 2
    report.trainees.loc[0, "trainee"] = "changed " * 500
    pickled = tmp_path / "report.pickle"
    pickled.write_bytes(pickle.dumps(report))
    done = subprocess.run(
        [sys.executable, "-c", FULL_DISK_CHILD, str(pickled), str(folder / name), str(room)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    outcome = json.loads(done.stdout.strip().splitlines()[-1])
    assert outcome != "written" and name in outcome, outcome
    assert snapshot(folder) == before
