"""Typed reading of YAML nodes with exact positions: the checker's vocabulary.

Each method returns the value, or None after recording a Diagnostic that points at the node.
Reading goes on after a problem so that one run reports every problem, not the first.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import re
from collections.abc import Callable, Iterable

import yaml

from coach.content.codec import dec_text, enc_text
from coach.content.diagnostics import Diagnostic
from coach.domain.text import LANGS, LText
from coach.i18n import tr

T_STR = "tag:yaml.org,2002:str"
T_INT = "tag:yaml.org,2002:int"
T_FLOAT = "tag:yaml.org,2002:float"
T_BOOL = "tag:yaml.org,2002:bool"
T_NULL = "tag:yaml.org,2002:null"
T_TS = "tag:yaml.org,2002:timestamp"
T_MAP = "tag:yaml.org,2002:map"
T_SEQ = "tag:yaml.org,2002:seq"
_SCALAR_TAGS = {T_STR, T_INT, T_FLOAT, T_BOOL, T_NULL, T_TS}

ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_constructor = yaml.constructor.SafeConstructor()


def _construct(fn: Callable[[yaml.ScalarNode], object], node: yaml.ScalarNode) -> object | None:
    """A scalar's value, or None where an explicit tag lies about it (``!!int abc``)."""
    try:
        return fn(node)
    except (ValueError, KeyError, TypeError, OverflowError):
        return None


#: Localised texts as written, for the 'language missing' warning across a bank: positions
#: (line, col, line, col, …) by (scope, the languages the text has). Aggregated because a large
#: bank writes hundreds of thousands of them and the warning only needs counts and outliers.
TextUses = dict[tuple[str, frozenset[str]], list[int]]

_ScalarNode = yaml.ScalarNode
_MappingNode = yaml.MappingNode
_SequenceNode = yaml.SequenceNode


def pos(node: yaml.Node) -> tuple[int, int]:
    mark = node.start_mark
    return mark.line + 1, mark.column + 1


