"""The API base: token and session auth, OpenAPI, scoping and the list's filters."""

from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


def api_as(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def test_anonymous_is_refused(db):
    assert APIClient().get("/api/v1/regions/").status_code in (401, 403)


def test_token_auth_lists_regions_in_scope(cast):
    data = api_as(cast.county).get("/api/v1/regions/").json()
    assert [row["code"] for row in data["results"]] == ["210381"]


def test_session_auth_works_too(cast):
    client = APIClient()
    client.force_login(cast.office)
    codes = {row["code"] for row in client.get("/api/v1/regions/").json()["results"]}
    assert codes == {"210300", "210302", "210381"}


def test_api_reuses_the_list_filters(cast):
    data = api_as(cast.administrator).get("/api/v1/regions/", {"level": "city"}).json()
    assert {row["code"] for row in data["results"]} == {"210300", "230500"}


def test_out_of_scope_object_is_404(cast):
    assert api_as(cast.county).get("/api/v1/regions/210302/").status_code == 404
    assert api_as(cast.county).get("/api/v1/regions/210381/").status_code == 200


def test_openapi_schema_and_docs(cast, client_for):
    client = client_for(cast.office)
    schema = client.get("/api/v1/schema/", {"format": "json"})
    assert schema.status_code == 200
    assert "/api/v1/regions/" in schema.json()["paths"]
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    assert b"swagger" in docs.content.lower()


def test_api_list_queries_are_constant(cast, django_assert_max_num_queries):
    client = api_as(cast.administrator)
    with django_assert_max_num_queries(4):
        client.get("/api/v1/regions/")
