"""Uploaded .xlsx files read safely: size, type and zip-bomb checks, then plain cell values."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from python_calamine import CalamineWorkbook

from core.uploads import check_content, check_upload, import_limit
from projects.forms import BootstrapMixin


class UploadForm(BootstrapMixin, forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        label = self.fields["file"].label
        return check_upload(file, field=label, kinds=(".xlsx",), max_bytes=import_limit())


# ---------------------------------------------------------------- the file


def open_workbook(file):
    """The calamine workbook, or the reason the file is refused (zip bombs before unpacking)."""
    label = UploadForm.base_fields["file"].label
    try:
        check_content(file, ".xlsx", field=label, max_bytes=import_limit())
    except ValidationError as error:
        return None, error.messages[0]
    file.seek(0)
    try:
        return CalamineWorkbook.from_filelike(file), None
    except Exception:  # calamine raises several error types for damaged files
        return None, _("The file is not an Excel workbook (.xlsx); save it as .xlsx and try again.")


def sheet_rows(book, name):
    """The rows of sheet ``name`` (else the first sheet), row 1 of the list being row 1."""
    sheet = name if name in book.sheet_names else book.sheet_names[0]
    return book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)


def numbered_rows(rows):
    """(Excel row number, row) of the rows under the header that hold anything."""
    return [
        (number, row)
        for number, row in enumerate(rows[1:], start=2)
        if not all(is_empty(value) for value in row)
    ]


ALL_OR_NOTHING_NOTE = (
    "全部行通过校验才导入；任何一行有错则一行都不保存，错误按行号和列名列出。",
    "All or nothing: if any row has an error, no row is saved; errors are listed by row and "
    "column.",
)


def file_note(max_rows):
    """The instructions line on the file's limits (both languages, as the template shows them)."""
    megabytes = import_limit() // 2**20
    return (
        f"文件须为 .xlsx，不超过 {megabytes} MB、{max_rows} 行；空行会被跳过。",
        f"The file must be .xlsx, at most {megabytes} MB and {max_rows} rows; empty rows are "
        "skipped.",
    )


@dataclass(frozen=True)
class Column:
    """A column of an import sheet: the form field it fills and its bilingual header."""

    field: str
    zh: str
    en: str
    kind: str = "text"

    @property
    def header(self):
        return f"{self.zh} / {self.en}"


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    # (row as numbered in Excel or None for the whole file, column header, message)
    errors: list = field(default_factory=list)


def dropdown_value(zh, en):
    """A choice as the template's drop-down shows it: both languages unless they are the same."""
    return zh if zh == en else f"{zh} / {en}"


class CodeLookups:
    """Region and industry codes of an upload, read once per file.

    Subclasses fill ``regions`` (code → Region), ``allowed_regions`` (ids the user may write in)
    and ``industries`` (division code → id). Each lookup returns (value, error or None).
    """

    def region(self, code):
        region = self.regions.get(code)
        if region is None:
            return code, _("There is no region with the code %(code)s.") % {"code": code}
        if region.pk not in self.allowed_regions:
            return code, _("%(code)s %(name)s is outside your area.") % {
                "code": code,
                "name": region.name_zh,
            }
        return region.pk, None

    def industry(self, code):
        if code.isdigit() and len(code) == 1:
            code = code.zfill(2)  # "06" typed into a number cell arrives as 6
        pk = self.industries.get(code)
        if pk is None:
            return code, _("There is no industry division (GB/T 4754) with code %(code)s.") % {
                "code": code
            }
        return pk, None


def header_positions(columns, header, required):
    """{field: column index} of a header row (Chinese, English or both per cell), and its errors.

    ``required`` names the fields whose column must be there; errors are on row 1.
    """
    names = {
        normalise(text): column
        for column in columns
        for text in (column.header, column.zh, column.en)
    }
    positions, errors = {}, []
    for index, value in enumerate(header):
        if is_empty(value):
            continue
        column = names.get(normalise(value))
        if column is None:
            errors.append((1, str(value), _("Unknown column: use the headers of the template.")))
        elif column.field in positions:
            errors.append((1, column.header, _("This column appears twice.")))
        else:
            positions[column.field] = index
    for column in columns:
        if column.field not in positions and column.field in required:
            errors.append((1, column.header, _("This required column is missing.")))
    return positions, errors


class Refused(Exception):
    """The whole file is refused; the message says why, for the person who uploaded it."""


def read_sheet(file, name):
    """(header row, numbered data rows) of an uploaded workbook, or ``Refused``."""
    book, refusal = open_workbook(file)
    if refusal:
        raise Refused(refusal)
    try:
        rows = sheet_rows(book, name)
    except Exception as error:  # calamine raises several error types for damaged sheets
        raise Refused(_("The workbook cannot be read; save it again as .xlsx.")) from error
    if not rows:
        raise Refused(_("The sheet is empty."))
    return rows[0], numbered_rows(rows)


def check_row_count(numbered, *, max_rows, no_rows):
    """Refuse a file with no data rows (``no_rows`` says which) or with too many."""
    if not numbered:
        raise Refused(no_rows)
    if len(numbered) > max_rows:
        raise Refused(
            _("The file has %(count)s rows; import at most %(limit)s at a time.")
            % {"count": len(numbered), "limit": max_rows}
        )


# ---------------------------------------------------------------- cells


def normalise(text):
    """A header as compared: full-width brackets and case and spaces do not matter."""
    table = str.maketrans({"（": "(", "）": ")", "／": "/", "’": "'"})
    return "".join(str(text).translate(table).lower().split())


def is_empty(value):
    return value is None or (isinstance(value, str) and not value.strip())


def cell_at(row, position):
    return row[position] if position is not None and position < len(row) else None


def cell_text(value):
    if is_empty(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Excel keeps every number as a float: 210381.0 is "210381"
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def is_number(value):
    return isinstance(value, int | float) and not isinstance(value, bool)


def number_text(value):
    """A numeric cell as exact decimal text, never through binary float arithmetic."""
    amount = Decimal(str(value))
    # A formula's cached result carries float noise (0.30000000000000004); a typed value does not.
    rounded = amount.quantize(Decimal("0.0001"))
    if amount.as_tuple().exponent < -4 and abs(amount - rounded) < Decimal("1e-9"):
        amount = rounded
    return str(amount)


def bilingual_labels(choices):
    """(code, Chinese label, English label) of each choice."""
    with translation.override("zh-hans"):
        zh = {choice.value: str(choice.label) for choice in choices}
    with translation.override("en"):
        return [(choice.value, zh[choice.value], str(choice.label)) for choice in choices]
