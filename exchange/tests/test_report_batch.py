"""The Excel batch of monthly reports: template, row-and-column errors, all or nothing, scope."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import Workbook, load_workbook

from core import uploads
from core.choices import ChangeAction
from core.excel import XLSX
from core.models import ChangeLog
from core.tests.cast import PASSWORD, make_cast
from exchange import report_batch, report_template
from exchange.report_batch import COLUMNS, HEADER_OF, MAX_ROWS, import_reports
from projects.choices import Category, InvestmentSource, Nature, Status
from projects.models import Project
from projects.services import change_status
from projects.tests.factories import IndustryFactory, ProjectFactory
from projects.tests.library import make_library
from reports import services
from reports.choices import PeriodStatus, ReportStatus
from reports.forms import MonthlyReportForm
from reports.models import MonthlyReport, ReportingPeriod, default_deadline
from reports.permissions import can_fill, fillable_project_ids, fills_reports

STARTED_ON = datetime.date(2024, 1, 10)
GOOD = {
    "completed": 1234.5678,
    "progress_percent": 35,
    "progress_text": "主体结构施工",
    "workers": 120,
    "narrative": "按计划推进",
}


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def library(cast):
    """丰帆 (Haicheng, built by cast.unit) and 铁东 (Tiedong) started in January 2024."""
    library = make_library(cast)
    for project in (library.haicheng, library.tiedong, library.jianshan):
        change_status(project, Status.STARTED, on=STARTED_ON, actor=None)
        project.refresh_from_db()
    return library


def period_of(year, month, **fields):
    return ReportingPeriod.objects.create(
        year=year, month=month, deadline=default_deadline(year, month), **fields
    )


@pytest.fixture
def may(db):
    return period_of(2024, 5)


@pytest.fixture
def april(cast, library):
    """April 2024, with 丰帆's report approved: 800.5 万元, 30 %, 100 workers."""
    april = period_of(2024, 4)
    report = services.start_report(library.haicheng, april, actor=cast.unit)
    report.completed, report.progress_percent, report.workers = Decimal("800.5"), 30, 100
    report.progress_text = "基础施工"
    services.save_report(report, actor=cast.unit)
    services.submit_report(report, actor=cast.unit)
    services.approve_report(report, actor=cast.county)
    return april


def draft(project, period, actor, **figures):
    report = services.start_report(project, period, actor=actor)
    for name, value in figures.items():
        setattr(report, name, value)
    services.save_report(report, actor=actor)
    return report


def row(of, **changes):
    return {"project": of.pk, **GOOD, **changes}


