"""Read one YAML file into a node tree, safely, turning every way it can fail into a Diagnostic.

Nodes (not Python objects) are kept so every later check can point at a line and column.
Only libyaml's safe composer is used; tags other than the core scalar types are rejected later.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from coach.content.diagnostics import Diagnostic
from coach.i18n import tr

try:  # libyaml's C parser: about 4x faster than the pure-Python one
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]


_T_STR = "tag:yaml.org,2002:str"
_T_SEQ = "tag:yaml.org,2002:seq"
_T_MAP = "tag:yaml.org,2002:map"
_Scalar = yaml.ScalarNode
_Sequence = yaml.SequenceNode
_resolve_plain = yaml.resolver.BaseResolver.resolve
#: Implicit tags of short plain scalars by text: banks repeat the same keys, ids and numbers.
_memo: dict[str, str] = {}


class _Loader(_SafeLoader):  # type: ignore[misc,valid-type]
    """The safe loader with its tag resolution, called for every node, made cheap.

    The safe loader has no path resolvers, so a node's tag depends only on its kind and, for a
    plain scalar, its text: quoted scalars are text, lists and mappings have their default tags,
    and a plain scalar's tag is memoised by its text. ``descend_resolver``/``ascend_resolver``
    (for path resolvers only) are called around every node: builtins that do nothing cost less
    than Python methods that do nothing.
    """

    def __init__(self, stream) -> None:  # type: ignore[no-untyped-def]
        super().__init__(stream)
        self.descend_resolver = {}.get  # (parent, index) -> None, in C
        self.ascend_resolver = tuple  # () -> (), in C

    def resolve(self, kind, value, implicit):  # type: ignore[no-untyped-def]
        if kind is _Scalar:
            if not implicit[0]:
                return _T_STR
            tag = _memo.get(value)
            if tag is None:
                tag = _resolve_plain(self, kind, value, implicit)
                if len(value) < 64:
                    if len(_memo) > 200_000:
                        _memo.clear()
                    _memo[value] = tag
            return tag
        return _T_SEQ if kind is _Sequence else _T_MAP


#: Larger files are refused: no case bank file needs this much, and it guards memory.
MAX_BYTES = 10 * 1024 * 1024


@dataclass(slots=True)
class YamlFile:
    path: str
    text: str
    node: yaml.Node | None


def read_yaml(path: Path, display: str) -> tuple[YamlFile | None, list[Diagnostic]]:
    """Read and compose ``path``; on failure return None and the diagnostics that say why."""

    def fail(message: str, line: int = 1, col: int = 1) -> tuple[None, list[Diagnostic]]:
        return None, [Diagnostic(display, line, col, "error", message)]

    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return fail(
                tr(
                    "文件过大（{mb:.1f} MB，上限 {lim} MB）：请拆分成多个文件",
                    "file too large ({mb:.1f} MB, limit {lim} MB): split it into several files",
                    mb=size / 1048576,
                    lim=MAX_BYTES // 1048576,
                )
            )
        raw = path.read_bytes()
    except OSError as exc:
        return fail(tr("无法读取文件：{err}", "cannot read file: {err}", err=exc.strerror or exc))
    if b"\x00" in raw[:8192] or b"\x00" in raw:
        return fail(tr("这是二进制文件，不是 YAML 文本", "this is a binary file, not YAML text"))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        return fail(
            tr(
                "文件不是 UTF-8 编码（第 {pos} 字节）：请在编辑器里另存为 UTF-8",
                "file is not UTF-8 (byte {pos}): save it as UTF-8 in your editor",
                pos=exc.start,
            ),
            line,
            col,
        )
    if not text.strip():
        return fail(tr("文件是空的", "file is empty"))
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "syntax error"
        if "expected a single document" in str(exc):
            problem = tr(
                "一个文件只能有一个 YAML 文档（去掉多余的 ---）",
                "a file may hold only one YAML document (remove the extra ---)",
            )
        return fail(tr("YAML 语法错误：{p}", "YAML syntax error: {p}", p=problem), line, col)
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, e.g. a control code
        before = text[: exc.position]
        line, col = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
        problem = tr(
            "不允许的字符 {c}（{r}）",
            "character {c} is not allowed ({r})",
            c=f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character),
            r=exc.reason,
        )
        return fail(tr("YAML 语法错误：{p}", "YAML syntax error: {p}", p=problem), line, col)
    except yaml.YAMLError as exc:
        return fail(tr("YAML 语法错误：{p}", "YAML syntax error: {p}", p=exc))
    except RecursionError:
        return fail(tr("YAML 嵌套太深", "YAML nested too deeply"))
    if node is None:
        return fail(tr("文件里没有内容", "file holds no content"))
    if "*" in text and "&" in text:
        refused = _collection_aliases(text, display)
        if refused:
            return None, refused
    return YamlFile(display, text, node), []


#: At most this many refused aliases are listed; a "billion laughs" file holds thousands.
_MAX_ALIAS_DIAGNOSTICS = 20


def _collection_aliases(text: str, display: str) -> list[Diagnostic]:
    """Each alias (``*name``) of a list or mapping, at the line it is used on.

    The composed tree shares one node per anchor, so it only knows where the anchor was
    written; the event stream knows every use. Aliases of lists and mappings are refused (they
    are how a "billion laughs" file grows a small text into an exponential tree), aliases of
    single values are fine. Only files holding both ``&`` and ``*`` pay for this second pass.
    """
    collections: set[str] = set()
    out: list[Diagnostic] = []
    uses = 0
    last = None
    for event in yaml.parse(text, Loader=_SafeLoader):
        if isinstance(event, yaml.CollectionStartEvent) and event.anchor:
            collections.add(event.anchor)
        elif isinstance(event, yaml.AliasEvent) and event.anchor in collections:
            uses += 1
            last = event.start_mark
            if len(out) < _MAX_ALIAS_DIAGNOSTICS:
                mark = event.start_mark
                out.append(
                    Diagnostic(
                        display,
                        mark.line + 1,
                        mark.column + 1,
                        "error",
                        tr(
                            "不支持对列表或映射使用 YAML 别名 *{a}：请直接写出内容",
                            "YAML alias *{a} of a list or mapping is not supported: write the "
                            "content out",
                            a=event.anchor,
                        ),
                    )
                )
    if uses > len(out) and last is not None:
        out.append(
            Diagnostic(
                display,
                last.line + 1,
                last.column + 1,
                "error",
                tr(
                    "另有 {n} 处列表或映射的别名未列出（最后一处在此）",
                    "{n} more aliases of lists or mappings not listed (the last one is here)",
                    n=uses - len(out),
                ),
            )
        )
    return out
