"""Issue 14 item 7: the documented column names of Salesforce, HubSpot and 悟空CRM / 纷享销客
exports map to the right fields; the outcome follows their won / closed flags; a file with no
date (and no id) asks instead of merging different orders; --map takes the preview's labels;
a written loss reason tells the loss type."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.domain import values as V
from coach.io.columns import MappingError, map_columns, parse_map_options
from coach.io.deals_import import (
    ImportOptions,
    ImportQuestionError,
    plan_import,
    preview_import,
)


def _write(tmp_path: Path, name: str, lines: list[str]) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _fields(headers: list[str]) -> dict[str, str]:
    cmap = map_columns(headers)
    return {name: headers[pos] for name, pos in cmap.fields.items()}


SALESFORCE = [
    "Id", "Name", "AccountId", "Account.Name", "Amount", "StageName", "IsWon", "IsClosed",
    "CloseDate", "CreatedDate", "Probability", "OwnerId", "Owner.Name", "Type", "LeadSource",
    "ForecastCategoryName",
]  # fmt: skip
HUBSPOT = [
    "Record ID", "Deal Name", "Amount", "Deal Stage", "Close Date", "Create Date", "Deal owner",
    "Pipeline", "Associated Company", "Closed Won Reason", "Closed Lost Reason", "Is Closed Won",
    "Is Deal Closed?",
]  # fmt: skip
WUKONG = [
    "商机名称", "客户名称", "商机金额", "销售阶段", "赢单率", "预计成交日期", "创建时间", "负责人",
    "商机状态", "输单原因",
]  # fmt: skip


def test_salesforce_opportunity_headers():
    assert _fields(SALESFORCE) == {
        "external_id": "Id",
        "client": "Account.Name",  # the name, not the id, when both are there
        "amount": "Amount",
        "stage": "StageName",
        "is_won": "IsWon",
        "is_closed": "IsClosed",
        "closed": "CloseDate",
        "opened": "CreatedDate",
        "owner": "Owner.Name",
    }
    # without Account.Name / Owner.Name, the ids are the best there is
    only_ids = [h for h in SALESFORCE if h not in ("Account.Name", "Owner.Name")]
    got = _fields(only_ids)
    assert (got["client"], got["owner"]) == ("AccountId", "OwnerId")


def test_hubspot_deal_headers():
    assert _fields(HUBSPOT) == {
        "external_id": "Record ID",
        "amount": "Amount",
        "stage": "Deal Stage",
        "closed": "Close Date",
        "opened": "Create Date",
        "owner": "Deal owner",
        "client": "Associated Company",
        "loss_reason": "Closed Lost Reason",
        "is_won": "Is Closed Won",
        "is_closed": "Is Deal Closed?",
    }
    internal = ["hs_object_id", "dealname", "amount", "dealstage", "closedate", "createdate",
                "hubspot_owner_id", "closed_lost_reason", "hs_is_closed_won", "hs_is_closed"]  # fmt: skip
    assert set(_fields(internal)) == {
        "external_id", "amount", "stage", "closed", "opened", "owner", "loss_reason", "is_won",
        "is_closed",
    }  # fmt: skip


def test_wukong_and_fxiaoke_opportunity_headers():
    assert _fields(WUKONG) == {
        "client": "客户名称",
        "amount": "商机金额",
        "stage": "销售阶段",
        "closed": "预计成交日期",
        "opened": "创建时间",
        "owner": "负责人",
        "outcome": "商机状态",
        "loss_reason": "输单原因",
    }
    assert _fields(["商机名称", "客户名称", "结单日期", "创建时间"])["closed"] == "结单日期"


def test_salesforce_outcome_follows_the_won_and_closed_flags(tmp_path: Path):
    path = _write(tmp_path, "sf.csv", [
        ",".join(SALESFORCE),
        "0061,Acme 100,0011,Acme,1200000,Closed Won,true,true,2025-03-01,2025-01-05,100,005,Ann,New,Web,Closed",
        "0062,Beta 5,0012,Beta,5000,Closed Lost,false,true,2025-03-02,2025-01-06,0,005,Bob,New,Web,Omitted",
        "0063,Gamma 7,0013,Gamma,7000,Negotiation/Review,false,false,2025-06-30,2025-02-01,80,005,Ann,New,Web,Commit",
        "0064,Delta 9,0014,Delta,9000,Signed - Contract,true,true,2025-04-01,2025-02-01,100,005,Ann,New,Web,Closed",
        "0065,Eps 1,0015,Eps,100,Dead - No Budget,FALSE,TRUE,2025-04-02,2025-02-02,0,005,Ann,New,Web,Omitted",
    ])  # fmt: skip
    plan = plan_import(preview_import(path), [])
    got = [(d.client, d.outcome, d.opened, d.closed) for _, d in plan.new]
    assert got == [
        ("Acme", "won", "2025-01-05", "2025-03-01"),
        ("Beta", "lost", "2025-01-06", "2025-03-02"),
        ("Gamma", "open", "2025-02-01", "2025-06-30"),
        ("Delta", "won", "2025-02-01", "2025-04-01"),  # a custom stage name: the flags decide
        ("Eps", "lost", "2025-02-02", "2025-04-02"),
    ]
    assert plan.new[4][1].stage == "Dead - No Budget"
    assert plan.new[0][1].extra["imported"]["Name"] == "Acme 100"  # kept, not lost
    assert not plan.warnings


def test_hubspot_flags_and_reasons(tmp_path: Path):
    path = _write(tmp_path, "hubspot.csv", [
        ",".join(HUBSPOT),
        "1,Acme deal,500,closedwon,2025-03-01,2025-01-01,Ann,default,Acme,Good fit,,true,true",
        "2,Beta deal,600,closedlost,2025-03-02,2025-01-02,Ann,default,Beta,,Went with a competitor,false,true",
        "3,Gamma deal,700,appointmentscheduled,2025-07-01,2025-01-03,Ann,default,Gamma,,,false,false",
        "4,Delta deal,800,contractsent,2025-07-02,2025-01-04,Ann,default,Delta,,,maybe,false",
    ])  # fmt: skip
    plan = plan_import(preview_import(path), [])
    got = [(d.client, d.outcome, d.loss_type) for _, d in plan.new]
    assert got == [
        ("Acme", "won", ""),
        ("Beta", "lost", "competitor"),
        ("Gamma", "open", ""),
        ("Delta", "open", ""),
    ]
    (warning,) = plan.warnings  # "maybe" is not a yes/no: said, and kept in the notes
    assert warning.line == 5 and "Is Closed Won: maybe" in plan.new[3][1].notes


def test_wukong_status_won_lost_void(tmp_path: Path):
    path = _write(tmp_path, "wukong.csv", [
        ",".join(WUKONG),
        "A项目,王女士,50万,赢单,100%,2025-03-01,2025-01-01 09:30:00,张三,赢单,",
        "B项目,李先生,20万,输单,0%,2025-03-02,2025-01-02 10:00:00,张三,输单,竞品收益更高",
        "C项目,赵总,30万,方案报价,60%,2025-08-01,2025-01-03 11:00:00,李四,进行中,",
        "D项目,钱总,10万,初步接洽,10%,2025-03-05,2025-01-04 11:00:00,李四,无效,",
        "E项目,孙总,10万,谈判,50%,2025-03-06,2025-01-05 11:00:00,李四,输单,客户暂不决策",
    ])  # fmt: skip
    plan = plan_import(preview_import(path), [])
    got = [(d.client, d.outcome, d.loss_type, d.opened, d.closed) for _, d in plan.new]
    assert got == [
        ("王女士", "won", "", "2025-01-01", "2025-03-01"),
        ("李先生", "lost", "competitor", "2025-01-02", "2025-03-02"),
        ("赵总", "open", "", "2025-01-03", "2025-08-01"),
        ("钱总", "lost", "no_decision", "2025-01-04", "2025-03-05"),
        ("孙总", "lost", "no_decision", "2025-01-05", "2025-03-06"),
    ]


def test_a_chinese_order_sheet_keeps_every_order(tmp_path: Path):
    lines = ["客户,产品,金额,订单日期"]
    lines += [f"王女士,年金,{i}万,2025-03-{i:02d}" for i in range(1, 29)]
    lines += [f"李先生,基金,{i}万,2025-04-{i:02d}" for i in range(1, 14)]
    path = _write(tmp_path, "orders.csv", lines)
    preview = preview_import(path)
    assert preview.ready and preview.columns.column("closed") == "订单日期"
    plan = plan_import(preview, [])
    assert len(plan.new) == 41 and not plan.rejected


def test_no_date_and_no_id_asks_instead_of_merging_orders(tmp_path: Path):
    path = _write(tmp_path, "orders.csv", [
        "客户,产品,金额,下单,渠道",
        "王女士,年金,50万,2025-03-01,网点",
        "王女士,年金,20万,2025-04-01,网点",
        "李先生,基金,10万,2025-04-02,线上",
    ])  # fmt: skip
    preview = preview_import(path)
    (question,) = preview.questions
    assert question.kind == "date_column"
    assert question.choices[0] == "下单"  # the column that reads as dates comes first
    assert "--map COLUMN=closed" in question.message and "lines 2 and 3" in question.message
    with pytest.raises(ImportQuestionError) as err:
        plan_import(preview, [])
    assert err.value.kind == "date_column"
    answered = preview_import(path, ImportOptions(mapping={"下单": "closed"}))
    assert answered.ready
    plan = plan_import(answered, [])
    assert [d.amount for _, d in plan.new] == [500_000, 200_000, 100_000] and not plan.rejected


def test_no_date_without_repeats_does_not_ask(tmp_path: Path):
    path = _write(tmp_path, "plain.csv", ["client,product", "A,fund", "B,fund"])
    assert preview_import(path).ready


def test_no_date_but_ids_does_not_ask(tmp_path: Path):
    path = _write(tmp_path, "ids.csv", ["id,client,product", "1,A,fund", "2,A,fund"])
    preview = preview_import(path)
    assert preview.ready and len(plan_import(preview, []).new) == 2


def test_map_takes_the_labels_the_preview_shows(tmp_path: Path):
    assert parse_map_options(["No.=id", "单号=编号", "x=loss type", "y=丢单类型"]) == {
        "No.": "external_id",
        "单号": "external_id",
        "x": "loss_type",
        "y": "loss_type",
    }
    with pytest.raises(MappingError, match="unknown field"):
        parse_map_options(["x=wealth"])
    path = _write(tmp_path, "x.csv", ["No.,client,product", "7,A,fund"])
    preview = preview_import(path, ImportOptions(mapping=parse_map_options(["No.=id"])))
    assert "id ← No." in preview.mapping_lines()
    ((_, deal),) = plan_import(preview, []).new
    assert deal.external_id == "7"


@pytest.mark.parametrize(("reason", "expected"), [
    ("竞品收益更高", "competitor"),
    ("客户暂不决策", "no_decision"),
    ("Went with a competitor", "competitor"),
    ("Project on hold", "no_decision"),
    ("价格太高", None),
    ("客户暂不决策，也在看竞品", None),  # says both: not a guess
    ("", None),
])  # fmt: skip
def test_loss_type_from_a_written_reason(reason: str, expected: str | None):
    assert V.loss_type_from_reason(reason) == expected


def test_an_explicit_loss_type_beats_the_reason(tmp_path: Path):
    path = _write(tmp_path, "l.csv", [
        "client,product,outcome,loss type,loss reason",
        "A,fund,Lost,competitor,客户暂不决策",
        "B,fund,Lost,,客户暂不决策",
        "C,fund,Lost,,价格太高",
    ])  # fmt: skip
    plan = plan_import(preview_import(path), [])
    assert [d.loss_type for _, d in plan.new] == ["competitor", "no_decision", "unknown"]


@pytest.mark.parametrize(("closed", "won", "expected"), [
    (True, True, "won"), (True, False, "lost"), (False, False, "open"), (False, True, "open"),
    (None, True, "won"), (None, False, None), (True, None, None),
])  # fmt: skip
def test_outcome_from_flags(closed, won, expected):
    assert V.outcome_from_flags(closed, won) == expected


@pytest.mark.parametrize("text", ["true", "TRUE", "Yes", "1", "是"])
def test_flags_read_yes(text: str):
    assert V.parse_flag(text) is True


def test_a_flag_that_is_not_yes_or_no_says_so():
    with pytest.raises(ValueError, match="not a yes/no: maybe"):
        V.parse_flag("maybe")


def test_required_and_question_marks_do_not_hide_a_header():
    assert _fields(["*客户名称", "*产品", "金额（万元）*", "Is Deal Closed?"]) == {
        "client": "*客户名称",
        "product": "*产品",
        "amount": "金额（万元）*",
        "is_closed": "Is Deal Closed?",
    }
