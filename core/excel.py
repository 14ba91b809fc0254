"""Excel export of any table: exactly its rows, numbers as numbers, formulas neutralised."""

import datetime
import io
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A cell starting with one of these is read as a formula by Excel, WPS or LibreOffice.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A value openpyxl can write and no spreadsheet will execute."""
    if value is None or isinstance(value, bool | int | Decimal | float | datetime.date):
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            return timezone.localtime(value).replace(tzinfo=None)
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def safe_row(values):
    """A row of values through ``safe_cell``."""
    return [safe_cell(value) for value in values]


def workbook_bytes(title, header, rows):
    """One sheet: a bold header row, then the rows."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    bold = []
    for label in header:
        cell = WriteOnlyCell(sheet, value=safe_cell(label))
        cell.font = Font(bold=True)
        bold.append(cell)
    sheet.append(bold)
    for row in rows:
        sheet.append(safe_row(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_response(content, filename):
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def table_rows(table):
    """Header and rows of a django-tables2 table, without its non-data columns."""
    values = table.as_values(exclude_columns=getattr(table, "exclude_from_export", ()))
    header = next(values)
    return [str(label) for label in header], values


def export_table(table, name):
    header, rows = table_rows(table)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return xlsx_response(workbook_bytes(name, header, rows), f"{name}-{stamp}.xlsx")
