"""The demo enterprises: the seed articles' totals, commissioners, outcomes, loaded once."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from accounts.models import User
from core.models import ChangeLog
from enterprises import demo
from enterprises import figures as f
from enterprises.models import (
    Enterprise,
    EnterpriseYear,
    PolicyBenefit,
    ProjectOutcome,
    Request,
    Visit,
)
from problems.demo import DEPARTMENTS
from problems.models import Problem
from projects.models import Project

D = datetime.date
MODELS = (
    Enterprise,
    EnterpriseYear,
    Visit,
    Request,
    PolicyBenefit,
    ProjectOutcome,
    Problem,
    Project,
    User,
    ChangeLog,
)


def _counts():
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.mark.django_db
def test_seed_demo_loads_the_enterprises_of_the_seed_articles_once():
    call_command("load_reference", stdout=io.StringIO())
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "demo enterprises:" in out.getvalue()
    admin = User.objects.get(username="admin")
    enterprises = Enterprise.objects.visible_to(admin)

    # 001, Anshan: "350 billion yuan ... exceeds 850": 86 (a tenth) and 35,000,000 万元 in 2023
    anshan = f.above_size_totals(enterprises, 2023, region="210300")
    assert (anshan.count, anshan.output_value) == (demo.ANSHAN_COUNT_2023, Decimal(35000000))
    assert {row.region.code for row in anshan.rows} >= set(demo.COUNTIES[demo.ANSHAN])

    # 004, Anlu, January–August 2023: 573 million yuan of tax and fee reduction (57,300 万元),
    # 24 enterprises matched with 1.798 billion yuan of financing (179,800 万元)
    anlu = f.benefit_figures(
        PolicyBenefit.objects.visible_to(admin),
        f.Period(D(2023, 1, 1), D(2023, 8, 31)),
        region=demo.ANLU,
    ).summary
    assert anlu.tax_and_fee == Decimal(57300)
    assert (anlu.financed_enterprises, anlu.financing) == (24, Decimal(179800))
    # … and every Anlu enterprise above designated size has a commissioner
    assert not Enterprise.objects.filter(
        region__code=demo.ANLU, above_designated_size=True, commissioner=None
    ).exists()

    # the investors matched from projects, leads and contracts are reused, not duplicated
    investors = Project.objects.exclude(investor_credit_code="").values("investor_credit_code")
    assert Enterprise.objects.filter(credit_code__in=investors, above_designated_size=True).exists()
    assert Enterprise.objects.filter(name=demo.ANGANG).count() == 1

    # the demo commissioner of Anshan serves 15 enterprises and visited them
    commissioner = User.objects.get(username="commissioner")
    mine = Enterprise.objects.visible_to(commissioner)
    assert mine.count() == 15
    assert Visit.objects.filter(enterprise__in=mine, commissioner=commissioner).count() >= 15
    assert Request.objects.filter(visit__commissioner=commissioner).count() >= 15
    # two requests became problems routed to the departments of the problems demo, one closed
    problems = Problem.objects.filter(enterprise__isnull=False)
    assert problems.count() == 3
    assert set(problems.values_list("department__name", flat=True)) == {
        DEPARTMENTS[demo.ANSHAN]["power"],
        DEPARTMENTS[demo.ANSHAN]["land"],
        DEPARTMENTS[demo.ANLU]["finance"],
    }
    assert Request.objects.filter(problem__in=problems).count() == 3
    assert problems.filter(status="closed").count() == 2

    # outcomes of projects in production: some deliver less than promised, tax per mu shows
    rows = f.outcomes(Project.objects.visible_to(admin), 2024)
    reported = [row for row in rows if row.reported]
    short = f.under_delivering(rows)
    assert 0 < len(short) < len(reported)
    assert all(row.tax_per_mu is not None for row in reported)

    # growth lists: candidates near the threshold, enterprises in and close to each tier
    candidates = f.upgrade_candidates(enterprises, region="210300")
    assert candidates.year == 2024
    assert len(candidates.near) >= 5
    tiers = f.tiers(enterprises, region="210300").tiers
    assert all(tier.members and tier.close for tier in tiers)

    # a second run creates nothing
    before = _counts()
    again = io.StringIO()
    demo.load(again)
    assert "already loaded" in again.getvalue()
    assert _counts() == before
