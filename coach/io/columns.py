"""Which column of an export holds which field of a deal, in Chinese or English.

Headers are matched after normalising (case, spaces, ``_`` / ``-``, full-width forms, and a unit
in brackets such as ``金额（万元）``, which is kept as a hint for plain numbers). ``--map
column=field`` overrides the guess; ``column=-`` leaves a column out. Columns that map to no
field are not dropped: the importer keeps their values with the deal.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from coach.domain.values import UNITS, normalise
from coach.i18n import tr

#: Fields a column can fill, in the order the preview shows them.
FIELDS: tuple[str, ...] = (
    "external_id",
    "client",
    "product",
    "amount",
    "currency",
    "target",
    "stage",
    "outcome",
    "loss_type",
    "opened",
    "closed",
    "loss_reason",
    "loss_reason_2",
    "competitor",
    "owner",
    "tags",
    "notes",
)
IGNORE = "-"

#: Header synonyms per field (normalised by ``header_key``). The first match in this order wins,
#: so a more specific field comes before a general one that shares words.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "external_id": (
        "id", "opportunity id", "opportunityid", "deal id", "dealid", "record id", "crm id",
        "opportunity number", "编号", "商机编号", "商机id", "机会编号", "机会id", "单号", "订单号",
        "合同编号", "序号id", "记录id",
    ),
    "client": (
        "客户", "客户名称", "客户姓名", "客户名", "姓名", "客户简称", "account", "account name",
        "client", "client name", "customer", "customer name", "company", "company name",
    ),
    "product": (
        "产品", "产品名称", "险种", "产品类型", "产品名", "product", "product name", "products",
        "item",
    ),
    "amount": (
        "金额", "成交金额", "保费", "规模", "成交额", "销售额", "签约金额", "合同金额", "商机金额",
        "amount", "close value", "closevalue", "value", "deal value", "deal amount", "revenue",
        "deal size", "premium",
    ),
    "currency": ("币种", "货币", "currency", "currency code"),
    "target": ("目标", "目标金额", "销售目标", "指标", "target", "target amount", "quota", "goal"),
    "stage": (
        "阶段", "销售阶段", "商机阶段", "stage", "deal stage", "dealstage", "opportunity stage",
        "sales stage", "pipeline stage",
    ),
    "outcome": ("结果", "成交结果", "赢丢单", "outcome", "result", "won lost", "win loss"),
    "loss_type": ("丢单类型", "输单类型", "loss type", "lost type"),
    "opened": (
        "开始日期", "创建日期", "接触日期", "首次接触", "首次接触日期", "立项日期", "跟进日期",
        "engage date", "engagedate", "open date", "opened", "created", "created date",
        "create date", "start date", "created on",
    ),
    "closed": (
        "成交日期", "结束日期", "关闭日期", "签约日期", "结案日期", "close date", "closedate",
        "closed date", "closed", "closing date", "won date", "date closed", "date", "日期",
        "deal date",
    ),
    "loss_reason": (
        "丢单原因", "输单原因", "失单原因", "主要原因", "原因", "丢单原因1", "loss reason",
        "lost reason", "loss reason 1", "reason", "primary reason", "reason lost",
    ),
    "loss_reason_2": (
        "次要原因", "丢单原因2", "输单原因2", "其他原因", "loss reason 2", "secondary reason",
        "lost reason 2", "reason 2",
    ),
    "competitor": ("竞争对手", "竞品", "对手", "competitor", "competitors", "lost to"),
    "owner": (
        "客户经理", "负责人", "销售", "理财经理", "销售人员", "业务员", "归属人", "sales agent",
        "salesagent", "owner", "sales rep", "rep", "agent", "account manager", "account owner",
        "opportunity owner", "salesperson",
    ),
    "tags": ("标签", "tags", "tag", "labels"),
    "notes": ("备注", "说明", "描述", "notes", "note", "comment", "comments", "remarks", "description"),
}  # fmt: skip

_BRACKETS_RE = re.compile(r"[(\[（【](?P<inner>[^)\]）】]*)[)\]）】]")
_SEP_RE = re.compile(r"[\s_\-./:：]+")


def header_key(header: object) -> str:
    """``Close_Value `` → ``close value``; ``金额（万元）`` → ``金额``."""
    s = normalise(str(header if header is not None else ""))
    s = _BRACKETS_RE.sub(" ", s)
    return _SEP_RE.sub(" ", s.casefold()).strip()


def header_unit(header: object) -> float:
    """The multiplier a header's brackets give plain numbers: ``金额（万元）`` → 10000."""
    for m in _BRACKETS_RE.finditer(normalise(str(header or ""))):
        inner = m["inner"].strip().casefold().removesuffix("元").removesuffix("rmb").strip()
        if inner in UNITS:
            return UNITS[inner]
    return 1.0


