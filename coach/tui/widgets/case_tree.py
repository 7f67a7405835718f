"""The curriculum tree of Learn, with a status mark before each case.

The marks are drawn when a line is rendered (not baked into the labels), so they take the
theme's colours after a theme switch and change without rebuilding the tree.

A case listed by two curricula shows its status in the curriculum it is listed under (a score
can pass one curriculum's mark and not the other's), as Progress does row by row.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

MARKS = {"new": "○", "draft": "✎", "passed": "✓", "failed": "✗", "locked": "⊘"}


class CaseTree(Tree[str]):
    COMPONENT_CLASSES = Tree.COMPONENT_CLASSES | {f"case-tree--{s}" for s in MARKS}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.statuses: dict[str, str] = {}  # case id -> status (in its first curriculum)
        #: (curriculum id, case id) -> status; "" for the cases outside every curriculum
        self.curriculum_statuses: dict[tuple[str, str], str] = {}
        self.node_curriculum: dict[int, str] = {}  # a case node's id -> its curriculum's id

    def clear(self):
        self.node_curriculum.clear()
        return super().clear()

    def add_case(self, parent: TreeNode[str], label: str, case_id: str, curriculum_id: str):
        """A case's leaf under ``parent``, remembered as listed by ``curriculum_id``."""
        node = parent.add_leaf(label, data=case_id)
        self.node_curriculum[node.id] = curriculum_id
        return node

    def curriculum_of(self, node: TreeNode[str]) -> str | None:
        return self.node_curriculum.get(node.id)

    def status_of(self, node: TreeNode[str]) -> str | None:
        if not node.data:
            return None
        cur = self.node_curriculum.get(node.id)
        if cur is not None and (cur, node.data) in self.curriculum_statuses:
            return self.curriculum_statuses[(cur, node.data)]
        return self.statuses.get(node.data)

    def set_statuses(
        self, statuses: dict[str, str], by_curriculum: dict[tuple[str, str], str] | None = None
    ) -> None:
        self.statuses = dict(statuses)
        self.curriculum_statuses = dict(by_curriculum or {})

        def walk(node: TreeNode[str]) -> None:
            for child in node.children:
                if child.data:
                    child.refresh()
                walk(child)

        walk(self.root)

    def render_label(self, node: TreeNode[str], base_style: Style, style: Style) -> Text:
        text = super().render_label(node, base_style, style)
        if not node.data:
            return text
        status = self.status_of(node)
        if status is None:  # not read yet: keep the room, so titles do not jump when it comes
            return Text.assemble("  ", self._fit(node, text))
        mark = self.get_component_rich_style(f"case-tree--{status}", partial=True)
        return Text.assemble(
            (MARKS.get(status, " ") + " ", base_style + mark), self._fit(node, text)
        )

    def _fit(self, node: TreeNode[str], title: Text) -> Text:
        """The case's title cut with … where the tree is too narrow (it was cut mid-word)."""
        depth, parent = 0, node.parent
        while parent is not None:
            depth, parent = depth + 1, parent.parent
        levels = depth if self.show_root else depth - 1  # a hidden root draws no guide
        room = self.scrollable_content_region.width - levels * self.guide_depth - 2  # the mark
        if room <= 1 or title.cell_len <= room:
            return title
        title = title.copy()
        title.truncate(room, overflow="ellipsis")
        return title
