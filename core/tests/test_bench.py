"""The pieces of `manage.py bench` that can be checked fast: its yardstick query, its files, and
the faster import paths it led to (each held to the slower path it replaces)."""

import datetime
import io
import re
import zipfile
from decimal import Decimal

import pytest
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Model
from django.template.loader import get_template
from django.utils import translation
from openpyxl import Workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from python_calamine import CalamineWorkbook

from core import audit
from core.bench import dashboard_sql, datasets
from core.bench.report_file import write_report_file
from core.bench.workbook import write_xlsx
from core.changelog import snapshot
from core.choices import ChangeAction
from core.models import ChangeLog, Region
from core.reference import load_industries, region_entries, sync
from core.tests.factories import UserFactory
from core.widgets import QuickSelect
from exchange.report_batch import BatchReportForm, import_reports
from exchange.report_cleaning import RowCleaner
from exchange.report_writes import CREATED, _Log
from exchange.xlsx import numbered_rows
from exchange.xlsx_stream import SheetStream
from projects.choices import Status
from projects.models import Project
from projects.tables import status_badges
from reports.forms import MonthlyReportForm
from reports.models import MonthlyReport, ReportingPeriod

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the bench and its SQL are PostgreSQL's"
)


def _province(projects=60, until="2025-06"):
    sync(Region, [entry for entry in region_entries() if entry.code.startswith("21")])
    load_industries()
    call_command(
        "generate_province", projects=projects, years=2, seed=3, until=until, stdout=io.StringIO()
    )


# ---------------------------------------------------------------- the command


@pytest.mark.skipif(connection.vendor == "postgresql", reason="refuses SQLite only")
@pytest.mark.django_db
def test_bench_refuses_sqlite():
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("bench", "--only", "list", stdout=io.StringIO())


@pytest.mark.django_db
def test_bench_refuses_an_unknown_measurement():
    with pytest.raises(CommandError, match="speed"):
        call_command("bench", "--only", "speed", stdout=io.StringIO())


# ---------------------------------------------------------------- the dashboard's yardstick


@postgresql_only
@pytest.mark.django_db
def test_hand_written_sql_gives_the_apis_figures(client):
    _province()
    office = UserFactory(role="project_office", region=Region.objects.get(code="210000"))
    client.force_login(office)
    answer = client.get("/api/v1/dashboard/?year=2024&month=12").json()
    sql = dashboard_sql.figures(dashboard_sql.run("21", 2024, 12))
    assert sql["projects"] > 0 and Decimal(sql["ytd_completed"]) > 0
    assert dashboard_sql.differences(answer, sql) == []


@postgresql_only
@pytest.mark.django_db
def test_hand_written_sql_keeps_to_the_users_region(client):
    _province()
    city = Region.objects.filter(level="city", code__startswith="21").order_by("code").first()
    office = UserFactory(role="project_office", region=city)
    client.force_login(office)
    answer = client.get("/api/v1/dashboard/?year=2024&month=6").json()
    sql = dashboard_sql.figures(dashboard_sql.run(city.code[:4], 2024, 6))
    assert dashboard_sql.differences(answer, sql) == []
    province = dashboard_sql.figures(dashboard_sql.run("21", 2024, 6))
    assert sql["projects"] < province["projects"]


# ---------------------------------------------------------------- the bench's report file


@pytest.mark.django_db
def test_the_bench_report_file_is_imported_whole(tmp_path):
    sync(Region, [entry for entry in region_entries() if entry.code.startswith("21")])
    load_industries()
    datasets.write_library(30, say=lambda message: None)
    period = datasets.import_period()
    path = tmp_path / "reports.xlsx"
    assert write_report_file(path, period, 25) == 25
    with path.open("rb") as file, translation.override("en"):
        result = import_reports(file, period, user=datasets.import_user())
    assert (result.errors, result.created) == ([], 25)
    assert MonthlyReport.objects.filter(period=period).count() == 25
    assert ChangeLog.objects.filter(action=ChangeAction.CREATE).count() >= 25


