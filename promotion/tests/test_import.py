"""Excel import and export of activities, leads and contracts: all or nothing, by row and column."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook, load_workbook

from core.choices import ChangeAction
from core.models import ChangeLog
from exchange.promotion_import import ACTIVITIES, CONTRACTS, KINDS, LEADS, import_rows
from exchange.xlsx import bilingual_labels
from promotion.choices import ActivityKind
from promotion.models import Activity, Contract, Lead
from promotion.tests.factories import ChainFactory, LeadFactory, credit_code


@pytest.fixture(autouse=True)
def divisions(industry):
    """Industry division 38, the one the lead rows name."""


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def xlsx(kind, *rows, header=None):
    """An upload whose sheet has the template's header and one record per dict."""
    book = Workbook()
    sheet = book.active
    sheet.title = kind.sheet
    sheet.append(header or [column.header for column in kind.columns])
    for row in rows:
        sheet.append([row.get(column.field) for column in kind.columns])
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(f"{kind.name}.xlsx", buffer.getvalue())


def only_error(result):
    assert result.created == 0
    assert len(result.errors) == 1, result.errors
    return result.errors[0]


# The dropdown value of the template: "<Chinese label> / <English label>".
CONFERENCE = next(
    f"{zh} / {en}" for code, zh, en in bilingual_labels(ActivityKind) if code == "conference"
)
ACTIVITY = {
    "kind": CONFERENCE,
    "held_on": datetime.datetime(2023, 3, 15),
    "title": "双鸭山市赴长三角招商推介会",
    "region": "210381",
    "place": "上海",
    "target_region": "yrd",
    "enterprises_met": "上海电气\n宝武集团",
}
LEAD = {
    "investor_name": "宝武炭材料科技",
    "investor_credit_code": credit_code(21),
    "source": "长三角推介会",
    "region": 210300,
    "industry": 38,
    "chain": "钢铁及深加工",
    "group": "钢铁招商组",
    "intended_investment": 50000.5,
    "received_on": "2023-03-16",
}
CONTRACT = {
    "name": "年产5万吨针状焦项目",
    "signed_on": datetime.date(2023, 4, 13),
    "signing_event": "4月13日集中签约",
    "contracted_investment": 120000,
    "counterparty": "宝武炭材料科技",
    "counterparty_credit_code": credit_code(21).lower(),
    "region": "210381",
    "chain": "钢铁及深加工",
}


def test_activities_are_imported(cast, promoter):
    result = import_rows(ACTIVITIES, xlsx(ACTIVITIES, ACTIVITY, ACTIVITY), user=promoter)
    assert (result.errors, result.created) == ([], 2)
    activity = Activity.objects.first()
    assert (activity.kind, activity.target_region) == ("conference", "yrd")
    assert activity.held_on == datetime.date(2023, 3, 15)


def test_leads_are_imported_with_their_chain_and_group(cast, promoter, steel):
    result = import_rows(LEADS, xlsx(LEADS, LEAD), user=promoter)
    assert result.errors == []
    lead = Lead.objects.get()
    assert lead.chain == steel and lead.group == steel.groups.get()
    assert lead.region.code == "210300" and lead.industry.code == "38"
    assert lead.intended_investment == Decimal("50000.5")
    entry = ChangeLog.objects.for_object(lead).get()
    assert (entry.action, entry.actor) == (ChangeAction.CREATE, promoter)


def test_contracts_are_imported(cast, promoter, steel):
    result = import_rows(CONTRACTS, xlsx(CONTRACTS, CONTRACT), user=promoter)
    assert result.errors == []
    contract = Contract.objects.get()
    assert contract.contracted_investment == Decimal(120000)
    assert contract.counterparty_credit_code == credit_code(21)
    assert (contract.chain, contract.signed_on) == (steel, datetime.date(2023, 4, 13))


