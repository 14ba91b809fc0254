"""Excel import of activities, leads and contracts: bilingual templates, all or nothing."""

import datetime
import io
from dataclasses import dataclass, field

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
    CodeLookups,
    Column,
    ImportResult,
    Refused,
    bilingual_labels,
    cell_text,
    check_row_count,
    dropdown_value,
    file_note,
    header_positions,
    is_number,
    normalise,
    number_text,
    read_sheet,
)
from promotion.choices import ActivityKind, TargetRegion
from promotion.forms import ActivityForm, ContractForm, LeadForm
from promotion.models import Chain, PromotionGroup

MAX_ROWS = 2_000
INSTRUCTIONS = "instructions"

# How each column's cells become form data.
TEXT, DATE, MONEY, CHOICE, REGION, INDUSTRY, CHAIN, GROUP, CODE = (
    "text",
    "date",
    "money",
    "choice",
    "region",
    "industry",
    "chain",
    "group",
    "code",
)


@dataclass(frozen=True)
class Kind:
    """One importable kind: its sheet, its form and its columns."""

    name: str
    sheet: str
    zh: str
    en: str
    form_class: type
    columns: tuple
    choices: dict = field(default_factory=dict)
    unique_code: str = ""  # a column whose value may appear once in the file and the database

    def header(self, name):
        return next(column.header for column in self.columns if column.field == name)


ACTIVITIES = Kind(
    "activities",
    "activities",
    "招商活动",
    "Promotion activities",
    ActivityForm,
    (
        Column("kind", "活动类型", "Kind", CHOICE),
        Column("held_on", "日期", "Date", DATE),
        Column("title", "活动名称", "Title"),
        Column("region", "地区代码", "Region code", REGION),
        Column("group", "招商小组", "Promotion group", GROUP),
        Column("place", "地点", "Place"),
        Column("target_region", "目标区域", "Target region", CHOICE),
        Column("target_place", "目标省市", "Province or city"),
        Column("participants", "参加人员", "Participants"),
        Column("enterprises_met", "洽谈企业", "Enterprises met"),
    ),
    choices={"kind": ActivityKind, "target_region": TargetRegion},
)
LEADS = Kind(
    "leads",
    "leads",
    "招商线索",
    "Leads",
    LeadForm,
    (
        Column("investor_name", "投资方", "Investor"),
        Column("investor_credit_code", "投资方统一社会信用代码", "Investor's credit code", CODE),
        Column("source", "线索来源", "Source"),
        Column("region", "地区代码", "Region code", REGION),
        Column("industry", "行业代码", "Industry division code", INDUSTRY),
        Column("chain", "产业链", "Industrial chain", CHAIN),
        Column("group", "招商小组", "Promotion group", GROUP),
        Column("intended_investment", "意向投资（万元）", "Intended investment (10k yuan)", MONEY),
        Column("content", "项目内容", "Content"),
        Column("land_needs", "用地需求", "Land and site needs"),
        Column("support_requested", "诉求", "Support requested"),
        Column("received_on", "接收日期", "Received on", DATE),
    ),
    unique_code="investor_credit_code",
)
CONTRACTS = Kind(
    "contracts",
    "contracts",
    "签约项目",
    "Contracts",
    ContractForm,
    (
        Column("name", "项目名称", "Project name"),
        Column("signed_on", "签约日期", "Signing date", DATE),
        Column("signing_event", "签约活动或批次", "Signing event or batch"),
        Column(
            "contracted_investment", "签约额（万元）", "Contracted investment (10k yuan)", MONEY
        ),
        Column("counterparty", "签约方", "Counterparty"),
        Column(
            "counterparty_credit_code", "签约方统一社会信用代码", "Counterparty's credit code", CODE
        ),
        Column("region", "地区代码", "Region code", REGION),
        Column("chain", "产业链", "Industrial chain", CHAIN),
        Column("group", "招商小组", "Promotion group", GROUP),
        Column("registered_on", "注册日期", "Company registered on", DATE),
    ),
)
KINDS = {kind.name: kind for kind in (ACTIVITIES, LEADS, CONTRACTS)}

