"""Excel import of enterprises and of their yearly figures: bilingual templates, all or nothing."""

import io
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from core.changelog import acting_as
from core.excel import safe_cell, safe_row
from core.models import Industry, Region
from core.validators import credit_code_check_character
from enterprises.forms import EnterpriseForm, EnterpriseYearForm, chains_for, normal_credit_code
from enterprises.models import Enterprise, EnterpriseYear
from exchange.xlsx import (
    ALL_OR_NOTHING_NOTE,
    CodeLookups,
    Column,
    ImportResult,
    Refused,
    cell_text,
    check_row_count,
    file_note,
    header_positions,
    is_number,
    normalise,
    number_text,
    read_sheet,
)

MAX_ROWS = 5_000
INSTRUCTIONS = "instructions"

# How each column's cells become form data.
TEXT, CODE, YES_NO, REGION, INDUSTRY, CHAIN, MONEY, WHOLE, ENTERPRISE, LABEL = (
    "text",
    "code",
    "yes_no",
    "region",
    "industry",
    "chain",
    "money",
    "whole",
    "enterprise",
    "label",  # shown for the reader of the sheet, not imported
)


@dataclass(frozen=True)
class Kind:
    """One importable sheet: enterprises, or the yearly figures of registered enterprises."""

    name: str
    sheet: str
    zh: str
    en: str
    columns: tuple
    required: frozenset

    def header(self, name):
        return next((c.header for c in self.columns if c.field == name), "")


ENTERPRISES = Kind(
    "enterprises",
    "enterprises",
    "企业",
    "Enterprises",
    (
        Column("name", "企业名称", "Enterprise name"),
        Column("credit_code", "统一社会信用代码", "Unified social credit code", CODE),
        Column("region", "地区代码", "Region code", REGION),
        Column("industry", "行业代码", "Industry division code", INDUSTRY),
        Column("chain", "产业链", "Industrial chain", CHAIN),
        Column("contact", "联系人", "Contact person"),
        Column("phone", "联系电话", "Phone"),
        Column("above_designated_size", "是否规上企业", "Above designated size", YES_NO),
    ),
    frozenset({"name", "credit_code", "region"}),
)
FIGURES = Kind(
    "figures",
    "figures",
    "企业年度数据",
    "Yearly figures",
    (
        Column("credit_code", "统一社会信用代码", "Unified social credit code", ENTERPRISE),
        Column("name", "企业名称", "Enterprise name", LABEL),
        Column("year", "年份", "Year", WHOLE),
        Column("output_value", "工业总产值（万元）", "Output value (10k yuan)", MONEY),
        Column(
            "main_business_income", "主营业务收入（万元）", "Main business income (10k yuan)", MONEY
        ),
        Column("profit", "利润总额（万元）", "Profit (10k yuan)", MONEY),
        Column("tax", "税金总额（万元）", "Tax (10k yuan)", MONEY),
        Column("employees", "从业人员（人）", "Employees", WHOLE),
    ),
    frozenset({"credit_code", "year"}),
)
KINDS = {kind.name: kind for kind in (ENTERPRISES, FIGURES)}

YES = {"是", "yes", "y", "true", "1", "√", "✓", "规上"}
NO = {"否", "no", "n", "false", "0", "×", "规下"}
CODE_EXAMPLE = "91210300MA0Y12345" + credit_code_check_character("91210300MA0Y12345")
HOW_TO_FILL = {
    CODE: ("18位统一社会信用代码，末位为校验码", "18 characters, the last a check character"),
    ENTERPRISE: ("已登记企业的统一社会信用代码，见下表", "credit code of a registered enterprise"),
    YES_NO: ("是 或 否", "yes or no"),
    REGION: ("6位地区代码（GB/T 2260），见下表", "6-digit region code (GB/T 2260), see below"),
    INDUSTRY: ("2位行业大类代码（GB/T 4754），见下表", "2-digit division code, see below"),
    CHAIN: ("产业链名称，见下表", "chain name, see below"),
    MONEY: ("数字，单位万元；利润可为负数", "number in 万元 (10k yuan); a loss is negative"),
    WHOLE: ("整数，不小于0", "whole number, not negative"),
    LABEL: ("仅供核对，不导入", "for checking only, not imported"),
}
EXAMPLES = {
    CODE: CODE_EXAMPLE,
    ENTERPRISE: CODE_EXAMPLE,
    YES_NO: "是",
    REGION: "210381",
    INDUSTRY: "38",
    MONEY: 25000,
}
NOTES = [
    (
        "只有一行表头，每个表头单元格同时写中文和英文；从第2行起每行一条记录。",
        "One header row, each cell in Chinese and English; from row 2 on, one record per row.",
    ),
    ALL_OR_NOTHING_NOTE,
    file_note(MAX_ROWS),
]
FIGURES_NOTE = (
    "年度数据按统一社会信用代码对应已登记企业；同一企业同一年份已有数据的，导入后更新为本表数据。"
    "不能填写尚未开始的年份。",
    "Figures are matched to registered enterprises by credit code; a year already recorded for "
    "an enterprise is updated with the figures of this sheet. A year that has not begun is "
    "refused.",
)


