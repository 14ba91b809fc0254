"""What `make fuzz` found in the enterprises API: a year out of range is a 400, not a 500."""

import pytest
from rest_framework.test import APIClient


@pytest.mark.parametrize("year", ["0", "99999999999", "1e30"])
def test_yearly_figures_refuse_a_year_out_of_range(cast, year):
    client = APIClient()
    client.force_login(cast.office)
    response = client.get("/api/v1/enterprise-years/", {"year": year})
    assert response.status_code == 400
    assert list(response.json()) == ["year"]


@pytest.mark.parametrize("field", ["region", "industry"])
def test_a_code_with_a_nul_byte_is_refused_by_name(cast, field):
    """PostgreSQL cannot compare a NUL byte: the lookup must not reach it."""
    client = APIClient()
    client.force_login(cast.office)
    data = {"name": "鞍山丰帆新能源有限公司", "region": "210381", "industry": "38", field: "'\x00"}
    response = client.post("/api/v1/enterprises/", data, format="json")
    assert response.status_code == 400
    assert field in response.json()
