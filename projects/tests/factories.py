"""Factories for the project library."""

import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from core.models import Industry
from projects.choices import Category, InvestmentSource, ListLevel, Nature, YearPlan
from projects.models import Membership, Milestone, Person, Project, ProjectList


class SectionFactory(DjangoModelFactory):
    class Meta:
        model = Industry
        django_get_or_create = ("code",)

    code = "C"
    name_zh = "制造业"
    name_en = "Manufacturing"
    level = "section"


class IndustryFactory(DjangoModelFactory):
    class Meta:
        model = Industry
        django_get_or_create = ("code",)

    code = "38"
    name_zh = "电气机械和器材制造业"
    name_en = "Manufacture of Electrical Machinery and Equipment"
    level = "division"
    parent = factory.SubFactory(SectionFactory)


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"人员{n}")
    title = "副市长"


class ProjectFactory(DjangoModelFactory):
    class Meta:
        model = Project

    name = factory.Sequence(lambda n: f"年产{n}万吨新材料项目")
    industry = factory.SubFactory(IndustryFactory)
    category = Category.INDUSTRIAL
    nature = Nature.NEW
    source = InvestmentSource.PRIVATE
    total_investment = Decimal("10000")
    planned_start = datetime.date(2024, 3, 1)


class ProjectListFactory(DjangoModelFactory):
    class Meta:
        model = ProjectList

    name = factory.Sequence(lambda n: f"重点项目清单{n}")
    level = ListLevel.MUNICIPAL
    year = 2024


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    annual_plan = Decimal("5000")
    plan = YearPlan.START


class MilestoneFactory(DjangoModelFactory):
    class Meta:
        model = Milestone

    name = "开工建设"
    due_date = datetime.date(2024, 3, 1)