# ---------------------------------------------------------------- the template


def template_workbook(kind, user):
    """The template of one kind: a sheet to fill, and an instructions sheet with the codes."""
    book = Workbook()
    sheet = book.active
    sheet.title = kind.sheet
    notes = book.create_sheet(INSTRUCTIONS)
    bold, shaded = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")

    for index, column in enumerate(kind.columns, start=1):
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font, cell.fill = bold, shaded
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        dimension = sheet.column_dimensions[get_column_letter(index)]
        dimension.width = 24
        if column.kind in {CODE, ENTERPRISE, REGION, INDUSTRY}:
            dimension.number_format = "@"  # keeps "01" and long codes as typed
    sheet.row_dimensions[1].height = 45
    sheet.freeze_panes = "A2"
    for letter in "ABCD":
        notes.column_dimensions[letter].width = 40

    def heading(*values):
        notes.append(values)
        for cell in notes[notes.max_row]:
            cell.font = bold

    heading(f"{kind.zh}导入模板说明 / Instructions for the {kind.en.lower()} import template")
    for zh, en in [*NOTES, *([FIGURES_NOTE] if kind is FIGURES else [])]:
        notes.append([zh, en])
    notes.append([])
    heading("列 / Column", "必填 / Required", "填写说明 / How to fill", "示例 / Example")
    for column in kind.columns:
        how = HOW_TO_FILL.get(column.kind)
        example = timezone.localdate().year - 1 if column.field == "year" else None
        notes.append(
            [
                column.header,
                "是 / yes" if column.field in kind.required else "否 / no",
                f"{how[0]} / {how[1]}" if how else "",
                safe_cell(example or EXAMPLES.get(column.kind)),
            ]
        )

    kinds = {column.kind for column in kind.columns}
    if YES_NO in kinds:
        position = next(i for i, c in enumerate(kind.columns, start=1) if c.kind == YES_NO)
        letter = get_column_letter(position)
        validation = DataValidation(
            type="list", formula1='"是,否"', allow_blank=True, errorStyle="warning"
        )
        validation.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
        sheet.add_data_validation(validation)
    if CHAIN in kinds:
        notes.append([])
        heading("产业链 / Industrial chain", "地区 / Region")
        for chain in chains_for(user).select_related("region"):
            notes.append(safe_row([chain.name, chain.region.code]))
    if INDUSTRY in kinds:
        notes.append([])
        heading("行业代码 / Industry division code (GB/T 4754-2017)", "中文", "English")
        for industry in Industry.objects.filter(level="division").order_by("code"):
            notes.append(safe_row([industry.code, industry.name_zh, industry.name_en]))
    if REGION in kinds:
        notes.append([])
        heading("地区代码 / Region code (GB/T 2260)", "中文", "English")
        for region in Region.objects.visible_to(user).order_by("code"):
            notes.append(safe_row([region.code, region.name_zh, region.name_en]))
    if ENTERPRISE in kinds:
        notes.append([])
        heading("已登记企业 / Registered enterprises", "企业名称 / Name", "地区 / Region")
        enterprises = Enterprise.objects.visible_to(user).select_related("region")
        for enterprise in enterprises.order_by("region__code", "name"):
            notes.append(
                safe_row([enterprise.credit_code, enterprise.name, enterprise.region.code])
            )
    for row in notes.iter_rows(min_col=1, max_col=1):
        row[0].number_format = "@"

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------- reading cells


class _Lookups(CodeLookups):
    """Reference data read once per file, so a row costs no query to translate its codes."""

    def __init__(self, kind, user, codes):
        self.regions = {region.code: region for region in Region.objects.all()}
        self.allowed_regions = set(Region.objects.visible_to(user).values_list("pk", flat=True))
        self.industries = dict(Industry.objects.filter(level="division").values_list("code", "pk"))
        self.chains = {
            normalise(name): pk for name, pk in chains_for(user).values_list("name", "pk")
        }
        self.enterprises, self.years = {}, {}
        if kind is FIGURES:
            found = Enterprise.objects.visible_to(user).filter(credit_code__in=codes)
            self.enterprises = {enterprise.credit_code: enterprise for enterprise in found}
            rows = EnterpriseYear.objects.filter(enterprise__in=self.enterprises.values())
            self.years = {(row.enterprise_id, row.year): row for row in rows}

    def chain(self, name):
        pk = self.chains.get(normalise(name))
        if pk is None:
            return name, _("There is no chain named “%(name)s” in your area.") % {"name": name}
        return pk, None

    def enterprise(self, code):
        enterprise = self.enterprises.get(code)
        if enterprise is None:
            return None, _(
                "There is no registered enterprise with the credit code %(code)s in your area; "
                "import or add the enterprise first."
            ) % {"code": code}
        return enterprise, None


def _yes_no(value):
    if isinstance(value, bool):
        return ("on" if value else ""), None
    text = normalise(cell_text(value))
    if text in YES:
        return "on", None
    if not text or text in NO:
        return "", None
    return text, _("Write 是 or 否 (yes or no).")


