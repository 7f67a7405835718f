"""The import accounts for every row: the real CRM export, re-imports, newer exports, questions."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from coach.io.columns import MappingError, parse_map_options
from coach.io.deals_import import (
    ImportFileError,
    ImportOptions,
    ImportQuestionError,
    apply_import,
    plan_import,
    preview_import,
)


def _import(path: Path, deals, options: ImportOptions | None = None):
    plan = plan_import(preview_import(path, options), deals.list())
    apply_import(plan, deals)
    return plan


def _raw_crm_rows(path: Path) -> list[list[str]]:
    import csv

    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def test_real_crm_export_every_row_accounted_for(crm_csv: Path, fake_deals):
    rows = _raw_crm_rows(crm_csv)
    header, body = rows[0], rows[1:]
    preview = preview_import(crm_csv)
    assert preview.rows == len(body)
    assert preview.ready
    fields = {name: preview.columns.headers[pos] for name, pos in preview.columns.fields.items()}
    assert fields == {
        "external_id": "opportunity_id",
        "owner": "sales_agent",
        "product": "product",
        "client": "account",
        "stage": "deal_stage",
        "opened": "engage_date",
        "closed": "close_date",
        "amount": "close_value",
    }
    progress: list[tuple[int, int]] = []
    plan = plan_import(preview, fake_deals.list())
    apply_import(plan, fake_deals, progress=lambda done, total: progress.append((done, total)))
    c = plan.counts()
    assert c["new"] + c["updated"] + c["unchanged"] + c["skipped"] + c["rejected"] == len(body)
    assert c["new"] == len(body) and c["rejected"] == 0
    assert progress[0] == (0, len(body)) and progress[-1] == (len(body), len(body))

    # Field by field against the file as the csv module reads it.
    by_id = {d.external_id: d for d in fake_deals.list()}
    assert len(by_id) == len(body)
    stage_outcome = {"Won": "won", "Lost": "lost", "Engaging": "open", "Prospecting": "open"}
    col = {name: header.index(name) for name in header}
    for row in body:
        deal = by_id[row[col["opportunity_id"]]]
        assert deal.client == row[col["account"]]
        assert deal.product == row[col["product"]]
        assert deal.owner == row[col["sales_agent"]]
        assert deal.stage == row[col["deal_stage"]]
        assert deal.outcome == stage_outcome[row[col["deal_stage"]]]
        assert deal.loss_type == ("unknown" if deal.outcome == "lost" else "")
        assert deal.opened == row[col["engage_date"]]
        assert deal.closed == row[col["close_date"]]
        value = row[col["close_value"]]
        assert deal.amount == (float(value) if value else None)
    outcomes = Counter(d.outcome for d in by_id.values())
    assert outcomes == Counter(stage_outcome[r[col["deal_stage"]]] for r in body)


def test_real_crm_export_twice_changes_nothing(crm_csv: Path, fake_deals):
    _import(crm_csv, fake_deals)
    before = {d.id: d.to_data() for d in fake_deals.list()}
    again = _import(crm_csv, fake_deals)
    assert again.counts()["unchanged"] == again.preview.rows
    assert not again.new and not again.updated
    assert {d.id: d.to_data() for d in fake_deals.list()} == before


def test_newer_export_updates_what_changed(crm_csv: Path, tmp_path: Path, fake_deals):
    _import(crm_csv, fake_deals)
    text = crm_csv.read_text(encoding="utf-8").splitlines()
    header, body = text[0], text[1:]
    # Close three open deals, change one amount, add one new deal.
    changed = 0
    newer = []
    for line in body:
        cells = line.split(",")
        if cells[4] == "Engaging" and changed < 3:
            cells[4], cells[6], cells[7] = "Won", "2018-01-05", "999"
            changed += 1
        newer.append(",".join(cells))
    newer.append("ZZZNEW01,Moses Frase,GTX Basic,Cancity,Prospecting,2018-01-02,,")
    path = tmp_path / "sales_pipeline_2018.csv"
    path.write_text("\r\n".join([header, *newer]) + "\r\n", encoding="utf-8")
    plan = _import(path, fake_deals)
    c = plan.counts()
    assert (c["new"], c["updated"], c["unchanged"]) == (1, 3, len(body) - 3)
    for _, deal, fields in plan.updated:
        assert deal.outcome == "won" and deal.amount == 999 and deal.closed == "2018-01-05"
        assert set(fields) == {"stage", "outcome", "closed", "amount"}
    assert len(fake_deals.list()) == len(body) + 1
    # the updated deals kept their ids; each was saved a second time
    assert [fake_deals.get(d.id).rev for _, d, _ in plan.updated] == [2, 2, 2]


def test_reimport_without_id_column_matches_client_product_opened(tmp_path: Path, fake_deals):
    path = tmp_path / "no_id.csv"
    path.write_text(
        "客户,产品,金额,开始日期,结果\n王女士,年金险,50万,2025-03-01,跟进中\n李先生,基金,10万,2025-03-02,跟进中\n",
        encoding="utf-8",
    )
    first = _import(path, fake_deals)
    assert len(first.new) == 2
    path.write_text(
        "客户,产品,金额,开始日期,结果\n王女士,年金险,60万,2025-03-01,赢单\n李先生,基金,10万,2025-03-02,跟进中\n",
        encoding="utf-8",
    )
    second = _import(path, fake_deals)
    assert (len(second.new), len(second.updated), len(second.unchanged)) == (0, 1, 1)
    ((_, deal, fields),) = second.updated
    assert (deal.client, deal.amount, deal.outcome) == ("王女士", 600_000, "won")
    assert sorted(fields) == ["amount", "outcome"]


def test_user_notes_and_tags_survive_a_reimport(tmp_path: Path, fake_deals):
    path = tmp_path / "deals.csv"
    path.write_text("id,client,product,tags\n1,Acme,fund,vip\n", encoding="utf-8")
    _import(path, fake_deals)
    (deal,) = fake_deals.list()
    deal.notes = "met the CFO"
    deal.tags.append("q1")
    fake_deals.save(deal)
    again = _import(path, fake_deals)
    assert again.counts()["unchanged"] == 1
    (deal,) = fake_deals.list()
    assert deal.notes == "met the CFO" and deal.tags == ["vip", "q1"]


def test_rows_that_are_not_deals_are_reported_with_their_line(tmp_path: Path, fake_deals):
    path = tmp_path / "messy.csv"
    path.write_text(
        "\n".join(
            [
                "客户成交明细（2025年3月）",  # a title above the header
                "客户,产品,金额,成交日期,结果,渠道",
                "王女士,年金险,50万,2025-03-12,赢单,网点",
                "",
                ",,,,,",
                "李先生,基金,五十万,2025-13-40,差不多,",
                ",,10万,,,",
                "王女士,年金险,50万,2025-03-12,赢单,网点",
                "合计,,60万,,,",
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    plan = plan_import(preview_import(path), fake_deals.list())
    assert plan.preview.header_line == 2
    assert plan.total == plan.preview.rows == 7
    assert [line for line, _ in plan.new] == [3, 6]
    assert [p.line for p in plan.skipped] == [4, 5]
    reasons = {p.line: p.message for p in plan.rejected}
    assert sorted(reasons) == [7, 8, 9]
    assert "no client, product or id" in reasons[7]
    assert "same deal as line 3" in reasons[8]
    assert "total row" in reasons[9]
    # line 6: the deal is kept, what could not be read is in its notes and reported
    (warning,) = plan.warnings
    assert warning.line == 6
    lee = plan.new[1][1]
    assert lee.amount is None and lee.closed == "" and lee.outcome == "open"
    assert lee.notes.splitlines() == ["金额: 五十万", "成交日期: 2025-13-40", "结果: 差不多"]
    # the unmapped column is kept with the deal
    assert plan.new[0][1].extra["imported"] == {"渠道": "网点"}


def test_ambiguous_dates_ask_and_an_answer_decides(tmp_path: Path):
    path = tmp_path / "us.csv"
    path.write_text(
        "client,product,close date\nA,fund,03/10/25\nB,fund,04/11/25\n", encoding="utf-8"
    )
    preview = preview_import(path)
    (question,) = preview.questions
    assert question.kind == "dayfirst" and question.column == "close date"
    assert question.examples == ["03/10/25", "04/11/25"]
    with pytest.raises(ImportQuestionError, match="day/month or month/day"):
        plan_import(preview, [])
    for dayfirst, expected in (
        (True, ["2025-10-03", "2025-11-04"]),
        (False, ["2025-03-10", "2025-04-11"]),
    ):
        plan = plan_import(preview_import(path, ImportOptions(dayfirst=dayfirst)), [])
        assert [d.closed for _, d in plan.new] == expected


def test_a_telling_cell_decides_the_column_without_asking(tmp_path: Path):
    path = tmp_path / "uk.csv"
    path.write_text(
        "client,product,close date\nA,fund,03/10/25\nB,fund,25/12/24\n", encoding="utf-8"
    )
    preview = preview_import(path)
    assert preview.ready and preview.dayfirst["closed"] is True
    plan = plan_import(preview, [])
    assert [d.closed for _, d in plan.new] == ["2025-10-03", "2024-12-25"]


def test_map_options_override_and_leave_out(tmp_path: Path):
    path = tmp_path / "odd.csv"
    path.write_text("who,what,how much,memo\nAcme,fund,5000,hello\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="--map column=field"):
        preview_import(path)
    mapping = parse_map_options(["who=client", "what=product", "how much=amount", "memo=-"])
    plan = plan_import(preview_import(path, ImportOptions(mapping=mapping, currency="USD")), [])
    ((_, deal),) = plan.new
    assert (deal.client, deal.product, deal.amount, deal.currency) == ("Acme", "fund", 5000, "USD")
    assert "imported" not in deal.extra  # memo was left out on purpose


@pytest.mark.parametrize(("option", "message"), [
    ("nofield", "column=field"),
    ("who=wealth", "unknown field"),
    ("=client", "column=field"),
])  # fmt: skip
def test_bad_map_options(option: str, message: str):
    with pytest.raises(MappingError, match=message):
        parse_map_options([option])


def test_map_option_naming_a_missing_column(tmp_path: Path):
    path = tmp_path / "x.csv"
    path.write_text("client,product\nA,fund\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="no such column"):
        preview_import(path, ImportOptions(mapping={"nope": "amount"}))


@pytest.mark.parametrize(("headers", "expected"), [
    ("客户名称,产品名称,成交金额,目标,销售阶段,成交日期,丢单原因,客户经理,竞争对手,标签,备注",
     ["client", "product", "amount", "target", "stage", "closed", "loss_reason", "owner",
      "competitor", "tags", "notes"]),
    ("Account,Product,Close_Value,Deal_Stage,Engage_Date,Close_Date,Sales_Agent,Opportunity_ID",
     ["client", "product", "amount", "stage", "opened", "closed", "owner", "external_id"]),
    ("客户,产品,金额（万元）,结果,丢单原因,次要原因,币种",
     ["client", "product", "amount", "outcome", "loss_reason", "loss_reason_2", "currency"]),
    ("CLIENT NAME , product , Amount , Outcome , Loss Reason",
     ["client", "product", "amount", "outcome", "loss_reason"]),
])  # fmt: skip
def test_headers_mapped_in_both_languages(tmp_path: Path, headers: str, expected: list[str]):
    path = tmp_path / "h.csv"
    path.write_text(headers + "\n" + ",".join(["x"] * len(expected)) + "\n", encoding="utf-8")
    cmap = preview_import(path).columns
    assert [name for name, _ in sorted(cmap.fields.items(), key=lambda kv: kv[1])] == expected


def test_outcome_loss_type_and_competitor(tmp_path: Path):
    path = tmp_path / "lost.csv"
    path.write_text(
        "client,product,outcome,competitor,loss type\n"
        "A,fund,Lost,,\n"
        "B,fund,Lost,Fidelity,\n"
        "C,fund,丢单,,无决定\n"
        "D,fund,输给竞品,平安,\n"
        "E,fund,Won,Fidelity,competitor\n",
        encoding="utf-8",
    )
    plan = plan_import(preview_import(path), [])
    got = [(d.outcome, d.loss_type) for _, d in plan.new]
    assert got == [
        ("lost", "unknown"),
        ("lost", "competitor"),
        ("lost", "no_decision"),
        ("lost", "competitor"),
        ("won", ""),
    ]


def test_currency_column_and_amount_symbols(tmp_path: Path):
    path = tmp_path / "cur.csv"
    path.write_text(
        "client,product,amount,currency\nA,f,100,USD\nB,f,$100,\nC,f,100,\nD,f,100,港币\nE,f,100,??\n",
        encoding="utf-8",
    )
    plan = plan_import(preview_import(path), [])
    assert [d.currency for _, d in plan.new] == ["USD", "USD", "CNY", "HKD", "CNY"]
    assert [w.line for w in plan.warnings] == [6]