CODE_EXAMPLE = "91210300MA0Y12345" + credit_code_check_character("91210300MA0Y12345")
HOW_TO_FILL = {
    DATE: ("日期，如 2024-03-01，不晚于今天", "date, e.g. 2024-03-01, not after today"),
    MONEY: ("数字，单位万元", "number in 万元 (10k yuan)"),
    CHOICE: ("代码或中/英文名称，见下表", "code or Chinese/English label, see below"),
    REGION: ("6位地区代码（GB/T 2260），见下表", "6-digit region code (GB/T 2260), see below"),
    INDUSTRY: ("2位行业大类代码（GB/T 4754），见下表", "2-digit division code, see below"),
    CHAIN: ("产业链名称，见下表", "chain name, see below"),
    GROUP: ("招商小组名称，见下表", "promotion group name, see below"),
    CODE: ("18位统一社会信用代码", "18-character unified social credit code"),
}
EXAMPLES = {DATE: "2024-03-01", MONEY: 50000, REGION: "210381", INDUSTRY: "38", CODE: CODE_EXAMPLE}
NOTES = [
    (
        "只有一行表头，每个表头单元格同时写中文和英文；从第2行起每行一条记录。",
        "One header row, each cell in Chinese and English; from row 2 on, one record per row.",
    ),
    ALL_OR_NOTHING_NOTE,
    file_note(MAX_ROWS),
]


# ---------------------------------------------------------------- the template


def template_workbook(kind, user):
    """The template of one kind: a sheet to fill, and an instructions sheet with the codes."""
    book = Workbook()
    sheet = book.active
    sheet.title = kind.sheet
    notes = book.create_sheet(INSTRUCTIONS)
    bold, shaded = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    required = {name for name, f in kind.form_class(user=user).fields.items() if f.required}

    for index, column in enumerate(kind.columns, start=1):
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font, cell.fill = bold, shaded
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        dimension = sheet.column_dimensions[get_column_letter(index)]
        dimension.width = 22
        if column.kind in {REGION, INDUSTRY, CODE}:
            dimension.number_format = "@"  # keeps "01" and long codes as typed
        elif column.kind == DATE:
            dimension.number_format = "yyyy-mm-dd"
    sheet.row_dimensions[1].height = 45
    sheet.freeze_panes = "A2"
    for letter in "ABCD":
        notes.column_dimensions[letter].width = 40

    def heading(*values):
        notes.append(values)
        for cell in notes[notes.max_row]:
            cell.font = bold

    heading(f"{kind.zh}导入模板说明 / Instructions for the {kind.en.lower()} import template")
    for zh, en in NOTES:
        notes.append([zh, en])
    notes.append([])
    heading("列 / Column", "必填 / Required", "填写说明 / How to fill", "示例 / Example")
    for column in kind.columns:
        how = HOW_TO_FILL.get(column.kind)
        notes.append(
            [
                column.header,
                "是 / yes" if column.field in required else "否 / no",
                f"{how[0]} / {how[1]}" if how else "",
                safe_cell(EXAMPLES.get(column.kind)),
            ]
        )

    for name, choices in kind.choices.items():
        notes.append([])
        heading(kind.header(name), "中文", "English", "下拉选项 / Dropdown value")
        first = notes.max_row + 1
        for code, zh, en in bilingual_labels(choices):
            notes.append([code, zh, en, dropdown_value(zh, en)])
        position = next(i for i, c in enumerate(kind.columns, start=1) if c.field == name)
        letter = get_column_letter(position)
        validation = DataValidation(
            type="list",
            formula1=f"'{INSTRUCTIONS}'!$D${first}:$D${notes.max_row}",
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="warning",  # a code typed by hand is accepted too
        )
        validation.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
        sheet.add_data_validation(validation)

    kinds = {column.kind for column in kind.columns}
    if CHAIN in kinds:
        notes.append([])
        heading("产业链 / Industrial chain", "地区 / Region")
        for chain in Chain.objects.visible_to(user).select_related("region"):
            notes.append(safe_row([chain.name, chain.region.code]))
    if GROUP in kinds:
        notes.append([])
        heading("招商小组 / Promotion group", "地区 / Region")
        for group in PromotionGroup.objects.visible_to(user).select_related("region"):
            notes.append(safe_row([group.name, group.region.code]))
    if INDUSTRY in kinds:
        notes.append([])
        heading("行业代码 / Industry division code (GB/T 4754-2017)", "中文", "English")
        for industry in Industry.objects.filter(level="division").order_by("code"):
            notes.append(safe_row([industry.code, industry.name_zh, industry.name_en]))
    notes.append([])
    heading("地区代码 / Region code (GB/T 2260)", "中文", "English")
    for region in Region.objects.visible_to(user).order_by("code"):
        notes.append(safe_row([region.code, region.name_zh, region.name_en]))
    for row in notes.iter_rows(min_col=1, max_col=1):
        row[0].number_format = "@"

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------- reading cells


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


