"""The Excel template of a reporting period: every project the user owes a report for."""

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from core.excel import safe_cell
from exchange.report_batch import (
    COLUMNS,
    HEADER_OF,
    HOW_TO_FILL,
    INPUT,
    INPUTS,
    INSTRUCTIONS,
    KEY,
    LAST_MONTH,
    NOTES,
    ORDER,
    REFERENCE,
    SHEET,
    since_start_before,
)
from exchange.xlsx import bilingual_labels
from reports.choices import ReportStatus
from reports.models import MonthlyReport, ReportRevision
from reports.services import NOT_REPORTING, expected_projects


def _previous(period):
    return (period.year, period.month - 1) if period.month > 1 else (period.year - 1, 12)


def _last_month(period, projects):
    """{project id: {field: value}} of the last approved revision of the month before."""
    year, month = _previous(period)
    revisions = (
        ReportRevision.objects.filter(
            report__period__year=year, report__period__month=month, report__project__in=projects
        )
        .order_by("report", "number")
        .values("report__project", *LAST_MONTH)
    )
    # Ordered by number, so the last revision of each report is the one kept.
    return {row.pop("report__project"): row for row in revisions}


def template_workbook(period, user):
    """The period's sheet, one row per project the user owes a report for, and instructions."""
    projects = (
        expected_projects(period, user)
        .exclude(status__in=NOT_REPORTING)
        .select_related("region")
        .order_by("region__code", "name", "pk")
    )
    in_scope = projects.values("pk")
    reports = {
        r.project_id: r for r in MonthlyReport.objects.filter(period=period, project__in=in_scope)
    }
    before = since_start_before(period, in_scope)
    last = _last_month(period, in_scope)
    statuses = {
        code: zh if zh == en else f"{zh} / {en}" for code, zh, en in bilingual_labels(ReportStatus)
    }

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    _header_row(sheet)
    for project in projects:
        report = reports.get(project.pk)
        values = {
            "project": project.pk,
            "code": project.code,
            "name": project.name,
            "region": project.region.name_zh,
            "status": statuses[report.status] if report else "",
            "total_investment": project.total_investment,
            "since_start_before": before.get(project.pk, Decimal(0)),
        }
        if report:
            values.update({name: getattr(report, name) for name in INPUTS})
        values.update({f"last_{name}": value for name, value in last.get(project.pk, {}).items()})
        sheet.append([safe_cell(values.get(column.name)) for column in COLUMNS])
    _validations(sheet, max(sheet.max_row, 1000))
    _instructions(book.create_sheet(INSTRUCTIONS), period)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _header_row(sheet):
    bold = Font(bold=True)
    fills = {
        KEY: PatternFill("solid", fgColor="FFF2CC"),
        INPUT: PatternFill("solid", fgColor="DDEBF7"),
        REFERENCE: PatternFill("solid", fgColor="E7E6E6"),
    }
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font, cell.fill = bold, fills[column.kind]
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        wide = column.name in {"name", "progress_text", "narrative", "last_progress_text"}
        sheet.column_dimensions[get_column_letter(index)].width = 30 if wide else 16
    sheet.column_dimensions[get_column_letter(ORDER["code"] + 1)].number_format = "@"
    sheet.row_dimensions[1].height = 60
    sheet.freeze_panes = "D2"  # the project stays in view while scrolling right


def _validations(sheet, last_row):
    rules = {
        "completed": {"type": "decimal", "operator": "greaterThanOrEqual", "formula1": "0"},
        "progress_percent": {
            "type": "whole",
            "operator": "between",
            "formula1": "0",
            "formula2": "100",
        },
        "workers": {"type": "whole", "operator": "greaterThanOrEqual", "formula1": "0"},
    }
    for name, rule in rules.items():
        letter = get_column_letter(ORDER[name] + 1)
        validation = DataValidation(
            **rule,
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=HEADER_OF[name],
            error=f"{HOW_TO_FILL[name][0]} / {HOW_TO_FILL[name][1]}",
        )
        validation.add(f"{letter}2:{letter}{last_row}")
        sheet.add_data_validation(validation)


def _instructions(notes, period):
    bold = Font(bold=True)
    for letter, width in zip("ABC", (45, 30, 60), strict=True):
        notes.column_dimensions[letter].width = width
    notes.append([f"{period} 月报批量填报说明 / Monthly reports of {period}: instructions"])
    notes["A1"].font = bold
    for zh, en in NOTES:
        notes.append([zh, en])
    notes.append([])
    notes.append(["列 / Column", "用途 / Use", "填写说明 / How to fill"])
    for cell in notes[notes.max_row]:
        cell.font = bold
    uses = {
        KEY: "识别项目 / identifies the project",
        INPUT: "填写 / to fill",
        REFERENCE: "只读，参考 / read-only, for reference",
    }
    for column in COLUMNS:
        how = HOW_TO_FILL.get(column.name)
        notes.append([column.header, uses[column.kind], f"{how[0]} / {how[1]}" if how else ""])
