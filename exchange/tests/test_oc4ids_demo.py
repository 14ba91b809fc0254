"""The OC4IDS export of the whole demo library validates against the schema."""

import io

import pytest
from django.core.management import call_command

from exchange.tests.test_oc4ids import codelist, export, validator


@pytest.mark.django_db
@pytest.mark.parametrize("year", [2023, 2024])
def test_demo_export_validates(year):
    call_command("load_reference", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    package = export("--year", str(year))
    assert len(package["projects"]) >= 100
    errors = sorted(validator().iter_errors(package), key=str)
    assert errors == [], errors[:3]
    statuses = {project["status"] for project in package["projects"]}
    assert statuses <= codelist("projectStatus")
    assert {"implementation", "identification"} <= statuses
