"""Dashboard pages and API: scoping, drill-downs that match their figures, exports, query counts."""

import datetime
import io
from urllib.parse import parse_qs, urlparse

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from rest_framework.test import APIClient

from dashboards.tests.data import MONTH, YEAR, add_projects, make_city

PERIOD = {"year": YEAR, "month": MONTH}
PAGES = ["/dashboard/", "/dashboard/projects/", "/dashboard/rankings/", "/dashboard/forecast/"]


@pytest.fixture
def city(cast):
    return make_city(cast)


def api(user, **params):
    client = APIClient()
    client.force_login(user)
    return client.get("/api/v1/dashboard/", params)


def rows_of(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    return list(sheet.iter_rows(values_only=True))


@pytest.mark.parametrize("page", PAGES + ["/dashboard/push/"])
@pytest.mark.parametrize("who", ["office", "county"])
def test_pages_render_for_office_and_county(city, cast, client_for, page, who):
    response = client_for(getattr(cast, who)).get(page, PERIOD)
    assert response.status_code == 200


def test_dashboard_defaults_to_the_latest_period(city, cast, client_for):
    response = client_for(cast.office).get("/dashboard/")
    assert response.context["year"] == YEAR and response.context["month"] == MONTH
    assert response.context["projects"] == 3


def test_dashboard_shows_the_figures_and_charts(city, cast, client_for):
    page = client_for(cast.office).get("/dashboard/", PERIOD).content.decode()
    for chart in ["chart-cumulative", "chart-counties", "chart-categories", "chart-warnings"]:
        assert f'id="{chart}"' in page
    assert 'data-figure="colour-red"' in page
    assert "<script>" not in page  # charts come from json_script data, drawn by groundbreak.js


def test_every_figure_links_to_a_drill_down_with_the_filters(city, cast, client_for):
    response = client_for(cast.office).get("/dashboard/", PERIOD)
    figures = response.context
    links = [item["url"] for key in ("statuses", "bands", "colours") for item in figures[key]]
    links += list(figures["links"].values())
    charts = figures["charts"]
    links += [point["url"] for point in charts["cumulative"]["series"][0]["data"]]
    links += [point["url"] for point in charts["counties"]["series"][0]["data"]]
    links += [point["url"] for point in charts["categories"]["series"][0]["data"]]
    links += [item["url"] for item in charts["warnings"]["items"]]
    for link in links:
        url = urlparse(link)
        assert url.path == "/dashboard/projects/"
        assert parse_qs(url.query)["year"] == [str(YEAR)]
    client = client_for(cast.office)
    assert all(client.get(link).status_code == 200 for link in links)


def test_county_officer_counts_only_their_county(city, cast):
    office, county = api(cast.office, **PERIOD).json(), api(cast.county, **PERIOD).json()
    assert (office["projects"], office["annual_plan"]) == (3, "12000.0000")
    assert (county["projects"], county["annual_plan"]) == (2, "7000.0000")
    assert office["ytd_completed"] == "3600.0000" and county["ytd_completed"] == "3000.0000"
    assert office["warnings"] == {"red": 2, "yellow": 0, "green": 1}
    assert county["warnings"] == {"red": 1, "yellow": 0, "green": 1}


def test_county_officer_dashboard_page_counts_only_their_county(city, cast, client_for):
    context = client_for(cast.county).get("/dashboard/", PERIOD).context
    assert context["projects"] == 2 and str(context["plan"]) == "7000.0000"
    assert context["charts"]["counties"]["labels"] == ["海城市"]


def test_county_officer_cannot_choose_another_county(city, cast):
    assert api(cast.county, region="210302", **PERIOD).status_code == 400


def test_region_filter_narrows_to_the_subtree(city, cast):
    assert api(cast.office, region="210302", **PERIOD).json()["projects"] == 1
    assert api(cast.office, region="210300", **PERIOD).json()["projects"] == 3


def test_list_filter_takes_that_lists_plan(city, cast):
    data = api(cast.administrator, list=city.anshan_list.pk, **PERIOD).json()
    assert (data["projects"], data["annual_plan"]) == (3, "12000.0000")
    everything = api(cast.administrator, **PERIOD).json()
    assert (everything["projects"], everything["annual_plan"]) == (4, "20000.0000")


def test_red_drill_down_matches_the_red_figure(city, cast, client_for):
    red = api(cast.office, **PERIOD).json()["warnings"]["red"]
    response = client_for(cast.office).get(
        "/dashboard/projects/",
        {"figure": "colour", "value": "red", **PERIOD},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    rows = response.context["table"].data.data
    assert len(rows) == red == 2
    assert {row["name"] for row in rows} == {city.red.name, city.not_started.name}
    assert all(row["colour"] == "red" and row["reasons"] for row in rows)
    assert "planned to start on 2024-03-01 and not started" in response.content.decode()


def test_drill_down_export_has_exactly_those_rows(city, cast, client_for):
    response = client_for(cast.office).get(
        "/dashboard/projects/", {"figure": "colour", "value": "red", "export": "xlsx", **PERIOD}
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = rows_of(response)
    assert len(rows) == 1 + 2
    assert {row[0] for row in rows[1:]} == {city.red.name, city.not_started.name}
    plan_column = 3
    assert sorted(row[plan_column] for row in rows[1:]) == [2000, 5000]


def test_drill_down_is_scoped(city, cast, client_for):
    response = client_for(cast.county).get("/dashboard/projects/", {"figure": "all", **PERIOD})
    names = {row["name"] for row in response.context["table"].data.data}
    assert names == {city.green.name, city.not_started.name}


def test_unknown_figure_is_404(city, cast, client_for):
    client = client_for(cast.office)
    assert client.get("/dashboard/projects/", {"figure": "nonsense"}).status_code == 404
    assert client.get("/dashboard/projects/", {"figure": "band", "value": "x"}).status_code == 404


def test_push_list_has_the_red_projects(city, cast, client_for):
    response = client_for(cast.office).get("/dashboard/push/", PERIOD)
    names = {row["name"] for row in response.context["table"].data.data}
    assert names == {city.red.name, city.not_started.name}


def test_rankings_link_each_county_and_export(city, cast, client_for):
    client = client_for(cast.office)
    response = client.get("/dashboard/rankings/", PERIOD)
    counties = response.context["county_table"].data.data
    assert [row["label"] for row in counties] == ["海城市", "铁东区"]
    assert all("figure=county" in row["url"] for row in counties)
    rows = rows_of(client.get("/dashboard/rankings/", {"export": "counties", **PERIOD}))
    assert [row[1] for row in rows[1:]] == ["海城市", "铁东区"]
    assert len(rows_of(client.get("/dashboard/rankings/", {"export": "leaders", **PERIOD}))) == 2


def test_forecast_lists_the_projects_that_miss_their_plan(city, cast, client_for):
    client = client_for(cast.office)
    response = client.get("/dashboard/forecast/", PERIOD)
    names = {row["name"] for row in response.context["table"].data.data}
    assert names == {city.red.name, city.not_started.name}
    assert "last year" in response.content.decode() or "上年" in response.content.decode()
    rows = rows_of(client.get("/dashboard/forecast/", {"export": "xlsx", **PERIOD}))
    assert {row[0] for row in rows[1:]} == names


def test_api_keys_and_types(city, cast):
    data = api(cast.office, **PERIOD).json()
    for key in ("annual_plan", "ytd_completed"):
        assert isinstance(data[key], str) and data[key].count(".") == 1
    for key in ("completion_rate", "time_progress", "ahead_points", "start_rate"):
        assert isinstance(data[key], float)
    assert data["start_resume_rate"] == pytest.approx(66.67)
    assert data["yoy_growth"] is None  # no reports in 2023
    assert isinstance(data["double_over_half"], bool)
    assert isinstance(data["projects"], int)
    assert set(data["by_status"]) >= {"reserve", "started"}
    assert set(data["warnings"]) == {"red", "yellow", "green"}
    assert (data["completion_rate"], data["time_progress"]) == (30.0, 50.0)
    assert data["ahead_points"] == -20.0


def test_api_is_in_the_openapi_schema(cast, client_for):
    schema = client_for(cast.office).get("/api/v1/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/dashboard/"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"year", "month", "region", "list"}
    assert "200" in operation["responses"]


def test_anonymous_is_refused(city, client):
    assert client.get("/dashboard/").status_code == 302
    assert client.get(f"/dashboard/projects/{city.green.pk}/colours/").status_code == 302
    assert APIClient().get("/api/v1/dashboard/").status_code in (401, 403)


def test_colour_history_in_scope(city, cast, client_for):
    response = client_for(cast.county).get(
        f"/dashboard/projects/{city.not_started.pk}/colours/",
        {"year": YEAR},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    months = response.context["months"]
    assert [m["fact"].colour for m in months[:MONTH]] == ["green"] * 2 + ["red"] * 4
    assert all(m["fact"] is None for m in months[MONTH:])
    assert "planned to start on 2024-03-01" in response.content.decode()


def test_colour_history_out_of_scope_is_404(city, cast, client_for):
    client = client_for(cast.county)
    assert client.get(f"/dashboard/projects/{city.red.pk}/colours/").status_code == 404
    assert client.get(f"/dashboard/projects/{city.other_city.pk}/colours/").status_code == 404


def test_project_page_loads_the_colour_history(city, cast, client_for):
    page = client_for(cast.office).get(f"/projects/{city.green.pk}/").content.decode()
    assert 'id="warnings"' in page and f"/dashboard/projects/{city.green.pk}/colours/" in page


def _count(client, url, params):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url, params).status_code == 200
    return len(context)


@pytest.mark.parametrize("url", ["/dashboard/", "/api/v1/dashboard/"])
def test_queries_do_not_grow_with_projects(city, cast, url):
    client = APIClient()
    client.force_login(cast.office)
    _count(client, url, PERIOD)  # warm up: the warning rules are created on first use
    before = _count(client, url, PERIOD)
    add_projects(cast, city.anshan_list)
    _count(client, url, PERIOD)  # the API computes the new projects' rollups on first use
    assert _count(client, url, PERIOD) == before
    assert api(cast.office, **PERIOD).json()["projects"] == 23


@pytest.mark.parametrize("url", PAGES[1:] + ["/dashboard/push/"])
def test_other_pages_queries_do_not_grow_with_projects(city, cast, client_for, url):
    client = client_for(cast.office)
    _count(client, url, PERIOD)
    before = _count(client, url, PERIOD)
    add_projects(cast, city.anshan_list)
    _count(client, url, PERIOD)  # the API computes the new projects' rollups on first use
    assert _count(client, url, PERIOD) == before


def test_invalid_filters_are_400_in_the_api_and_errors_on_the_page(city, cast, client_for):
    assert api(cast.office, year="abc").status_code == 400
    assert set(api(cast.office, year=YEAR, month=13).json()) == {"month"}
    response = client_for(cast.office).get("/dashboard/", {"year": YEAR, "month": 13})
    assert response.status_code == 200 and "projects" not in response.context


def test_dashboard_shows_problem_solving_with_links(city, cast, client_for):
    from problems.models import Department
    from problems.services import raise_problem

    department = Department.objects.create(name="海城市供电公司", region=cast.regions["haicheng"])
    raise_problem(
        city.red, actor=cast.office, category="power", description="电力增容", department=department
    )
    response = client_for(cast.office).get("/dashboard/", PERIOD)
    problems = response.context["problems"]
    assert problems["open"] == 1 and problems["categories"][0]["count"] == 1
    listed = client_for(cast.office).get(problems["categories"][0]["url"])
    assert listed.context["table"].paginator.count == 1
    other = client_for(cast.other_city).get("/dashboard/", PERIOD).context["problems"]
    assert other["open"] == 0


def test_chain_filter_keeps_the_projects_of_the_chain(city, cast):
    from promotion.models import Chain, Contract

    chain = Chain.objects.create(name="菱镁产业链", region=cast.regions["anshan"])
    Contract.objects.create(
        name=city.red.name,
        signed_on=datetime.date(2023, 12, 1),
        contracted_investment=city.red.total_investment,
        counterparty="某投资方",
        region=city.red.region,
        chain=chain,
        project=city.red,
    )
    data = api(cast.office, chain=chain.pk, **PERIOD).json()
    assert data["projects"] == 1
    assert api(cast.office, **PERIOD).json()["projects"] > 1
