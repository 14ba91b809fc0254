"""The shared list machinery: scoping, filters, Excel export, constant queries."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from accounts.choices import Role
from core.tests.factories import UserFactory


def export(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_export_has_exactly_the_filtered_rows(cast, client_for):
    client = client_for(cast.office)
    rows = export(client, "/accounts/users/?role=county_office&export=xlsx")
    usernames = sorted(row[0] for row in rows[1:])
    assert usernames == ["county", "county2"]


def test_export_ignores_pagination(cast, client_for):
    for n in range(60):
        UserFactory(username=f"bulk{n:02}", role=Role.PROJECT_UNIT, region=cast.office.region)
    rows = export(client_for(cast.office), "/accounts/users/?q=bulk&page=2&export=xlsx")
    assert len(rows) == 61


def test_export_neutralises_formula_cells(cast, client_for):
    for n, payload in enumerate(["=1+1", "+SUM(A1)", "-2+3", "@cmd", '=HYPERLINK("x")']):
        UserFactory(
            username=f"evil{n}",
            organisation=payload,
            role=Role.PROJECT_UNIT,
            region=cast.office.region,
        )
    rows = export(client_for(cast.office), "/accounts/users/?q=evil&export=xlsx")
    organisations = {row[5] for row in rows[1:]}
    assert organisations == {"'=1+1", "'+SUM(A1)", "'-2+3", "'@cmd", '\'=HYPERLINK("x")'}


def test_export_is_scoped(cast, client_for):
    rows = export(client_for(cast.county), "/accounts/users/?export=xlsx")
    assert sorted(row[0] for row in rows[1:]) == ["county", "unit"]


def test_out_of_scope_detail_is_404(cast, client_for):
    assert client_for(cast.county).get("/accounts/users/county2/").status_code == 404
    assert client_for(cast.county).get("/regions/210302/").status_code == 404
    assert client_for(cast.county).get("/regions/210381/").status_code == 200


def test_roles_without_user_management_get_403(cast, client_for):
    assert client_for(cast.leader).get("/accounts/users/").status_code == 403


def test_lists_need_login(client, db):
    response = client.get("/regions/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_search_and_filters_apply(cast, client_for):
    page = client_for(cast.administrator).get("/regions/?q=Haicheng")
    assert "210381" in page.content.decode()
    assert "210302" not in page.content.decode()


def test_hostile_filter_values_are_harmless(cast, client_for):
    client = client_for(cast.office)
    for value in ["' OR 1=1 --", "210300'; DROP TABLE core_region; --", "%", "_"]:
        assert client.get("/regions/", {"q": value, "within": value[:6]}).status_code == 200
    assert client.get("/regions/", {"level": "nonsense"}).status_code == 200


def test_empty_state_says_what_to_do(cast, client_for):
    page = client_for(cast.office).get("/regions/?q=nothing-like-this")
    assert 'class="empty-state' in page.content.decode()
    assert "?q=" not in page.content.decode().split("empty-state")[1][:300]


@pytest.mark.parametrize("url", ["/accounts/users/", "/regions/", "/changes/"])
def test_list_queries_do_not_grow_with_rows(cast, client_for, url):
    client = client_for(cast.administrator)

    def count_queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context)

    few = count_queries()
    for n in range(30):
        UserFactory(username=f"more{n:02}", role=Role.PROJECT_UNIT, region=cast.regions["haicheng"])
    assert count_queries() == few
