"""`manage.py api_token`: a new token that the API accepts, the old one revoked."""

import io

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient


def issue(username):
    out = io.StringIO()
    call_command("api_token", username, stdout=out)
    return out.getvalue().strip()


def test_the_printed_token_signs_in_to_the_api(cast):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {issue(cast.administrator.username)}")
    assert client.get("/api/v1/projects/").status_code == 200


def test_a_new_token_revokes_the_old_one(cast):
    old = issue(cast.office.username)
    assert issue(cast.office.username) != old
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {old}")
    assert client.get("/api/v1/projects/").status_code in {401, 403}


def test_an_unknown_or_inactive_user_gets_no_token(cast):
    cast.leader.is_active = False
    cast.leader.save(update_fields=["is_active"])
    for username in ("nobody", cast.leader.username):
        with pytest.raises(CommandError):
            issue(username)
