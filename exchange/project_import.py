"""Excel import of projects: a bilingual template, and an all-or-nothing import via ProjectForm."""

import datetime
import io
from typing import NamedTuple

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from core.changelog import acting_as
from core.excel import safe_cell, safe_row
from core.models import Industry, Region
from core.validators import credit_code_check_character
from exchange.xlsx import (
    ALL_OR_NOTHING_NOTE,
    ImportResult,
    Refused,
    bilingual_labels,
    cell_text,
    check_row_count,
    dropdown_value,
    file_note,
    is_empty,
    is_number,
    normalise,
    number_text,
    read_sheet,
)
from projects.choices import Category, InvestmentSource, Nature
from projects.forms import ProjectForm
from projects.models import Project

# At a few milliseconds a row, 5,000 rows stay well inside a request timeout.
MAX_ROWS = 5_000
SHEET = "projects"
INSTRUCTIONS = "instructions"


class Column(NamedTuple):
    field: str  # the ProjectForm field the column fills
    zh: str
    en: str

    @property
    def header(self):
        return f"{self.zh} / {self.en}"


# The one spec of the sheet. Each header cell holds both languages ("项目名称 / Project name");
# on import a cell with the Chinese or the English half alone is accepted too.
COLUMNS = [
    Column("name", "项目名称", "Project name"),
    Column("code", "国家项目代码", "National project code"),
    Column("region", "县区代码", "County or district code"),
    Column("address", "建设地点", "Address"),
    Column("industry", "行业代码", "Industry division code"),
    Column("category", "项目类别", "Category"),
    Column("nature", "建设性质", "Nature"),
    Column("source", "投资来源", "Source of investment"),
    Column("investor_name", "投资方", "Investor"),
    Column("investor_credit_code", "投资方统一社会信用代码", "Investor's credit code"),
    Column("total_investment", "总投资（万元）", "Total investment (10k yuan)"),
    Column("planned_start", "计划开工日期", "Planned start"),
    Column("planned_completion", "计划竣工日期", "Planned completion"),
    Column("capacity", "产能", "Capacity"),
    Column("capacity_unit", "产能单位", "Capacity unit"),
    Column("promised_output_value", "承诺年产值（万元）", "Promised output value (10k yuan)"),
    Column("promised_sales", "承诺年销售收入（万元）", "Promised sales (10k yuan)"),
    Column("promised_profit", "承诺年利润（万元）", "Promised profit (10k yuan)"),
    Column("promised_tax", "承诺年税收（万元）", "Promised tax (10k yuan)"),
    Column("promised_jobs", "承诺就业人数", "Promised jobs"),
    Column("parent", "上级项目国家代码", "Parent project code"),
    Column("description", "项目简介", "Description"),
]
ORDER = {column.field: index for index, column in enumerate(COLUMNS)}
CHOICES = {"category": Category, "nature": Nature, "source": InvestmentSource}
TEXT_CODES = {"code", "region", "industry", "investor_credit_code", "parent"}
DATES = {"planned_start", "planned_completion"}
DECIMALS = {
    "total_investment",
    "capacity",
    "promised_output_value",
    "promised_sales",
    "promised_profit",
    "promised_tax",
}
# How to fill each column, for the instructions sheet (the workbook is bilingual by design).
HOW_TO_FILL = {
    "code": ("GB/T 40058-2021，如 2023-210381-30-03-012345", "e.g. 2023-210381-30-03-012345"),
    "region": ("6位县区代码（GB/T 2260），见下表", "6-digit county code (GB/T 2260), see below"),
    "industry": ("2位行业大类代码（GB/T 4754），见下表", "2-digit division code, see below"),
    "category": ("代码或中/英文名称，见下表", "code or Chinese/English label, see below"),
    "investor_credit_code": ("18位统一社会信用代码", "18-character unified social credit code"),
    "planned_start": ("日期，如 2024-03-01", "date, e.g. 2024-03-01"),
    "planned_completion": ("日期，不早于计划开工日期", "date, not before the planned start"),
    "capacity": ("数字", "number"),
    "promised_jobs": ("整数", "whole number"),
    "parent": ("已在库项目的国家项目代码", "national code of a project already in the library"),
}
HOW_TO_FILL["nature"] = HOW_TO_FILL["source"] = HOW_TO_FILL["category"]
MONEY = ("数字，单位万元，0 至 1000 亿", "number in 万元, 0 to 100 billion")
HOW_TO_FILL.update(dict.fromkeys(DECIMALS - {"capacity"}, MONEY))
EXAMPLES = {
    "name": "年产10万吨新材料项目",
    "code": "2024-210381-30-03-000001",
    "region": "210381",
    "industry": "38",
    "category": "industrial",
    "nature": "new",
    "source": "private",
    "investor_credit_code": "91210300MA0Y12345" + credit_code_check_character("91210300MA0Y12345"),
    "total_investment": 50000,
    "planned_start": "2024-03-01",
    "planned_completion": "2025-12-31",
    "promised_jobs": 300,
}
NOTES = [
    (
        "只有一行表头，每个表头单元格同时写中文和英文（如“项目名称 / Project name”）；"
        "从第2行起每行一个项目。",
        "Each header cell holds Chinese and English (e.g. 项目名称 / Project name), in one header "
        "row; from row 2 on, one project per row.",
    ),
    (
        "日期写作 2024-03-01；金额单位为万元，不小于0、不大于1000亿万元。",
        "Dates as 2024-03-01; amounts in 万元 (10k yuan), from 0 up to 100 billion.",
    ),
    ALL_OR_NOTHING_NOTE,
    file_note(MAX_ROWS),
]


