"""Fixtures shared by every app's tests: the cast, and test-friendly settings."""

import os

import pytest

# Live-server browser tests drive Django from Playwright's event loop thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def cast(db):
    from core.tests.cast import make_cast

    return make_cast()


@pytest.fixture
def client_for(client):
    """client_for(user) signs the test client in as that user."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in
