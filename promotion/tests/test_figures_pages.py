"""The promotion figures in the dashboard API, on the dashboard and on /promotion/figures/.

The data is the pipeline of test_figures.py (its docstring has every row); the arithmetic of each
expected value is written there and repeated briefly here.
"""

import datetime
from decimal import Decimal
from urllib.parse import parse_qs, urlparse

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from promotion.choices import Stage
from promotion.tests.test_figures import activity, contract, funds, lead, make_pipeline, started

D = datetime.date
H1 = {"year": 2024, "month": 6}
PAGE = "/promotion/figures/"
FIRST_HALF = {"from": "2024-01-01", "to": "2024-06-30"}


@pytest.fixture
def pipeline(cast):
    return make_pipeline(cast)


def api(user, **params):
    client = APIClient()
    client.force_login(user)
    return client.get("/api/v1/dashboard/", params)


def add_rows(cast, pipeline, count=15):
    """More Haicheng activities, leads, contracts and funds in May 2024."""
    haicheng = cast.regions["haicheng"]
    for day in range(1, count + 1):
        on = D(2024, 5, day)
        activity(haicheng, on, pipeline.steel_group)
        source = lead(haicheng, on, pipeline.steel, steps=[(on, Stage.ASSESSMENT)])
        made = contract(haicheng, on, 100, source=source, project=started(haicheng, on))
        funds(made, (on, "10"))


def _count(client, url, params):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url, params).status_code == 200
    return len(context)


# ---------------------------------------------------------------- the dashboard API


def test_api_has_the_promotion_figures_of_january_to_month_m(pipeline, cast):
    promotion = api(cast.office, **H1).json()["promotion"]
    assert promotion == {
        "from": "2024-01-01",
        "to": "2024-06-30",
        "activities": 3,  # A1, A2, A3
        "leads": 5,  # L1 … L5
        "contracts": {"count": 5, "value": "30000.0000"},  # C1 … C5
        "landing_rate": 80.0,  # C1, C3, C4, C5 of 5
        "start_rate": 60.0,  # C1, C3, C5 of 5
        "funds_arrived": "11100.0000",
        "funds_arrival_rate": 37.0,  # 11100 ÷ 30000
        "median_days_to_start": 61.0,  # [30, 61, 71]
        "funnel": [
            {"stage": "lead", "count": 5},
            {"stage": "assessment", "count": 4},
            {"stage": "negotiation", "count": 3},
            {"stage": "signed", "count": 2},
            {"stage": "registered", "count": 1},
            {"stage": "started", "count": 1},
        ],
    }


def test_api_promotion_follows_month_m(pipeline, cast):
    promotion = api(cast.office, year=2024, month=3).json()["promotion"]
    # Q1: C3, C1, C2 = 20000; only C3 started by 03-31; funds 4000 + 2000 = 6000 → 30 %
    assert promotion["contracts"] == {"count": 3, "value": "20000.0000"}
    assert promotion["landing_rate"] == promotion["start_rate"] == 33.33
    assert promotion["funds_arrival_rate"] == 30.0
    assert promotion["median_days_to_start"] == 30.0


def test_api_promotion_follows_the_region_filter(pipeline, cast):
    promotion = api(cast.office, region="210302", **H1).json()["promotion"]
    # Tiedong: A2; L2, L4; C2 6000 + C4 2500; landed C4 only; nothing started by 06-30
    assert (promotion["activities"], promotion["leads"]) == (1, 2)
    assert promotion["contracts"] == {"count": 2, "value": "8500.0000"}
    assert (promotion["landing_rate"], promotion["start_rate"]) == (50.0, 0.0)
    assert promotion["median_days_to_start"] is None


def test_api_promotion_is_scoped(pipeline, cast):
    county = api(cast.county, **H1).json()["promotion"]
    # Haicheng: A1; L1, L3, L5; C1, C3, C5 = 21500; funds 10500 → 48.84 %
    assert (county["activities"], county["leads"]) == (1, 3)
    assert county["contracts"] == {"count": 3, "value": "21500.0000"}
    assert county["funds_arrival_rate"] == 48.84
    other = api(cast.other_city, **H1).json()["promotion"]
    assert other["contracts"] == {"count": 1, "value": "50000.0000"}  # C7 only


