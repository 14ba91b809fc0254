"""What `make fuzz` found in the reports API: bodies and filters it cannot read are 400s."""

import pytest
from rest_framework.test import APIClient

from reports import services


@pytest.fixture
def unit(cast):
    client = APIClient()
    client.force_login(cast.unit)
    return client


@pytest.mark.parametrize("body", ["[null, null]", "42", '"completed"'])
def test_a_report_edit_that_is_not_an_object_is_refused(started, periods, cast, unit, body):
    draft = services.start_report(started, periods[1], actor=cast.unit)
    response = unit.patch(
        f"/api/v1/reports/{draft.pk}/",
        body,
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "Expected a dictionary" in response.json()["non_field_errors"][0]


def test_a_report_edit_as_an_object_still_saves(started, periods, cast, unit):
    draft = services.start_report(started, periods[1], actor=cast.unit)
    response = unit.patch(f"/api/v1/reports/{draft.pk}/", {"workers": 80}, format="json")
    assert (response.status_code, response.json()["workers"]) == (200, 80)


@pytest.mark.parametrize("url", ["/api/v1/reports/", "/api/v1/periods/"])
def test_a_year_out_of_range_is_refused(cast, unit, url):
    assert unit.get(url, {"year": "0"}).status_code == 400
    assert unit.get(url, {"year": "2024.0"}).status_code == 200
