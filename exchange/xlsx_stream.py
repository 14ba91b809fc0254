"""One sheet of an uploaded .xlsx read as a stream of rows: memory bounded whatever its length.

calamine (``exchange.xlsx``) reads a whole sheet into memory first: about 800 MB for a million rows
of the monthly-report batch. This reads the sheet's XML from the zip a megabyte at a time and hands
out each row's values as calamine would: floats for numbers, text from the shared strings or
inline, booleans, dates and times for cells with a date format, "" for empty and error cells.

Rows written the usual way (Excel, WPS, openpyxl, LibreOffice: ``<c r="B7" s="1" t="s">``) are read
by one regular expression per row; any other spelling of a row (namespace prefixes, attributes in
another order) is read by a slower general one, with the same result.
"""

import datetime
import html
import posixpath
import re
import zipfile
from xml.etree import ElementTree

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.uploads import check_content, import_limit
from exchange.xlsx import Refused, UploadForm

CHUNK = 1 << 20
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
DOC_RELS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
PACKAGE_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"

# A row (or an empty self-closed row), and the cells of the usual spelling.
ROW = re.compile(rb'<(?:\w+:)?row\b(?:[^>]*?\br="(\d+)")?[^>]*?(?:/>|>(.*?)</(?:\w+:)?row>)', re.S)
ROW_NUMBER = re.compile(rb'\br="(\d+)"')
USUAL_CELL = re.compile(
    rb'<c r="([A-Z]{1,3})\d+"(?: s="(\d+)")?(?: t="(\w+)")?(?: (?![^>]*\b[st]=)[^>]*?)?'
    rb"(?:/>|><v>([^<]*)</v></c>|>(.*?)</c>)",
    re.S,
)
ANY_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
ATTRIBUTE = re.compile(rb'([\w:]+)\s*=\s*"([^"]*)"')
VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")
TEXT = re.compile(rb"<(?:\w+:)?t(?:\s[^>]*)?>([^<]*)</(?:\w+:)?t>")
PHONETIC = re.compile(rb"<(?:\w+:)?rPh\b.*?</(?:\w+:)?rPh>", re.S)
STRING_ITEM = re.compile(
    rb"<si><t(?: [^>]*)?>([^<]*)</t></si>|<(?:\w+:)?si>(.*?)</(?:\w+:)?si>|<(?:\w+:)?si/>", re.S
)
ESCAPED_CHARACTER = re.compile(r"_x([0-9A-Fa-f]{4})_")

# Number formats that show a date or time (ECMA-376 18.8.30; 27–36 and 50–58 are the East Asian
# ones), and the characters that make a custom format one.
DATE_FORMAT_IDS = {*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)}
QUOTED_OR_BRACKETED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')
DATE_CHARACTERS = re.compile(r"[dmyhs]", re.I)
EPOCH_1900 = datetime.datetime(1899, 12, 30)
EPOCH_1904 = datetime.datetime(1904, 1, 1)


def column_index(letters):
    """A → 0, Z → 25, AA → 26."""
    index = 0
    for letter in letters:
        index = index * 26 + letter - 64
    return index - 1


COLUMNS = {}  # column letters (bytes) → index, filled as met


def _column(letters):
    index = COLUMNS.get(letters)
    if index is None:
        index = COLUMNS[letters] = column_index(letters)
    return index