def upload(*rows, header=None, name="reports.xlsx"):
    """An upload with the template's header and one report per dict (by column name)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "reports"
    sheet.append(header or [column.header for column in COLUMNS])
    for values in rows:
        sheet.append([values.get(column.name) for column in COLUMNS] if values else [])
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def only_error(result):
    assert result.created == result.updated == 0
    assert len(result.errors) == 1, result.errors
    return result.errors[0]


def nothing_written():
    return not MonthlyReport.objects.filter(period__month=5).exists()


# ---------------------------------------------------------------- success


def test_import_creates_new_reports_and_updates_drafts(cast, library, may):
    draft(library.tiedong, may, cast.office, completed=Decimal("1"))
    result = import_reports(
        upload(row(library.haicheng), row(library.tiedong, completed=0.1, workers=None)),
        may,
        user=cast.office,
    )
    assert result.errors == []
    assert (result.created, result.updated) == (1, 1)
    haicheng = MonthlyReport.objects.get(project=library.haicheng, period=may)
    assert haicheng.completed == Decimal("1234.5678")
    assert (haicheng.progress_percent, haicheng.workers) == (35, 120)
    assert haicheng.progress_text == "主体结构施工"
    assert haicheng.status == ReportStatus.DRAFT
    tiedong = MonthlyReport.objects.get(project=library.tiedong, period=may)
    assert str(tiedong.completed) == "0.1000"
    assert tiedong.workers == 0  # an empty whole-number cell leaves the figure as it was


def test_each_write_is_logged_with_the_importing_user(cast, library, may):
    report = draft(library.tiedong, may, cast.office, completed=Decimal("1"))
    import_reports(upload(row(library.haicheng), row(library.tiedong)), may, user=cast.office)
    created = MonthlyReport.objects.get(project=library.haicheng, period=may)
    [create] = ChangeLog.objects.for_object(created)
    assert (create.action, create.actor) == (ChangeAction.CREATE, cast.office)
    assert create.after["completed"] == "1234.5678"
    assert create.after["status"] == "draft"
    update = ChangeLog.objects.for_object(report).first()
    assert (update.action, update.actor) == (ChangeAction.UPDATE, cast.office)
    assert update.before["completed"] == "1.0000"
    assert update.after["completed"] == "1234.5678"
    assert "status" not in update.after  # only what changed


def test_project_is_found_by_national_code_when_the_id_is_empty(cast, library, may):
    Project.objects.filter(pk=library.haicheng.pk).update(code="2024-210381-30-03-000001")
    result = import_reports(
        upload(row(library.haicheng, project=None, code="2024-210381-30-03-000001")),
        may,
        user=cast.office,
    )
    assert result.created == 1


def test_rows_without_figures_are_skipped(cast, library, may):
    result = import_reports(
        upload(row(library.haicheng), {"project": library.tiedong.pk, "name": "铁东"}),
        may,
        user=cast.office,
    )
    assert (result.created, result.skipped, result.errors) == (1, 1, [])


def test_number_typed_as_text_is_accepted(cast, library, may):
    result = import_reports(
        upload(row(library.haicheng, completed="12.5", workers="30")), may, user=cast.office
    )
    assert result.errors == []
    assert MonthlyReport.objects.get().completed == Decimal("12.5")


def test_the_input_columns_are_the_report_forms_fields():
    assert set(report_batch.INPUTS) == set(MonthlyReportForm.Meta.fields)


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("changes", "column", "words"),
    [
        ({"completed": "约100"}, "completed", "not text (“约100”)"),
        ({"completed": datetime.date(2024, 5, 1)}, "completed", "not text"),
        ({"completed": -0.01}, "completed", "greater than or equal to 0"),
        ({"completed": None}, "completed", "required"),
        ({"completed": 1.23456}, "completed", "4 decimal places"),
        ({"workers": "很多"}, "workers", "whole number, not text"),
        ({"workers": -3}, "workers", "greater than or equal to 0"),
        ({"progress_percent": 101}, "progress_percent", "less than or equal to 100"),
        ({"progress_percent": 35.5}, "progress_percent", "whole number"),
        ({"completed": 10000.5}, "over_total_explanation", "explain why"),
        ({"project": 999_999}, "project", "There is no project 999999"),
        ({"project": "丰帆"}, "project", "is not a project ID"),
        ({"project": None}, "project", "Give the project ID"),
        ({"code": "2099-210381-30-03-000001"}, "code", "has the national code"),
    ],
)
def test_bad_cell_is_refused_naming_row_and_column(cast, library, may, changes, column, words):
    result = import_reports(
        upload(row(library.tiedong), row(library.haicheng, **changes)), may, user=cast.office
    )
    assert only_error(result)[:2] == (3, HEADER_OF[column])
    assert words in only_error(result)[2]
    assert nothing_written()


def test_over_the_total_is_accepted_with_an_explanation(cast, library, may):
    result = import_reports(
        upload(row(library.haicheng, completed=10000.5, over_total_explanation="设计变更")),
        may,
        user=cast.office,
    )
    assert result.created == 1


def test_since_start_counts_last_months_approved_figure(cast, library, april, may):
    # 800.5 approved in April + 9,200 in May passes the 10,000 total.
    result = import_reports(upload(row(library.haicheng, completed=9200)), may, user=cast.office)
    assert only_error(result)[:2] == (2, HEADER_OF["over_total_explanation"])


def test_two_rows_for_one_project_are_refused_on_the_second(cast, library, may):
    result = import_reports(
        upload(row(library.haicheng), row(library.tiedong), row(library.haicheng)),
        may,
        user=cast.office,
    )
    row_number, column, message = only_error(result)
    assert (row_number, column) == (4, HEADER_OF["project"])
    assert "row 2" in message
    assert nothing_written()


def test_unknown_national_code_is_refused(cast, library, may):
    result = import_reports(
        upload(row(library.haicheng, project=None, code="2024-210381-30-03-999999")),
        may,
        user=cast.office,
    )
    assert only_error(result)[:2] == (2, HEADER_OF["code"])


def test_locked_period_is_one_error_and_nothing_is_written(cast, library, may):
    may.status = PeriodStatus.LOCKED
    may.save()
    result = import_reports(
        upload(row(library.haicheng), row(library.tiedong)), may, user=cast.office
    )
    row_number, column, message = only_error(result)
    assert row_number is None
    assert "locked" in message
    assert nothing_written()


def test_period_in_the_future_is_refused(cast, library):
    next_year = timezone.localdate().year + 1
    future = period_of(next_year, 1)
    result = import_reports(upload(row(library.haicheng)), future, user=cast.office)
    row_number, column, message = only_error(result)
    assert row_number is None
    assert "has not begun" in message
    assert not MonthlyReport.objects.exists()


@pytest.mark.parametrize("status", [Status.RESERVE, Status.CANCELLED])
def test_project_in_reserve_or_cancelled_is_refused(cast, library, may, status):
    project = ProjectFactory(name="储备项目", region=cast.regions["haicheng"])
    if status == Status.CANCELLED:
        change_status(project, Status.CANCELLED, on=STARTED_ON, actor=None, reason="撤资")
    result = import_reports(upload(row(library.haicheng), row(project)), may, user=cast.office)
    row_number, column, message = only_error(result)
    assert (row_number, column) == (3, HEADER_OF["project"])
    assert "has no monthly report" in message
    assert nothing_written()


@pytest.mark.parametrize(
    ("status", "words"),
    [
        (ReportStatus.SUBMITTED, "already submitted: ask the reviewer to return it"),
        (ReportStatus.APPROVED, "already approved"),
    ],
)
def test_submitted_or_approved_report_is_refused(cast, library, may, status, words):
    report = draft(library.haicheng, may, cast.unit, completed=Decimal("5"))
    services.submit_report(report, actor=cast.unit)
    if status == ReportStatus.APPROVED:
        services.approve_report(report, actor=cast.county)
    result = import_reports(upload(row(library.haicheng)), may, user=cast.office)
    row_number, column, message = only_error(result)
    assert (row_number, column) == (2, HEADER_OF["project"])
    assert words in message
    report.refresh_from_db()
    assert (report.status, report.completed) == (status, Decimal("5"))


def test_returned_report_is_updated_and_stays_returned(cast, library, may):
    report = draft(library.haicheng, may, cast.unit, completed=Decimal("5"))
    services.submit_report(report, actor=cast.unit)
    services.return_report(report, reason="数字有误", actor=cast.county)
    result = import_reports(upload(row(library.haicheng)), may, user=cast.unit)
    assert result.updated == 1
    report.refresh_from_db()
    assert (report.status, report.completed) == (ReportStatus.RETURNED, Decimal("1234.5678"))


def test_a_file_that_is_not_xlsx_is_refused(cast, library, may):
    result = import_reports(
        SimpleUploadedFile("r.xlsx", b"id,completed\n1,2\n"), may, user=cast.office
    )
    row_number, column, message = only_error(result)
    assert row_number is None
    assert ".xlsx" in message


def test_another_zip_renamed_xlsx_is_refused(cast, library, may):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    result = import_reports(SimpleUploadedFile("r.xlsx", buffer.getvalue()), may, user=cast.office)
    assert ".xlsx" in only_error(result)[2]


def test_a_file_over_10_mb_is_refused(cast, library, may):
    big = SimpleUploadedFile("big.xlsx", b"PK\x03\x04" + b"\0" * uploads.import_limit())
    row_number, column, message = only_error(import_reports(big, may, user=cast.office))
    assert row_number is None
    assert "10 MB" in message


def test_a_zip_bomb_is_refused_before_it_is_unpacked(cast, library, may, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_UNZIPPED_BYTES", 1000)
    result = import_reports(upload(row(library.haicheng)), may, user=cast.office)
    assert "too large once unpacked" in only_error(result)[2]


def test_unknown_and_missing_columns_are_named_on_row_1(cast, library, may):
    header = [c.header for c in COLUMNS if c.name not in {"completed"}] + ["备注"]
    result = import_reports(upload(header=header), may, user=cast.office)
    assert sorted(result.errors) == sorted(
        [(1, "备注", result.errors[0][2]), (1, HEADER_OF["completed"], result.errors[1][2])]
    )


def test_headers_in_one_language_are_accepted(cast, library, may):
    header = [c.zh if n % 2 else c.en for n, c in enumerate(COLUMNS)]
    assert (
        import_reports(upload(row(library.haicheng), header=header), may, user=cast.office).created
        == 1
    )


def test_too_many_rows_are_refused(cast, library, may, monkeypatch):
    monkeypatch.setattr(report_batch, "MAX_ROWS", 1)
    result = import_reports(
        upload(row(library.haicheng), row(library.tiedong)), may, user=cast.office
    )
    assert "at most 1" in only_error(result)[2]


def test_every_failing_row_and_column_is_listed(cast, library, may):
    result = import_reports(
        upload(row(library.haicheng, completed="x", workers=-1), row(library.tiedong, project=0)),
        may,
        user=cast.office,
    )
    assert [(r, c) for r, c, _message in result.errors] == [
        (2, HEADER_OF["completed"]),
        (2, HEADER_OF["workers"]),
        (3, HEADER_OF["project"]),
    ]


def many_projects(count, region):
    industry = IndustryFactory()
    Project.objects.bulk_create(
        Project(
            name=f"批量项目{n:05}",
            region=region,
            industry=industry,
            category=Category.INDUSTRIAL,
            nature=Nature.NEW,
            source=InvestmentSource.PRIVATE,
            total_investment=Decimal("10000"),
            status=Status.STARTED,
            actual_start=STARTED_ON,
        )
        for n in range(count)
    )
    return list(Project.objects.filter(name__startswith="批量项目").order_by("name"))


def test_queries_do_not_grow_with_the_rows(cast, library, may):
    projects = many_projects(30, cast.regions["haicheng"])
    counts = []
    for month, some in ((6, projects[:3]), (7, projects)):
        period = period_of(2024, month)
        with CaptureQueriesContext(connection) as queries:
            result = import_reports(upload(*[row(p) for p in some]), period, user=cast.office)
        assert result.created == len(some)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_one_bad_row_after_500_good_ones_saves_nothing(cast, library, may):
    projects = many_projects(500, cast.regions["haicheng"])
    rows = [row(project) for project in projects] + [row(library.haicheng, completed=-1)]
    logged = ChangeLog.objects.count()
    result = import_reports(upload(*rows), may, user=cast.office)
    assert only_error(result)[:2] == (502, HEADER_OF["completed"])
    assert nothing_written()
    assert ChangeLog.objects.count() == logged


# ---------------------------------------------------------------- the template


def template_rows(content):
    sheet = load_workbook(io.BytesIO(content))["reports"]
    header = [cell.value for cell in sheet[1]]
    return header, [
        dict(zip([c.name for c in COLUMNS], r, strict=True))
        for r in sheet.iter_rows(min_row=2, values_only=True)
    ]


def test_template_lists_the_projects_in_scope_with_last_months_figures(cast, library, april, may):
    draft(library.tiedong, may, cast.office, completed=Decimal("66.25"), narrative="=先行")
    header, rows = template_rows(report_template.template_workbook(may, cast.office))
    assert header == [column.header for column in COLUMNS]
    assert "本月完成投资（万元） / Completed this month (CNY 10k)" in header
    by_id = {r["project"]: r for r in rows}
    assert set(by_id) == {library.haicheng.pk, library.tiedong.pk}  # not Shuangyashan's
    haicheng = by_id[library.haicheng.pk]
    assert haicheng["name"] == "丰帆储能装备制造项目"
    assert Decimal(str(haicheng["last_completed"])) == Decimal("800.5")
    assert (haicheng["last_progress_percent"], haicheng["last_workers"]) == (30, 100)
    assert haicheng["last_progress_text"] == "基础施工"
    assert Decimal(str(haicheng["since_start_before"])) == Decimal("800.5")
    assert haicheng["completed"] is None  # nothing reported for May yet
    tiedong = by_id[library.tiedong.pk]
    assert Decimal(str(tiedong["completed"])) == Decimal("66.25")
    assert tiedong["status"].endswith("Draft")  # "草稿 / Draft" once translated
    assert tiedong["narrative"] == "'=先行"  # never run as a formula


def test_template_reimports_unchanged(cast, library, april, may):
    draft(library.tiedong, may, cast.office, completed=Decimal("66.25"), narrative="=先行")
    content = report_template.template_workbook(may, cast.office)
    logged = ChangeLog.objects.count()
    result = import_reports(SimpleUploadedFile("t.xlsx", content), may, user=cast.office)
    assert result.errors == []
    assert (result.created, result.updated, result.unchanged, result.skipped) == (0, 0, 1, 1)
    assert ChangeLog.objects.count() == logged
    assert MonthlyReport.objects.get(period=may).narrative == "=先行"


def test_template_of_submitted_report_reimports_unchanged(cast, library, may):
    report = draft(library.haicheng, may, cast.unit, completed=Decimal("5"))
    services.submit_report(report, actor=cast.unit)
    content = report_template.template_workbook(may, cast.unit)
    result = import_reports(SimpleUploadedFile("t.xlsx", content), may, user=cast.unit)
    assert (result.errors, result.unchanged) == ([], 1)


def test_filled_template_imports(cast, library, april, may):
    book = load_workbook(io.BytesIO(report_template.template_workbook(may, cast.office)))
    sheet = book["reports"]
    completed = report_batch.ORDER["completed"] + 1
    for line in range(2, sheet.max_row + 1):
        sheet.cell(row=line, column=completed, value=12.5)
    buffer = io.BytesIO()
    book.save(buffer)
    result = import_reports(SimpleUploadedFile("t.xlsx", buffer.getvalue()), may, user=cast.office)
    assert (result.errors, result.created) == ([], 2)
    assert set(MonthlyReport.objects.filter(period=may).values_list("completed", flat=True)) == {
        Decimal("12.5")
    }


# ---------------------------------------------------------------- scope and permissions


def test_county_officers_template_has_only_their_county(cast, library, may):
    _header, rows = template_rows(report_template.template_workbook(may, cast.county))
    assert [r["project"] for r in rows] == [library.haicheng.pk]


def test_project_units_template_has_only_its_own_projects(cast, library, may):
    ProjectFactory(
        name="别家的项目",
        region=cast.regions["haicheng"],
        status=Status.STARTED,
        actual_start=STARTED_ON,
    )
    _header, rows = template_rows(report_template.template_workbook(may, cast.unit))
    assert [r["project"] for r in rows] == [library.haicheng.pk]


def test_county_officer_cannot_import_another_countys_project(cast, library, may):
    result = import_reports(
        upload(row(library.haicheng), row(library.tiedong)), may, user=cast.county
    )
    row_number, column, message = only_error(result)
    assert (row_number, column) == (3, HEADER_OF["project"])
    assert "outside your area" in message
    assert nothing_written()


def test_project_unit_cannot_import_another_project(cast, library, may):
    result = import_reports(
        upload(row(library.haicheng), row(library.tiedong)), may, user=cast.unit
    )
    assert only_error(result)[:2] == (3, HEADER_OF["project"])
    assert nothing_written()


def test_leader_cannot_import(cast, library, may):
    result = import_reports(upload(row(library.haicheng)), may, user=cast.leader)
    assert only_error(result)[0] is None
    assert nothing_written()


@pytest.mark.parametrize("role", ["administrator", "office", "county", "county2", "unit", "leader"])
def test_batch_fill_rule_is_can_fill(cast, library, role):
    user = getattr(cast, role)
    projects = [library.haicheng, library.tiedong, library.jianshan]
    visible = set(Project.objects.visible_to(user).values_list("pk", flat=True))
    fillable = fillable_project_ids(user, list(visible)) if fills_reports(user) else set()
    assert fillable == {p.pk for p in projects if p.pk in visible and can_fill(user, p)}


# ---------------------------------------------------------------- the pages


def test_template_download(cast, library, may, client_for):
    response = client_for(cast.county).get(reverse("exchange:report_template", args=[2024, 5]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "monthly-reports-2024-05.xlsx" in response["Content-Disposition"]
    assert load_workbook(io.BytesIO(response.content)).sheetnames == ["reports", "instructions"]


def test_upload_page_has_the_progress_enhanced_form_and_no_inline_script(
    cast, library, may, client_for
):
    response = client_for(cast.unit).get(reverse("exchange:report_import", args=[2024, 5]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "data-upload-progress" in html and 'type="file"' in html
    assert "<script>" not in html and "style=" not in html


def test_success_redirects_to_the_period_with_the_counts(cast, library, may, client_for):
    draft(library.tiedong, may, cast.office, completed=Decimal("1"))
    response = client_for(cast.office).post(
        reverse("exchange:report_import", args=[2024, 5]),
        {
            "file": upload(
                row(library.haicheng), row(library.tiedong), {"project": library.jianshan.pk}
            )
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:period_detail", args=[2024, 5])
    messages = [str(m) for m in response.wsgi_request._messages]
    assert "1 report created, 1 updated." in messages


def test_errors_are_shown_by_row_and_column(cast, library, may, client_for):
    response = client_for(cast.office).post(
        reverse("exchange:report_import", args=[2024, 5]),
        {"file": upload(row(library.haicheng, completed="约100"))},
    )
    assert response.status_code == 200
    assert [e[:2] for e in response.context["errors"]] == [(2, HEADER_OF["completed"])]
    assert "约100" in response.content.decode()
    assert nothing_written()


@pytest.mark.parametrize("role", ["leader", "department"])
def test_roles_that_fill_no_report_get_403(cast, library, may, client_for, role):
    client = client_for(getattr(cast, role))
    assert client.get(reverse("exchange:report_template", args=[2024, 5])).status_code == 403
    url = reverse("exchange:report_import", args=[2024, 5])
    assert client.get(url).status_code == 403
    assert client.post(url, {"file": upload(row(library.haicheng))}).status_code == 403
    assert nothing_written()


def test_unknown_period_is_404(cast, client_for):
    assert (
        client_for(cast.office).get(reverse("exchange:report_import", args=[2024, 7])).status_code
        == 404
    )


def test_batch_needs_sign_in(client, may):
    assert client.get(reverse("exchange:report_import", args=[2024, 5])).status_code == 302
    assert client.get(reverse("exchange:report_template", args=[2024, 5])).status_code == 302


# ---------------------------------------------------------------- ten thousand rows


def write_only_upload(rows):
    """A large upload written the fast way, as Excel would hand it over."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("reports")
    sheet.append([column.header for column in COLUMNS])
    for values in rows:
        sheet.append([values.get(column.name) for column in COLUMNS])
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("big.xlsx", buffer.getvalue())


