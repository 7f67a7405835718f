"""Which column of an export holds which field of a deal, in Chinese or English.

Headers are matched after normalising (case, spaces, ``_`` / ``-`` / ``.``, ``?`` / ``*`` marks,
full-width forms, and a unit in brackets such as ``金额（万元）``, which is kept as a hint for
plain numbers). ``--map column=field`` overrides the guess (a field by its name or its label in
either language: ``external_id``, ``id``, ``编号``); ``column=-`` leaves a column out. Columns
that map to no field are not dropped: the importer keeps their values with the deal.

The synonyms cover the documented column names of common CRM exports, not one file:

* Salesforce Opportunity: ``Id``, ``Name`` (kept as it is), ``AccountId`` / ``Account.Name``,
  ``Amount``, ``StageName``, ``IsWon``, ``IsClosed``, ``CloseDate``, ``CreatedDate``,
  ``OwnerId`` / ``Owner.Name`` (``Probability``, ``Type``, ``LeadSource``,
  ``ForecastCategoryName`` are kept as they are);
* HubSpot deals: ``Record ID``, ``Deal Stage``, ``Close Date``, ``Create Date``, ``Deal owner``,
  ``Associated Company``, ``Closed Lost Reason``, ``Is Closed Won``, ``Is Deal Closed?`` (and
  their internal names ``dealstage``, ``closedate``, ``createdate``, ``hs_is_closed_won`` …);
* 悟空CRM / 纷享销客 商机: 客户名称, 商机金额, 销售阶段, 预计成交日期 / 结单日期, 创建时间,
  负责人, 商机状态, 输单原因 (商机名称 and 赢单率 are kept as they are).

When two headers could fill one field, the one whose synonym comes first in the field's list
wins (``Account.Name`` over ``AccountId``, ``成交日期`` over ``日期``); the other is kept as it is.
``is_won`` / ``is_closed`` are yes/no flags: with them the outcome is won (closed and won), lost
(closed, not won) or open (not closed), whatever the stage is called.
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
    "is_won",
    "is_closed",
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

#: Header synonyms per field (normalised by ``header_key``; a synonym also matches written
#: without its spaces: ``StageName``, ``createdate``). A header matching two fields takes the
#: first field in this order; two headers for one field: the earlier synonym wins.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "external_id": (
        "id", "opportunity id", "deal id", "record id", "crm id", "opportunity number",
        "hs object id", "编号", "商机编号", "商机id", "机会编号", "机会id", "单号", "订单号",
        "订单编号", "合同编号", "序号id", "记录id",
    ),
    "client": (
        "客户", "客户名称", "客户姓名", "客户名", "姓名", "客户简称", "account", "account name",
        "client", "client name", "customer", "customer name", "company", "company name",
        "associated company", "associated company name", "company name primary",
        "account id", "associated company id", "客户id",
    ),
    "product": (
        "产品", "产品名称", "险种", "产品类型", "产品名", "product", "product name", "products",
        "item", "商品", "商品名称",
    ),
    "amount": (
        "金额", "成交金额", "保费", "规模", "成交额", "销售额", "签约金额", "合同金额", "商机金额",
        "订单金额", "amount", "close value", "value", "deal value", "deal amount", "revenue",
        "deal size", "premium", "amount in company currency", "expected revenue",
    ),
    "currency": ("币种", "货币", "currency", "currency code", "currency iso code", "deal currency code"),
    "target": ("目标", "目标金额", "销售目标", "指标", "target", "target amount", "quota", "goal"),
    "stage": (
        "阶段", "销售阶段", "商机阶段", "stage", "deal stage", "opportunity stage", "stage name",
        "sales stage", "pipeline stage",
    ),
    "outcome": (
        "结果", "成交结果", "赢丢单", "商机状态", "赢单状态", "成交状态", "outcome", "result",
        "won lost", "win loss", "deal status", "状态", "status",
    ),
    "is_won": ("is won", "is closed won", "hs is closed won", "是否赢单", "是否成交"),
    "is_closed": (
        "is closed", "is deal closed", "hs is closed", "是否关闭", "是否结单", "是否结束",
    ),
    "loss_type": ("丢单类型", "输单类型", "loss type", "lost type"),
    "opened": (
        "开始日期", "创建日期", "创建时间", "接触日期", "首次接触", "首次接触日期", "立项日期",
        "跟进日期", "engage date", "open date", "opened", "created", "created date", "create date",
        "start date", "created on", "created time",
    ),
    "closed": (
        "成交日期", "结束日期", "关闭日期", "签约日期", "结案日期", "结单日期", "订单日期",
        "下单日期", "下单时间", "成交时间", "预计成交日期", "预计结单日期", "close date",
        "closed date", "closed", "closing date", "won date", "date closed", "expected close date",
        "deal date", "order date", "date", "日期",
    ),
    "loss_reason": (
        "丢单原因", "输单原因", "失单原因", "主要原因", "原因", "丢单原因1", "loss reason",
        "lost reason", "loss reason 1", "closed lost reason", "reason", "primary reason",
        "reason lost",
    ),
    "loss_reason_2": (
        "次要原因", "丢单原因2", "输单原因2", "其他原因", "loss reason 2", "secondary reason",
        "lost reason 2", "reason 2",
    ),
    "competitor": ("竞争对手", "竞品", "对手", "competitor", "competitors", "lost to"),
    "owner": (
        "客户经理", "负责人", "销售", "理财经理", "销售人员", "业务员", "归属人", "sales agent",
        "owner", "owner name", "deal owner", "opportunity owner", "sales rep", "rep", "agent",
        "account manager", "account owner", "salesperson", "owner id", "hubspot owner id",
        "负责人id",
    ),
    "tags": ("标签", "tags", "tag", "labels"),
    "notes": ("备注", "说明", "描述", "notes", "note", "comment", "comments", "remarks", "description"),
}  # fmt: skip

_BRACKETS_RE = re.compile(r"[(\[（【](?P<inner>[^)\]）】]*)[)\]）】]")
_SEP_RE = re.compile(r"[\s_\-./:：]+")
_MARKS_RE = re.compile(r"^[*＊]+|[?？*＊]+$")  # "*客户名称" (required), "Is Deal Closed?"


def header_key(header: object) -> str:
    """``Close_Value `` → ``close value``; ``金额（万元）`` → ``金额``."""
    s = normalise(str(header if header is not None else ""))
    s = _MARKS_RE.sub("", _BRACKETS_RE.sub(" ", s).strip())
    return _SEP_RE.sub(" ", s.casefold()).strip()


def header_unit(header: object) -> float:
    """The multiplier a header's brackets give plain numbers: ``金额（万元）`` → 10000."""
    for m in _BRACKETS_RE.finditer(normalise(str(header or ""))):
        inner = m["inner"].strip().casefold().removesuffix("元").removesuffix("rmb").strip()
        if inner in UNITS:
            return UNITS[inner]
    return 1.0


