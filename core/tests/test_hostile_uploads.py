"""Every upload refuses zip bombs, renamed programs, junk, oversized and truncated files, keeping
nothing; real files still go through."""

import datetime
import io
import random
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from docx import Document
from openpyxl import Workbook
from rest_framework.test import APIClient

from core import uploads
from core.models import ChangeLog
from enterprises.models import Enterprise, EnterpriseYear
from problems.choices import ProblemStatus
from problems.models import Problem
from problems.tests.test_rules import make_bureau, make_problem
from projects.choices import Status
from projects.models import Attachment, Milestone, Project
from projects.services import change_status
from promotion.models import Activity, Contract, Lead
from reports.models import Evidence, MonthlyReport, ReportingPeriod, default_deadline
from reports.services import start_report

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0\0\0\rIHDR" + b"\0" * 17
JPEG = b"\xff\xd8\xff\xe0\0\x10JFIF\0" + b"\0" * 16
ELF = b"\x7fELF\x02\x01\x01\0" + b"\0" * 56
MZ = b"MZ\x90\0\x03\0\0\0" + b"\0" * 56


def workbook():
    book = Workbook()
    book.active.append(["名称", "金额"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def document():
    buffer = io.BytesIO()
    Document().save(buffer)
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English, whatever language an earlier test left active."""
    with translation.override("en"):
        yield


@pytest.fixture(scope="module")
def zip_bomb():
    """A workbook of ~200 KB whose sheet declares 200 MB of zeros (built here, never kept)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            zeros = b"\0" * 2**20
            for _megabyte in range(200):
                sheet.write(zeros)
    assert len(buffer.getvalue()) < 300 * 1024
    return buffer.getvalue()


@dataclass
class Endpoint:
    """One upload: where it is posted, by whom, in which field, and what it would have saved."""

    url: str
    user: str
    field: str
    label: str
    extension: str  # what an honest file of this upload is named
    data: dict
    saved: object  # () -> the number of rows the upload would add
    api: bool = False


@pytest.fixture
def endpoints(cast, library):
    haicheng = library.haicheng
    period = ReportingPeriod.objects.create(year=2024, month=5, deadline=default_deadline(2024, 5))
    haicheng = change_status(haicheng, Status.STARTED, on=datetime.date(2024, 1, 10), actor=None)
    report = start_report(haicheng, period, actor=cast.office)
    problem = make_problem(haicheng, cast.unit, make_bureau(cast))
    resolved = Problem.objects.filter(status=ProblemStatus.RESOLVED).count
    resolution = {"resolution": "已协调解决"}
    kept = {
        "attachment": Endpoint(
            f"/projects/{haicheng.pk}/attachments/new/",
            "office",
            "file",
            "File",
            ".pdf",
            {"title": "可研报告"},
            Attachment.objects.count,
        ),
        "milestone": Endpoint(
            f"/projects/{haicheng.pk}/milestones/new/",
            "office",
            "evidence",
            "Evidence",
            ".pdf",
            {"name": "开工", "due_date": "2024-03-01", "oc4ids_type": "delivery"},
            Milestone.objects.count,
        ),
        "report evidence": Endpoint(
            f"/reports/{report.pk}/evidence/new/",
            "office",
            "file",
            "File",
            ".pdf",
            {"title": "现场照片"},
            Evidence.objects.count,
        ),
        "problem resolution": Endpoint(
            f"/problems/{problem.pk}/resolve/",
            "department",
            "evidence",
            "evidence",
            ".pdf",
            resolution,
            resolved,
        ),
        "problem resolution (API)": Endpoint(
            f"/api/v1/problems/{problem.pk}/resolve/",
            "department",
            "evidence",
            "evidence",
            ".pdf",
            resolution,
            resolved,
            api=True,
        ),
    }
    imports = {
        "project import": ("/exchange/projects/import/", Project.objects.count),
        "report import": ("/exchange/reports/2024-5/import/", MonthlyReport.objects.count),
        "activity import": ("/exchange/promotion/activities/import/", Activity.objects.count),
        "lead import": ("/exchange/promotion/leads/import/", Lead.objects.count),
        "contract import": ("/exchange/promotion/contracts/import/", Contract.objects.count),
        "enterprise import": (
            "/exchange/enterprises/enterprises/import/",
            Enterprise.objects.count,
        ),
        "figures import": ("/exchange/enterprises/figures/import/", EnterpriseYear.objects.count),
    }
    for name, (url, saved) in imports.items():
        kept[name] = Endpoint(url, "office", "file", "Excel file (.xlsx)", ".xlsx", {}, saved)
    return kept


ENDPOINTS = [
    "attachment",
    "milestone",
    "report evidence",
    "problem resolution",
    "problem resolution (API)",
    "project import",
    "report import",
    "activity import",
    "lead import",
    "contract import",
    "enterprise import",
    "figures import",
]


def post(endpoint, cast, upload):
    user = getattr(cast, endpoint.user)
    client = APIClient()
    client.force_login(user)
    data = {**endpoint.data, endpoint.field: upload}
    return client.post(endpoint.url, data, format="multipart", HTTP_ACCEPT_LANGUAGE="en")


def refusal(endpoint, response):
    """The messages the upload was refused with, however the endpoint shows them."""
    if endpoint.api:
        assert response.status_code == 400
        return " ".join(response.json()[endpoint.field])
    if response.status_code == 302:  # the problem page: refusals become messages
        return " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert response.status_code == 200
    return " ".join(response.context["form"].errors[endpoint.field])


def media_files():
    return [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


def assert_refused(endpoint, cast, upload, *words):
    rows, changes = endpoint.saved(), ChangeLog.objects.count()
    message = refusal(endpoint, post(endpoint, cast, upload))
    assert message.startswith(f"{endpoint.label}: "), message
    assert not message.startswith(f"{endpoint.label}: {endpoint.label}"), message
    for word in words:
        assert word in message
    assert (endpoint.saved(), ChangeLog.objects.count()) == (rows, changes)
    assert media_files() == []


@pytest.mark.parametrize("name", ENDPOINTS)
def test_a_zip_bomb_posing_as_xlsx_is_refused(name, endpoints, cast, zip_bomb):
    upload = SimpleUploadedFile("plan.xlsx", zip_bomb)
    assert_refused(endpoints[name], cast, upload, "zip bomb")


@pytest.mark.parametrize("name", ENDPOINTS)
@pytest.mark.parametrize("program", [ELF, MZ, b"#!/bin/sh\nrm -rf /\n"])
def test_a_program_renamed_pdf_is_refused(name, program, endpoints, cast):
    endpoint = endpoints[name]
    upload = SimpleUploadedFile("report.pdf", program)
    words = ["program"] if endpoint.extension == ".pdf" else ["XLSX"]
    assert_refused(endpoint, cast, upload, *words)


@pytest.mark.parametrize("name", ENDPOINTS)
def test_a_program_renamed_like_the_upload_is_refused(name, endpoints, cast):
    endpoint = endpoints[name]
    upload = SimpleUploadedFile(f"setup{endpoint.extension}", MZ)
    assert_refused(endpoint, cast, upload, "program")


@pytest.mark.parametrize("name", ENDPOINTS)
def test_random_bytes_named_xlsx_are_refused(name, endpoints, cast):
    junk = random.Random(9).randbytes(4096)
    assert_refused(endpoints[name], cast, SimpleUploadedFile("data.xlsx", junk), "Excel")


@pytest.mark.parametrize("name", ENDPOINTS)
def test_a_truncated_xlsx_is_refused(name, endpoints, cast):
    whole = workbook()
    upload = SimpleUploadedFile("data.xlsx", whole[: len(whole) // 2])
    assert_refused(endpoints[name], cast, upload, "damaged")


@pytest.mark.parametrize("name", ENDPOINTS)
def test_an_oversized_file_is_refused_naming_the_limit(name, endpoints, cast, settings):
    settings.UPLOAD_MAX_MB = settings.IMPORT_MAX_MB = 1
    endpoint = endpoints[name]
    # 3 MB: past Django's in-memory threshold, so it streams through CappedUploadHandler.
    big = SimpleUploadedFile(f"big{endpoint.extension}", b"PK\x03\x04%PDF-" + b"\0" * 3 * 2**20)
    assert_refused(endpoint, cast, big, "3.0 MB", "limit of 1 MB")


KEPT = ["attachment", "milestone", "report evidence", "problem resolution"]


@pytest.mark.parametrize("name", KEPT)
@pytest.mark.parametrize(
    "filename, content",
    [
        ("scan.pdf", PDF),
        ("site.png", PNG),
        ("site.jpg", JPEG),
        ("plan.xlsx", workbook()),
        ("minutes.docx", document()),
    ],
)
def test_real_files_are_kept(name, filename, content, endpoints, cast):
    endpoint = endpoints[name]
    rows = endpoint.saved()
    response = post(endpoint, cast, SimpleUploadedFile(filename, content))
    assert response.status_code == 302
    assert endpoint.saved() == rows + 1
    [kept] = media_files()
    assert kept.read_bytes() == content


def test_the_api_keeps_a_real_evidence_file(endpoints, cast):
    endpoint = endpoints["problem resolution (API)"]
    response = post(endpoint, cast, SimpleUploadedFile("scan.pdf", PDF))
    assert response.status_code == 200
    assert response.json()["has_evidence"] is True


def test_a_real_workbook_passes_the_import_form(endpoints, cast):
    response = post(endpoints["project import"], cast, SimpleUploadedFile("p.xlsx", workbook()))
    assert response.status_code == 200
    assert not response.context["form"].errors  # refused by its rows, not as a file
    assert response.context["errors"]


def test_a_word_document_renamed_xlsx_is_refused():
    upload = SimpleUploadedFile("plan.xlsx", document())
    with pytest.raises(uploads.ValidationError, match="Excel workbook"):
        uploads.check_upload(upload, field="file")


def test_a_zip_whose_directory_lies_about_sizes_is_refused():
    """The central directory says 1,000 bytes; the sheet inflates to 5 MB: refused unread."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 5 * 2**20)
    content = bytearray(buffer.getvalue())
    name = b"xl/worksheets/sheet1.xml"
    central = content.rindex(name) - 46  # the name follows the 46 bytes of its directory entry
    assert content[central : central + 4] == b"PK\x01\x02"
    content[central + 24 : central + 28] = (1000).to_bytes(4, "little")
    assert zipfile.ZipFile(io.BytesIO(content)).getinfo(name.decode()).file_size == 1000
    with pytest.raises(uploads.ValidationError, match="damaged"):
        uploads.check_upload(SimpleUploadedFile("plan.xlsx", bytes(content)), field="file")


def test_a_large_honest_workbook_passes_the_inflation_check():
    text = random.Random(3).choices(["<c><v>1</v></c>", "<row>", "</row>", "鞍山"], k=400_000)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", "".join(text))
        archive.writestr("xl/media/blank.bin", b"\0" * 1_000_000)  # long matches, under the floor
    upload = SimpleUploadedFile("plan.xlsx", buffer.getvalue())
    assert uploads.check_upload(upload, field="file") is upload
    assert upload.read(4) == b"PK\x03\x04"  # rewound for whoever reads it next


def test_a_zip_of_too_many_parts_is_refused(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_ZIP_ENTRIES", 3)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for index in range(4):
            archive.writestr(f"xl/part{index}.xml", "<x/>")
    upload = SimpleUploadedFile("plan.xlsx", buffer.getvalue())
    with pytest.raises(uploads.ValidationError, match="more than 3 parts"):
        uploads.check_upload(upload, field="file")


def test_the_upload_handler_writes_no_more_than_the_limit(settings):
    settings.UPLOAD_MAX_MB = settings.IMPORT_MAX_MB = 1
    handler = uploads.CappedUploadHandler()
    handler.new_file("file", "big.pdf", "application/pdf", 5 * 2**20)
    for start in range(0, 5 * 2**20, 2**16):
        handler.receive_data_chunk(b"\0" * 2**16, start)
    upload = handler.file_complete(5 * 2**20)
    assert upload.size == 5 * 2**20  # the form refuses it by its real size
    assert len(upload.read()) == 2**20 + 1
