"""What `make fuzz` found in the problems API: a meeting year no date can hold is a 400."""

import pytest
from rest_framework.test import APIClient


@pytest.mark.parametrize("year", ["0", "0.0", "10000", "-5"])
def test_meetings_refuse_a_year_out_of_range(cast, year):
    client = APIClient()
    client.force_login(cast.office)
    response = client.get("/api/v1/meetings/", {"year": year})
    assert response.status_code == 400
    assert list(response.json()) == ["year"]


def test_meetings_of_a_plausible_year_still_list(cast):
    client = APIClient()
    client.force_login(cast.office)
    assert client.get("/api/v1/meetings/", {"year": "2024.0"}).status_code == 200