def test_workbook_writer_is_read_back_by_calamine(tmp_path):
    path = tmp_path / "book.xlsx"
    rows = [["a", "b & <c>", None, 1.5], [2, "", True, Decimal("12.3400")], ["中文", 3]]
    write_xlsx(path, [("first", iter(rows)), ("second", [["x"]])])
    book = CalamineWorkbook.from_path(str(path))
    assert book.sheet_names == ["first", "second"]
    assert book.get_sheet_by_name("first").to_python() == [
        ["a", "b & <c>", "", 1.5],
        [2.0, "", True, 12.34],
        ["中文", 3.0, "", ""],
    ]


# ---------------------------------------------------------------- the streaming reader


def _workbook_of_every_kind():
    book = Workbook()
    sheet = book.active
    sheet.title = "reports"
    sheet.append(
        [
            "text",
            5,
            5.5,
            True,
            datetime.date(2024, 1, 2),
            datetime.datetime(2024, 1, 2, 3, 4, 5),
            "=1+1",
            None,
            " spaced ",
            "a&b<c>\"'",
            1e20,
            "",
            datetime.time(3, 4),
        ]
    )
    sheet.append([])
    sheet.append([None, None, "only C"])
    sheet.append(["   "])
    sheet["A6"] = CellRichText(["bold", TextBlock(InlineFont(b=True), " rich")])
    sheet["B6"] = "line\nbreak 中文"
    sheet["C6"] = 123456789012.1234
    sheet["D6"].value, sheet["D6"].number_format = 45000, "yyyy-mm-dd"
    sheet["E6"].value, sheet["E6"].number_format = 12, "0.00%"
    sheet["A8"] = False
    book.create_sheet("other").append(["z"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer


def _by_calamine(buffer, name):
    buffer.seek(0)
    book = CalamineWorkbook.from_filelike(buffer)
    sheet = name if name in book.sheet_names else book.sheet_names[0]
    rows = book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    return _trimmed(rows[0]), [(number, _trimmed(row)) for number, row in numbered_rows(rows)]


def _by_stream(buffer, name):
    buffer.seek(0)
    sheet = SheetStream(buffer, name)
    return _trimmed(sheet.header), [(number, _trimmed(row)) for number, row in sheet.rows()]


def _trimmed(row):
    row = list(row)
    while row and row[-1] in ("", None):
        row.pop()
    return row


@pytest.mark.parametrize("name", ["reports", "other", "missing"])
def test_stream_reads_every_kind_of_cell_as_calamine(name):
    buffer = _workbook_of_every_kind()
    assert _by_stream(buffer, name) == _by_calamine(buffer, name)


def test_stream_reads_rows_written_another_way_as_calamine(tmp_path):
    """Namespace prefixes, attributes in another order, rows without numbers, inline strings."""
    path = tmp_path / "odd.xlsx"
    write_xlsx(path, [("reports", [["h1", "h2", "h3"], [1, "x", 2.5]])])
    odd = (
        '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<x:sheetData><x:row r="1"><x:c t="inlineStr" r="A1"><x:is><x:t>h1</x:t></x:is></x:c>'
        '<x:c r="C1" t="inlineStr"><x:is><x:t>h3</x:t></x:is></x:c></x:row>'
        '<x:row><x:c r="B2"><x:v>7</x:v></x:c><x:c t="inlineStr" r="A2"><x:is><x:t>a&amp;b'
        "</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>"
    )
    buffer = _replaced(path, "xl/worksheets/sheet1.xml", odd)
    assert _by_stream(buffer, "reports") == _by_calamine(buffer, "reports")
    assert _by_stream(buffer, "reports")[1] == [(2, ["a&b", 7.0])]


def _replaced(path, part, text):
    buffer = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            data = text.encode() if item.filename == part else source.read(item.filename)
            target.writestr(item.filename, data)
    return buffer


# ---------------------------------------------------------------- the import's fast checks


CELLS = [
    {},
    {"completed": "0"},
    {"completed": "12.3456"},
    {"completed": "12.34567"},
    {"completed": "-1"},
    {"completed": "abc"},
    {"completed": ""},
    {"completed": "1e3"},
    {"completed": "100000000001"},
    {"completed": "9999"},
    {"completed": "9999", "over_total_explanation": "设计变更"},
    {"completed": "9999", "over_total_explanation": "   "},
    {"progress_percent": "101"},
    {"progress_percent": "-1"},
    {"progress_percent": "35.5"},
    {"workers": "2147483648"},
    {"workers": "12"},
    {"narrative": "  with spaces  ", "progress_text": "\x00null"},
]
BASE = {
    "completed": "100",
    "progress_percent": "35",
    "progress_text": "主体施工",
    "workers": "120",
    "narrative": "按计划",
    "over_total_explanation": "",
}


@pytest.mark.parametrize("cells", CELLS)
def test_fast_check_accepts_only_what_the_form_accepts_with_its_values(cells):
    data = {**BASE, **cells}
    total, before = Decimal("10000"), Decimal("500")
    cleaned = RowCleaner(BatchReportForm, list(BASE)).clean(
        data, total_investment=total, since_start_before=before
    )
    report = MonthlyReport(period=ReportingPeriod(year=2024, month=5), completed=0)
    report.project = Project(total_investment=total)
    form = BatchReportForm(data=data, instance=report, since_start_before=before)
    if cleaned is None:
        return  # the import asks the form, whatever it says
    assert form.is_valid(), form.errors
    assert cleaned == {name: getattr(form.instance, name) for name in BASE}


def test_the_form_has_no_rule_the_fast_check_does_not_repeat():
    assert MonthlyReport.clean is Model.clean
    assert not [name for name in vars(MonthlyReportForm) if name.startswith("clean_")]
    assert set(MonthlyReportForm.base_fields) == {*BASE, "opened_version"}


@pytest.mark.django_db
def test_a_new_reports_log_entry_is_its_snapshot():
    period = ReportingPeriod(pk=4, year=2024, month=5)
    figures = {
        "completed": Decimal("12.3400"),
        "progress_percent": 35,
        "progress_text": "主体施工",
        "workers": 120,
        "narrative": "按计划",
        "over_total_explanation": "",
    }
    report = MonthlyReport(pk=99, project_id=7, period=period, **figures)
    values = (7, *(figures[name] for name in CREATED[1:]))
    entry = _Log(period, UserFactory.build(pk=5)).created(99, "项目", values)
    assert entry["after"] == snapshot(report)
    assert (entry["object_repr"], entry["actor_id"]) == ("项目 2024-05", 5)


# ---------------------------------------------------------------- the change log in bulk


@pytest.mark.django_db
def test_append_plain_keeps_the_chain_whole():
    actor = UserFactory()
    kind = ContentType.objects.get_for_model(MonthlyReport).pk
    audit.append([ChangeLog(action=ChangeAction.CREATE, content_type_id=kind, object_id="1")])
    entries = [
        {
            "actor_id": actor.pk if n % 2 else None,
            "action": ChangeAction.UPDATE if n % 3 else ChangeAction.CREATE,
            "content_type_id": kind,
            "object_id": n,
            "object_repr": f"项目 {n} “引号” \\ 2024-05",
            "before": None if n % 3 == 0 else {"completed": "1.0000"},
            "after": {"completed": f"{n}.5000", "narrative": "按计划\n推进", "workers": n},
        }
        for n in range(2, 40)
    ]
    assert audit.append_plain(iter(entries)) == len(entries)
    audit.append([ChangeLog(action=ChangeAction.DELETE, content_type_id=kind, object_id="2")])
    assert audit.verify() == (ChangeLog.objects.count(), None)
    assert ChangeLog.objects.filter(object_repr__startswith="项目").count() == len(entries)


# ---------------------------------------------------------------- the quick select


def test_quick_select_writes_djangos_html():
    choices = [("", "---"), (1, "a & <b>"), ("x", "中文"), ("group", [(3, "g1"), (4, "g2")])]
    for value in (None, "x", 3):
        select = forms.Select(attrs={"class": "form-select", "data-off": False}, choices=choices)
        select.is_required = True
        quick = QuickSelect.like(select)

        def spaced(html):
            return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", str(html))).strip()

        assert spaced(quick.render("n", value, {"id": "id_n"})) == spaced(
            select.render("n", value, {"id": "id_n"})
        )


# ---------------------------------------------------------------- the project list's badges


@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize(("stalled", "overdue"), [(False, False), (True, False), (True, True)])
def test_list_badges_are_the_status_cells(status, stalled, overdue):
    project = Project(name="p", status=status, stalled=stalled)
    project.has_overdue_milestone = overdue
    template = get_template("projects/_status_cell.html")
    for language in ("zh-hans", "en"):
        with translation.override(language):
            assert str(status_badges(project)) == template.render({"record": project}).strip()