class SheetStream:
    """A sheet of a workbook: ``header`` (row 1) and ``rows()``, read once, in order."""

    def __init__(self, file, name):
        self.archive = _open(file)
        try:
            path, self.date_1904, strings, styles = _parts(self.archive, name)
            self.strings = _shared_strings(self.archive, strings) if strings else []
            # the styles (as written in the cells: b"3") whose cells hold dates or times
            self.dated = _date_styles(self.archive, styles) if styles else set()
            self._rows = self._read(path)
            first = next(self._rows, None)
        except (KeyError, zipfile.BadZipFile, ElementTree.ParseError, ValueError, OSError) as error:
            raise Refused(_unreadable()) from error
        if first is None:
            raise Refused(_("The sheet is empty."))
        self._pending = None
        self.header = []
        if first[0] == 1:
            self.header = first[1]
        else:
            self._pending = first

    def rows(self):
        """(Excel row number, values) of each row after the first that holds anything."""
        if self._pending is not None:
            yield self._pending
        try:
            for number, values in self._rows:
                if _holds_anything(values):
                    yield number, values
        except (zipfile.BadZipFile, ValueError, OSError, IndexError) as error:
            raise Refused(_unreadable()) from error

    def _read(self, path):
        rest, previous = b"", 0
        with self.archive.open(path) as part:
            while True:
                chunk = part.read(CHUNK)
                data = rest + chunk
                used = 0
                for number, content, used in _split_rows(data):  # noqa: B007 (used after)
                    previous = int(number) if number else previous + 1
                    yield previous, self._values(content) if content else []
                rest = data[used:]
                if not chunk:
                    return

    def _values(self, content):
        """The row's values by column, as calamine gives them."""
        cells = USUAL_CELL.findall(content)
        if len(cells) != content.count(b"<c ") or b"<c>" in content or not cells:
            # not the usual spelling (or nothing in the row)
            cells = [_general_cell(*cell) for cell in ANY_CELL.findall(content)]
        strings, dated, columns = self.strings, self.dated, COLUMNS
        values = []
        for letters, style, kind, plain, inner in cells:
            position = columns.get(letters)
            if position is None:
                position = _column(letters) if letters else len(values)
            if not plain:
                value = self._value(style, kind, inner)
            elif kind == b"s":
                value = strings[int(plain)]
            elif not kind and (not style or style not in dated):
                value = float(plain)
            else:
                value = self._value(style, kind, b"<v>" + plain + b"</v>")
            if position == len(values):
                values.append(value)
            elif position > len(values):
                values.extend([""] * (position - len(values)))
                values.append(value)
            else:
                values[position] = value
        return values

    def _value(self, style, kind, inner):
        if inner[:3] == b"<v>" and inner[-4:] == b"</v>":
            raw = inner[3:-4]  # the usual content: a value and no formula
        elif kind == b"inlineStr":
            return _text(inner)
        else:
            found = VALUE.search(inner)
            if found is None:
                return ""
            raw = found[1]
        if kind == b"s":
            return self.strings[int(raw)]
        if not raw:
            return ""  # a formula never calculated
        if kind in (b"", b"n"):
            number = float(raw)
            if style in self.dated:
                return self._date(number)
            return number
        if kind == b"str":
            return _unescape(raw)
        if kind == b"b":
            return raw.strip() == b"1"
        if kind == b"d":
            return datetime.datetime.fromisoformat(raw.decode())
        return ""  # an error such as #N/A reads as empty, as calamine gives it

    def _date(self, serial):
        if 0 <= serial < 1:
            moment = EPOCH_1900 + datetime.timedelta(days=serial)
            return moment.time()
        moment = (EPOCH_1904 if self.date_1904 else EPOCH_1900) + datetime.timedelta(days=serial)
        moment = moment.replace(microsecond=round(moment.microsecond / 1000) * 1000 % 1_000_000)
        return moment.date() if moment.time() == datetime.time() else moment


def _split_rows(data):
    """(row number or None, content, end) of each whole row in ``data``.

    ``bytes.find`` for the usual ``<row …>…</row>``, much faster than a regular expression over
    megabytes; the expression for rows with a namespace prefix (``<x:row>``)."""
    if b"<row" not in data and b":row" in data:
        for match in ROW.finditer(data):
            yield match[1], match[2], match.end()
        return
    position = 0
    while True:
        start = data.find(b"<row", position)
        if start < 0:
            return
        close = data.find(b">", start)
        if close < 0:
            return
        if data[start + 4 : start + 5] not in (b" ", b">", b"/", b"\t", b"\n", b"\r"):
            position = close  # <rowBreaks>, after the rows
            continue
        attributes = data[start + 4 : close]
        if attributes.endswith(b"/"):
            content, end = b"", close + 1
        else:
            stop = data.find(b"</row>", close)
            if stop < 0:
                return
            content, end = data[close + 1 : stop], stop + 6
        found = ROW_NUMBER.search(attributes)
        yield (found[1] if found else None), content, end
        position = end


def _holds_anything(values):
    return any(value.__class__ is not str or value.strip() for value in values)


