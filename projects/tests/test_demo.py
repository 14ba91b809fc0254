"""The demo projects: the seed articles' figures, a generated library around them, loaded once."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from core.models import ChangeLog
from core.validators import PROJECT_CODE, validate_credit_code
from projects.choices import Status
from projects.demo.seeds import FENGFAN_CODE
from projects.models import Membership, Milestone, Person, Project, ProjectList, StatusChange


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (Project, ProjectList, Membership, Person, StatusChange, Milestone, ChangeLog)
    }


@pytest.mark.django_db
def test_seed_demo_loads_the_seed_projects_and_a_library_once():
    call_command("load_reference", stdout=io.StringIO())
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "demo projects:" in out.getvalue()

    # Fengfan energy storage equipment, as in the 2023-04-24 Shuangyashan article
    fengfan = Project.objects.get(code=FENGFAN_CODE)
    assert fengfan.name == "风帆储能设备制造项目"
    assert fengfan.region.parent.code == "230500"
    assert fengfan.total_investment == Decimal("105000")  # 10.5 亿元
    assert (fengfan.capacity, fengfan.capacity_unit) == (Decimal("6000000"), "kW/年")
    assert fengfan.promised_sales == Decimal("150000")  # 15 亿元
    assert fengfan.promised_profit == Decimal("25000")  # 2.5 亿元
    assert fengfan.promised_tax == Decimal("10000")  # 1 亿元
    assert fengfan.promised_jobs == 300
    assert fengfan.status == Status.STARTED
    assert str(fengfan.actual_start) == "2023-04-07"
    assert fengfan.history.filter(to_status=Status.STARTED, on=fengfan.actual_start).exists()
    assert fengfan.leader and fengfan.responsible_person and fengfan.responsible_unit
    assert 2 <= fengfan.working_group.count() <= 4
    assert fengfan.milestones.exists()
    assert fengfan.unit_members.filter(username="unit").exists()

    # the library: on the 2023/2024 lists, with well-formed and unique national codes
    listed = Project.objects.filter(memberships__project_list__year__in=[2023, 2024]).distinct()
    assert listed.count() >= 250
    codes = list(Project.objects.exclude(code=None).values_list("code", "region__code"))
    assert len(codes) >= 0.8 * Project.objects.count()
    for code, region in codes:
        assert PROJECT_CODE.match(code), code
        assert code[5:11] == region, code
    for credit_code in Project.objects.exclude(investor_credit_code="").values_list(
        "investor_credit_code", flat=True
    ):
        validate_credit_code(credit_code)
    assert Project.objects.filter(stalled=True).exists()
    assert Project.objects.filter(status=Status.CANCELLED).exists()
    assert Project.objects.filter(children__isnull=False).exists()
    assert not StatusChange.objects.filter(on__gt="2026-11-21").exists()
    assert ChangeLog.objects.filter(actor__username="office").exists()

    # a second run creates nothing
    before = _counts()
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "demo projects: already loaded" in out.getvalue()
    assert _counts() == before
