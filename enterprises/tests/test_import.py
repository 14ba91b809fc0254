"""Excel import of enterprises and their yearly figures: templates, errors by row and column,
all or nothing, scope."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from openpyxl import Workbook, load_workbook

from accounts.choices import Role
from core.tests.factories import UserFactory
from enterprises.models import Enterprise, EnterpriseYear
from enterprises.tests.test_pages import BEIJING, FUZHOU, credit_code, make_enterprise
from exchange.enterprise_import import ENTERPRISES, FIGURES, import_rows
from projects.tests.factories import IndustryFactory
from promotion.tests.factories import ChainFactory

LAST_YEAR = timezone.localdate().year - 1


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


def enterprise_row(**changes):
    return {
        "name": "海城新材料有限公司",
        "credit_code": FUZHOU,
        "region": "210381",
        "industry": "38",
        "chain": "钢铁及深加工",
        "contact": "王经理",
        "phone": "0412-3333333",
        "above_designated_size": "是",
        **changes,
    }


def figures_row(code, **changes):
    return {
        "credit_code": code,
        "name": "（仅供核对）",
        "year": LAST_YEAR,
        "output_value": 150000,
        "main_business_income": 148000.25,
        "profit": -1200.5,
        "tax": 10000,
        "employees": 300,
        **changes,
    }


@pytest.fixture
def fengfan(cast):
    """A registered Haicheng enterprise."""
    return make_enterprise(cast, 1, name="鞍山丰帆新能源有限公司")


@pytest.fixture
def references(cast):
    IndustryFactory()
    ChainFactory(name="钢铁及深加工", region=cast.regions["anshan"])


def errors_by_cell(result):
    return {(row, column): message for row, column, message in result.errors}


# ---------------------------------------------------------------- templates


@pytest.mark.parametrize("kind", ["enterprises", "figures"])
def test_template_is_bilingual_and_lists_the_codes(cast, client_for, references, fengfan, kind):
    response = client_for(cast.county).get(f"/exchange/enterprises/{kind}/template/")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    spec = {"enterprises": ENTERPRISES, "figures": FIGURES}[kind]
    header = [cell.value for cell in book[spec.sheet][1]]
    assert header == [column.header for column in spec.columns]
    assert "统一社会信用代码 / Unified social credit code" in header
    instructions = [row[0] for row in book["instructions"].iter_rows(values_only=True)]
    if kind == "enterprises":
        assert "210381" in instructions and "钢铁及深加工" in instructions
        assert "210302" not in instructions and "230502" not in instructions  # the county only
    else:
        assert fengfan.credit_code in instructions


def test_readers_and_commissioners_cannot_import(cast, client_for):
    commissioner = UserFactory(role=Role.COMMISSIONER, region=cast.regions["anshan"])
    for user in (cast.leader, commissioner):
        client = client_for(user)
        assert client.get("/exchange/enterprises/enterprises/import/").status_code == 403
        assert client.get("/exchange/enterprises/figures/template/").status_code == 403
    assert client_for(cast.county).get("/exchange/enterprises/other/import/").status_code == 404


# ---------------------------------------------------------------- enterprises


def test_import_registers_enterprises(cast, references):
    result = import_rows(
        ENTERPRISES,
        xlsx(
            ENTERPRISES,
            enterprise_row(),
            enterprise_row(
                name="北京某公司海城分厂",
                credit_code=BEIJING.lower(),
                region=210381,
                industry=None,
                chain=None,
                above_designated_size="否",
            ),
        ),
        user=cast.county,
    )
    assert result.errors == [] and (result.created, result.updated) == (2, 0)
    first, second = Enterprise.objects.order_by("pk")
    assert (first.credit_code, first.region.code, first.industry.code) == (FUZHOU, "210381", "38")
    assert (first.chain.name, first.contact, first.above_designated_size) == (
        "钢铁及深加工",
        "王经理",
        True,
    )
    assert (second.credit_code, second.industry, second.above_designated_size) == (
        BEIJING,
        None,
        False,
    )


def test_page_imports_and_reports_the_count(cast, client_for, references):
    client = client_for(cast.county)
    upload = xlsx(ENTERPRISES, enterprise_row())
    response = client.post("/exchange/enterprises/enterprises/import/", {"file": upload})
    assert response.status_code == 302 and response.url == "/enterprises/"
    assert Enterprise.objects.count() == 1


def test_bad_rows_are_named_by_row_and_column_and_nothing_is_saved(cast, references, fengfan):
    result = import_rows(
        ENTERPRISES,
        xlsx(
            ENTERPRISES,
            enterprise_row(),  # row 2: fine on its own
            enterprise_row(name="甲", credit_code=FUZHOU[:-1] + "4"),  # row 3: check character
            enterprise_row(name="乙", credit_code=fengfan.credit_code),  # row 4: in the database
            enterprise_row(name="丙"),  # row 5: the code of row 2 again
            enterprise_row(name="丁", credit_code=credit_code(7), region="230502"),  # row 6
            enterprise_row(name="戊", credit_code=credit_code(8), above_designated_size="也许"),
        ),
        user=cast.county,
    )
    code = "Unified social credit code"
    errors = errors_by_cell(result)
    assert set(errors) == {
        (3, f"统一社会信用代码 / {code}"),
        (4, f"统一社会信用代码 / {code}"),
        (5, f"统一社会信用代码 / {code}"),
        (6, "地区代码 / Region code"),
        (7, "是否规上企业 / Above designated size"),
    }
    assert "check character" in errors[(3, f"统一社会信用代码 / {code}")]
    assert errors[(4, f"统一社会信用代码 / {code}")] == (
        "An enterprise with this credit code is already registered."
    )
    assert "row 2" in errors[(5, f"统一社会信用代码 / {code}")]
    assert "outside your area" in errors[(6, "地区代码 / Region code")]
    assert Enterprise.objects.count() == 1  # fengfan alone: nothing was imported


def test_unknown_and_missing_columns_refuse_the_file(cast, references):
    header = ["企业名称", "Unified social credit code", "备注"]
    result = import_rows(ENTERPRISES, xlsx(ENTERPRISES, header=header), user=cast.county)
    assert set(errors_by_cell(result)) == {(1, "备注"), (1, "地区代码 / Region code")}


def test_a_file_that_is_not_a_workbook_is_refused(cast):
    upload = SimpleUploadedFile("enterprises.xlsx", b"name,credit code\n")
    result = import_rows(ENTERPRISES, upload, user=cast.county)
    assert [(row, column) for row, column, _message in result.errors] == [(None, "")]


# ---------------------------------------------------------------- yearly figures


def test_import_records_and_updates_yearly_figures(cast, fengfan):
    other = make_enterprise(cast, 5, name="海城五金")
    EnterpriseYear.objects.create(enterprise=fengfan, year=LAST_YEAR, employees=1)
    result = import_rows(
        FIGURES,
        xlsx(
            FIGURES,
            figures_row(fengfan.credit_code),
            figures_row(other.credit_code.lower(), year=LAST_YEAR - 1, employees=None),
        ),
        user=cast.county,
    )
    assert result.errors == [] and (result.created, result.updated) == (1, 1)
    updated = EnterpriseYear.objects.get(enterprise=fengfan)
    assert (updated.year, updated.employees, updated.profit) == (LAST_YEAR, 300, Decimal("-1200.5"))
    assert updated.main_business_income == Decimal("148000.25")
    created = EnterpriseYear.objects.get(enterprise=other)
    assert (created.year, created.employees) == (LAST_YEAR - 1, None)


def test_bad_figures_are_named_by_row_and_column_and_nothing_is_saved(cast, fengfan):
    far = make_enterprise(cast, 6, "jianshan", name="双鸭山企业")
    result = import_rows(
        FIGURES,
        xlsx(
            FIGURES,
            figures_row(fengfan.credit_code),  # row 2: fine on its own
            figures_row(fengfan.credit_code, year=LAST_YEAR + 2),  # row 3: the future
            figures_row(fengfan.credit_code, year=LAST_YEAR - 1, employees=-5),  # row 4
            figures_row(credit_code(99)),  # row 5: no such enterprise
            figures_row(far.credit_code),  # row 6: outside the county
            figures_row(fengfan.credit_code),  # row 7: row 2 again
            figures_row("", year=LAST_YEAR),  # row 8: no code
        ),
        user=cast.county,
    )
    code, year = "统一社会信用代码 / Unified social credit code", "年份 / Year"
    errors = errors_by_cell(result)
    assert set(errors) == {
        (3, year),
        (4, "从业人员（人） / Employees"),
        (5, code),
        (6, code),
        (7, year),
        (8, code),
    }
    assert errors[(3, year)] == "Figures cannot be given for a year that has not begun."
    assert (
        errors[(4, "从业人员（人） / Employees")] == "The number of employees cannot be negative."
    )
    assert "no registered enterprise" in errors[(5, code)]
    assert "no registered enterprise" in errors[(6, code)]
    assert "row 2" in errors[(7, year)]
    assert not EnterpriseYear.objects.exists()


def test_figures_page_shows_the_errors(cast, client_for, fengfan):
    upload = xlsx(FIGURES, figures_row(fengfan.credit_code, employees=-1))
    response = client_for(cast.county).post(
        "/exchange/enterprises/figures/import/", {"file": upload}
    )
    assert response.status_code == 200
    assert response.context["errors"][0][:2] == (2, "从业人员（人） / Employees")
    assert 'id="import-errors"' in response.content.decode()