def _general_cell(attributes, inner):
    """(column letters, style, type, content) of a cell in any spelling."""
    values = {name.split(b":")[-1]: value for name, value in ATTRIBUTE.findall(attributes)}
    reference = values.get(b"r", b"")
    letters = reference.rstrip(b"0123456789")
    return letters, values.get(b"s", b""), values.get(b"t", b""), b"", inner or b""


def _open(file):
    """The zip of an uploaded workbook, after the checks every upload passes (zip bombs…)."""
    try:
        check_content(
            file, ".xlsx", field=UploadForm.base_fields["file"].label, max_bytes=import_limit()
        )
    except ValidationError as error:
        raise Refused(error.messages[0]) from None
    file.seek(0)
    try:
        return zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError):
        raise Refused(
            _("The file is not an Excel workbook (.xlsx); save it as .xlsx and try again.")
        ) from None


def _unreadable():
    return _("The workbook cannot be read; save it again as .xlsx.")


def _unescape(raw):
    text = raw.decode()
    if "&" in text:
        text = html.unescape(text)
    if "_x" in text:
        text = ESCAPED_CHARACTER.sub(lambda found: chr(int(found[1], 16)), text)
    return text


def _text(inner):
    """The text of a shared or inline string: its runs joined, phonetic guides left out."""
    if b"rPh" in inner:
        inner = PHONETIC.sub(b"", inner)
    return "".join(_unescape(part) for part in TEXT.findall(inner))


def _parts(archive, name):
    """(sheet path, 1904 dates, shared strings path, styles path) of sheet ``name``, else the
    first sheet (as ``exchange.xlsx.sheet_rows``)."""
    workbook = _parse(archive, "xl/workbook.xml")
    sheets = workbook.findall(f"{MAIN}sheets/{MAIN}sheet")
    chosen = next((s for s in sheets if s.get("name") == name), sheets[0])
    properties = workbook.find(f"{MAIN}workbookPr")
    date_1904 = properties is not None and properties.get("date1904") in ("1", "true")
    relations = _parse(archive, "xl/_rels/workbook.xml.rels")
    targets = {}
    for relation in relations.findall(f"{PACKAGE_RELS}Relationship"):
        target = relation.get("Target")
        path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        targets[relation.get("Id")] = (relation.get("Type").rsplit("/", 1)[-1], path)
    by_kind = dict(targets.values())
    return (
        targets[chosen.get(DOC_RELS)][1],
        date_1904,
        by_kind.get("sharedStrings"),
        by_kind.get("styles"),
    )


def _parse(archive, path):
    """A small part of the workbook as a tree. No workbook declares a DTD: one that does is
    refused, so no entity is ever expanded (expat also caps expansion)."""
    data = archive.read(path)
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise ValueError("a DTD in a workbook part")
    return ElementTree.fromstring(data)  # noqa: S314 (no DTD, see above)


def _shared_strings(archive, path):
    strings, rest = [], b""
    with archive.open(path) as part:
        while True:
            chunk = part.read(CHUNK)
            data = rest + chunk
            end = 0
            for match in STRING_ITEM.finditer(data):
                end = match.end()
                simple, rich = match.groups()
                if simple is not None:
                    strings.append(
                        _unescape(simple) if b"&" in simple or b"_x" in simple else simple.decode()
                    )
                else:
                    strings.append(_text(rich or b""))
            rest = data[end:]
            if not chunk:
                return strings


def _date_styles(archive, path):
    """Indexes of the cell formats whose number format shows a date or a time."""
    styles = _parse(archive, path)
    custom = {int(f.get("numFmtId")): f.get("formatCode", "") for f in styles.iter(f"{MAIN}numFmt")}
    formats = styles.find(f"{MAIN}cellXfs")
    dated = set()
    for index, xf in enumerate(formats if formats is not None else []):
        number_format = int(xf.get("numFmtId", "0"))
        if number_format in custom:
            if _is_date_format(custom[number_format]):
                dated.add(index)
        elif number_format in DATE_FORMAT_IDS:
            dated.add(index)
    return {str(index).encode() for index in dated}


def _is_date_format(code):
    bare = QUOTED_OR_BRACKETED.sub("", code.split(";")[0])
    return code.lower() != "general" and bool(DATE_CHARACTERS.search(bare))