def test_10000_rows_are_imported_in_one_go(cast, library, may):
    """How fast: `manage.py bench --only import` (speed is a bench figure, not a timed test)."""
    projects = many_projects(10_000, cast.regions["haicheng"])
    assert len(projects) <= MAX_ROWS
    file = write_only_upload(row(p, completed=n / 100) for n, p in enumerate(projects, start=1))
    result = import_reports(file, may, user=cast.office)
    assert result.errors == []
    assert result.created == 10_000
    assert MonthlyReport.objects.filter(period=may).count() == 10_000
    assert ChangeLog.objects.filter(action=ChangeAction.CREATE, actor=cast.office).count() >= 10_000
    last = MonthlyReport.objects.get(project=projects[-1], period=may)
    assert last.completed == Decimal("100")


# ---------------------------------------------------------------- in a browser


@pytest.mark.browser
def test_upload_with_progress_bar_lands_on_the_period_page(browser_page, artifacts):
    cast = make_cast()
    project = make_library(cast).haicheng
    change_status(project, Status.STARTED, on=STARTED_ON, actor=None)
    may = period_of(2024, 5)
    page = browser_page
    page.goto("/accounts/login/")
    page.fill("#id_username", "unit")
    page.fill("#id_password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    posts = []
    page.on("request", lambda r: posts.append(r.resource_type) if r.method == "POST" else None)
    url = reverse("exchange:report_import", args=[2024, 5])

    page.goto(url)
    bad = upload(row(project, completed="约100")).read()
    page.set_input_files("#id_file", files=[{"name": "r.xlsx", "mimeType": XLSX, "buffer": bad}])
    page.click("main form[data-upload-progress] button[type=submit]")
    page.wait_for_selector("#import-errors")
    assert page.url.endswith(url)
    assert "约100" in page.locator("#import-errors").inner_text()

    page.screenshot(path=artifacts / "report-batch-errors.png", full_page=True)

    held = []  # hold the request at the server's door to see the bar
    page.route(f"**{url}", lambda route: held.append(route))
    good = upload(row(project)).read()
    page.set_input_files("#id_file", files=[{"name": "r.xlsx", "mimeType": XLSX, "buffer": good}])
    page.click("main form[data-upload-progress] button[type=submit]")
    page.wait_for_selector("main form .progress[role=progressbar]")
    assert page.locator("main form button[type=submit]").is_disabled()
    held[0].continue_()
    page.wait_for_selector(".alert-success")
    page.screenshot(path=artifacts / "report-batch-imported.png", full_page=True)
    assert page.url.endswith(may.get_absolute_url())
    assert posts == ["xhr", "xhr"]  # sent by the script, which shows the progress bar
    assert MonthlyReport.objects.get().completed == Decimal("1234.5678")