class _Lookups(CodeLookups):
    """Reference data read once per file, so a row costs no query to translate its names."""

    def __init__(self, kind, user):
        self.regions = {region.code: region for region in Region.objects.all()}
        self.allowed_regions = set(Region.objects.visible_to(user).values_list("pk", flat=True))
        self.industries = dict(Industry.objects.filter(level="division").values_list("code", "pk"))
        self.chains = {
            normalise(name): pk
            for name, pk in Chain.objects.visible_to(user).values_list("name", "pk")
        }
        self.groups = {
            normalise(name): pk
            for name, pk in PromotionGroup.objects.visible_to(user).values_list("name", "pk")
        }
        self.choices = {name: _choice_lookup(choices) for name, choices in kind.choices.items()}

    def named(self, table, name, message):
        pk = table.get(normalise(name))
        return (name, message % {"name": name}) if pk is None else (pk, None)


def _row_data(kind, row, positions, lookups):
    """Form data of one row, and the errors found while translating its codes (by field)."""
    data, errors = {}, {}
    for column in kind.columns:
        if column.field not in positions:
            continue
        position = positions[column.field]
        value = row[position] if position < len(row) else None
        name, text = column.field, cell_text(value)
        if column.kind == DATE:
            data[name] = _date(value)
        elif column.kind == MONEY:
            data[name] = number_text(value) if is_number(value) else text
        elif column.kind == CHOICE:
            data[name] = lookups.choices[name].get(normalise(text), text) if text else ""
        elif column.kind == CODE:
            data[name] = text.upper()
        elif not text or column.kind == TEXT:
            data[name] = text
        elif column.kind == REGION:
            data[name], errors[name] = lookups.region(text)
        elif column.kind == INDUSTRY:
            data[name], errors[name] = lookups.industry(text)
        elif column.kind == CHAIN:
            data[name], errors[name] = lookups.named(
                lookups.chains, text, _("There is no chain named “%(name)s” in your area.")
            )
        elif column.kind == GROUP:
            data[name], errors[name] = lookups.named(
                lookups.groups,
                text,
                _("There is no promotion group named “%(name)s” in your area."),
            )
    return data, {name: message for name, message in errors.items() if message}


# ---------------------------------------------------------------- the import


def _header_positions(kind, header, user):
    form_fields = kind.form_class(user=user).fields
    required = {column.field for column in kind.columns if form_fields[column.field].required}
    return header_positions(kind.columns, header, required)


def import_rows(kind, file, *, user):
    """Validate every row through the kind's form; create all the records or none."""
    try:
        header, numbered = read_sheet(file, kind.sheet)
        positions, errors = _header_positions(kind, header, user)
        if errors:
            return ImportResult(errors=errors)
        check_row_count(numbered, max_rows=MAX_ROWS, no_rows=_("The file has no rows to import."))
    except Refused as refusal:
        return ImportResult(errors=[(None, "", str(refusal))])

    valid_forms, errors = _validate_rows(kind, numbered, positions, user)
    if errors:
        return ImportResult(errors=errors)
    # The unique constraint catches a lead that another user saved while the file was checked.
    try:
        with acting_as(user), transaction.atomic():
            for form in valid_forms:
                form.save()
    except IntegrityError:
        return ImportResult(
            errors=[(None, "", _("The records changed while importing; upload the file again."))]
        )
    return ImportResult(created=len(valid_forms))


def _validate_rows(kind, numbered, positions, user):
    """The bound forms of the rows, and every error as (row, column header, message)."""
    order = {column.field: index for index, column in enumerate(kind.columns)}
    lookups = _Lookups(kind, user)
    first_row_of_code, valid_forms, errors = {}, [], []
    for number, row in numbered:
        data, row_errors = _row_data(kind, row, positions, lookups)
        form = kind.form_class(data=data, user=user)
        if form.is_valid() and not row_errors:
            valid_forms.append(form)
        for name, messages in form.errors.items():
            # A code already explained by the lookup keeps that clearer message.
            row_errors.setdefault(name, " ".join(messages))
        code = data.get(kind.unique_code) if kind.unique_code else ""
        if code and kind.unique_code not in row_errors:
            if code in first_row_of_code:
                row_errors[kind.unique_code] = _(
                    "The credit code %(code)s is also on row %(row)s of this file."
                ) % {"code": code, "row": first_row_of_code[code]}
            first_row_of_code.setdefault(code, number)
        errors += [
            (number, kind.header(name) if name in order else "", row_errors[name])
            for name in sorted(row_errors, key=lambda name: order.get(name, -1))
        ]
    return valid_forms, errors