def kind_name(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return tr("映射（键: 值）", "a mapping (key: value)")
    if isinstance(node, yaml.SequenceNode):
        return tr("列表", "a list")
    tag = node.tag
    if tag == T_NULL:
        return tr("空值", "nothing (null)")
    if tag == T_BOOL:
        return tr("布尔值", "true/false")
    if tag in (T_INT, T_FLOAT):
        return tr("数字", "a number")
    if tag == T_TS:
        return tr("日期", "a date")
    return tr("文本", "text")


class Reader:
    """Reads nodes of one file, collecting diagnostics and the localised texts it saw."""

    def __init__(self, path: str, scope: str = "") -> None:
        self.path = path
        self.scope = scope
        self.diags: list[Diagnostic] = []
        self.texts: TextUses = {}
        self._seen: set[int] = set()

    # -- reporting ---------------------------------------------------------------------------

    def error(self, node: yaml.Node, message: str) -> None:
        line, col = pos(node)
        self.diags.append(Diagnostic(self.path, line, col, "error", message))

    def warning(self, node: yaml.Node, message: str) -> None:
        line, col = pos(node)
        self.diags.append(Diagnostic(self.path, line, col, "warning", message))

    def _check_tag(self, node: yaml.Node) -> bool:
        if isinstance(node, yaml.ScalarNode):
            if node.tag not in _SCALAR_TAGS:
                self.error(
                    node,
                    tr(
                        "不允许的 YAML 标签 {tag}：内容文件只能用普通文本、数字、列表和映射",
                        "YAML tag {tag} is not allowed: content holds only text, numbers, lists and mappings",
                        tag=node.tag,
                    ),
                )
                return False
            return True
        expected = T_MAP if isinstance(node, yaml.MappingNode) else T_SEQ
        if node.tag != expected:
            self.error(
                node,
                tr("不允许的 YAML 标签 {tag}", "YAML tag {tag} is not allowed", tag=node.tag),
            )
            return False
        # An alias (*name) of a list or mapping: refused, which also stops "billion laughs".
        if id(node) in self._seen:
            self.error(
                node,
                tr(
                    "不支持对列表或映射使用 YAML 别名（*名字）：请直接写出内容",
                    "YAML aliases (*name) of lists or mappings are not supported: write the content out",
                ),
            )
            return False
        self._seen.add(id(node))
        return True

    def _expect(self, node: yaml.Node, what: str) -> None:
        if not isinstance(node, yaml.ScalarNode) and not self._check_tag(node):
            return  # a forbidden tag or an alias is the real error, already named at its line
        self.error(
            node,
            tr(
                "应为{what}，实际是{got}",
                "expected {what}, found {got}",
                what=what,
                got=kind_name(node),
            ),
        )

    def _bad_value(self, node: yaml.ScalarNode, what: str) -> None:
        """An explicit tag on a value that is not of that type, e.g. ``!!int abc``."""
        self.error(
            node,
            tr(
                "应为{what}，'{v}' 不是有效的 {tag}",
                "expected {what}; '{v}' is not a valid {tag}",
                what=what,
                v=node.value,
                tag="!!" + node.tag.rsplit(":", 1)[-1],
            ),
        )

    # -- structure ---------------------------------------------------------------------------

    def mapping(
        self,
        node: yaml.Node,
        known: Iterable[str],
        required: Iterable[str] = (),
        what: str = "",
    ) -> dict[str, yaml.Node] | None:
        """The keys of a mapping; unknown, duplicate and missing keys are reported."""
        if type(node) is _MappingNode and node.tag == T_MAP and id(node) not in self._seen:
            self._seen.add(id(node))  # the usual case, without the general checks' calls
        else:
            if not isinstance(node, yaml.MappingNode):
                self._expect(node, tr("映射（键: 值）", "a mapping (key: value)"))
                return None
            if not self._check_tag(node):
                return None
        if type(known) is not tuple:
            known = tuple(known)
        out: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if type(key_node) is not _ScalarNode and not isinstance(key_node, yaml.ScalarNode):
                self.error(key_node, tr("键必须是文本", "a key must be plain text"))
                continue
            key = key_node.value
            if type(key) is not str:
                key = str(key)
            if key in out:
                self.error(key_node, tr("重复的键 '{k}'", "duplicate key '{k}'", k=key))
                continue
            if key not in known:
                self.error(key_node, unknown_key_message(key, known, what))
                continue
            out[key] = value_node
        for key in required:
            if key not in out:
                label = f"{what} " if what else ""
                self.error(
                    node,
                    tr("{w}缺少必填字段 '{k}'", "{w}missing required field '{k}'", w=label, k=key),
                )
        return out

    def seq(self, node: yaml.Node, what: str = "") -> list[yaml.Node] | None:
        """The items of a list (the node's own list: read it, never change it)."""
        if type(node) is _SequenceNode and node.tag == T_SEQ and id(node) not in self._seen:
            self._seen.add(id(node))  # the usual case, without the general checks' calls
            return node.value
        if not isinstance(node, yaml.SequenceNode):
            self._expect(node, tr("列表", "a list"))
            return None
        if not self._check_tag(node):
            return None
        return list(node.value)

    def seq_of(self, node: yaml.Node, item: Callable[[yaml.Node], object | None]) -> list:
        items = self.seq(node)
        if items is None:
            return []
        out = []
        for child in items:
            value = item(child)
            if value is not None:
                out.append(value)
        return out

    # -- scalars -----------------------------------------------------------------------------

    def _scalar(self, node: yaml.Node) -> yaml.ScalarNode | None:
        if type(node) is _ScalarNode and node.tag in _SCALAR_TAGS:
            return node
        if not isinstance(node, yaml.ScalarNode):
            self._expect(node, tr("单个值", "a single value"))
            return None
        if not self._check_tag(node):
            return None
        return node

    def string(self, node: yaml.Node, *, allow_empty: bool = False) -> str | None:
        """Any scalar as the text written (``2024`` is the text '2024')."""
        if type(node) is _ScalarNode and node.tag == T_STR:
            value = node.value  # the usual case first: plain text, not blank
            if allow_empty or value.strip():
                return value
        scalar = self._scalar(node)
        if scalar is None:
            return None
        if scalar.tag == T_NULL:
            self._expect(node, tr("文本", "text"))
            return None
        value = str(scalar.value).strip() if scalar.tag != T_STR else str(scalar.value)
        if not allow_empty and not value.strip():
            self.error(node, tr("文本不能为空", "text must not be empty"))
            return None
        return value

    def ident(self, node: yaml.Node) -> str | None:
        value = self.string(node)
        if value is None:
            return None
        if not ID_RE.match(value):
            self.error(
                node,
                tr(
                    "id '{v}' 只能包含字母、数字、-、_ 和 .",
                    "id '{v}' may contain only letters, digits, -, _ and .",
                    v=value,
                ),
            )
            return None
        return value

    def integer(self, node: yaml.Node, lo: int | None = None, hi: int | None = None) -> int | None:
        scalar = self._scalar(node)
        if scalar is None:
            return None
        if scalar.tag != T_INT:
            self._expect(node, tr("整数", "a whole number"))
            return None
        value = _plain_int(scalar.value)
        if value is None:
            value = _construct(_constructor.construct_yaml_int, scalar)
        if value is None:
            self._bad_value(scalar, tr("整数", "a whole number"))
            return None
        return self._in_range(node, int(value), lo, hi)  # type: ignore[arg-type]

    def number(
        self, node: yaml.Node, lo: float | None = None, hi: float | None = None
    ) -> float | None:
        scalar = self._scalar(node)
        if scalar is None:
            return None
        if scalar.tag == T_INT:
            raw = _plain_int(scalar.value)
            if raw is None:
                raw = _construct(_constructor.construct_yaml_int, scalar)
        elif scalar.tag == T_FLOAT:
            raw = _construct(_constructor.construct_yaml_float, scalar)
        else:
            self._expect(node, tr("数字", "a number"))
            return None
        if raw is None:
            self._bad_value(scalar, tr("数字", "a number"))
            return None
        value = float(raw)  # type: ignore[arg-type]
        if value != value or value in (float("inf"), float("-inf")):
            self._expect(node, tr("有限的数字", "a finite number"))
            return None
        return self._in_range(node, value, lo, hi)

    def _in_range(self, node: yaml.Node, value, lo, hi):
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            bounds = f"{lo if lo is not None else '…'}–{hi if hi is not None else '…'}"
            self.error(
                node,
                tr("{v} 超出范围 {b}", "{v} is out of range {b}", v=value, b=bounds),
            )
            return None
        return value

    def boolean(self, node: yaml.Node) -> bool | None:
        scalar = self._scalar(node)
        if scalar is None:
            return None
        if scalar.tag != T_BOOL:
            self._expect(node, tr("true 或 false", "true or false"))
            return None
        value = _construct(_constructor.construct_yaml_bool, scalar)
        if value is None:
            self._bad_value(scalar, tr("true 或 false", "true or false"))
            return None
        return bool(value)

    def date(self, node: yaml.Node) -> str | None:
        """A date as ISO text (YAML reads 2026-03-31 as a date; quoted text must look the same)."""
        scalar = self._scalar(node)
        if scalar is None:
            return None
        raw = str(scalar.value).strip()
        try:
            return _dt.date.fromisoformat(raw[:10]).isoformat()
        except ValueError:
            self._expect(node, tr("日期（YYYY-MM-DD）", "a date (YYYY-MM-DD)"))
            return None

    def cell(self, node: yaml.Node) -> str | int | float | tuple | None:
        """One exhibit cell: text, a number, empty, or text in both languages (encoded as
        `coach.content.codec` does: a 1-tuple of the encoded text)."""
        if type(node) is _ScalarNode:
            if node.tag == T_STR:
                return node.value
            if node.tag == T_INT:
                value = _plain_int(node.value)
                if value is not None:
                    return value
        if isinstance(node, yaml.MappingNode):
            text = self.text_enc(node)
            return None if text is None else (text,)
        scalar = self._scalar(node)
        if scalar is None:
            return None
        if scalar.tag in (T_INT, T_FLOAT):
            fn = (
                _constructor.construct_yaml_int
                if scalar.tag == T_INT
                else _constructor.construct_yaml_float
            )
            value = _construct(fn, scalar)
            return str(scalar.value) if value is None else value  # type: ignore[return-value]
        if scalar.tag == T_NULL:
            return None
        return str(scalar.value)

    def text(self, node: yaml.Node) -> LText | None:
        """Localised text: a plain string or {zh: …, en: …}."""
        value = self.text_enc(node)
        return None if value is None else dec_text(value)

    def text_enc(self, node: yaml.Node) -> str | dict[str, str] | None:
        """`text` as `coach.content.codec` encodes it (text or {lang: text}), None if invalid."""
        if type(node) is _ScalarNode:
            if node.tag == T_STR and node.value.strip():
                return node.value
        elif type(node) is _MappingNode and node.tag == T_MAP and id(node) not in self._seen:
            values = _plain_langs(node.value)
            if values:  # the usual case: every key a language, every value non-blank text
                self._seen.add(id(node))
                mark = node.start_mark
                key = (self.scope, frozenset(values))
                where = self.texts.get(key)
                if where is None:
                    where = self.texts[key] = []
                where += (mark.line + 1, mark.column + 1)
                return values
        text = self._text(node)
        return None if text is None else enc_text(text)

    def _text(self, node: yaml.Node) -> LText | None:
        """`text` for anything out of the ordinary, with every check and its diagnostics."""
        if isinstance(node, yaml.MappingNode):
            keys = self.mapping(node, LANGS, what=tr("多语言文本", "localised text"))
            if keys is None:
                return None
            if not keys:
                self.error(node, tr("多语言文本至少要有 zh 或 en", "localised text needs zh or en"))
                return None
            values: dict[str, str] = {}
            for lang, child in keys.items():
                value = self.string(child)
                if value is not None:
                    values[lang] = value
            line, col = pos(node)
            self.texts.setdefault((self.scope, frozenset(keys)), []).extend((line, col))
            return LText(by_lang=values) if values else None
        value = self.string(node)
        return None if value is None else LText(plain=value)


def _plain_int(text: str) -> int | None:
    """A decimal integer as YAML 1.1 reads it, without the constructor's general code; None for
    anything else (signs, octal 0…, hex, underscores, sexagesimal), which the constructor reads."""
    if text.isascii() and text.isdigit() and (text[0] != "0" or len(text) == 1):
        return int(text)
    return None


def _plain_langs(pairs: list) -> dict[str, str] | None:
    """{lang: text} when every key is a language written once and every value non-blank text."""
    values: dict[str, str] = {}
    for k, v in pairs:
        if type(k) is not _ScalarNode or type(v) is not _ScalarNode or v.tag != T_STR:
            return None
        lang = k.value
        if lang not in LANGS or lang in values or not v.value.strip():
            return None
        values[lang] = v.value
    return values


def unknown_key_message(key: str, known: Iterable[str], what: str = "") -> str:
    close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
    where = f" ({what})" if what else ""
    if close:
        return tr(
            "未知字段 '{k}'{w}，你是不是想写 '{c}'？",
            "unknown key '{k}'{w}; did you mean '{c}'?",
            k=key,
            w=where,
            c=close[0],
        )
    return tr(
        "未知字段 '{k}'{w}；可用的字段：{all}",
        "unknown key '{k}'{w}; known keys: {all}",
        k=key,
        w=where,
        all=", ".join(known),
    )


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return tr("，你是不是想写 '{c}'？", "; did you mean '{c}'?", c=close[0]) if close else ""
