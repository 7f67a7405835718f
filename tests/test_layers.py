"""The architecture's layering: Textual only in coach/tui; pandas at module level only in
coach/analysis and coach/io (elsewhere it is imported lazily, inside the function that needs it)."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "coach"
MODULES = sorted(PKG.rglob("*.py"))


def module_name(path: Path) -> str:
    parts = path.relative_to(PKG.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_roots(tree: ast.AST, *, top_level_only: bool) -> set[str]:
    """Top-level package names imported; with ``top_level_only``, not those inside functions."""
    found: set[str] = set()

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            nested = in_function or isinstance(
                child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
            )
            counted = not (top_level_only and in_function)
            if isinstance(child, ast.Import) and counted:
                found.update(alias.name.split(".")[0] for alias in child.names)
            elif (
                isinstance(child, ast.ImportFrom) and child.level == 0 and child.module and counted
            ):
                found.add(child.module.split(".")[0])
            visit(child, nested)

    visit(tree, False)
    return found


def trees():
    for path in MODULES:
        yield path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def test_the_ast_check_sees_imports():
    """The checker itself must be able to fail: it finds the imports written in this very file."""
    here = ast.parse(Path(__file__).read_text(encoding="utf-8"))
    assert {"ast", "pytest", "subprocess"} <= imported_roots(here, top_level_only=True)
    inner = ast.parse("def f():\n    import pandas\n")
    assert imported_roots(inner, top_level_only=True) == set()
    assert imported_roots(inner, top_level_only=False) == {"pandas"}


def test_only_the_tui_imports_textual():
    offenders = [
        str(path.relative_to(PKG.parent))
        for path, tree in trees()
        if "textual" in imported_roots(tree, top_level_only=False)
        and path.relative_to(PKG).parts[0] != "tui"
    ]
    assert offenders == []


def test_pandas_at_module_level_only_in_analysis_and_io():
    offenders = [
        str(path.relative_to(PKG.parent))
        for path, tree in trees()
        if "pandas" in imported_roots(tree, top_level_only=True)
        and path.relative_to(PKG).parts[0] not in ("analysis", "io")
    ]
    assert offenders == []


CORE = ("coach.content", "coach.review", "coach.store", "coach.domain")


def core_modules() -> list[str]:
    names = [module_name(p) for p in MODULES]
    return [n for n in names if n.startswith(CORE) and not n.endswith("__main__")]


def test_core_modules_load_neither_textual_nor_pandas():
    modules = core_modules()
    if not modules:
        pytest.skip("no core modules yet")
    script = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(m for m in ('textual', 'pandas') if m in sys.modules)))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == []
    assert len(modules) > 4  # content and domain exist already; the check is not vacuous
