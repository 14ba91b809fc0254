"""What `make fuzz` found in the projects API: each input is a 400 or a save, never a 500."""

import pytest
from rest_framework.test import APIClient

from projects.models import Project


@pytest.fixture
def office(cast):
    client = APIClient()
    client.force_login(cast.office)
    return client


def test_a_blank_code_is_no_code_and_may_repeat(library, office):
    for project in (library.haicheng, library.tiedong):
        response = office.patch(f"/api/v1/projects/{project.pk}/", {"code": ""}, format="json")
        assert (response.status_code, response.json()["code"]) == (200, None)
    assert Project.objects.filter(code__isnull=True).count() >= 2


def test_a_code_already_taken_is_refused_by_name(library, office):
    taken = "2023-210381-30-03-000001"
    first = office.patch(f"/api/v1/projects/{library.haicheng.pk}/", {"code": taken}, format="json")
    assert first.status_code == 200
    response = office.patch(
        f"/api/v1/projects/{library.tiedong.pk}/", {"code": taken}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["code"]


@pytest.mark.parametrize("year", ["0", "1e30", "99999999999", "x"])
@pytest.mark.parametrize("url", ["/api/v1/projects/", "/api/v1/lists/"])
def test_a_year_out_of_range_is_refused(library, office, url, year):
    response = office.get(url, {"year": year})
    assert response.status_code == 400
    assert list(response.json()) == ["year"]


def test_a_year_with_a_zero_fraction_still_filters(library, office):
    response = office.get("/api/v1/projects/", {"year": "2024.0"})
    assert response.status_code == 200
    assert response.json()["count"] == 2  # the two Anshan projects on the 2024 list
