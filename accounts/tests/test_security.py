"""Sign-in throttling, the password policy, cookies and the Content Security Policy."""

import datetime
import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from core.tests.cast import PASSWORD

LOGIN = "/accounts/login/"


def _fail(client, username="office", times=1):
    for _attempt in range(times):
        client.post(LOGIN, {"username": username, "password": "not-the-password"})


def test_five_wrong_passwords_lock_the_username_at_that_address(cast, client, settings):
    _fail(client, times=settings.AXES_FAILURE_LIMIT)
    response = client.post(LOGIN, {"username": "office", "password": PASSWORD})
    assert response.status_code == 429
    assert "15" in response.content.decode()  # says for how long
    assert client.get("/").status_code == 302  # the right password did not sign in
    # Another user at the same address is not locked out.
    assert client.post(LOGIN, {"username": "county", "password": PASSWORD}).status_code == 302


def test_four_wrong_passwords_then_the_right_one_signs_in_and_resets(cast, client, settings):
    _fail(client, times=settings.AXES_FAILURE_LIMIT - 1)
    assert client.post(LOGIN, {"username": "office", "password": PASSWORD}).status_code == 302
    assert not AccessAttempt.objects.filter(username="office", failures_since_start__gt=0).exists()


def test_the_lock_ends_after_the_cool_off(cast, client, settings):
    _fail(client, times=settings.AXES_FAILURE_LIMIT)
    assert client.post(LOGIN, {"username": "office", "password": PASSWORD}).status_code == 429
    long_ago = datetime.timedelta(minutes=16)
    for attempt in AccessAttempt.objects.all():
        AccessAttempt.objects.filter(pk=attempt.pk).update(
            attempt_time=attempt.attempt_time - long_ago
        )
    assert client.post(LOGIN, {"username": "office", "password": PASSWORD}).status_code == 302


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("short-1", "password_too_short"),
        ("onlylettershere", "password_unmixed"),
        ("123456789012345", "password_entirely_numeric"),
        ("password1234", "password_too_common"),
    ],
)
def test_password_policy_refuses(password, code):
    with pytest.raises(ValidationError) as refused:
        validate_password(password)
    assert code in [error.code for error in refused.value.error_list]


def test_password_policy_accepts_a_passphrase():
    validate_password("steel-mill-2024-phase")


def test_session_and_csrf_cookies_are_http_only_and_same_site(cast, client):
    client.get(LOGIN)
    response = client.post(LOGIN, {"username": "office", "password": PASSWORD})
    session = response.cookies["sessionid"]
    assert session["httponly"] and session["samesite"] == "Lax"
    assert session["max-age"] == ""  # ends with the browser
    csrf = client.get(LOGIN).cookies.get("csrftoken") or client.cookies["csrftoken"]
    assert csrf["samesite"] == "Lax"


def _policy(response):
    header = response.headers["Content-Security-Policy"]
    parts = [part.split() for part in header.split(";") if part.strip()]
    return {part[0]: part[1:] for part in parts}


@pytest.mark.parametrize("url", ["/", "/projects/", "/dashboard/", "/api/v1/docs/", LOGIN])
def test_every_page_has_a_policy_without_inline_script(url, cast, client_for):
    response = client_for(cast.administrator).get(url, follow=True)
    assert response.status_code == 200
    policy = _policy(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    scripts = re.findall(r"<script\b[^>]*>", response.content.decode())
    assert scripts and all(" src=" in tag or "application/json" in tag for tag in scripts)