def test_a_credit_code_already_in_the_database_is_refused_naming_the_row(cast, promoter, steel):
    LeadFactory(region=cast.regions["tiedong"], investor_credit_code=credit_code(21))
    other = {**LEAD, "investor_credit_code": credit_code(22)}
    result = import_rows(LEADS, xlsx(LEADS, other, LEAD), user=promoter)
    row, column, message = only_error(result)
    assert (row, column) == (3, LEADS.header("investor_credit_code"))
    assert credit_code(21) in message and "already exists" in message
    assert Lead.objects.count() == 1


def test_a_credit_code_twice_in_the_file_is_refused_naming_both_rows(cast, promoter, steel):
    result = import_rows(
        LEADS, xlsx(LEADS, LEAD, {**LEAD, "investor_name": "另一家"}), user=promoter
    )
    row, column, message = only_error(result)
    assert (row, column) == (3, LEADS.header("investor_credit_code"))
    assert "also on row 2" in message
    assert not Lead.objects.exists()


@pytest.mark.parametrize(
    ("field", "words"),
    [("contracted_investment", "contracted investment"), ("signed_on", "signing date")],
)
def test_a_contract_without_an_amount_or_a_date_is_refused(cast, promoter, steel, field, words):
    result = import_rows(
        CONTRACTS, xlsx(CONTRACTS, CONTRACT, {**CONTRACT, field: None}), user=promoter
    )
    row, column, message = only_error(result)
    assert (row, column) == (3, CONTRACTS.header(field))
    assert words in message
    assert not Contract.objects.exists()


@pytest.mark.parametrize(
    ("kind", "row", "field", "words"),
    [
        (ACTIVITIES, {**ACTIVITY, "kind": "banquet"}, "kind", "valid choice"),
        (ACTIVITIES, {**ACTIVITY, "target_region": "other"}, "target_place", "province or city"),
        (ACTIVITIES, {**ACTIVITY, "held_on": "next spring"}, "held_on", "valid date"),
        (LEADS, {**LEAD, "region": "999999"}, "region", "no region"),
        (LEADS, {**LEAD, "region": "230502"}, "region", "outside your area"),
        (LEADS, {**LEAD, "industry": "99"}, "industry", "no industry"),
        (LEADS, {**LEAD, "chain": "不存在的链"}, "chain", "no chain"),
        (LEADS, {**LEAD, "group": "无名组"}, "group", "no promotion group"),
        (LEADS, {**LEAD, "investor_credit_code": "123"}, "investor_credit_code", "18"),
        (LEADS, {**LEAD, "intended_investment": -1}, "intended_investment", "greater than"),
        (LEADS, {**LEAD, "received_on": "2999-01-01"}, "received_on", "future"),
        (LEADS, {**LEAD, "investor_name": None}, "investor_name", "required"),
        (CONTRACTS, {**CONTRACT, "contracted_investment": 0}, "contracted_investment", "zero"),
        (CONTRACTS, {**CONTRACT, "signed_on": "2999-01-01"}, "signed_on", "future"),
    ],
)
def test_bad_value_is_refused_naming_row_and_column(cast, promoter, steel, kind, row, field, words):
    good = {"activities": ACTIVITY, "leads": {**LEAD, "investor_credit_code": ""}}
    result = import_rows(kind, xlsx(kind, good.get(kind.name, CONTRACT), row), user=promoter)
    number, column, message = only_error(result)
    assert (number, column) == (3, kind.header(field))
    assert words in message
    assert not kind.form_class._meta.model.objects.exists()


def test_a_chain_of_another_city_is_unknown(cast, promoter, steel):
    ChainFactory(name="石墨", region=cast.regions["shuangyashan"])
    result = import_rows(LEADS, xlsx(LEADS, {**LEAD, "chain": "石墨"}), user=promoter)
    assert "no chain" in only_error(result)[2]


def test_a_missing_required_column_and_an_unknown_column_are_refused(cast, promoter):
    header = [c.header for c in CONTRACTS.columns if c.field != "signed_on"] + ["备注"]
    result = import_rows(CONTRACTS, xlsx(CONTRACTS, header=header), user=promoter)
    assert {(row, column) for row, column, _m in result.errors} == {
        (1, "备注"),
        (1, CONTRACTS.header("signed_on")),
    }