def test_api_promotion_without_rows_has_null_rates(cast):
    promotion = api(cast.office, **H1).json()["promotion"]
    assert promotion["contracts"] == {"count": 0, "value": "0.0000"}
    for key in ("landing_rate", "start_rate", "funds_arrival_rate", "median_days_to_start"):
        assert promotion[key] is None


def test_api_promotion_is_in_the_openapi_schema(cast, client_for):
    schema = client_for(cast.office).get("/api/v1/schema/", {"format": "json"}).json()
    components = schema["components"]["schemas"]
    assert "promotion" in components["Headline"]["properties"]
    assert {"from", "to", "contracts", "landing_rate", "median_days_to_start"} <= set(
        components["Promotion"]["properties"]
    )


# ---------------------------------------------------------------- the dashboard page


def test_dashboard_shows_the_promotion_cards_and_funnel(pipeline, cast, client_for):
    response = client_for(cast.office).get("/dashboard/", H1)
    promotion = response.context["promotion"]
    result = promotion["figures"]
    assert (result.activities, result.leads, result.signed.count) == (3, 5, 5)
    assert result.signed.value == Decimal("30000")
    link = urlparse(promotion["url"])
    assert link.path == PAGE
    assert parse_qs(link.query) == {"from": ["2024-01-01"], "to": ["2024-06-30"]}
    assert [item["value"] for item in promotion["funnel"]["items"]] == [5, 4, 3, 2, 1, 1]
    assert [item["share"] for item in promotion["funnel"]["items"]][1:] == [
        "80.0",
        "75.0",
        "66.7",
        "50.0",
        "100.0",
    ]
    page = response.content.decode()
    assert 'data-chart="funnel"' in page and 'id="chart-funnel"' in page
    assert 'data-figure="promotion-landing-rate"' in page
    assert "80.0%" in page and "37.0%" in page
    assert "<script>" not in page  # the funnel comes from json_script data too


def test_dashboard_promotion_link_keeps_the_region(pipeline, cast, client_for):
    response = client_for(cast.office).get("/dashboard/", {"region": "210302", **H1})
    link = urlparse(response.context["promotion"]["url"])
    assert parse_qs(link.query)["region"] == ["210302"]
    assert response.context["promotion"]["figures"].signed.count == 2
    followed = client_for(cast.office).get(response.context["promotion"]["url"])
    assert followed.context["figures"].signed.count == 2


@pytest.mark.parametrize("url", ["/dashboard/", "/api/v1/dashboard/"])
def test_dashboard_queries_do_not_grow_with_promotion_rows(pipeline, cast, url):
    client = APIClient()
    client.force_login(cast.office)
    _count(client, url, H1)  # warm up: rules are created on first use
    before = _count(client, url, H1)
    add_rows(cast, pipeline)
    assert _count(client, url, H1) == before
    assert api(cast.office, **H1).json()["promotion"]["contracts"]["count"] == 20


# ---------------------------------------------------------------- /promotion/figures/


