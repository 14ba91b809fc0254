"""The world of the authorization matrix: the cast, and of every kind of object one of our own and
one of another city's.

"own" objects are in Haicheng (the county office's county, inside the Anshan city office's scope;
the project unit builds the own project). "other" objects are in Jianshan, Shuangyashan: only the
administrator and the Shuangyashan office see them. "mixed" addresses an own parent with another
city's child (``/projects/<own>/milestones/<other's milestone>/``): nobody may reach it that way.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from enterprises.choices import BenefitKind
from enterprises.models import Enterprise, EnterpriseYear, PolicyBenefit, Request, Visit
from problems.choices import Category, Level, ProblemStatus
from problems.models import AgendaItem, Department, Meeting, Problem
from projects.choices import Status
from projects.models import Attachment
from projects.services import change_status
from projects.tests.factories import (
    IndustryFactory,
    MembershipFactory,
    MilestoneFactory,
    PersonFactory,
    ProjectListFactory,
)
from projects.tests.library import make_library
from promotion.tests.factories import (
    ActivityFactory,
    ChainFactory,
    ContractFactory,
    GapFactory,
    GroupFactory,
    LeadFactory,
    TargetFactory,
    credit_code,
)
from reports.choices import ReportStatus
from reports.models import Evidence, MonthlyReport, ReportingPeriod, default_deadline

OWN, OTHER, MIXED = "own", "other", "mixed"
# Kinds of one object shared by everyone (no own or other): the reporting calendar, industries.
SHARED = ("period", "industry")
PDF = b"%PDF-1.4\n% authorization matrix\n"

ANONYMOUS = "anonymous"
ROLES = (
    ANONYMOUS,
    "administrator",
    "office",
    "county",
    "county2",
    "unit",
    "department",
    "leader",
    "other_city",
)
SIGNED_IN_ROLES = frozenset(ROLES[1:])

# Who sees an object: the Haicheng one is in the scope of Anshan's offices, its county, the unit
# that builds the project and the department the problem went to; the Jianshan one in the
# administrator's and Shuangyashan's.
SEES = {
    OWN: frozenset({"administrator", "office", "county", "unit", "department", "leader"}),
    OTHER: frozenset({"administrator", "other_city"}),
}
# The project unit is a company: of its county it sees its own projects and what hangs on them,
# not the enterprise registry nor the promotion pipeline.
NOT_FOR_UNITS = {
    "enterprise",
    "year",
    "visit",
    "request",
    "benefit",
    "activity",
    "lead",
    "contract",
}


def viewers(kind, side):
    """The roles that see the ``kind`` object of that side (a mixed address: its own parent)."""
    if side is None:
        return SIGNED_IN_ROLES
    if side == MIXED:
        return viewers(PARENTS[kind][0], OWN)
    return SEES[side] - {"unit"} if kind in NOT_FOR_UNITS else SEES[side]


def pdf(name):
    return ContentFile(PDF, name=f"{name}.pdf")


@dataclass
class World:
    cast: object
    period: ReportingPeriod  # 2024-01: open, with the draft reports
    empty_period: ReportingPeriod  # 2024-04: open, no report yet
    industry: object
    objects: dict = field(default_factory=dict)  # kind -> {OWN: object, OTHER: object}

    @property
    def shared(self):
        """The objects of the kinds that have no own or other side."""
        return {"period": self.period, "industry": self.industry}

    def url_kwargs(self, kind, side):
        """The page URL's arguments that address the ``kind`` object of that side."""
        if kind == "period":
            return {"year": self.period.year, "month": self.period.month}
        parent_side = OWN if side == MIXED else side
        child_side = OTHER if side == MIXED else side
        child = self.objects[kind][child_side]
        parent_of = PARENTS.get(kind)
        if parent_of is None:
            return ADDRESSES.get(kind, _by_pk)(child, self)
        parent_kind, child_kwarg = parent_of
        parent = self.objects[parent_kind][parent_side]
        return {"pk": parent.pk, child_kwarg: child.pk}


def _by_pk(obj, world):
    return {"pk": obj.pk}


ADDRESSES = {
    "region": lambda region, world: {"code": region.code},
    "user": lambda user, world: {"username": user.username},
    # A project's pages take ``pk`` or ``project_pk``; report_start takes the period too.
    "project": lambda project, world: {
        "pk": project.pk,
        "project_pk": project.pk,
        "year": world.period.year,
        "month": world.period.month,
    },
}

# Objects addressed through their parent: kind -> (parent kind, the child's URL argument).
PARENTS = {
    "membership": ("project", "membership_pk"),
    "milestone": ("project", "milestone_pk"),
    "attachment": ("project", "attachment_pk"),
    "evidence": ("report", "evidence_pk"),
    "item": ("meeting", "item_pk"),
    "gap": ("chain", "gap_pk"),
    "target": ("chain", "target_pk"),
    "year": ("enterprise", "year_pk"),
}


