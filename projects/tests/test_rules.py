"""Rules about one project: codes, amounts, regions, bundles. Refused with the field named."""

from decimal import Decimal

import pytest
from django.db import IntegrityError

from projects.forms import ProjectForm
from projects.models import Project
from projects.tests.factories import IndustryFactory, ProjectFactory


@pytest.fixture
def valid(cast):
    return {
        "name": "鞍山储能电池项目",
        "code": "2024-210381-38-03-000001",
        "region": cast.regions["haicheng"].pk,
        "industry": IndustryFactory().pk,
        "category": "industrial",
        "nature": "new",
        "source": "private",
        "investor_name": "海城丰帆储能科技有限公司",
        "investor_credit_code": "91350100M000100Y43",
        "total_investment": "150000.5000",
        "planned_start": "2024-03-01",
        "planned_completion": "2025-06-30",
    }


def errors(data, user, instance=None):
    form = ProjectForm(data=data, user=user, instance=instance)
    assert not form.is_valid()
    return form.errors


def test_a_valid_project_is_saved_exactly(valid, cast):
    form = ProjectForm(data=valid, user=cast.office)
    assert form.is_valid(), form.errors
    project = form.save()
    assert project.total_investment == Decimal("150000.5000")


@pytest.mark.parametrize(
    "code", ["2024-210381-38-03-00001", "2024210381380300000100", "2024-010381-38-03-000001"]
)
def test_malformed_national_code_is_refused(valid, cast, code):
    assert "code" in errors({**valid, "code": code}, cast.office)


def test_duplicate_national_code_names_the_other_project(valid, cast):
    ProjectFactory(name="已有项目", code=valid["code"], region=cast.regions["haicheng"])
    message = errors(valid, cast.office)["code"][0]
    assert "已有项目" in message


def test_the_database_refuses_a_duplicate_code_too(cast):
    ProjectFactory(code="2024-210381-38-03-000009", region=cast.regions["haicheng"])
    with pytest.raises(IntegrityError):
        ProjectFactory(code="2024-210381-38-03-000009", region=cast.regions["haicheng"])


def test_blank_codes_do_not_collide(valid, cast):
    for _ in range(2):
        form = ProjectForm(data={**valid, "code": ""}, user=cast.office)
        assert form.is_valid(), form.errors
        form.save()


@pytest.mark.parametrize("code", ["91350100M000100Y44", "91350100M00010", "9135010OM000100Y43"])
def test_invalid_credit_code_is_refused(valid, cast, code):
    assert "investor_credit_code" in errors({**valid, "investor_credit_code": code}, cast.office)


@pytest.mark.parametrize("amount", ["-1", "100000000000.0001", "abc"])
def test_negative_or_absurd_amounts_are_refused(valid, cast, amount):
    assert "total_investment" in errors({**valid, "total_investment": amount}, cast.office)


def test_completion_before_start_is_refused(valid, cast):
    data = {**valid, "planned_completion": "2024-01-01"}
    assert "planned_completion" in errors(data, cast.office)


def test_unknown_or_out_of_scope_region_is_refused(valid, cast):
    assert "region" in errors({**valid, "region": 999999}, cast.office)
    assert "region" in errors(valid, cast.county2)  # Haicheng is not Tiedong's
    assert "region" in errors({**valid, "region": cast.regions["anshan"].pk}, cast.office)


def test_unknown_industry_is_refused(valid, cast):
    assert "industry" in errors({**valid, "industry": 999999}, cast.office)


def test_parent_cycle_is_refused(valid, cast):
    bundle = ProjectFactory(region=cast.regions["haicheng"])
    phase = ProjectFactory(region=cast.regions["haicheng"], parent=bundle)
    data = {**valid, "code": "", "parent": phase.pk}
    assert "parent" in errors(data, cast.office, instance=bundle)
    assert "parent" in errors({**data, "parent": bundle.pk}, cast.office, instance=bundle)


def test_bundle_totals_count_each_yuan_once(cast):
    region = cast.regions["haicheng"]
    bundle = ProjectFactory(total_investment=Decimal("100000"), region=region)
    ProjectFactory(total_investment=Decimal("60000"), region=region, parent=bundle)
    phase2 = ProjectFactory(total_investment=Decimal("40000"), region=region, parent=bundle)
    ProjectFactory(total_investment=Decimal("5000"), region=region, parent=phase2)
    alone = ProjectFactory(total_investment=Decimal("1234.5678"), region=region)
    assert Project.objects.total_investment() == Decimal("101234.5678")
    # Without the bundle in the set, the phases count for themselves.
    assert Project.objects.exclude(pk=bundle.pk).total_investment() == Decimal("101234.5678")
    assert Project.objects.filter(pk=alone.pk).total_investment() == Decimal("1234.5678")
