"""The Excel import of projects: the template, row-and-column errors, all or nothing, scope."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from core.choices import ChangeAction
from core.models import ChangeLog, Industry
from core.uploads import import_limit
from core.validators import credit_code_check_character
from exchange.project_import import COLUMNS, import_projects
from projects.models import Project

HEADERS = {column.field: column.header for column in COLUMNS}
CREDIT_CODE = "91210300MA0Y12345" + credit_code_check_character("91210300MA0Y12345")
WRONG_CHECK = CREDIT_CODE[:17] + ("1" if CREDIT_CODE[17] != "1" else "2")
GOOD = {
    "name": "年产10万吨新材料项目",
    "region": "210381",
    "industry": "38",
    "category": "industrial",
    "nature": "new",
    "source": "private",
    "total_investment": 1234.5678,
}


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def industries(db):
    manufacturing = Industry.objects.create(
        code="C", level="section", name_zh="制造业", name_en="Manufacturing"
    )
    return Industry.objects.create(
        code="38",
        level="division",
        parent=manufacturing,
        name_zh="电气机械和器材制造业",
        name_en="Manufacture of Electrical Machinery and Apparatus",
    )


def xlsx(*rows, header=None, name="projects.xlsx"):
    """An upload whose first sheet has the template's header and one project per dict."""
    book = Workbook()
    sheet = book.active
    sheet.title = "projects"
    sheet.append(header or [column.header for column in COLUMNS])
    for row in rows:
        sheet.append([row.get(column.field) for column in COLUMNS] if row else [])
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def good(**changes):
    return {**GOOD, **changes}


def only_error(result):
    assert result.created == 0
    assert len(result.errors) == 1, result.errors
    return result.errors[0]


def test_import_creates_projects(cast, industries):
    result = import_projects(
        xlsx(
            good(
                code="2024-210381-30-03-000001",
                investor_credit_code=CREDIT_CODE,
                planned_start=datetime.date(2024, 3, 1),
                planned_completion=datetime.datetime(2025, 12, 31),
                promised_jobs=300,
            ),
            good(name="二期", category="Infrastructure", planned_start="2024-05-01"),
        ),
        user=cast.office,
    )
    assert result.errors == []
    assert result.created == 2
    first = Project.objects.get(code="2024-210381-30-03-000001")
    assert first.total_investment == Decimal("1234.5678")
    assert first.planned_completion == datetime.date(2025, 12, 31)
    assert first.industry == industries
    assert first.region.code == "210381"
    assert first.promised_jobs == 300
    assert Project.objects.get(name="二期").category == "infrastructure"


def test_import_logs_each_project_with_the_importing_user(cast, industries):
    import_projects(xlsx(good(), good(name="二期")), user=cast.office)
    entries = [
        entry
        for project in Project.objects.all()
        for entry in ChangeLog.objects.for_object(project)
    ]
    assert [entry.action for entry in entries] == [ChangeAction.CREATE] * 2
    assert {entry.actor for entry in entries} == {cast.office}


def test_empty_rows_are_skipped_and_rows_keep_their_excel_numbers(cast, industries):
    result = import_projects(xlsx(good(), {}, good(total_investment=-1)), user=cast.office)
    assert result.errors == [(4, HEADERS["total_investment"], result.errors[0][2])]


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"code": "2023-21-30-03-1"}, "code", "national project code"),
        ({"code": "2023-010381-30-03-012345"}, "code", "region code"),
        ({"investor_credit_code": WRONG_CHECK}, "investor_credit_code", "check"),
        ({"investor_credit_code": "123"}, "investor_credit_code", "18 characters"),
        ({"total_investment": -0.01}, "total_investment", "greater than or equal to 0"),
        ({"total_investment": 100_000_000_001}, "total_investment", "less than or equal to"),
        ({"promised_tax": -5}, "promised_tax", "greater than or equal to 0"),
        (
            {"planned_start": "2025-03-01", "planned_completion": datetime.date(2025, 2, 1)},
            "planned_completion",
            "before the planned start",
        ),
        ({"planned_start": "next spring"}, "planned_start", "valid date"),
        ({"region": "999999"}, "region", "no region"),
        ({"region": 210300}, "region", "not a county"),
        ({"industry": "99"}, "industry", "no industry"),
        ({"industry": "C"}, "industry", "no industry"),
        ({"category": "factory"}, "category", "valid choice"),
        ({"parent": "2020-210381-30-03-000009"}, "parent", "no project"),
        ({"name": None}, "name", "required"),
    ],
)
def test_bad_value_is_refused_naming_row_and_column(cast, industries, changes, field, words):
    result = import_projects(xlsx(good(), good(**changes)), user=cast.office)
    row, column, message = only_error(result)
    assert (row, column) == (3, HEADERS[field])
    assert words in message
    assert not Project.objects.exists()


def test_code_already_in_the_library_is_refused(cast, industries):
    import_projects(xlsx(good(code="2024-210381-30-03-000001")), user=cast.office)
    result = import_projects(xlsx(good(code="2024-210381-30-03-000001")), user=cast.office)
    row, column, message = only_error(result)
    assert (row, column) == (2, HEADERS["code"])
    assert "already used" in message
    assert Project.objects.count() == 1


def test_code_twice_in_the_same_file_is_refused_on_the_second_row(cast, industries):
    code = "2024-210381-30-03-000001"
    result = import_projects(xlsx(good(code=code), good(), good(code=code)), user=cast.office)
    row, column, message = only_error(result)
    assert (row, column) == (4, HEADERS["code"])
    assert "row 2" in message
    assert not Project.objects.exists()


