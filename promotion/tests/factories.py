"""Factories of the promotion pipeline."""

import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from core.validators import credit_code_check_character
from promotion.choices import ActivityKind, Segment, TargetRegion
from promotion.models import (
    Activity,
    Chain,
    Contract,
    Gap,
    Lead,
    PromotionGroup,
    TargetEnterprise,
)


def credit_code(n):
    """A valid unified social credit code, different for each n."""
    first17 = f"91210300MA0Y{n:05d}"
    return first17 + credit_code_check_character(first17)


class ChainFactory(DjangoModelFactory):
    class Meta:
        model = Chain

    name = factory.Sequence(lambda n: f"产业链{n}")


class GapFactory(DjangoModelFactory):
    class Meta:
        model = Gap

    segment = Segment.MIDSTREAM
    description = factory.Sequence(lambda n: f"缺失环节{n}")


class TargetFactory(DjangoModelFactory):
    class Meta:
        model = TargetEnterprise

    name = factory.Sequence(lambda n: f"目标企业{n}")


class GroupFactory(DjangoModelFactory):
    class Meta:
        model = PromotionGroup

    name = factory.Sequence(lambda n: f"招商小组{n}")


class ActivityFactory(DjangoModelFactory):
    class Meta:
        model = Activity

    kind = ActivityKind.OUTBOUND
    held_on = datetime.date(2024, 3, 1)
    title = factory.Sequence(lambda n: f"赴长三角招商{n}")
    target_region = TargetRegion.YANGTZE_DELTA


class LeadFactory(DjangoModelFactory):
    class Meta:
        model = Lead

    investor_name = factory.Sequence(lambda n: f"投资企业{n}")
    intended_investment = Decimal("50000")
    received_on = datetime.date(2024, 3, 1)


class ContractFactory(DjangoModelFactory):
    class Meta:
        model = Contract

    name = factory.Sequence(lambda n: f"签约项目{n}")
    signed_on = datetime.date(2024, 4, 13)
    contracted_investment = Decimal("100000")
    counterparty = factory.Sequence(lambda n: f"签约企业{n}")
