"""The benchmark harness: a benchmark that cannot run fails the command; a slow figure does not."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import types

import pytest

from bench import __main__ as harness
from bench.common import ROOT, peak_rss_mb, row


def _module(monkeypatch: pytest.MonkeyPatch, name: str, run) -> str:
    mod = types.ModuleType(f"bench.{name}")
    mod.run = run  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, f"bench.{name}", mod)
    return name


def _raise(quick: bool) -> list[dict]:
    raise RuntimeError("the benchmark broke")


@pytest.mark.parametrize(
    ("run", "status"),
    [
        (lambda quick: [row("fine", [0.1, 0.2], 1.0, [0.05], "floor")], 0),
        (lambda quick: [row("over target", [5.0] * 5, 1.0, [0.1], "floor")], 0),
        (_raise, 1),
        (lambda quick: [], 1),
        (lambda quick: [row("no timings", [], 1.0)], 1),
        (lambda quick: [row("nan", [float("nan")], 1.0)], 1),
        (lambda quick: [{"runs": [0.1]}], 1),
    ],
    ids=["fine", "over-target", "raises", "no-rows", "empty-runs", "nan", "no-figure"],
)
def test_exit_status(monkeypatch, capsys, run, status) -> None:
    name = _module(monkeypatch, "fake_under_test", run)
    assert harness.main(["--only", name]) == status
    out, err = capsys.readouterr()
    if status == 0:
        table = [line for line in out.splitlines() if line.startswith("|")]
        assert len(table) == 3, out  # header, rule, the one row
    else:
        assert f"failed to run: {name}" in err


def test_a_figure_over_target_is_named_on_a_full_run(monkeypatch, capsys) -> None:
    name = _module(
        monkeypatch, "fake_slow", lambda quick: [row("too slow", [2.0] * 5, 1.0, [1.0], "f")]
    )
    assert harness.main(["--only", name]) == 0
    out, err = capsys.readouterr()
    assert "| NO |" in out and "too slow" in err
    assert harness.main(["--only", name, "--quick"]) == 0
    out, err = capsys.readouterr()
    assert "NO" not in out and "too slow" not in err, "quick runs judge no target"


def test_a_listed_module_that_is_missing_fails() -> None:
    assert harness.main(["--only", "no_such_benchmark"]) == 1


def test_every_listed_module_exists_and_has_run() -> None:
    for name in harness.MODULES:
        spec = importlib.util.find_spec(f"bench.{name}")
        assert spec is not None, name
        mod = importlib.import_module(f"bench.{name}")
        assert callable(getattr(mod, "run", None)), name


def test_table_columns_line_up() -> None:
    cells = [harness.row_cells(row("a" * 70, [0.5], 1.0, [0.1], "b" * 40), False)[0]]
    lines = harness.table(cells)
    assert len({len(line) for line in lines}) == 1


def test_peak_memory_is_the_probe_s_own_not_its_parent_s() -> None:
    """A probe started from a bench process holding 200 MB reports its own few MB (ru_maxrss
    would report the parent's 200: a forked child inherits the high-water mark)."""
    held = b"x" * (200 * 2**20)  # touched pages: resident
    assert peak_rss_mb() >= 200
    code = "from bench.common import peak_rss_mb; print(peak_rss_mb())"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    assert float(out) < 100, out
    del held
