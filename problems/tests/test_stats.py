"""The statistics of problem solving, each against arithmetic done by hand."""

import datetime
from decimal import Decimal

import pytest

from problems import stats
from problems.choices import Category, Level, ProblemStatus
from problems.models import Department, Problem

D = datetime.date
TODAY = D(2024, 6, 30)  # "today" for the overdue figures


def make(library, department, category, status, level, raised, deadline, resolved=None):
    """A problem written directly (the services refuse past dates), keeping the invariants."""
    done = status in {ProblemStatus.RESOLVED, ProblemStatus.CLOSED}
    closed = status == ProblemStatus.CLOSED
    return Problem.objects.create(
        project=library.haicheng,
        category=category,
        description=f"{category} 问题",
        department=department,
        raised_on=raised,
        deadline=deadline,
        status=status,
        level=level,
        resolution="已解决" if done else "",
        resolved_on=resolved,
        closed_on=resolved if closed else None,
        satisfaction=5 if closed else None,
    )


@pytest.fixture
def departments(cast):
    land = Department.objects.create(name="鞍山市自然资源局", region=cast.regions["anshan"])
    land.members.add(cast.department)
    power = Department.objects.create(name="鞍山供电公司", region=cast.regions["anshan"])
    return land, power


@pytest.fixture
def problems(library, departments):
    """Nine problems: five open (three overdue at 2024-06-30), four resolved or closed."""
    land, power = departments
    OP, IP, ES, RE, CL = (
        ProblemStatus.OPEN,
        ProblemStatus.IN_PROGRESS,
        ProblemStatus.ESCALATED,
        ProblemStatus.RESOLVED,
        ProblemStatus.CLOSED,
    )
    rows = {
        # open
        "p1": (land, Category.LAND, OP, 1, D(2024, 5, 1), D(2024, 5, 31)),  # overdue
        "p2": (land, Category.LAND, ES, 2, D(2024, 4, 1), D(2024, 7, 15)),
        "p3": (power, Category.POWER, IP, 1, D(2024, 6, 1), D(2024, 6, 16)),  # overdue
        "p4": (power, Category.FINANCING, ES, 3, D(2024, 3, 1), D(2024, 8, 1)),
        "p9": (power, Category.OTHER, OP, 1, D(2024, 6, 20), D(2024, 6, 29)),  # overdue
        # resolved or closed: (…, resolved on)
        "p5": (power, Category.POWER, RE, 1, D(2024, 1, 10), D(2024, 1, 25), D(2024, 1, 14)),
        "p6": (land, Category.LAND, CL, 2, D(2024, 2, 1), D(2024, 3, 2), D(2024, 3, 12)),
        "p7": (land, Category.APPROVALS, CL, 1, D(2024, 3, 1), D(2024, 3, 16), D(2024, 3, 16)),
        "p8": (power, Category.LABOR, RE, 1, D(2024, 4, 10), D(2024, 4, 25), D(2024, 5, 1)),
    }
    return {
        key: make(library, dept, category, status, level, *dates)
        for key, (dept, category, status, level, *dates) in rows.items()
    }


def test_open_problems_by_category(problems):
    # open: p1 land, p2 land, p3 power, p4 financing, p9 other
    figures = stats.open_by_category(Problem.objects.all())
    assert list(figures) == [c.value for c in Category]  # every category, in the codes' order
    assert {k: v for k, v in figures.items() if v} == {
        Category.LAND: 2,
        Category.POWER: 1,
        Category.FINANCING: 1,
        Category.OTHER: 1,
    }
    assert sum(figures.values()) == 5


def test_open_problems_by_level(problems):
    # level 1: p1, p3, p9 = 3; level 2: p2 = 1; level 3: p4 = 1; provincial: none
    # (p6 was escalated to level 2 too, but it is closed)
    assert stats.open_by_level(Problem.objects.all()) == {
        Level.DEPARTMENT: 3,
        Level.COUNTY: 1,
        Level.MUNICIPAL: 1,
        Level.PROVINCIAL: 0,
    }