def make_world(cast):
    library = make_library(cast)
    regions = cast.regions
    places = {OWN: regions["haicheng"], OTHER: regions["jianshan"]}
    periods = {
        month: ReportingPeriod.objects.create(
            year=2024, month=month, deadline=default_deadline(2024, month)
        )
        for month in (1, 2, 3, 4)
    }
    world = World(cast=cast, period=periods[1], empty_period=periods[4], industry=IndustryFactory())
    raisers = {OWN: cast.unit, OTHER: cast.other_city}
    departments = {OWN: cast.department, OTHER: None}
    projects = {OWN: library.haicheng, OTHER: library.jianshan}
    today = timezone.localdate()

    def kind(name, make):
        world.objects[name] = {side: make(side) for side in (OWN, OTHER)}
        return world.objects[name]

    for project in projects.values():
        change_status(project, Status.STARTED, on=datetime.date(2024, 1, 10), actor=None)
    kind("project", projects.get)
    kind("region", places.get)
    kind("user", {OWN: cast.unit, OTHER: cast.other_city}.get)
    people = kind("person", lambda side: PersonFactory(region=places[side]))
    lists = kind("list", lambda side: ProjectListFactory(region=places[side]))
    kind(
        "membership",
        lambda side: MembershipFactory(project=projects[side], project_list=lists[side]),
    )
    kind(
        "milestone",
        lambda side: MilestoneFactory(project=projects[side], evidence=pdf(f"milestone-{side}")),
    )
    kind(
        "attachment",
        lambda side: Attachment.objects.create(
            project=projects[side], title="环评批复", file=pdf(f"attachment-{side}"), size=len(PDF)
        ),
    )

    def report(month, **fields):
        return lambda side: MonthlyReport.objects.create(
            project=projects[side], period=periods[month], completed=Decimal("100"), **fields
        )

    reports = kind("report", report(1))
    kind("submitted_report", report(2, status=ReportStatus.SUBMITTED, submitted_at=timezone.now()))
    kind(
        "approved_report",
        report(3, status=ReportStatus.APPROVED, revision=1, approved_completed=Decimal("100")),
    )
    kind(
        "evidence",
        lambda side: Evidence.objects.create(
            report=reports[side], title="现场照片", file=pdf(f"evidence-{side}"), size=len(PDF)
        ),
    )

    def make_department(side):
        department = Department.objects.create(name=f"{side} 自然资源局", region=places[side])
        if departments[side]:
            department.members.add(departments[side])
        return department

    bureaus = kind("department", make_department)

    def problem(**fields):
        return lambda side: Problem.objects.create(
            project=projects[side],
            category=Category.LAND,
            description="用地指标尚未落实",
            department=bureaus[side],
            deadline=today + datetime.timedelta(days=30),
            raised_by=raisers[side],
            evidence=pdf(f"problem-{side}"),
            **fields,
        )

    problems = kind("problem", problem())
    kind(
        "resolved_problem",
        problem(status=ProblemStatus.RESOLVED, resolution="已协调解决", resolved_on=today),
    )
    meetings = kind(
        "meeting",
        lambda side: Meeting.objects.create(
            title="重点项目协调会",
            held_on=today,
            level=Level.COUNTY,
            region=places[side],
            chair=people[side],
        ),
    )
    kind(
        "item",
        lambda side: AgendaItem.objects.create(meeting=meetings[side], problem=problems[side]),
    )
    chains = kind("chain", lambda side: ChainFactory(region=places[side]))
    kind("gap", lambda side: GapFactory(chain=chains[side]))
    kind("target", lambda side: TargetFactory(chain=chains[side]))
    kind("group", lambda side: GroupFactory(region=places[side], chain=chains[side]))
    kind("activity", lambda side: ActivityFactory(region=places[side]))
    kind("lead", lambda side: LeadFactory(region=places[side], chain=chains[side]))
    kind("contract", lambda side: ContractFactory(region=places[side], chain=chains[side]))
    numbers = {OWN: 901, OTHER: 902}
    enterprises = kind(
        "enterprise",
        lambda side: Enterprise.objects.create(
            name=f"{side} 装备制造有限公司",
            credit_code=credit_code(numbers[side]),
            region=places[side],
        ),
    )
    kind(
        "year", lambda side: EnterpriseYear.objects.create(enterprise=enterprises[side], year=2023)
    )
    visits = kind(
        "visit",
        lambda side: Visit.objects.create(
            enterprise=enterprises[side], visited_on=today, content="走访了解生产经营情况"
        ),
    )
    kind("request", lambda side: Request.objects.create(visit=visits[side], description="用电增容"))
    kind(
        "benefit",
        lambda side: PolicyBenefit.objects.create(
            enterprise=enterprises[side],
            kind=BenefitKind.SUBSIDY,
            granted_on=datetime.date(2024, 3, 1),
            amount=Decimal("50"),
        ),
    )
    return world