def test_page_shows_the_figures_of_a_period(pipeline, cast, client_for):
    response = client_for(cast.office).get(PAGE, FIRST_HALF)
    assert response.status_code == 200
    result = response.context["figures"]
    assert (result.activities, result.leads) == (3, 5)
    assert (result.signed.count, result.signed.value) == (5, Decimal("30000"))
    assert (result.landing_rate, result.start_rate) == (80, 60)
    assert (result.funds_arrival_rate, result.median_days_to_start) == (37, 61)
    rows = response.context["contracts"]
    # signed in order: C3 01-20, C1 03-01, C2 03-20, C5 04-10, C4 06-30
    assert [row["value"] for row in rows] == [
        Decimal(v) for v in ("4000", "10000", "6000", "7500", "2500")
    ]
    assert [row["days"] for row in rows] == [30, 61, None, 71, None]
    assert [row["landed"] for row in rows] == [True, True, False, True, True]
    assert [row["arrived"] for row in rows] == [
        Decimal(v) for v in ("4000", "5000", "600", "1500", "0")
    ]
    page = response.content.decode()
    assert 'id="chart-funnel"' in page and 'data-chart="funnel"' in page
    assert 'data-stage="negotiation"' in page
    assert "<script>" not in page


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        # group steel: A1, A3; L1, L3, L5; C1, C3, C5 = 21500
        ({"group": "steel"}, (2, 3, 3, Decimal("21500"))),
        # chain magnesite: A2; L2, L4; C2 (through its lead), C4 = 8500
        ({"chain": "magnesite"}, (1, 2, 2, Decimal("8500"))),
        # target Beijing–Tianjin–Hebei: A1; L1, L3; C1 = 10000
        ({"target_region": "bth"}, (1, 2, 1, Decimal("10000"))),
        # Tiedong: A2; L2, L4; C2, C4 = 8500
        ({"region": "210302"}, (1, 2, 2, Decimal("8500"))),
        # Q1: A1, A2; L1, L2, L3; C3, C1, C2 = 20000
        ({"to": "2024-03-31"}, (2, 3, 3, Decimal("20000"))),
    ],
)
def test_page_filters(pipeline, cast, client_for, params, expected):
    ids = {"steel": pipeline.steel_group.pk, "magnesite": pipeline.magnesite.pk}
    params = {key: ids.get(value, value) for key, value in params.items()}
    response = client_for(cast.office).get(PAGE, {**FIRST_HALF, **params})
    result = response.context["figures"]
    assert (result.activities, result.leads, result.signed.count, result.signed.value) == expected


def test_page_funnel_table(pipeline, cast, client_for):
    response = client_for(cast.office).get(PAGE, {"from": "2024-01-01", "to": "2024-03-31"})
    # Q1 leads L1, L2 signed by 03-31, L3 in assessment
    assert [step.count for step in response.context["funnel"]] == [3, 3, 2, 2, 0, 0]


def test_page_is_scoped_and_refuses_what_the_user_cannot_see(pipeline, cast, client_for):
    county = client_for(cast.county).get(PAGE, FIRST_HALF)
    assert county.context["figures"].signed.count == 3  # C1, C3, C5 in Haicheng
    refused = client_for(cast.county).get(PAGE, {**FIRST_HALF, "region": "210302"})
    assert "figures" not in refused.context and refused.context["form"].errors["region"]
    other_group = {**FIRST_HALF, "group": pipeline.other_city_group.pk}
    refused = client_for(cast.office).get(PAGE, other_group)
    assert "figures" not in refused.context and refused.context["form"].errors["group"]


def test_page_refuses_an_end_before_the_start(pipeline, cast, client_for):
    response = client_for(cast.office).get(PAGE, {"from": "2024-06-30", "to": "2024-01-01"})
    assert response.status_code == 200
    assert "figures" not in response.context and response.context["form"].errors["to"]


def test_page_defaults_to_this_year_so_far(pipeline, cast, client_for):
    # no reporting period in the test database: the dashboard's default year is this year
    today = timezone.localdate()
    period = client_for(cast.office).get(PAGE).context["period"]
    assert (period.start, period.end) == (D(today.year, 1, 1), today)


def test_page_needs_a_sign_in(client):
    assert client.get(PAGE).status_code == 302


def test_page_queries_do_not_grow_with_rows(pipeline, cast, client_for):
    client = client_for(cast.office)
    _count(client, PAGE, FIRST_HALF)
    before = _count(client, PAGE, FIRST_HALF)
    add_rows(cast, pipeline)
    assert _count(client, PAGE, FIRST_HALF) == before
    assert len(client.get(PAGE, FIRST_HALF).context["contracts"]) == 20
