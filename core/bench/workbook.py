"""A streaming .xlsx writer for the bench's large files: rows go straight into the zip.

openpyxl keeps every cell as an object (a million-row template would take minutes and gigabytes);
this writes the sheet XML as it goes, strings in a shared-strings table as Excel and WPS do.
"""

import zipfile
from decimal import Decimal
from xml.sax.saxutils import escape

HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
STYLES = (
    f'{HEAD}<styleSheet xmlns="{MAIN}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/>'
    '</font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill>'
    '<patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/>'
    '<top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" '
    'fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="1"><xf numFmtId="0" '
    'fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs></styleSheet>'
)
FLUSH_ROWS = 2000


def column_letter(index):
    """0 → A, 25 → Z, 26 → AA."""
    letters, index = "", index + 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def write_xlsx(path, sheets):
    """Write ``sheets`` [(name, rows)] to ``path``; rows are lists of str, numbers or None."""
    strings = {}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as book:
        for number, (_name, rows) in enumerate(sheets, start=1):
            with book.open(f"xl/worksheets/sheet{number}.xml", "w", force_zip64=True) as part:
                _write_sheet(part, rows, strings)
        book.writestr("xl/sharedStrings.xml", _shared_strings(strings))
        book.writestr("xl/styles.xml", STYLES)
        book.writestr("xl/workbook.xml", _workbook([name for name, _rows in sheets]))
        book.writestr("xl/_rels/workbook.xml.rels", _workbook_rels(len(sheets)))
        book.writestr("_rels/.rels", _package_rels())
        book.writestr("[Content_Types].xml", _content_types(len(sheets)))


def _write_sheet(part, rows, strings):
    part.write(f'{HEAD}<worksheet xmlns="{MAIN}"><sheetData>'.encode())
    letters, chunk = [], []
    for number, row in enumerate(rows, start=1):
        while len(letters) < len(row):
            letters.append(column_letter(len(letters)))
        cells = []
        for letter, value in zip(letters, row, strict=False):
            if value is None or value == "":
                continue
            if isinstance(value, str):
                index = strings.setdefault(value, len(strings))
                cells.append(f'<c r="{letter}{number}" t="s"><v>{index}</v></c>')
            elif isinstance(value, bool):
                cells.append(f'<c r="{letter}{number}" t="b"><v>{int(value)}</v></c>')
            else:
                text = _number(value)
                cells.append(f'<c r="{letter}{number}"><v>{text}</v></c>')
        chunk.append(f'<row r="{number}">{"".join(cells)}</row>')
        if len(chunk) == FLUSH_ROWS:
            part.write("".join(chunk).encode())
            chunk = []
    part.write(("".join(chunk) + "</sheetData></worksheet>").encode())


def _number(value):
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return repr(value) if isinstance(value, float) else str(value)


def _shared_strings(strings):
    items = "".join(f'<si><t xml:space="preserve">{escape(text)}</t></si>' for text in strings)
    count = len(strings)
    return f'{HEAD}<sst xmlns="{MAIN}" count="{count}" uniqueCount="{count}">{items}</sst>'


def _workbook(names):
    sheets = "".join(
        f'<sheet name="{escape(name)}" sheetId="{number}" r:id="rId{number}"/>'
        for number, name in enumerate(names, start=1)
    )
    return f'{HEAD}<workbook xmlns="{MAIN}" xmlns:r="{DOC}"><sheets>{sheets}</sheets></workbook>'


def _workbook_rels(count):
    kinds = f"{DOC}/"
    parts = [
        f'<Relationship Id="rId{n}" Type="{kinds}worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, count + 1)
    ]
    parts.append(
        f'<Relationship Id="rId{count + 1}" Type="{kinds}sharedStrings" '
        'Target="sharedStrings.xml"/>'
    )
    parts.append(f'<Relationship Id="rId{count + 2}" Type="{kinds}styles" Target="styles.xml"/>')
    return f'{HEAD}<Relationships xmlns="{RELS}">{"".join(parts)}</Relationships>'


def _package_rels():
    return (
        f'{HEAD}<Relationships xmlns="{RELS}"><Relationship Id="rId1" '
        f'Type="{DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )


def _content_types(count):
    base = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    sheets = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{SHEET_TYPE}"/>'
        for n in range(1, count + 1)
    )
    return (
        f'{HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{base}.sheet.main+xml"/>{sheets}'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{base}.sharedStrings+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{base}.styles+xml"/></Types>'
    )
