"""What `make fuzz` found in the shared API pieces: codes PostgreSQL cannot read are refused."""

import pytest
from rest_framework.test import APIClient


@pytest.fixture
def api(cast):
    client = APIClient()
    client.force_login(cast.administrator)
    return client


@pytest.mark.parametrize("url", ["/api/v1/regions/", "/api/v1/industries/"])
@pytest.mark.parametrize("code", ["%00", "21%0003", "..", "21-03"])
def test_a_code_that_is_not_letters_or_digits_is_404(api, url, code):
    assert api.get(f"{url}{code}/").status_code == 404


def test_a_region_is_still_found_by_its_code(api, cast):
    response = api.get(f"/api/v1/regions/{cast.regions['haicheng'].code}/")
    assert (response.status_code, response.json()["code"]) == (200, "210381")


def test_a_project_with_a_nul_byte_in_its_industry_is_refused(api, library):
    url = f"/api/v1/projects/{library.haicheng.pk}/"
    response = api.patch(url, {"industry": "3\x008"}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["industry"]