def test_every_failing_row_and_column_is_listed(cast, industries):
    result = import_projects(
        xlsx(good(region="999999", total_investment=-1), good(), good(industry="99")),
        user=cast.office,
    )
    assert [(row, column) for row, column, _message in result.errors] == [
        (2, HEADERS["region"]),
        (2, HEADERS["total_investment"]),
        (4, HEADERS["industry"]),
    ]


def test_parent_is_found_by_national_code(cast, industries):
    import_projects(xlsx(good(code="2024-210381-30-03-000001")), user=cast.office)
    result = import_projects(
        xlsx(good(name="二期", parent="2024-210381-30-03-000001")), user=cast.office
    )
    assert result.created == 1
    assert Project.objects.get(name="二期").parent.code == "2024-210381-30-03-000001"


def test_headers_in_one_language_are_accepted(cast, industries):
    header = [column.zh if n % 2 else column.en for n, column in enumerate(COLUMNS)]
    assert import_projects(xlsx(good(), header=header), user=cast.office).created == 1


def test_unknown_and_missing_columns_are_named_on_row_1(cast, industries):
    header = [column.header for column in COLUMNS if column.field != "industry"] + ["备注"]
    result = import_projects(xlsx(header=header), user=cast.office)
    assert sorted(result.errors) == sorted(
        [(1, "备注", result.errors[0][2]), (1, HEADERS["industry"], result.errors[1][2])]
    )


def test_one_bad_row_after_2000_good_ones_saves_nothing(cast, industries):
    rows = [good(name=f"项目{n}", code=f"2024-210381-30-03-{n:06}") for n in range(2000)]
    upload = xlsx(*rows, good(total_investment=-1))
    result = import_projects(upload, user=cast.office)
    row, column, _message = only_error(result)
    assert (row, column) == (2002, HEADERS["total_investment"])
    assert not Project.objects.exists()
    assert not ChangeLog.objects.filter(action=ChangeAction.CREATE, object_repr="项目1").exists()


def test_2000_rows_are_imported_in_one_go(cast, industries):
    rows = [good(name=f"项目{n}", code=f"2024-210381-30-03-{n:06}") for n in range(2000)]
    result = import_projects(xlsx(*rows), user=cast.office)
    assert result.created == 2000
    assert Project.objects.count() == 2000


def test_a_file_that_is_not_xlsx_is_refused(cast, industries):
    result = import_projects(SimpleUploadedFile("projects.xlsx", b"name,code\n"), user=cast.office)
    row, column, message = only_error(result)
    assert row is None
    assert ".xlsx" in message


def test_another_zip_renamed_xlsx_is_refused(cast, industries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    upload = SimpleUploadedFile("projects.xlsx", buffer.getvalue())
    assert ".xlsx" in only_error(import_projects(upload, user=cast.office))[2]


def test_a_file_over_10_mb_is_refused(cast, industries):
    upload = SimpleUploadedFile("big.xlsx", b"PK\x03\x04" + b"\0" * import_limit())
    row, column, message = only_error(import_projects(upload, user=cast.office))
    assert row is None
    assert "10 MB" in message


def test_county_officer_cannot_import_into_another_county(cast, industries):
    result = import_projects(xlsx(good(), good(region="210302")), user=cast.county)
    row, column, message = only_error(result)
    assert (row, column) == (3, HEADERS["region"])
    assert "outside your area" in message
    assert not Project.objects.exists()


# ---------------------------------------------------------------- the pages


def test_template_downloads_and_imports_once_filled(cast, industries, client_for):
    client = client_for(cast.office)
    response = client.get(reverse("exchange:project_template"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["projects", "instructions"]
    sheet = book["projects"]
    assert [cell.value for cell in sheet[1]] == [column.header for column in COLUMNS]
    assert sheet.freeze_panes == "A2"
    assert len(sheet.data_validations.dataValidation) == 3
    instructions = [cell.value for row in book["instructions"].iter_rows() for cell in row]
    assert "210381" in instructions and "38" in instructions and "private" in instructions

    sheet.append([GOOD.get(column.field) for column in COLUMNS])
    filled = io.BytesIO()
    book.save(filled)
    upload = SimpleUploadedFile("filled.xlsx", filled.getvalue())
    response = client.post(reverse("exchange:project_import"), {"file": upload})
    assert response.status_code == 302
    assert response["Location"] == reverse("projects:project_list")
    assert Project.objects.get().name == GOOD["name"]


def test_success_says_how_many_were_imported(cast, industries, client_for):
    client = client_for(cast.office)
    response = client.post(
        reverse("exchange:project_import"),
        {"file": xlsx(good(), good(name="二期"))},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    assert "Imported 2 projects." in [str(m) for m in response.context["messages"]]


def test_errors_are_shown_by_row_and_column(cast, industries, client_for):
    client = client_for(cast.office)
    response = client.post(
        reverse("exchange:project_import"), {"file": xlsx(good(), good(region="999999"))}
    )
    assert response.status_code == 200
    assert response.context["errors"] == [(3, HEADERS["region"], response.context["errors"][0][2])]
    assert HEADERS["region"] in response.content.decode()
    assert not Project.objects.exists()


def test_import_page_shows_the_upload_form(cast, client_for):
    response = client_for(cast.county).get(reverse("exchange:project_import"))
    assert response.status_code == 200
    assert b'type="file"' in response.content


@pytest.mark.parametrize("role", ["leader", "unit", "department"])
def test_roles_that_may_not_import_get_403(cast, industries, client_for, role):
    client = client_for(getattr(cast, role))
    url = reverse("exchange:project_import")
    assert client.get(url).status_code == 403
    assert client.post(url, {"file": xlsx(good())}).status_code == 403
    assert not Project.objects.exists()


def test_import_needs_sign_in(client):
    assert client.get(reverse("exchange:project_import")).status_code == 302
    assert client.get(reverse("exchange:project_template")).status_code == 302