def test_a_file_without_rows_or_not_excel_is_refused(cast, promoter):
    assert "no rows" in only_error(import_rows(LEADS, xlsx(LEADS), user=promoter))[2]
    junk = SimpleUploadedFile("leads.xlsx", b"not a workbook")
    assert "not an Excel workbook" in only_error(import_rows(LEADS, junk, user=promoter))[2]


def test_headers_may_be_chinese_or_english_alone(cast, promoter):
    header = [column.zh for column in ACTIVITIES.columns]
    header[2] = ACTIVITIES.columns[2].en
    result = import_rows(ACTIVITIES, xlsx(ACTIVITIES, ACTIVITY, header=header), user=promoter)
    assert (result.errors, result.created) == ([], 1)


# ---------------------------------------------------------------- templates and pages


@pytest.mark.parametrize("kind", ["activities", "leads", "contracts"])
def test_template_has_bilingual_headers_and_instructions(cast, promoter, steel, client_for, kind):
    response = client_for(promoter).get(f"/exchange/promotion/{kind}/template/")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [KINDS[kind].sheet, "instructions"]
    header = [cell.value for cell in book[KINDS[kind].sheet][1]]
    assert header == [column.header for column in KINDS[kind].columns]
    assert all(" / " in value for value in header)
    notes = [row[0] for row in book["instructions"].iter_rows(values_only=True)]
    assert "210381" in notes and "230502" not in notes  # only the user's regions
    if kind != "activities":
        assert "钢铁及深加工" in notes


def test_a_filled_template_imports(cast, promoter, steel, client_for):
    client = client_for(promoter)
    template = client.get("/exchange/promotion/leads/template/").content
    book = load_workbook(io.BytesIO(template))
    sheet = book["leads"]
    sheet.append([LEAD.get(column.field) for column in LEADS.columns])
    buffer = io.BytesIO()
    book.save(buffer)
    upload = SimpleUploadedFile("leads.xlsx", buffer.getvalue())
    response = client.post("/exchange/promotion/leads/import/", {"file": upload})
    assert response.status_code == 302 and response.url == "/promotion/leads/"
    assert Lead.objects.get().investor_name == "宝武炭材料科技"


def test_import_page_lists_errors_by_row_and_column(cast, promoter, steel, client_for):
    upload = xlsx(CONTRACTS, {**CONTRACT, "contracted_investment": None})
    response = client_for(promoter).post("/exchange/promotion/contracts/import/", {"file": upload})
    page = response.content.decode()
    assert response.status_code == 200 and 'id="import-errors"' in page
    assert CONTRACTS.header("contracted_investment") in page


def test_import_is_for_promoters_and_known_kinds(cast, promoter, client_for):
    assert client_for(cast.leader).get("/exchange/promotion/leads/import/").status_code == 403
    assert client_for(cast.leader).get("/exchange/promotion/leads/template/").status_code == 403
    assert client_for(promoter).get("/exchange/promotion/projects/import/").status_code == 404
    assert client_for(promoter).get("/exchange/promotion/leads/import/").status_code == 200


def test_lists_export_what_is_shown(cast, promoter, steel, client_for):
    import_rows(LEADS, xlsx(LEADS, LEAD), user=promoter)
    import_rows(CONTRACTS, xlsx(CONTRACTS, CONTRACT), user=promoter)
    LeadFactory(investor_name="外市企业", region=cast.regions["jianshan"])
    client = client_for(promoter)
    for url, name in [
        ("/promotion/leads/", "宝武炭材料科技"),
        ("/promotion/contracts/", "年产5万吨针状焦项目"),
    ]:
        response = client.get(url + "?export=xlsx")
        rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
        assert len(rows) == 2 and name in rows[1]
    contract_rows = list(
        load_workbook(
            io.BytesIO(client.get("/promotion/contracts/?export=xlsx").content)
        ).active.iter_rows(values_only=True)
    )
    assert 120000 in contract_rows[1]  # money stays a number