# ---------------------------------------------------------------- the template


def _column_width(text):
    # CJK characters are two columns wide; headers wrap, so cap the width.
    width = sum(2 if ord(char) > 0x2E80 else 1 for char in text)
    return max(12, min(30, width // 2 + 4))


def template_workbook(user=None):
    """The template: a "projects" sheet to fill, an "instructions" sheet with the codes."""
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    notes = book.create_sheet(INSTRUCTIONS)
    bold = Font(bold=True)
    shaded = PatternFill("solid", fgColor="DDEBF7")
    required = {name for name, f in ProjectForm().fields.items() if f.required}

    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font, cell.fill = bold, shaded
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        dimension = sheet.column_dimensions[get_column_letter(index)]
        dimension.width = _column_width(column.header)
        if column.field in TEXT_CODES:
            dimension.number_format = "@"  # keeps "01" and long codes as typed
        elif column.field in DATES:
            dimension.number_format = "yyyy-mm-dd"
    sheet.row_dimensions[1].height = 45
    sheet.freeze_panes = "A2"

    notes.column_dimensions["A"].width = 40
    notes.column_dimensions["B"].width = 40
    notes.column_dimensions["C"].width = 50
    notes.column_dimensions["D"].width = 40

    def heading(*values):
        notes.append(values)
        for cell in notes[notes.max_row]:
            cell.font = bold

    heading("项目导入模板说明 / Instructions for the project import template")
    for zh, en in NOTES:
        notes.append([zh, en])
    notes.append([])
    heading("列 / Column", "必填 / Required", "填写说明 / How to fill", "示例 / Example")
    for column in COLUMNS:
        how = HOW_TO_FILL.get(column.field)
        notes.append(
            [
                column.header,
                "是 / yes" if column.field in required else "否 / no",
                f"{how[0]} / {how[1]}" if how else "",
                safe_cell(EXAMPLES.get(column.field)),
            ]
        )

    for name, choices in CHOICES.items():
        column = next(c for c in COLUMNS if c.field == name)
        notes.append([])
        heading(column.header, "中文", "English", "下拉选项 / Dropdown value")
        first = notes.max_row + 1
        for code, zh, en in bilingual_labels(choices):
            notes.append([code, zh, en, dropdown_value(zh, en)])
        letter = get_column_letter(COLUMNS.index(column) + 1)
        validation = DataValidation(
            type="list",
            formula1=f"'{INSTRUCTIONS}'!$D${first}:$D${notes.max_row}",
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="warning",  # a code typed by hand is accepted too
            errorTitle=column.header,
            error="请从列表中选择，或填写说明页中的代码。/ Choose from the list or type a code "
            "from the instructions sheet.",
        )
        validation.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
        sheet.add_data_validation(validation)

    notes.append([])
    heading("行业代码 / Industry division code (GB/T 4754-2017)", "中文", "English")
    for industry in Industry.objects.filter(level="division").order_by("code"):
        notes.append(safe_row([industry.code, industry.name_zh, industry.name_en]))
    notes.append([])
    heading("县区代码 / County or district code (GB/T 2260)", "中文", "English")
    counties = Region.objects.visible_to(user) if user is not None else Region.objects.all()
    for region in counties.filter(level="county").order_by("code"):
        notes.append(safe_row([region.code, region.name_zh, region.name_en]))
    for row in notes.iter_rows(min_col=1, max_col=1):
        row[0].number_format = "@"

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------- reading cells


# The full bilingual header, or its Chinese or English half, names the column.
HEADERS = {
    normalise(text): column for column in COLUMNS for text in (column.header, column.zh, column.en)
}


def _decimal(value):
    return number_text(value) if is_number(value) else cell_text(value)


def _date(value):
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return cell_text(value)


def _choice_lookup(choices):
    lookup = {}
    for code, zh, en in bilingual_labels(choices):
        for label in (code, zh, en, dropdown_value(zh, en)):
            lookup[normalise(label)] = code
    return lookup


class _Lookups:
    """Reference data read once per file, so a row costs no query to translate its codes."""

    def __init__(self, user, rows, positions):
        scoped = ProjectForm(user=user).fields
        self.regions = {r.code: r for r in Region.objects.all()}
        self.allowed_regions = set(scoped["region"].queryset.values_list("pk", flat=True))
        self.industries = dict(scoped["industry"].queryset.values_list("code", "pk"))
        parent_codes = set()
        if "parent" in positions:
            parent_codes = {cell_text(_cell(row, positions["parent"])) for row in rows} - {""}
        self.parents = dict(Project.objects.filter(code__in=parent_codes).values_list("code", "pk"))
        self.allowed_parents = set(
            scoped["parent"].queryset.filter(code__in=parent_codes).values_list("pk", flat=True)
        )
        self.choices = {name: _choice_lookup(choices) for name, choices in CHOICES.items()}


def _cell(row, position):
    return row[position] if position < len(row) else None


def _row_data(row, positions, lookups):
    """Form data of one row, and the errors found while translating its codes (by field)."""
    data, errors = {}, {}
    for name, position in positions.items():
        value = _cell(row, position)
        if name in DATES:
            data[name] = _date(value)
        elif name in DECIMALS:
            data[name] = _decimal(value)
        elif name == "promised_jobs" and isinstance(value, float) and value.is_integer():
            data[name] = str(int(value))
        elif name in CHOICES:
            text = cell_text(value)
            data[name] = lookups.choices[name].get(normalise(text), text) if text else ""
        elif name == "region":
            data[name], errors[name] = _region(cell_text(value), lookups)
        elif name == "industry":
            data[name], errors[name] = _industry(cell_text(value), lookups)
        elif name == "parent":
            data[name], errors[name] = _parent(cell_text(value), lookups)
        else:
            data[name] = cell_text(value)
    return data, {name: message for name, message in errors.items() if message}


def _region(code, lookups):
    if not code:
        return "", None
    region = lookups.regions.get(code)
    if region is None:
        return code, _("There is no region with the code %(code)s.") % {"code": code}
    if region.level != "county":
        return code, _("%(code)s %(name)s is not a county or district.") % {
            "code": code,
            "name": region.name_zh,
        }
    if region.pk not in lookups.allowed_regions:
        return code, _("%(code)s %(name)s is outside your area.") % {
            "code": code,
            "name": region.name_zh,
        }
    return region.pk, None


def _industry(code, lookups):
    if not code:
        return "", None
    if code.isdigit() and len(code) == 1:
        code = code.zfill(2)  # "01" typed into a number cell arrives as 1
    pk = lookups.industries.get(code)
    if pk is None:
        return code, _("There is no industry division (GB/T 4754) with code %(code)s.") % {
            "code": code
        }
    return pk, None


def _parent(code, lookups):
    if not code:
        return "", None
    pk = lookups.parents.get(code)
    if pk is None:
        return code, _("There is no project with national code %(code)s.") % {"code": code}
    if pk not in lookups.allowed_parents:
        return code, _("Project %(code)s is outside your area.") % {"code": code}
    return pk, None


# ---------------------------------------------------------------- the import


def _file_error(message):
    return ImportResult(errors=[(None, "", message)])


def _header_positions(header):
    """{field name: column index} of the header row, and the header's errors."""
    positions, errors = {}, []
    for index, value in enumerate(header):
        if is_empty(value):
            continue
        column = HEADERS.get(normalise(value))
        if column is None:
            errors.append((1, str(value), _("Unknown column: use the headers of the template.")))
        elif column.field in positions:
            errors.append((1, column.header, _("This column appears twice.")))
        else:
            positions[column.field] = index
    form_fields = ProjectForm().fields
    for column in COLUMNS:
        if column.field not in positions and form_fields[column.field].required:
            errors.append((1, column.header, _("This required column is missing.")))
    return positions, errors


def import_projects(file, *, user):
    """Validate every row through ProjectForm; create all the projects or none."""
    try:
        header, numbered = read_sheet(file, SHEET)
        positions, errors = _header_positions(header)
        if errors:
            return ImportResult(errors=errors)
        check_row_count(numbered, max_rows=MAX_ROWS, no_rows=_("The file has no project rows."))
    except Refused as refusal:
        return _file_error(str(refusal))

    valid_forms, errors = _validate_rows(numbered, positions, user)
    if errors:
        return ImportResult(errors=errors)
    # Validation runs outside the transaction so other users' writes are not held up by it;
    # the unique code constraint catches a clash that appears in between.
    try:
        with acting_as(user), transaction.atomic():
            for form in valid_forms:
                form.save()
    except IntegrityError:
        return _file_error(_("The projects changed while importing; upload the file again."))
    return ImportResult(created=len(valid_forms))


def _validate_rows(numbered, positions, user):
    """The bound forms of the rows, and every error as (row, column header, message)."""
    headers = {column.field: column.header for column in COLUMNS}
    lookups = _Lookups(user, [row for _number, row in numbered], positions)
    first_row_of_code, valid_forms, errors = {}, [], []
    for number, row in numbered:
        data, row_errors = _row_data(row, positions, lookups)
        form = ProjectForm(data=data, user=user)
        if form.is_valid() and not row_errors:
            valid_forms.append(form)
        for name, messages in form.errors.items():
            # A code already explained by the lookup keeps that clearer message.
            row_errors.setdefault(name, " ".join(messages))
        code = data.get("code")
        if code and "code" not in row_errors:
            if code in first_row_of_code:
                row_errors["code"] = _(
                    "The national project code %(code)s is also on row %(row)s of this file."
                ) % {"code": code, "row": first_row_of_code[code]}
            first_row_of_code.setdefault(code, number)
        errors += [
            (number, headers.get(name, ""), row_errors[name])
            for name in sorted(row_errors, key=lambda name: ORDER.get(name, -1))
        ]
    return valid_forms, errors
