"""Files that are not content at all: each is one clear error on that file, never a traceback,
and every other file is still checked."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from coach.cli import _load_commands, cli
from coach.content import load_content
from tests.content.conftest import assert_diagnostics, write_files
from tests.content.test_diagnostics import BANK, CUR

LOL = "kind: casebank\nbank: lol\ntitle: Lol\nl0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]\n" for n in range(1, 10)
) + "modules: *l9\n"  # fmt: skip


def fifty_mb(path: Path) -> None:
    """A 50 MB file that starts like content (a huge comment)."""
    with path.open("w", encoding="utf-8") as fh:
        fh.write("kind: casebank\nbank: big\n")
        line = "# " + "x" * 1022 + "\n"
        for _ in range(50 * 1024):
            fh.write(line)


HOSTILE: list[tuple[str, object, list[str]]] = [
    ("binary", bytes(range(256)) * 4, ["bad.yaml:1:1: error: this is a binary file"]),
    ("empty", b"", ["bad.yaml:1:1: error: file is empty"]),
    ("blank lines only", b"\n\n   \n", ["bad.yaml:1:1: error: file is empty"]),
    ("comments only", b"# nothing yet\n", ["bad.yaml:1:1: error: file holds no content"]),
    ("GBK, not UTF-8", "kind: casebank\nbank: 中文\n".encode("gbk"),
     ["bad.yaml:2:7: error: file is not UTF-8 (byte 21)"]),
    ("UTF-16", "kind: casebank\n".encode("utf-16"), ["bad.yaml:1:1: error: this is a binary file"]),
    ("50 MB", fifty_mb, ["bad.yaml:1:1: error: file too large (50.0 MB, limit 10 MB)"]),
    ("billion laughs", LOL.encode(),
     # the file is refused at its aliases, listed where each is used (20, then how many more)
     [*(f"bad.yaml:{5 + k // 9}:{10 + 5 * (k % 9)}: error: YAML alias *l{k // 9} of a list or "
        "mapping is not supported" for k in range(20)),
      "bad.yaml:14:10: error: 62 more aliases of lists or mappings not listed"]),
    ("alias of a mapping used twice",
     b"kind: casebank\nbank: al\ntitle: Al\nmodules:\n  - &m {id: am, title: Am}\n  - *m\n",
     ["bad.yaml:6:5: error: YAML alias *m of a list or mapping is not supported"]),
    ("an alias of a single value is fine",
     b"kind: casebank\nbank: &b al\ntitle: *b\nmodules: [{id: bm, title: *b}]\n", []),
    ("!!python/object/apply on a list",
     b"kind: casebank\nbank: t\ntitle: T\nmodules: !!python/object/apply:os.system [ls]\n",
     ["bad.yaml:4:10: error: YAML tag tag:yaml.org,2002:python/object/apply:os.system is not "
      "allowed"]),
    # printed on one line, the newline as \n (the CLI tests count the lines printed)
    ("a key with a newline forges no second line",
     b'kind: casebank\nbank: k\ntitle: K\nmodules: []\n"x\\nzz.yaml:1:1: error: forged": 1\n',
     ["bad.yaml:5:1: error: unknown key 'x"]),
    ("!!python/object tag on a value", b"kind: casebank\nbank: !!python/object:os.system x\ntitle: X\n",
     ["bad.yaml:2:7: error: YAML tag tag:yaml.org,2002:python/object:os.system is not allowed"]),
    ("!!python/object/apply at the top", b"!!python/object/apply:os.system [ls]\n",
     ["bad.yaml:1:1: error: the top of the file must be a mapping"]),
    ("!!python/name tag on a mapping", b"!!python/name:os.system {kind: casebank}\n",
     ["bad.yaml:1:1: error: YAML tag tag:yaml.org,2002:python/name:os.system is not allowed"]),
    ("two documents", b"kind: casebank\nbank: x\n---\nkind: casebank\n",
     ["bad.yaml:3:1: error: a file may hold only one YAML document"]),
    ("deep nesting", b"kind: casebank\nbank: deep\ntags: " + b"[" * 100_000 + b"]" * 100_000 + b"\n",
     ["bad.yaml:3:1006: error: YAML syntax error: exceeded maximum nesting depth"]),
    ("deep mappings", b"kind: casebank\nbank: deep\nx: " + b"{a: " * 50_000 + b"1" + b"}" * 50_000,
     ["bad.yaml:3:4000: error: YAML syntax error: exceeded maximum nesting depth"]),
    ("control character", b"kind: casebank\nbank: b\x07x\n",
     ["bad.yaml:2:8: error: YAML syntax error: character U+0007 is not allowed"]),
    ("unterminated quote", b"kind: casebank\nbank: 'x\n",
     ["bad.yaml:3:1: error: YAML syntax error: found unexpected end of stream"]),
]  # fmt: skip


def make(path: Path, body: object) -> None:
    if callable(body):
        body(path)
    else:
        path.write_bytes(body)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("body", "expected"), [r[1:] for r in HOSTILE], ids=[r[0] for r in HOSTILE]
)
def test_a_hostile_file_is_one_clear_error_and_the_rest_is_checked(in_tmp, body, expected):
    write_files(in_tmp, {"bank.yaml": BANK, "cur.yaml": CUR, "other.yaml": "kind: curriculm\n"})
    make(in_tmp / "bad.yaml", body)
    index = load_content([in_tmp], shown=[in_tmp], cache=False)
    assert_diagnostics(
        index.diagnostics,
        [*expected, "other.yaml:1:7: error: unknown kind 'curriculm'; did you mean 'curriculum'?"],
    )
    assert "c1" in index.cases and "course" in index.curricula


@pytest.fixture
def hostile_folder(in_tmp: Path) -> Path:
    """Every hostile file at once, beside a valid bank and a file with an ordinary error."""
    root = in_tmp / "content"
    root.mkdir()
    write_files(root, {"bank.yaml": BANK, "cur.yaml": CUR, "zz-other.yaml": "kind: curriculm\n"})
    for n, (_, body, _) in enumerate(HOSTILE):
        make(root / f"bad-{n:02d}.yaml", body)
    return root


def expected_lines(root: str) -> list[str]:
    lines = [
        exp.replace("bad.yaml", f"{root}/bad-{n:02d}.yaml")
        for n, (_, _, expected) in enumerate(HOSTILE)
        for exp in expected
    ]
    return [*lines, f"{root}/zz-other.yaml:1:7: error: unknown kind 'curriculm'"]


def test_cli_in_process_reports_each_hostile_file(hostile_folder):
    _load_commands()
    result = CliRunner().invoke(cli, ["check", "content"])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    out = [line for line in result.stdout.splitlines() if line]
    for exp, line in zip(expected_lines("content"), out, strict=True):
        where, _, fragment = exp.partition(": error: ")
        assert line.startswith(where + ": error: ") and fragment in line, (exp, line)


def test_cli_as_a_subprocess_never_shows_a_traceback(hostile_folder):
    env = {**os.environ, "PYTHONWARNINGS": "error::DeprecationWarning:coach"}
    proc = subprocess.run(
        [sys.executable, "-m", "coach", "check", "content"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=hostile_folder.parent,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout
    assert proc.stderr.strip().startswith(
        f"{len(expected_lines('content'))} error(s), 0 warning(s)"
    )
    assert len(proc.stdout.splitlines()) == len(expected_lines("content"))
