"""A small city for the dashboard's tests: three Anshan projects in 2024, one out of scope.

As of the end of June 2024 (the latest period), on the 2024 Anshan list:
- 丰帆 (Haicheng): plan 5,000, started, 500 a month approved → 3,000, green.
- 铁东 (Tiedong): plan 5,000, started, 100 a month approved → 600, red (lag).
- 海城新材料 (Haicheng): plan 2,000, planned to start 2024-03-01, not started → red.
- 双鸭山 (Jianshan): another city's list, out of Anshan's scope; started, 200 a month.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from projects.choices import Status
from projects.models import Project, ProjectList
from projects.services import change_status
from projects.tests.factories import MembershipFactory, ProjectFactory, ProjectListFactory
from projects.tests.library import make_library
from reports.models import MonthlyReport, ReportingPeriod, default_deadline

YEAR, MONTH = 2024, 6


@dataclass
class City:
    green: Project
    red: Project
    not_started: Project
    other_city: Project
    anshan_list: ProjectList


def period(year, month):
    return ReportingPeriod.objects.get_or_create(
        year=year, month=month, defaults={"deadline": default_deadline(year, month)}
    )[0]


def approve(project, months, amount, year=YEAR):
    """An approved report (revision 1) for each month, as if reviewed on time."""
    for month in months:
        MonthlyReport.objects.create(
            project=project,
            period=period(year, month),
            completed=Decimal(amount),
            approved_completed=Decimal(amount),
            status="approved",
            revision=1,
        )


def start(project, on=datetime.date(2024, 1, 10)):
    return change_status(project, Status.STARTED, on=on, actor=None)


def make_city(cast):
    library = make_library(cast)
    green, red, other = library.haicheng, library.tiedong, library.jianshan
    for project in (green, red, other):
        start(project)
    approve(green, range(1, MONTH + 1), "500")
    approve(red, range(1, MONTH + 1), "100")
    not_started = ProjectFactory(name="海城新材料项目", region=cast.regions["haicheng"])
    MembershipFactory(
        project=not_started, project_list=library.anshan_list, annual_plan=Decimal("2000")
    )
    other_list = ProjectListFactory(name="双鸭山市重点项目", region=cast.regions["shuangyashan"])
    MembershipFactory(project=other, project_list=other_list, annual_plan=Decimal("8000"))
    approve(other, range(1, MONTH + 1), "200")
    return City(green, red, not_started, other, library.anshan_list)


def add_projects(cast, project_list, count=20):
    """More started Haicheng projects with reports: the pages' queries must not grow."""
    for _ in range(count):
        project = ProjectFactory(region=cast.regions["haicheng"])
        MembershipFactory(project=project, project_list=project_list)
        start(project)
        approve(project, range(1, MONTH + 1), "300")