#: Normalised synonym -> (field, rank in the field's list); also written without spaces.
_LOOKUP: dict[str, tuple[str, int]] = {}
for _field, _names in SYNONYMS.items():
    for _rank, _name in enumerate(_names):
        _LOOKUP.setdefault(header_key(_name), (_field, _rank))
for _key, _hit in list(_LOOKUP.items()):
    _LOOKUP.setdefault(_key.replace(" ", ""), _hit)


def _guess(header: object) -> tuple[str, int] | None:
    key = header_key(header)
    return _LOOKUP.get(key) or _LOOKUP.get(key.replace(" ", ""))


def guess_field(header: object) -> str | None:
    hit = _guess(header)
    return hit[0] if hit else None


#: Each field's label, (Chinese, English): shown by the preview and accepted by ``--map``.
LABELS: dict[str, tuple[str, str]] = {
    "external_id": ("编号", "id"),
    "client": ("客户", "client"),
    "product": ("产品", "product"),
    "amount": ("金额", "amount"),
    "currency": ("币种", "currency"),
    "target": ("目标", "target"),
    "stage": ("阶段", "stage"),
    "outcome": ("结果", "outcome"),
    "is_won": ("是否赢单", "won flag"),
    "is_closed": ("是否关闭", "closed flag"),
    "loss_type": ("丢单类型", "loss type"),
    "opened": ("开始日期", "opened"),
    "closed": ("结束日期", "closed"),
    "loss_reason": ("丢单原因", "loss reason"),
    "loss_reason_2": ("次要原因", "second reason"),
    "competitor": ("竞争对手", "competitor"),
    "owner": ("负责人", "owner"),
    "tags": ("标签", "tags"),
    "notes": ("备注", "notes"),
}

#: What ``--map column=X`` accepts for X: a field's name, or its label in either language.
_FIELD_NAMES: dict[str, str] = {}
for _field in FIELDS:
    for _alias in (_field, *LABELS[_field]):
        _FIELD_NAMES.setdefault(header_key(_alias), _field)


def field_of(name: str) -> str | None:
    """``external_id`` / ``id`` / ``编号`` → ``external_id``; None for no field."""
    return _FIELD_NAMES.get(header_key(name))


def field_label(name: str) -> str:
    pair = LABELS.get(name)
    return tr(*pair) if pair else name


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
        if name != IGNORE:
            name = field_of(name) or name
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
    best: dict[str, tuple[int, int]] = {}  # field -> (rank, position) of the best header
    for pos, text in enumerate(texts):
        hit = None if pos in forced else _guess(text)
        if hit is None or hit[0] in cmap.fields:
            continue
        name, rank = hit
        if name not in best or rank < best[name][0]:
            best[name] = (rank, pos)
    for name, (_rank, pos) in best.items():
        cmap.fields[name] = pos
    taken = set(cmap.fields.values())
    cmap.unmapped = [p for p in range(len(texts)) if p not in taken and p not in forced]
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
