"""The hostile world, built once per test module that asks for it (core/tests/hostile.py)."""

import pytest
from django.conf import settings
from django.db import transaction
from django.test import override_settings

TEST_STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


@pytest.fixture(scope="module")
def hostile_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Demo data with a payload in every text field, rolled back after the module."""
    from core.tests.hostile import build_world

    media = tmp_path_factory.mktemp("hostile-media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media, STORAGES=TEST_STORAGES),
        transaction.atomic(),
    ):
        yield build_world()
        transaction.set_rollback(True)