def _whole(value):
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return cell_text(value)


def _row_data(kind, row, positions, lookups):
    """Form data of one row, the row's enterprise (figures) and the errors found (by field)."""
    data, errors, enterprise = {}, {}, None
    for column in kind.columns:
        if column.field not in positions or column.kind == LABEL:
            continue
        position = positions[column.field]
        value = row[position] if position < len(row) else None
        name, text = column.field, cell_text(value)
        if column.kind == MONEY:
            data[name] = number_text(value) if is_number(value) else text
        elif column.kind == WHOLE:
            data[name] = _whole(value)
        elif column.kind == YES_NO:
            data[name], errors[name] = _yes_no(value)
        elif column.kind in {CODE, ENTERPRISE}:
            data[name] = normal_credit_code(text)
            if column.kind == ENTERPRISE and data[name]:
                enterprise, errors[name] = lookups.enterprise(data[name])
            elif column.kind == ENTERPRISE:
                errors[name] = _("Give the enterprise's credit code.")
        elif not text or column.kind == TEXT:
            data[name] = text
        elif column.kind == REGION:
            data[name], errors[name] = lookups.region(text)
        elif column.kind == INDUSTRY:
            data[name], errors[name] = lookups.industry(text)
        elif column.kind == CHAIN:
            data[name], errors[name] = lookups.chain(text)
    return data, enterprise, {name: message for name, message in errors.items() if message}


# ---------------------------------------------------------------- the import


def _header_positions(kind, header):
    return header_positions(kind.columns, header, kind.required)


def import_rows(kind, file, *, user):
    """Validate every row through the page's form; save all the rows or none."""
    try:
        header, numbered = read_sheet(file, kind.sheet)
        positions, errors = _header_positions(kind, header)
        if errors:
            return ImportResult(errors=errors)
        check_row_count(numbered, max_rows=MAX_ROWS, no_rows=_("The file has no rows to import."))
    except Refused as refusal:
        return ImportResult(errors=[(None, "", str(refusal))])

    valid_forms, errors = _validate_rows(kind, numbered, positions, user)
    if errors:
        return ImportResult(errors=errors)
    updated = sum(1 for form in valid_forms if form.instance.pk)
    # The unique constraints catch a row that another user saved while the file was checked.
    try:
        with acting_as(user), transaction.atomic():
            for form in valid_forms:
                form.save()
    except IntegrityError:
        return ImportResult(
            errors=[(None, "", _("The records changed while importing; upload the file again."))]
        )
    return ImportResult(created=len(valid_forms) - updated, updated=updated)


def _form(kind, data, enterprise, lookups, user):
    if kind is ENTERPRISES:
        return EnterpriseForm(data=data, user=user)
    year = data.get("year", "")
    existing = lookups.years.get((enterprise.pk, int(year))) if year.isdecimal() else None
    return EnterpriseYearForm(data=data, instance=existing, enterprise=enterprise)


def _validate_rows(kind, numbered, positions, user):
    """The bound forms of the rows, and every error as (row, column header, message)."""
    order = {column.field: index for index, column in enumerate(kind.columns)}
    codes = set()
    if "credit_code" in positions:
        codes = {
            normal_credit_code(cell_text(row[positions["credit_code"]]))
            for _number, row in numbered
            if positions["credit_code"] < len(row)
        }
    lookups = _Lookups(kind, user, codes)
    first_row, valid_forms, errors = {}, [], []
    for number, row in numbered:
        data, enterprise, row_errors = _row_data(kind, row, positions, lookups)
        if kind is FIGURES and enterprise is None:
            form = None  # without its enterprise the row cannot be checked further
        else:
            form = _form(kind, data, enterprise, lookups, user)
            if form.is_valid() and not row_errors:
                valid_forms.append(form)
            for name, messages in form.errors.items():
                # A code already explained by the lookup keeps that clearer message.
                row_errors.setdefault(name, " ".join(messages))
        _check_once(kind, number, data, row_errors, first_row)
        errors += [
            (number, kind.header(name), row_errors[name])
            for name in sorted(row_errors, key=lambda name: order.get(name, -1))
        ]
    return valid_forms, errors


def _check_once(kind, number, data, row_errors, first_row):
    """A credit code once per file (enterprises), or a year once per enterprise (figures)."""
    code = data.get("credit_code")
    if not code or "credit_code" in row_errors:
        return
    if kind is ENTERPRISES:
        if code in first_row:
            row_errors["credit_code"] = _(
                "The credit code %(code)s is also on row %(row)s of this file."
            ) % {"code": code, "row": first_row[code]}
        first_row.setdefault(code, number)
        return
    year = data.get("year")
    if not year or "year" in row_errors:
        return
    if (code, year) in first_row:
        row_errors["year"] = _(
            "The figures of %(code)s for %(year)s are also on row %(row)s of this file."
        ) % {"code": code, "year": year, "row": first_row[(code, year)]}
    first_row.setdefault((code, year), number)
