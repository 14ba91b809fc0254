"""Formula and markup injection: spreadsheets, Word documents and PDFs carry payloads as text."""

import io
import re
import subprocess
import zipfile
import zlib

import pytest
from django.test import Client

from core.excel import FORMULA_STARTS
from core.tests.hostile import SCRIPT, download_urls, fetch

pytestmark = pytest.mark.django_db

XLSX = "spreadsheetml"
DOCX = "wordprocessingml"
# Exports whose rows hold no free text (periods are a year and a month).
NO_TEXT = {"reports:period_list"}
PDF_ACTIONS = re.compile(
    rb"/(JavaScript|JS|Launch|URI|SubmitForm|ImportData|EmbeddedFiles?|OpenAction|AA|RichMedia)\b"
)
DOCX_ACTIVE = re.compile(r"<w:(hyperlink|instrText|object|altChunk)\b|TargetMode=\"External\"")


# Lists of one's own work, empty for the administrator: fetched as the demo user they serve.
OWN_WORK = {"problems:queue": "department", "enterprises:my_enterprises": "commissioner"}


@pytest.fixture(scope="module")
def downloads(hostile_world, django_db_blocker):
    """Every file the site offers, fetched once as the administrator (or whose work it lists)."""
    from accounts.models import User

    def client_for(name):
        client = Client()
        username = OWN_WORK.get(name)
        client.force_login(User.objects.get(username=username) if username else hostile_world.admin)
        return client

    with django_db_blocker.unblock():
        return {name: fetch(client_for(name), url) for name, url in download_urls().items()}


def of_type(downloads, kind):
    found = {name: f for name, f in downloads.items() if kind in f.content_type}
    assert found
    return found


def cells(body):
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(body), read_only=True)
    for sheet in book:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None:
                    yield sheet.title, cell


def test_every_download_answers(downloads):
    failed = {name: f.status for name, f in downloads.items() if f.status != 200}
    assert not failed


def test_no_spreadsheet_holds_a_formula(downloads):
    formulas = {}
    for name, fetched in of_type(downloads, XLSX).items():
        for sheet, cell in cells(fetched.body):
            text = cell.value if isinstance(cell.value, str) else ""
            if cell.data_type == "f" or text.startswith(FORMULA_STARTS):
                formulas.setdefault(name, []).append(f"{sheet}!{cell.coordinate} {text[:30]!r}")
    assert not formulas, "\n".join(f"{k}: {v[:3]} ({len(v)})" for k, v in formulas.items())


def test_spreadsheets_keep_the_payloads_as_text(downloads):
    """Each export with free text has the payloads, neutralised by a leading apostrophe."""
    missing = []
    for name, fetched in of_type(downloads, XLSX).items():
        texts = [c.value for _, c in cells(fetched.body) if isinstance(c.value, str)]
        if not any(t.startswith("'") and "__xss" in t for t in texts) and name not in NO_TEXT:
            missing.append((name, len(texts)))
    assert not missing


def word_text(body):
    from docx import Document

    document = Document(io.BytesIO(body))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_word_documents_show_the_payloads_as_literal_text(downloads):
    for name, fetched in of_type(downloads, DOCX).items():
        assert SCRIPT in word_text(fetched.body), name


def test_word_documents_carry_no_links_fields_or_objects(downloads):
    for name, fetched in of_type(downloads, DOCX).items():
        with zipfile.ZipFile(io.BytesIO(fetched.body)) as archive:
            for part in archive.namelist():
                if not part.endswith((".xml", ".rels")):
                    continue
                xml = archive.read(part).decode()
                assert not DOCX_ACTIVE.search(xml), (name, part)
                # The circular's footer numbers its pages: the one field allowed.
                for field in re.findall(r'<w:fldSimple w:instr="([^"]*)"', xml):
                    assert field.strip() == "PAGE", (name, part)


def pdf_objects(body):
    """The file, then each of its streams inflated: actions may hide in either."""
    yield body
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", body, re.S):
        try:
            yield zlib.decompress(stream)
        except zlib.error:
            continue


def test_pdf_shows_the_payloads_as_text(downloads, tmp_path):
    for name, fetched in of_type(downloads, "application/pdf").items():
        path = tmp_path / "file.pdf"
        path.write_bytes(fetched.body)
        text = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", path, "-"], capture_output=True, check=True
        ).stdout.decode()
        assert "window.__xss=1" in re.sub(r"\s", "", text), name


def test_pdf_carries_no_actions_scripts_or_links(downloads):
    for name, fetched in of_type(downloads, "application/pdf").items():
        assert fetched.body.startswith(b"%PDF")
        for part in pdf_objects(fetched.body):
            assert not PDF_ACTIONS.search(part), name
