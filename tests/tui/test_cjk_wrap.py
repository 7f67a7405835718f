"""Issue 15: Chinese wraps by the line-breaking rules (禁则): no line starts with "，" or "。",
none ends with "（", no character lost or repeated, no line wider than the width, and English
wraps exactly as Rich wraps it (coach/tui/cjk_wrap.py)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
import rich.text
import textual.content
import yaml
from rich._wrap import divide_line as rich_divide_line
from rich.cells import cell_len, split_graphemes
from textual.app import App, ComposeResult
from textual.content import Content
from textual.geometry import Region
from textual.widgets import Markdown, Static
from textual.widgets._markdown import MarkdownParagraph

from coach.tui import cjk_wrap
from coach.tui.cjk_wrap import MAX_STEP_BACK, NO_END, NO_START, divide_line

from .helpers import make_app
from .practice_helpers import wait_for, wait_screen

CASEBANK = Path(__file__).resolve().parents[2] / "casebank"
WIDTHS = [2, 3, 4, 5, 6, 7, 9, 10, 11, 13, 17, 20, 23, 29, 34, 40, 47, 58, 61, 76, 80, 116]
#: From this width on, real case text never needs a forced cut that breaks the rules.
RULES_FROM = 10


def _texts(lang: str) -> list[str]:
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == lang and isinstance(value, str):
                    found.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in sorted(CASEBANK.glob("*.yaml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return found


def _lines(lang: str) -> list[str]:
    return sorted({line for text in _texts(lang) for line in text.split("\n") if line.strip()})


ZH_LINES = _lines("zh")
EN_LINES = _lines("en")


def pieces(text: str, offsets: list[int]) -> list[str]:
    return [text[a:b] for a, b in zip([0, *offsets], [*offsets, len(text)], strict=True)]


def check(text: str, width: int, offsets: list[int], *, rules: bool) -> None:
    where = f"width {width}: {text[:40]!r}"
    assert offsets == sorted(set(offsets)), where
    assert all(0 < o < len(text) for o in offsets), where
    parts = pieces(text, offsets)
    assert "".join(parts) == text, where  # nothing lost, nothing repeated
    for part in parts:
        graphemes = len(split_graphemes(part.rstrip())[0])
        assert cell_len(part.rstrip()) <= width or graphemes == 1, f"{where}: {part!r} too wide"
    if rules:
        for before, after in itertools.pairwise(parts):
            if not before[-1].isspace():  # after a space, "— owner" may start a line
                assert after[0] not in NO_START, f"{where}: a line starts {after[:6]!r}"
            assert before[-1] not in NO_END, f"{where}: a line ends {before[-6:]!r}"
            assert not after[0].isspace(), f"{where}: a line starts with a space"


def test_the_case_bank_has_chinese_to_wrap() -> None:
    assert len(ZH_LINES) > 500 and sum(map(len, ZH_LINES)) > 50_000


@pytest.mark.parametrize("width", WIDTHS)
def test_every_chinese_line_of_the_case_bank_keeps_the_rules(width: int) -> None:
    for text in ZH_LINES:
        check(text, width, divide_line(text, width), rules=width >= RULES_FROM)


def test_rich_alone_breaks_the_rules_on_the_same_text() -> None:
    """What the tests above guard against: Rich starts lines with "，" and "。"."""
    starts = {
        part[0]
        for text in ZH_LINES
        for width in (34, 40, 58, 76)
        for part in pieces(text, rich_divide_line(text, width))[1:]
    }
    assert {"，", "。"} <= starts


def test_the_rules_cost_no_more_lines() -> None:
    """Breaking a character earlier adds a line now and then; filling the line after a space
    (instead of leaving "Q3" alone) saves more."""
    for width in (20, 40, 76):
        ours = sum(len(divide_line(t, width)) + 1 for t in ZH_LINES)
        rich_s = sum(len(rich_divide_line(t, width)) + 1 for t in ZH_LINES)
        assert ours <= rich_s, (width, ours, rich_s)


def _has_wide(text: str) -> bool:
    return any(size > 1 for _start, _end, size in split_graphemes(text)[0])


@pytest.mark.parametrize("width", WIDTHS)
def test_english_wraps_as_rich_wraps_it(width: int) -> None:
    latin = [text for text in EN_LINES if not _has_wide(text)]
    assert len(latin) > 0.9 * len(EN_LINES)
    for text in latin:
        assert divide_line(text, width) == rich_divide_line(text, width)
    for text in EN_LINES:  # a Chinese word inside ("开门红"): Chinese rules
        if _has_wide(text):
            check(text, width, divide_line(text, width), rules=width >= RULES_FROM)


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        # Rich: "支行今年完成了目标" / "，前几年没有": the comma takes the character before it down
        ("支行今年完成了目标，前几年没有", 18, ["支行今年完成了目", "标，前几年没有"]),
        # Rich: a full stop alone under the paragraph
        ("客户流失主要来自私行级。", 22, ["客户流失主要来自私行", "级。"]),
        ("他说：“这个跟存款一样”。", 22, ["他说：“这个跟存款一", "样”。"]),
        # an opening bracket or quote goes down with what it opens
        ("理财经理和助理（共四人）", 16, ["理财经理和助理", "（共四人）"]),
        ("他说：“这个跟存款一样”。", 8, ["他说：", "“这个跟", "存款一", "样”。"]),
        ("管理资产（AUM）合计", 12, ["管理资产", "（AUM）合计"]),
        # Rich leaves "Q3" alone on a line before a long Chinese run
        ("Q3 的目标是把私行级客户的流失减半", 20, ["Q3 的目标是把私行级", "客户的流失减半"]),
        # the ellipsis and the dash stay whole, and off the line's start
        ("我们还在等待……然后呢", 12, ["我们还在等", "待……然后呢"]),
        ("这是关键——成交率", 9, ["这是关", "键——成交", "率"]),
        # straight double quotes open and close by turns
        ('2025年"开门红"期间', 13, ['2025年"开门', '红"期间']),
        ('2025年"开门红"期间', 14, ['2025年"开门红"', "期间"]),
        # half-width punctuation inside Chinese follows the same rules
        ("增长了百分之3.5%，不够", 16, ["增长了百分之", "3.5%，不够"]),
    ],
)
def test_the_rules_on_examples(text: str, width: int, lines: list[str]) -> None:
    offsets = divide_line(text, width)
    assert pieces(text, offsets) == lines
    check(text, width, offsets, rules=True)


@pytest.mark.parametrize("width", range(1, 9))
def test_pathological_lines_end_and_lose_nothing(width: int) -> None:
    samples = [
        "，" * 30,
        "。」』）" * 8,
        "（「『" * 8,
        "……——……——" * 3,
        "，a，b，c。（d）" * 4,
        "你" * 20,
        "你" + " " * 20 + "好",
        "    你好，世界",
        "你好 " * 12,
        "👍🏽你好👩‍👩‍👧，ñ̃世界",
        "é́́你。" * 6,
        "x" * 40 + "你",
        "，",
        "你",
        "",
    ]
    for text in samples:
        offsets = divide_line(text, width)
        check(text, width, offsets, rules=False)
        assert len(offsets) <= len(text)


def test_a_forced_cut_steps_back_for_the_rules_and_then_gives_up() -> None:
    """A run with no allowed break is cut where the width ends, a character earlier so the
    commas do not start a line; inside the commas themselves no cut keeps the rules: cut."""
    text = "abcdefghij" * 2 + "，" * 8
    assert pieces(text, divide_line(text, 10)) == [
        "abcdefghij",
        "abcdefghi",
        "j，，，，",
        "，，，，",
    ]
    assert MAX_STEP_BACK >= 2


def test_fold_false_and_ascii_are_rich_unchanged() -> None:
    text = "前几年，" * 20
    assert divide_line(text, 11, fold=False) == rich_divide_line(text, 11, fold=False)
    assert divide_line("a, b, c " * 20, 7) == rich_divide_line("a, b, c " * 20, 7)


def test_the_app_installs_it_and_textual_and_rich_call_it() -> None:
    import coach.tui.app  # noqa: F401  (installs at import)

    assert cjk_wrap.installed()
    assert textual.content.divide_line is divide_line
    assert rich.text.divide_line is divide_line
    text = "支行今年完成了目标，前几年没有完成。" * 3
    for width in (18, 20, 34):
        content_lines = [line.plain for line in Content(text).wrap(width)]
        assert "".join(content_lines) == text
        assert not any(line[0] in NO_START for line in content_lines[1:])
        rich_lines = [line.plain for line in rich.text.Text(text).wrap(_console(), width)]
        assert not any(line[0] in NO_START for line in rich_lines[1:])


def _console():
    from rich.console import Console

    return Console(width=120)


def test_coach_kinsoku_off_keeps_textuals_own_breaking(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COACH_KINSOKU", "off")
    try:
        cjk_wrap.uninstall()
        assert cjk_wrap.install() is False
        assert textual.content.divide_line is rich_divide_line
    finally:
        monkeypatch.delenv("COACH_KINSOKU")
        assert cjk_wrap.install() is True


TEXT = "支行行长让运营主管把客户按资产分层，前几年的流失主要来自私行级客户。"


class _WrapApp(App[None]):
    CSS = "Static { width: 34; height: auto; }"

    def compose(self) -> ComposeResult:
        yield Static(TEXT)


async def _static_lines() -> list[str]:
    async with _WrapApp().run_test(size=(40, 8)) as pilot:
        static = pilot.app.query_one(Static)
        await wait_for(pilot, lambda: static.size.height > 0, "the Static laid out")
        strips = static.render_lines(Region(0, 0, static.size.width, static.size.height))
        return [strip.text.rstrip() for strip in strips]


async def test_a_static_no_longer_starts_a_line_with_a_comma() -> None:
    cjk_wrap.uninstall()
    try:
        before = await _static_lines()
    finally:
        cjk_wrap.install()
    after = await _static_lines()
    assert before[1].startswith("，")  # what the newcomer saw: "，前几年…"
    assert after == ["支行行长让运营主管把客户按资产分", "层，前几年的流失主要来自私行级客", "户。"]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_case_background_keeps_the_rules(size: tuple[int, int]) -> None:
    from coach.tui.screens.case import CaseScreen

    app = make_app("zh", roots=[CASEBANK])
    async with app.run_test(size=size) as pilot:
        app.open_case("selling-kickoff-insurance-objections")
        await wait_screen(pilot, CaseScreen)
        await wait_for(pilot, lambda: app.screen.query("#background-md"), "the background")
        markdown = app.screen.query_one("#background-md", Markdown)
        await wait_for(
            pilot, lambda: any(p.size.height for p in markdown.query(MarkdownParagraph)), "laid out"
        )
        lines: list[str] = []
        for paragraph in markdown.query(MarkdownParagraph):
            region = Region(0, 0, paragraph.size.width, paragraph.size.height)
            lines += [strip.text.strip() for strip in paragraph.render_lines(region)]
        lines = [line for line in lines if line]
        assert len(lines) > 10
        assert not [line for line in lines if line[0] in NO_START]
        assert not [line for line in lines if line[-1] in NO_END]
