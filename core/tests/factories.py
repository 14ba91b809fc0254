"""Factories for test data."""

import factory
from factory.django import DjangoModelFactory

from accounts.choices import Role
from accounts.models import User
from core.choices import RegionLevel
from core.models import Region


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{110101 + n}")
    name_zh = factory.Sequence(lambda n: f"地区{n}")
    name_en = factory.Sequence(lambda n: f"Region {n}")
    level = RegionLevel.COUNTY


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.PROJECT_OFFICE
    password = factory.PostGenerationMethodCall("set_password", "pass-for-tests-1")

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create and results:
            instance.save(update_fields=["password"])
