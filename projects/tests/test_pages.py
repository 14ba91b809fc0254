"""Project pages: scoping on list, detail, export, API and attachments; who may write."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from rest_framework.test import APIClient

from core.models import ChangeLog
from projects.models import Attachment, Project
from projects.tests.factories import IndustryFactory, ProjectFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_list_shows_only_projects_in_scope(library, cast, client_for):
    page = client_for(cast.county).get("/projects/").content.decode()
    assert "丰帆储能装备制造项目" in page
    assert "铁东智慧物流园" not in page and "双鸭山" not in page


def test_project_unit_sees_only_its_own_projects(library, cast, client_for):
    client = client_for(cast.unit)
    assert client.get(f"/projects/{library.haicheng.pk}/").status_code == 200
    assert client.get(f"/projects/{library.tiedong.pk}/").status_code == 404


def test_detail_out_of_scope_is_404(library, cast, client_for):
    assert client_for(cast.office).get(f"/projects/{library.jianshan.pk}/").status_code == 404


def test_detail_shows_the_sections(library, cast, client_for):
    page = client_for(cast.office).get(f"/projects/{library.haicheng.pk}/").content.decode()
    for section in ["overview", "five-ones", "lists", "plan", "timeline", "attachments"]:
        assert f'id="{section}"' in page
    assert "history-heading" in page


def test_export_is_scoped_and_filtered(library, cast, client_for):
    response = client_for(cast.office).get("/projects/?export=xlsx&q=丰帆")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == ["丰帆储能装备制造项目"]
    amount_column = rows[0].index("总投资（万元）") if "总投资（万元）" in rows[0] else 5
    assert rows[1][amount_column] == 10000


def test_api_is_scoped(library, cast):
    client = APIClient()
    client.force_login(cast.county)
    names = [row["name"] for row in client.get("/api/v1/projects/").json()["results"]]
    assert names == ["丰帆储能装备制造项目"]
    assert client.get(f"/api/v1/projects/{library.tiedong.pk}/").status_code == 404


def test_api_refuses_writes_from_readers_and_out_of_scope_regions(library, cast):
    client = APIClient()
    client.force_login(cast.leader)
    assert (
        client.patch(f"/api/v1/projects/{library.haicheng.pk}/", {"name": "x"}).status_code == 403
    )
    client.force_login(cast.county)
    data = {
        "name": "新项目",
        "region": "210302",
        "industry": IndustryFactory().code,
        "category": "industrial",
        "nature": "new",
        "source": "private",
        "total_investment": "100.0000",
    }
    response = client.post("/api/v1/projects/", data)
    assert response.status_code == 400 and "region" in response.json()
    response = client.post("/api/v1/projects/", {**data, "region": "210381"})
    assert response.status_code == 201, response.json()
    entry = ChangeLog.objects.for_object(Project.objects.get(pk=response.json()["id"])).get()
    assert entry.actor == cast.county


def test_readers_cannot_open_write_pages(library, cast, client_for):
    client = client_for(cast.leader)
    assert client.get("/projects/new/").status_code == 403
    assert client.get(f"/projects/{library.haicheng.pk}/edit/").status_code == 403
    assert client.post(f"/projects/{library.haicheng.pk}/status/", {}).status_code == 403


def test_create_project_through_the_form(cast, client_for):
    data = {
        "name": "海城菱镁新材料项目",
        "region": cast.regions["haicheng"].pk,
        "industry": IndustryFactory().pk,
        "category": "industrial",
        "nature": "new",
        "source": "private",
        "total_investment": "25000",
    }
    response = client_for(cast.county).post("/projects/new/", data)
    project = Project.objects.get(name="海城菱镁新材料项目")
    assert response.status_code == 302 and response["Location"] == project.get_absolute_url()
    assert ChangeLog.objects.for_object(project).get().actor == cast.county


def test_bad_form_names_the_field_and_saves_nothing(cast, client_for):
    response = client_for(cast.county).post(
        "/projects/new/", {"name": "x", "total_investment": "-5"}
    )
    assert response.status_code == 200
    assert 'id="id_total_investment-error"' in response.content.decode()
    assert not Project.objects.exists()


def test_status_change_through_the_page(library, cast, client_for):
    client = client_for(cast.office)
    url = f"/projects/{library.haicheng.pk}/status/"
    client.post(url, {"to_status": "started", "on": "2024-03-05", "reason": ""}, follow=True)
    library.haicheng.refresh_from_db()
    assert library.haicheng.status == "started"
    response = client.post(url, {"to_status": "at_capacity", "on": "2024-04-01"}, follow=True)
    assert response.status_code == 200
    assert len(list(response.context["messages"])) == 1
    library.haicheng.refresh_from_db()
    assert library.haicheng.status == "started"


def test_attachments_are_checked_and_served_only_in_scope(library, cast, client_for):
    office = client_for(cast.office)
    url = f"/projects/{library.haicheng.pk}/attachments/new/"
    fake = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    assert "file" in office.post(url, {"title": "x", "file": fake}).context["form"].errors
    real = SimpleUploadedFile("report.pdf", PDF, content_type="application/pdf")
    assert office.post(url, {"title": "可研报告", "file": real}).status_code == 302
    attachment = Attachment.objects.get()
    download = f"/projects/{library.haicheng.pk}/attachments/{attachment.pk}/"
    assert b"".join(office.get(download).streaming_content) == PDF
    assert client_for(cast.county2).get(download).status_code == 404
    other = f"/projects/{library.tiedong.pk}/attachments/{attachment.pk}/"
    assert client_for(cast.office).get(other).status_code == 404


def test_plan_from_templates_in_one_click(library, cast, client_for):
    client_for(cast.office).post(f"/projects/{library.haicheng.pk}/milestones/template/")
    names = list(library.haicheng.milestones.values_list("name", flat=True))
    assert "开工建设" in names and "竣工验收" in names
    client_for(cast.office).post(f"/projects/{library.haicheng.pk}/milestones/template/")
    assert library.haicheng.milestones.count() == len(names)


def test_list_page_shows_totals(library, cast, client_for):
    page = client_for(cast.office).get(f"/projects/lists/{library.anshan_list.pk}/")
    assert page.status_code == 200
    assert page.context["object"].annual_plan_total == 10000
    assert page.context["object"].project_count == 2


@pytest.mark.parametrize("url", ["/projects/", "/projects/lists/", "/projects/people/"])
def test_list_queries_do_not_grow(library, cast, client_for, url):
    client = client_for(cast.office)

    def count():
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context)

    before = count()
    for _ in range(15):
        ProjectFactory(region=cast.regions["haicheng"])
    assert count() == before


def test_detail_queries_are_bounded(library, cast, client_for, django_assert_max_num_queries):
    client = client_for(cast.office)
    with django_assert_max_num_queries(20):
        client.get(f"/projects/{library.haicheng.pk}/")
