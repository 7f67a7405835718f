"""Learn: the curricula as a tree (curriculum → module → case), search, and a preview."""

from __future__ import annotations

from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Footer, Header, Input, Static, Tree

from coach.analysis.progress import Progress
from coach.content.compact import CaseHead
from coach.content.search import haystacks, search_cases
from coach.domain.scores import score_text
from coach.i18n import tr
from coach.tui.localise import LB, localised
from coach.tui.progress_data import load_progress
from coach.tui.screens.base import CoachScreen
from coach.tui.widgets.case_tree import CaseTree


class SearchBox(Input):
    """The search box; typing in the tree goes on here, after what it holds."""

    _typed_into = False

    def type_in(self, text: str) -> None:
        """Focus and add ``text`` at the end (the focus must not select it all: the next key
        would replace what was typed)."""
        self._typed_into = True
        self.focus()
        self.cursor_position = len(self.value)
        self.insert_text_at_cursor(text)

    def _on_focus(self, event: events.Focus) -> None:
        # runs before Input's own handler, which selects everything when select_on_focus is set
        if self._typed_into:
            self._typed_into = False
            self.select_on_focus = False
            self.call_next(setattr, self, "select_on_focus", True)


@localised
class LearnScreen(CoachScreen):
    HELP_ZH = (
        "## 学习\n课程按 **模块 → 案例** 排列。打开时光标在搜索框里：直接输入中文或英文，"
        "就能搜索标题、标签和正文，`enter` 打开第一个结果；`↓` 到列表，用方向键移动，"
        "`enter` 打开案例。在列表里打字也会回到搜索框，`/` 随时回到搜索框。\n\n"
        "案例前的标记：○ 未开始 · ✎ 有草稿 · ✓ 已通过 · ✗ 未通过 · "
        "⊘ 未解锁（先通过前置模块；仍可打开阅读，也可以预览练习，不计分）。"
    )
    HELP_EN = (
        "## Learn\nThe curriculum as **module → case**. Learn opens with the cursor in the "
        "search box: type (Chinese or English) to search titles, tags and text; `enter` opens "
        "the first match. `↓` goes to the list; move with the arrow keys and press `enter` to "
        "open a case. Typing in the list goes back to the search box, and so does `/`.\n\n"
        "Marks before each case: ○ new · ✎ draft · ✓ passed · ✗ failed · ⊘ locked (pass the "
        "prerequisite modules first; you can still open it to read, and preview a practice "
        "that is not counted)."
    )
    LOCAL_BINDINGS = [
        LB(
            "slash",
            "focus_search",
            "搜索",
            "Search",
            "learn-search",
            key_display="/",
            priority=True,
        ),
        LB("enter", "open_case", "打开案例", "Open case", "learn-open", show=False),
        LB("down", "to_tree", "到列表", "To the list", "learn-to-tree", show=False),
    ]

    class ProgressLoaded(Message):
        def __init__(self, progress: Progress) -> None:
            super().__init__()
            self.progress = progress

    def __init__(self, focus_search: bool = True) -> None:
        """Learn opens with the cursor in the search box, whichever key opened it: the box
        looks ready for typing, and a trainee types at once (``focus_search`` is kept for the
        callers that name it; the tree's cursor still shows the case the preview shows)."""
        super().__init__()
        del focus_search
        self._progress: Progress | None = None
        self._hay: dict[str, str] | None = None
        self._selected: str | None = None
        self._selected_in: str | None = None  # the curriculum the selected case is shown under
        self._shown: set[str] = set()  # the case ids the tree shows now

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="learn"):
            with Vertical(id="learn-nav"):
                yield SearchBox(placeholder=tr("搜索案例…", "Search cases…"), id="search")
                yield CaseTree(tr("课程", "Curricula"), id="curriculum")
            with VerticalScroll(id="preview"):
                yield Static("", id="preview-title")
                yield Static("", id="preview-meta")
                yield Static("", id="preview-summary")
        yield Footer()

    def on_mount(self) -> None:
        self.refill()
        self.query_one("#search", Input).focus()

    def refill(self) -> None:
        self.title = tr("复盘 Coach · 学习", "复盘 Coach · Learn")
        self.fill_tree(None)
        if self._progress is not None:  # after a language switch
            self._show_progress(self._progress)

    def on_key(self, event: events.Key) -> None:
        """Typing in the tree goes on in the search box: no typed character is lost."""
        tree = self.query_one(CaseTree)
        if self.focused is not tree or event.character is None or event.key == "space":
            return
        if not event.is_printable:
            return
        event.stop()
        event.prevent_default()
        self.query_one("#search", SearchBox).type_in(event.character)

    def on_paste(self, event: events.Paste) -> None:
        """Text pasted (or sent by an input method) while the tree has the focus: a search."""
        if self.focused is self.query_one(CaseTree) and event.text.strip():
            event.stop()
            self.query_one("#search", SearchBox).type_in(" ".join(event.text.split()))

    # -- status marks: read in a worker, shown when they arrive ------------------------------

    def on_screen_resume(self) -> None:
        self._load_progress()

    @work(thread=True, exclusive=True, group="learn-progress")
    def _load_progress(self) -> None:
        self.post_message(self.ProgressLoaded(load_progress(self.session)))

    @on(ProgressLoaded)
    def _progress_loaded(self, message: ProgressLoaded) -> None:
        self._progress = message.progress
        self._show_progress(message.progress)

    def _show_progress(self, progress: Progress) -> None:
        statuses: dict[str, str] = {}
        by_curriculum: dict[tuple[str, str], str] = {}
        for cur in progress.curricula:
            for cp in cur.cases:
                statuses.setdefault(cp.case_id, cp.status)  # a case's first curriculum
                by_curriculum[(cur.curriculum_id, cp.case_id)] = cp.status
        self.query_one(CaseTree).set_statuses(statuses, by_curriculum)
        if self._selected:
            self.show_preview(self._selected)

    def _status_line(self, case_id: str) -> str:
        """ "Passed · best 85 · 2 attempts", or what unlocks a locked case."""
        progress = self._progress
        cp = None
        if progress is not None:  # the curriculum it is shown under, as Progress shows it
            cp = progress.case(case_id, self._selected_in) or progress.case(case_id)
        if cp is None:
            return ""
        from coach.io.export import module_title, status_text

        line = status_text(cp.status, self.lang)
        if cp.attempts:
            line += tr(
                " · 最高 {b} · 首次 {f} · {n} 次",
                " · best {b} · first {f} · {n} attempt(s)",
                b=score_text(cp.best),
                f=score_text(cp.first),
                n=cp.attempts,
            )
        if cp.status == "locked":
            names = "、".join(
                module_title(self.session.content, cp.curriculum_id, m, self.lang)
                for m in cp.locked_by
            )
            line += tr("：先通过 {m}", ": pass {m} first", m=names)
        return line

    # -- the tree ----------------------------------------------------------------------------

    def fill_tree(self, only: set[str] | None) -> None:
        """Rebuild the tree; ``only`` keeps just the cases that matched a search."""
        content, lang = self.session.content, self.lang
        tree = self.query_one(CaseTree)
        tree.clear()
        tree.show_root = False
        placed: set[str] = set()
        first_case: tuple[str, str] | None = None  # (case id, curriculum id)
        for cur in content.curricula.values():
            if only is not None and not only.intersection(cur.case_ids()):
                continue
            cur_node = tree.root.add(cur.title.get(lang), data=None, expand=True)
            for cm in cur.modules:
                module = content.modules.get(cm.module)
                title = (
                    cm.title.get(lang)
                    if cm.title
                    else (module.title.get(lang) if module else cm.module)
                )
                cases = [r.case for r in cm.cases if only is None or r.case in only]
                if only is not None and not cases:
                    continue
                mod_node = cur_node.add(title, expand=True)
                for cid in cases:
                    case = content.heads[cid]
                    tree.add_case(mod_node, case.title.get(lang), cid, cur.id)
                    placed.add(cid)
                    first_case = first_case or (cid, cur.id)
        rest = [
            c
            for c in content.heads.values()
            if c.id not in placed and (only is None or c.id in only)
        ]
        if rest:
            other = tree.root.add(tr("其他案例", "Other cases"), expand=True)
            by_module: dict[str, list[CaseHead]] = {}
            for case in rest:
                by_module.setdefault(case.module, []).append(case)
            for mid, cases in by_module.items():
                module = content.modules.get(mid)
                mod_node = other.add(module.title.get(lang) if module else mid, expand=True)
                for case in cases:
                    tree.add_case(mod_node, case.title.get(lang), case.id, "")
                    first_case = first_case or (case.id, "")
        if not tree.root.children:
            tree.root.add_leaf(tr("没有找到案例", "No cases found"))
        self._shown = placed | {c.id for c in rest}
        if self._selected in self._shown:
            target, under = self._selected, self._selected_in
        else:
            target, under = first_case or (None, None)
        self._selected_in = under
        self._move_cursor_to(tree, target, under)
        self.show_preview(target)

    def _move_cursor_to(self, tree: CaseTree, case_id: str | None, under: str | None) -> None:
        """Put the cursor on a case (under its curriculum, else where it is first listed), so
        that enter opens what the preview shows, with its module and curriculum in view."""
        found: list = []

        def find(node) -> None:
            for child in node.children:
                if child.data == case_id and child.data:
                    found.append(child)
                find(child)

        if case_id:
            find(tree.root)
        node = next((n for n in found if tree.curriculum_of(n) == under), None)
        node = node or (found[0] if found else None)
        if node is not None:
            self._selected_in = tree.curriculum_of(node)
            _ = tree.last_line  # lays out the rebuilt lines now, so the move is not lost
            tree.move_cursor(node)
            # moved before the tree has its height, the cursor line went to the top and hid
            # the headings above it: once laid out, show them too
            self.call_after_refresh(self._show_headings, tree, node)

    @staticmethod
    def _show_headings(tree: CaseTree, node) -> None:
        """Scroll so that the case's curriculum (else its module) shows above it."""
        if node.tree is not tree or node.line < 0 or tree.size.height <= 0:
            return
        height = tree.scrollable_content_region.height or tree.size.height
        heads = []
        parent = node.parent
        while parent is not None and parent.line >= 0:
            heads.append(parent.line)
            parent = parent.parent
        for top in reversed(heads):  # the curriculum first, then the module
            if node.line - top < height:
                if tree.scroll_offset.y > top or node.line >= tree.scroll_offset.y + height:
                    tree.scroll_to(y=top, animate=False)
                return

    @on(Tree.NodeHighlighted)
    def _highlighted(self, event: Tree.NodeHighlighted) -> None:
        # A rebuild during typing can deliver a highlight from the tree as it was a moment ago:
        # only a case the tree shows now may move the preview.
        tree = self.query_one(CaseTree)
        if event.node.data in self._shown and event.node.tree is tree:
            self._selected_in = tree.curriculum_of(event.node)
            self.show_preview(event.node.data)

    @on(Tree.NodeSelected)
    def _selected_node(self, event: Tree.NodeSelected) -> None:
        if event.node.data:
            self.coach.open_case(event.node.data)

    def show_preview(self, case_id: str | None) -> None:
        content, lang = self.session.content, self.lang
        case = content.cases.get(case_id or "")
        if case is None:
            return
        self._selected = case.id
        module = content.modules.get(case.module)
        fw = content.framework_for(case)
        self.query_one("#preview-title", Static).update(case.title.get(lang))
        meta = tr(
            "{m} · {f} · 约 {n} 分钟 · 难度 {d}/5",
            "{m} · {f} · about {n} min · difficulty {d}/5",
            m=module.title.get(lang) if module else case.module,
            f=fw.title.get(lang),
            n=case.minutes,
            d=case.difficulty,
        )
        if case.tags:
            meta += "\n" + " ".join(f"#{t}" for t in case.tags)
        status = self._status_line(case.id)
        if status:
            meta = status + "\n" + meta
        self.query_one("#preview-meta", Static).update(meta)
        self.query_one("#preview-summary", Static).update(case.summary.get(lang))

    # -- search ------------------------------------------------------------------------------

    @on(Input.Changed, "#search")
    def _search(self, event: Input.Changed) -> None:
        content = self.session.content
        if not event.value.strip():
            self.fill_tree(None)
            return
        if self._hay is None:
            self._hay = haystacks(content)
        found = search_cases(content, event.value, self._hay)
        self._selected = found[0].id if found else None
        self._selected_in = None  # where the tree first lists it
        self.fill_tree({c.id for c in found})

    @on(Input.Submitted, "#search")
    def _search_done(self) -> None:
        """Enter in the search box opens the case the preview shows (the first match)."""
        if self._selected:
            self.coach.open_case(self._selected)
        else:
            self.query_one(Tree).focus()

    def action_to_tree(self) -> None:
        self.query_one(Tree).focus()

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_open_case(self) -> None:
        if self._selected:
            self.coach.open_case(self._selected)