def test_open_problems_by_department_with_their_overdue(problems, departments):
    land, power = departments
    # power: p3, p4, p9 open = 3; overdue at 06-30: p3 (06-16), p9 (06-29) = 2
    # land: p1, p2 open = 2; overdue: p1 (05-31) = 1; most open first
    assert stats.open_by_department(Problem.objects.all(), today=TODAY) == [
        {"department": power.pk, "name": "鞍山供电公司", "open": 3, "overdue": 2},
        {"department": land.pk, "name": "鞍山市自然资源局", "open": 2, "overdue": 1},
    ]


def test_median_days_to_resolve_of_an_even_count(problems):
    # p5: 01-10 → 01-14 = 4 days
    # p6: 02-01 → 03-12 = 29 (February 2024 is a leap month) + 11 = 40 days
    # p7: 03-01 → 03-16 = 15 days
    # p8: 04-10 → 05-01 = 20 + 1 = 21 days
    # sorted 4, 15, 21, 40: median = (15 + 21) ÷ 2 = 18
    assert stats.median_days_to_resolve(Problem.objects.all()) == Decimal(18)


def test_median_days_to_resolve_of_an_odd_count(problems):
    problems["p8"].delete()
    # 4, 15, 40: the middle one, 15
    assert stats.median_days_to_resolve(Problem.objects.all()) == Decimal(15)


def test_median_is_exact_with_a_half(problems):
    problems["p5"].delete()
    problems["p8"].delete()
    # 15 and 40: (15 + 40) ÷ 2 = 27.5, not rounded
    assert stats.median_days_to_resolve(Problem.objects.all()) == Decimal("27.5")


def test_share_resolved_on_time(problems):
    # p5 01-14 ≤ 01-25 on time; p6 03-12 > 03-02 late; p7 03-16 ≤ 03-16 on time (the deadline
    # day counts); p8 05-01 > 04-25 late: 2 ÷ 4 × 100 = 50
    assert stats.on_time_share(Problem.objects.all()) == Decimal(50)


def test_share_resolved_on_time_of_three(problems):
    problems["p6"].delete()
    # p5, p7 on time, p8 late: 2 ÷ 3 × 100 = 66.66…
    share = stats.on_time_share(Problem.objects.all())
    assert share.quantize(Decimal("0.01")) == Decimal("66.67")


def test_overdue_count(problems):
    # open with deadline before 06-30: p1 (05-31), p3 (06-16), p9 (06-29) = 3;
    # p2 (07-15), p4 (08-01) are not due yet; p6 and p8 were late but are resolved
    assert stats.overdue_count(Problem.objects.all(), today=TODAY) == 3
    # on 06-16 only p1 is past its deadline (p3 is due that very day)
    assert stats.overdue_count(Problem.objects.all(), today=D(2024, 6, 16)) == 1


def test_reopened_problem_is_not_resolved(problems):
    # p8 sent back: in progress again, without a resolution date
    Problem.objects.filter(pk=problems["p8"].pk).update(
        status=ProblemStatus.IN_PROGRESS, resolved_on=None
    )
    # resolved: p5 (4), p6 (40), p7 (15): median 15; on time p5, p7: 2 ÷ 3
    assert stats.median_days_to_resolve(Problem.objects.all()) == Decimal(15)
    assert stats.on_time_share(Problem.objects.all()) == Decimal(2) / 3 * 100
    assert stats.open_by_category(Problem.objects.all())[Category.LABOR] == 1


def test_figures_follow_the_scoped_queryset(problems, cast):
    # the department user sees only the land bureau's: p1, p2 open; p6, p7 closed
    mine = Problem.objects.visible_to(cast.department)
    assert stats.open_by_level(mine) == {1: 1, 2: 1, 3: 0, 4: 0}
    assert [row["name"] for row in stats.open_by_department(mine, today=TODAY)] == [
        "鞍山市自然资源局"
    ]
    assert stats.median_days_to_resolve(mine) == Decimal("27.5")  # (15 + 40) ÷ 2
    assert stats.on_time_share(mine) == Decimal(50)  # p7 on time, p6 late: 1 ÷ 2
    assert stats.overdue_count(mine, today=TODAY) == 1  # p1


def test_no_problem_no_figures(db):
    none = Problem.objects.none()
    assert stats.median_days_to_resolve(none) is None
    assert stats.on_time_share(none) is None
    assert stats.overdue_count(none) == 0
    assert stats.open_by_department(none) == []
    assert set(stats.open_by_category(none).values()) == {0}
