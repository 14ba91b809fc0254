"""What `make fuzz` found in the dashboard: a year no date can hold is a 400, never a 500."""

import pytest
from rest_framework.test import APIClient


@pytest.mark.parametrize("year", ["0", "-1", "10000", "2024.5", "1e9"])
def test_the_dashboard_api_refuses_a_year_out_of_range(cast, library, year):
    client = APIClient()
    client.force_login(cast.office)
    response = client.get("/api/v1/dashboard/", {"year": year}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert list(response.json()) == ["year"]


def test_the_dashboard_page_survives_year_0(cast, library, client_for):
    assert client_for(cast.office).get("/dashboard/", {"year": "0"}).status_code == 200


def test_a_plausible_year_without_lists_still_reads(cast, library):
    client = APIClient()
    client.force_login(cast.office)
    assert client.get("/api/v1/dashboard/", {"year": "1995", "month": "3"}).status_code == 200
