"""Trainees with attempts on the fixture bank, their hand-ins in a folder, and the content."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from coach.content import ContentIndex, load_content
from coach.domain.records import Answers, Attempt
from coach.store import open_store
from coach.store.handin import export_handin

FIXTURE_CONTENT = Path(__file__).resolve().parents[1] / "fixtures" / "content"

GOOD = {  # answers that hit both key points of mini-peaks
    "q1": "一月开门红是全年最高的高峰，十二月也有高峰。",
    "q2": "年终奖发放以后客户手里有闲钱，所以十二月和一月买得多。",
}
WEAK = {"q1": "三月和二月差不多。", "q2": "说不清楚。"}


@pytest.fixture
def index() -> ContentIndex:
    return load_content([FIXTURE_CONTENT], cache=False)


@pytest.fixture
def content_with_due(tmp_path: Path) -> Path:
    """The fixture bank with deadlines on the curriculum's modules."""
    folder = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, folder)
    cur = folder / "curriculum.yaml"
    text = cur.read_text(encoding="utf-8")
    text = text.replace(
        "  - module: mini-product\n", "  - module: mini-product\n    due: 2026-03-01\n"
    ).replace("  - module: mini-client\n", "  - module: mini-client\n    due: 2026-03-20\n")
    cur.write_text(text, encoding="utf-8")
    return folder


@dataclass
class Trainees:
    root: Path
    handins: Path
    index: ContentIndex

    def attempt(self, case_id: str, text: dict[str, str], **kw) -> Attempt:
        case = self.index.cases[case_id]
        base = dict(
            case_id=case_id,
            case_hash=case.content_hash,
            curriculum_id="mini-course",
            framework_id=self.index.framework_for(case).id,
            lang="zh",
            answers=Answers(text=dict(text)),
            submitted="2026-02-20T10:00:00",
            seconds=600.0,
        )
        base.update(kw)
        return Attempt(**base)

    def add(self, name: str, attempts: list[Attempt], *, file: str | None = None) -> Path:
        with open_store(self.root, name, daily_backup=False) as store:
            store.attempts.save_many(attempts)
            path = self.handins / (file or f"{name}.json")
            export_handin(store, path)
        return path

    def profile_id(self, name: str) -> str:
        with open_store(self.root, name, daily_backup=False) as store:
            return store.profile.id


@pytest.fixture
def trainees(tmp_path: Path, index: ContentIndex) -> Trainees:
    handins = tmp_path / "handins"
    handins.mkdir()
    return Trainees(tmp_path / "trainee-data", handins, index)


TraineesFactory = Callable[..., Trainees]
