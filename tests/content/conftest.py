"""Helpers for the content checker's tests: write YAML snippets, check them, compare diagnostics.

Diagnostics are compared as compiler lines ``path:line:col: severity: message``; an expected
line gives the exact position and severity and a fragment of the message.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Mapping
from pathlib import Path
from types import ModuleType

import pytest

from coach.content import load_content
from coach.content.diagnostics import Diagnostic

REPO = Path(__file__).resolve().parents[2]


def write_files(root: Path, files: Mapping[str, str | bytes]) -> None:
    for name, body in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(body, bytes):
            path.write_bytes(body)
        else:
            path.write_text(body, encoding="utf-8")


def check_folder(root: Path, **kwargs) -> list[Diagnostic]:
    """Every diagnostic of the files under ``root`` (built-in frameworks as context), no cache."""
    kwargs.setdefault("cache", False)
    return load_content([root], shown=[root], **kwargs).diagnostics


def matches(diag: Diagnostic, expected: str) -> bool:
    """``expected`` is ``path:line:col: severity: fragment-of-the-message``."""
    where, severity, fragment = _split(expected)
    return (
        f"{diag.path}:{diag.line}:{diag.col}" == where
        and diag.severity == severity
        and fragment in diag.message
    )


def _split(expected: str) -> tuple[str, str, str]:
    path, line, col, rest = expected.split(":", 3)
    severity, fragment = rest.strip().split(": ", 1)
    return f"{path}:{line}:{col}", severity, fragment


def assert_diagnostics(diags: list[Diagnostic], expected: list[str]) -> None:
    """One diagnostic per expected line, in order, and nothing else."""
    got = [str(d) for d in diags]
    assert len(diags) == len(expected), "\n".join(["got:", *got])
    for diag, exp in zip(diags, expected, strict=True):
        assert matches(diag, exp), f"expected {exp!r}\n got      {diag}\nall:\n" + "\n".join(got)


def edit(text: str, changes: Mapping[int, str | None]) -> str:
    """``text`` with whole lines replaced (1-based; None deletes, '\\n' inside adds lines)."""
    lines = text.splitlines()
    for number in sorted(changes, reverse=True):
        new = changes[number]
        lines[number - 1 : number] = [] if new is None else new.split("\n")
    return "\n".join(lines) + "\n"


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh working folder, so diagnostics name files as ``bank.yaml``."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def load_gen_bank() -> ModuleType:
    """bench/gen_bank.py, imported by path (bench is not an installed package)."""
    name = "bench_gen_bank"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, REPO / "bench" / "gen_bank.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
