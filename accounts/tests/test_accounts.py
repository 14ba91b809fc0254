"""Sign in, sign out, change password; roles and regions on users."""

from core.tests.cast import PASSWORD


def test_sign_in_with_the_right_password(cast, client):
    response = client.post("/accounts/login/", {"username": "office", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_wrong_password_is_refused_with_a_message(cast, client):
    response = client.post("/accounts/login/", {"username": "office", "password": "wrong"})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert client.get("/").status_code == 302


def test_sign_out_needs_post_and_ends_the_session(cast, client_for):
    client = client_for(cast.office)
    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/").status_code == 302


def test_password_change(cast, client_for):
    client = client_for(cast.office)
    response = client.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "a-Much-longer-passphrase-7",
            "new_password2": "a-Much-longer-passphrase-7",
        },
    )
    assert response.status_code == 302
    cast.office.refresh_from_db()
    assert cast.office.check_password("a-Much-longer-passphrase-7")


def test_weak_new_password_is_refused(cast, client_for):
    client = client_for(cast.office)
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "123", "new_password2": "123"},
    )
    assert response.status_code == 200
    cast.office.refresh_from_db()
    assert cast.office.check_password(PASSWORD)


def test_home_shows_role_and_region(cast, client_for):
    page = client_for(cast.county).get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "County or district office" in page
    assert "210381" in page


def test_language_follows_the_browser_until_chosen(cast, client_for):
    client = client_for(cast.office)
    assert 'lang="en"' in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'lang="zh-hans"' in client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert 'lang="en"' in client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()


def test_token_is_created_shown_once_and_replaced(cast, client_for):
    from rest_framework.authtoken.models import Token

    client = client_for(cast.office)
    assert client.get("/accounts/me/token/").status_code == 405
    page = client.post("/accounts/me/token/", follow=True).content.decode()
    first = Token.objects.get(user=cast.office).key
    assert first in page
    client.post("/accounts/me/token/")
    assert Token.objects.get(user=cast.office).key != first
    assert first not in client.get("/accounts/me/").content.decode()