_LOOKUP: dict[str, str] = {}
for _field, _names in SYNONYMS.items():
    for _name in _names:
        _LOOKUP.setdefault(header_key(_name), _field)


def guess_field(header: object) -> str | None:
    key = header_key(header)
    return _LOOKUP.get(key) or _LOOKUP.get(key.replace(" ", ""))


def field_label(name: str) -> str:
    labels = {
        "external_id": tr("编号", "id"),
        "client": tr("客户", "client"),
        "product": tr("产品", "product"),
        "amount": tr("金额", "amount"),
        "currency": tr("币种", "currency"),
        "target": tr("目标", "target"),
        "stage": tr("阶段", "stage"),
        "outcome": tr("结果", "outcome"),
        "loss_type": tr("丢单类型", "loss type"),
        "opened": tr("开始日期", "opened"),
        "closed": tr("结束日期", "closed"),
        "loss_reason": tr("丢单原因", "loss reason"),
        "loss_reason_2": tr("次要原因", "second reason"),
        "competitor": tr("竞争对手", "competitor"),
        "owner": tr("负责人", "owner"),
        "tags": tr("标签", "tags"),
        "notes": tr("备注", "notes"),
    }
    return labels.get(name, name)


class MappingError(ValueError):
    """A ``--map`` option that names no column or no field."""


@dataclass
class ColumnMap:
    """Field → column position, the headers, and the columns no field took."""

    headers: list[str]
    fields: dict[str, int] = field(default_factory=dict)
    unmapped: list[int] = field(default_factory=list)
    ignored: list[int] = field(default_factory=list)
    units: dict[str, float] = field(default_factory=dict)  # field -> unit from its header

    def column(self, name: str) -> str | None:
        pos = self.fields.get(name)
        return None if pos is None else self.headers[pos]


def parse_map_options(options: Iterable[str]) -> dict[str, str]:
    """``["成交额=amount", "备注2=-"]`` → {"成交额": "amount", "备注2": "-"}."""
    out: dict[str, str] = {}
    for opt in options:
        col, sep, name = opt.rpartition("=")
        col, name = col.strip(), name.strip()
        if not sep or not col or not name:
            raise MappingError(
                tr(
                    "--map 需要 列名=字段，收到：{o}",
                    "--map needs column=field, got: {o}",
                    o=opt,
                )
            )
        if name != IGNORE and name not in FIELDS:
            raise MappingError(
                tr(
                    "--map {o}：未知字段 {n}（可用：{all}）",
                    "--map {o}: unknown field {n} (fields: {all})",
                    o=opt,
                    n=name,
                    all=", ".join(FIELDS),
                )
            )
        out[col] = name
    return out


def map_columns(headers: Sequence[object], overrides: dict[str, str] | None = None) -> ColumnMap:
    """Match each header to a field; overrides (by header text, or 1-based column number) win."""
    texts = [str(h).strip() if h is not None else "" for h in headers]
    cmap = ColumnMap(headers=texts)
    overrides = dict(overrides or {})
    forced: dict[int, str] = {}
    keys = [header_key(h) for h in texts]
    for col, name in overrides.items():
        pos = _find_column(col, texts, keys)
        if pos is None:
            raise MappingError(
                tr(
                    "--map {c}：文件中没有这一列（列：{all}）",
                    "--map {c}: the file has no such column (columns: {all})",
                    c=col,
                    all=", ".join(t or "?" for t in texts),
                )
            )
        forced[pos] = name
    for pos, name in forced.items():
        if name == IGNORE:
            cmap.ignored.append(pos)
        else:
            for other, taken in list(cmap.fields.items()):
                if taken == pos:
                    del cmap.fields[other]
            cmap.fields[name] = pos
    for pos, text in enumerate(texts):
        if pos in forced:
            continue
        guess = guess_field(text)
        if guess and guess not in cmap.fields:
            cmap.fields[guess] = pos
        else:
            cmap.unmapped.append(pos)
    for name, pos in cmap.fields.items():
        if name in ("amount", "target"):
            cmap.units[name] = header_unit(texts[pos])
    return cmap


def _find_column(col: str, texts: list[str], keys: list[str]) -> int | None:
    if col in texts:
        return texts.index(col)
    key = header_key(col)
    if key and key in keys:
        return keys.index(key)
    if col.isdigit() and 1 <= int(col) <= len(texts):
        return int(col) - 1
    return None


def header_score(cells: Sequence[object]) -> int:
    """How many cells of a row read as known headers (to find the header below a title row)."""
    seen: set[str] = set()
    for cell in cells:
        name = guess_field(cell) if isinstance(cell, str) else None
        if name:
            seen.add(name)
    return len(seen)
