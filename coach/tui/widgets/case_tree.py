"""The curriculum tree of Learn, with a status mark before each case.

The marks are drawn when a line is rendered (not baked into the labels), so they take the
theme's colours after a theme switch and change without rebuilding the tree.
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
        self.statuses: dict[str, str] = {}  # case id -> status

    def set_statuses(self, statuses: dict[str, str]) -> None:
        self.statuses = dict(statuses)

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
        status = self.statuses.get(node.data)
        if status is None:  # not read yet: keep the room, so titles do not jump when it comes
            return Text.assemble("  ", text)
        mark = self.get_component_rich_style(f"case-tree--{status}", partial=True)
        return Text.assemble((MARKS.get(status, " ") + " ", base_style + mark), text)
