"""The demo promotion data: the seed articles' figures and names, loaded once."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import F, Min, Sum

from accounts.models import User
from core.models import ChangeLog
from projects.models import Project, StatusChange
from promotion import demo
from promotion.choices import PIPELINE, Stage
from promotion.figures import Period, figures, select
from promotion.models import (
    Activity,
    Chain,
    Contract,
    FundsArrival,
    Gap,
    Lead,
    LeadRules,
    LeadStageChange,
    PromotionGroup,
    TargetEnterprise,
)

D = datetime.date
MODELS = (
    Chain,
    Gap,
    TargetEnterprise,
    PromotionGroup,
    Activity,
    Lead,
    LeadStageChange,
    Contract,
    FundsArrival,
    Project,
    StatusChange,
    ChangeLog,
)


def _counts():
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.mark.django_db
def test_seed_demo_loads_the_promotion_of_the_seed_articles_once():
    call_command("load_reference", stdout=io.StringIO())
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "demo promotion:" in out.getvalue()

    # Shuangyashan, first quarter of 2023: 208 activities, 86 contracts, 45.6 billion yuan
    q1 = (D(2023, 1, 1), D(2023, 3, 31))
    shuangyashan = {"region__code__startswith": "2305"}
    assert Activity.objects.filter(held_on__range=q1, **shuangyashan).count() == 208
    signed = Contract.objects.filter(signed_on__range=q1, **shuangyashan)
    assert signed.count() == 86
    assert signed.aggregate(total=Sum("contracted_investment"))["total"] == Decimal("4560000")
    sys_office = User.objects.get(username="sys_office")
    first_quarter = figures(select(sys_office), Period(*q1))
    assert (first_quarter.activities, first_quarter.signed.count) == (208, 86)
    assert first_quarter.signed.value == Decimal("4560000")

    # its 12 projects signed on April 13 with Zhongjia Minyuan, some now on the library
    april = Contract.objects.filter(signed_on=D(2023, 4, 13), **shuangyashan)
    assert april.count() == 12
    assert set(april.values_list("signing_event", flat=True)) == {demo.APRIL_13_EVENT}
    assert set(april.values_list("counterparty", flat=True)) == {demo.ZHONGJIA}
    assert april.exclude(project=None).count() >= 2
    assert april.filter(project__actual_start__isnull=False).exists()

    # the eight chain promotion groups of Shuangyashan, each with its chain
    groups = PromotionGroup.objects.filter(region__code="230500")
    assert groups.count() == 8
    assert not groups.filter(chain=None).exists()
    names = set(Chain.objects.filter(region__code="230500").values_list("name", flat=True))
    assert {"煤炭及煤化工产业链", "石墨新材料产业链", "新能源产业链"} <= names

    # Anshan's chains, each with a leader, gaps and target enterprises
    for name in ("钢铁及深加工产业链", "菱镁产业链", "新能源产业链"):
        chain = Chain.objects.get(region__code="210300", name=name)
        assert chain.leader and chain.gaps.exists() and chain.targets.exists()

    # Anlu: three signing rounds, 32 projects of 1 亿元 or more, 16.28 billion yuan in all
    rounds = (
        Contract.objects.filter(region__code="420982", signing_event__contains="轮")
        .values("signing_event")
        .annotate(total=Sum("contracted_investment"), least=Min("contracted_investment"))
    )
    assert len(rounds) == 3
    assert sum(row["total"] for row in rounds) == Decimal("1628000")
    assert min(row["least"] for row in rounds) >= 10000
    anlu_rounds = Contract.objects.filter(region__code="420982", signing_event__contains="轮")
    assert anlu_rounds.count() == 32
    assert anlu_rounds.filter(name="永宁薄膜制品项目").exists()

    # seed projects' contracts are linked, with the project's amount and signing date
    fengfan = Contract.objects.get(name="风帆储能设备制造项目")
    assert fengfan.project.name == fengfan.name
    assert fengfan.contracted_investment == fengfan.project.total_investment == 105000
    assert fengfan.signed_on == fengfan.project.history.get(to_status="signed").on
    cu_foil = Project.objects.get(name="中科铜箔扩产项目")
    assert cu_foil.contract.contracted_investment == 70000  # 7 亿元, linked both ways
    # other contracts became new projects, signed on their signing date
    new = Project.objects.filter(contract__isnull=False).exclude(name__in=list(demo.LINKED))
    assert new.count() >= 10
    for project in new.select_related("contract"):
        assert project.total_investment == project.contract.contracted_investment
        assert project.history.filter(to_status="signed", on=project.contract.signed_on).exists()
        assert project.code and project.code[5:11] == project.region.code

    # leads at every stage; lost and on hold with their reasons; some overdue
    assert set(Lead.objects.values_list("stage", flat=True)) == set(Stage.values)
    aside = Lead.objects.filter(stage__in=[Stage.LOST, Stage.ON_HOLD])
    assert not aside.filter(stage_reason="").exists()
    rules = LeadRules.objects.current()
    assert sum(bool(lead.overdue_steps(rules)) for lead in Lead.objects.all()) >= 5
    for change in LeadStageChange.objects.all():
        back = (
            change.from_stage in PIPELINE
            and change.to_stage in PIPELINE
            and PIPELINE.index(change.to_stage) < PIPELINE.index(change.from_stage)
        )
        if back or change.to_stage in (Stage.LOST, Stage.ON_HOLD):
            assert change.reason, change
    assert not Contract.objects.filter(lead=None).exists()

    # funds arrived: dated after the signing, never beyond the contract, never in the future
    assert FundsArrival.objects.exists()
    assert not FundsArrival.objects.filter(arrived_on__lt=F("contract__signed_on")).exists()
    over = Contract.objects.annotate(arrived=Sum("funds__amount")).filter(
        arrived__gt=F("contracted_investment")
    )
    assert not over.exists()
    assert not FundsArrival.objects.filter(arrived_on__gt=D(2024, 12, 31)).exists()

    # written as the city's promotion or office users
    actors = set(
        ChangeLog.objects.filter(content_type__app_label="promotion").values_list(
            "actor__username", flat=True
        )
    )
    assert actors == {"promotion", "sys_office", "anlu_office"}

    # a second run creates nothing
    before = _counts()
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "demo promotion: already loaded" in out.getvalue()
    assert _counts() == before
