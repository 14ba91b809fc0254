"""The problem loop's rules: statuses, escalation, who may act, scoping, agendas and decisions."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.choices import Role
from core.models import ChangeLog
from core.tests.factories import UserFactory
from problems import services
from problems.choices import Category, Level, ProblemStatus
from problems.models import CategoryDeadline, Department, Meeting, Problem
from projects.tests.factories import PersonFactory

TODAY = timezone.localdate
DESCRIPTION = "设备安装计划推迟：厂区供电方案和设计图纸尚未落实"


def days(n):
    return TODAY() + datetime.timedelta(days=n)


def make_bureau(cast, name="海城市自然资源局", region="haicheng", member=None):
    """A real department in Haicheng; cast.department is its member unless told otherwise."""
    bureau = Department.objects.create(name=name, region=cast.regions[region])
    bureau.members.add(member or cast.department)
    return bureau


def make_problem(project, actor, department, **fields):
    fields = {"category": Category.LAND, "description": DESCRIPTION, **fields}
    return services.raise_problem(project, actor=actor, department=department, **fields)


def make_meeting(cast, level=Level.MUNICIPAL, region="anshan"):
    chair = PersonFactory(name="王副市长", region=cast.regions["anshan"])
    return Meeting.objects.create(
        title="重点项目协调会",
        held_on=TODAY(),
        level=level,
        region=cast.regions[region],
        chair=chair,
    )


@pytest.fixture
def bureau(cast):
    return make_bureau(cast)


@pytest.fixture
def other_bureau(cast):
    """Another Haicheng department, with a member of its own."""
    power = UserFactory(username="power", role=Role.DEPARTMENT, region=cast.regions["anshan"])
    return make_bureau(cast, name="海城市供电分公司", member=power)


@pytest.fixture
def problem(library, cast, bureau):
    return make_problem(library.haicheng, cast.unit, bureau)


def refresh(problem):
    problem.refresh_from_db()
    return problem


# ---------------------------------------------------------------- raising


def test_deadline_defaults_by_category(library, cast, bureau):
    land = make_problem(library.haicheng, cast.unit, bureau, category=Category.LAND)
    power = make_problem(library.haicheng, cast.unit, bureau, category=Category.POWER)
    assert (land.deadline, power.deadline) == (days(30), days(15))
    assert (land.status, land.level, land.raised_by) == (
        ProblemStatus.OPEN,
        Level.DEPARTMENT,
        cast.unit,
    )


def test_configured_default_deadline_wins(library, cast, bureau):
    CategoryDeadline.objects.create(category=Category.LAND, days=7)
    assert make_problem(library.haicheng, cast.unit, bureau).deadline == days(7)


def test_past_deadline_is_refused_by_field(library, cast, bureau):
    with pytest.raises(ValidationError) as refused:
        make_problem(library.haicheng, cast.unit, bureau, deadline=days(-1))
    assert "deadline" in refused.value.message_dict
    assert not Problem.objects.exists()


def test_department_user_cannot_raise(library, cast, bureau):
    with pytest.raises(PermissionDenied):
        make_problem(library.haicheng, cast.department, bureau)


def test_unit_cannot_raise_for_a_project_it_does_not_build(library, cast, bureau):
    with pytest.raises(PermissionDenied):
        make_problem(library.tiedong, cast.unit, bureau)


# ---------------------------------------------------------------- status


def test_department_takes_problem_in_hand(problem, cast):
    services.start_work(problem, actor=cast.department)
    assert refresh(problem).status == ProblemStatus.IN_PROGRESS


def test_only_open_problem_is_taken_in_hand(problem, cast):
    services.start_work(problem, actor=cast.department)
    with pytest.raises(ValidationError):
        services.start_work(problem, actor=cast.department)


def test_resolution_needs_a_text(problem, cast):
    with pytest.raises(ValidationError) as refused:
        services.resolve_problem(problem, resolution="  ", actor=cast.department)
    assert "resolution" in refused.value.message_dict
    assert refresh(problem).status == ProblemStatus.OPEN


def test_resolve_records_text_and_date(problem, cast):
    services.resolve_problem(problem, resolution="供电方案已批复", actor=cast.department)
    problem = refresh(problem)
    assert (problem.status, problem.resolution, problem.resolved_on) == (
        ProblemStatus.RESOLVED,
        "供电方案已批复",
        TODAY(),
    )
    assert problem.resolved_on_time and problem.days_to_resolve == 0


def test_closing_an_unresolved_problem_is_refused(problem, cast):
    with pytest.raises(ValidationError):
        services.close_problem(problem, satisfaction=5, actor=cast.unit)
    assert refresh(problem).status == ProblemStatus.OPEN


def test_closing_without_resolution_text_is_refused(problem, cast):
    Problem.objects.filter(pk=problem.pk).update(status=ProblemStatus.RESOLVED, resolution="")
    with pytest.raises(ValidationError):
        services.close_problem(refresh(problem), satisfaction=5, actor=cast.unit)


def test_raiser_closes_with_a_rating(problem, cast):
    services.resolve_problem(problem, resolution="已解决", actor=cast.department)
    services.close_problem(problem, satisfaction=4, actor=cast.unit)
    problem = refresh(problem)
    assert (problem.status, problem.satisfaction, problem.closed_on) == (
        ProblemStatus.CLOSED,
        4,
        TODAY(),
    )


def test_rating_outside_one_to_five_is_refused(problem, cast):
    services.resolve_problem(problem, resolution="已解决", actor=cast.department)
    with pytest.raises(ValidationError) as refused:
        services.close_problem(problem, satisfaction=6, actor=cast.unit)
    assert "satisfaction" in refused.value.message_dict


def test_department_may_not_close_its_own_resolution(problem, cast):
    services.resolve_problem(problem, resolution="已解决", actor=cast.department)
    with pytest.raises(PermissionDenied):
        services.close_problem(problem, satisfaction=5, actor=cast.department)
    another_unit = UserFactory(username="unit2", role=Role.PROJECT_UNIT)
    with pytest.raises(PermissionDenied):
        services.close_problem(problem, satisfaction=5, actor=another_unit)


def test_office_may_close_on_the_raisers_behalf(problem, cast):
    services.resolve_problem(problem, resolution="已解决", actor=cast.department)
    services.close_problem(problem, satisfaction=3, actor=cast.county)
    assert refresh(problem).status == ProblemStatus.CLOSED


def test_raiser_sends_back_with_a_reason(problem, cast):
    services.resolve_problem(problem, resolution="已协调", actor=cast.department)
    with pytest.raises(ValidationError):
        services.reopen_problem(problem, reason="", actor=cast.unit)
    services.reopen_problem(problem, reason="图纸仍未提供", actor=cast.unit)
    problem = refresh(problem)
    assert (problem.status, problem.resolved_on) == (ProblemStatus.IN_PROGRESS, None)
    assert "图纸仍未提供" in problem.resolution


def test_only_a_resolved_problem_is_sent_back(problem, cast):
    with pytest.raises(ValidationError):
        services.reopen_problem(problem, reason="未解决", actor=cast.unit)


def test_another_department_may_not_work_on_the_problem(problem, other_bureau):
    power = other_bureau.members.get()
    for act in (
        lambda: services.start_work(problem, actor=power),
        lambda: services.resolve_problem(problem, resolution="x", actor=power),
        lambda: services.escalate_problem(problem, to_level=Level.COUNTY, actor=power),
    ):
        with pytest.raises(PermissionDenied):
            act()
    assert refresh(problem).status == ProblemStatus.OPEN


def test_every_change_is_in_the_change_log(problem, cast):
    services.start_work(problem, actor=cast.department)
    services.resolve_problem(problem, resolution="已解决", actor=cast.department)
    services.close_problem(problem, satisfaction=5, actor=cast.unit)
    entries = ChangeLog.objects.for_object(problem).order_by("pk")
    assert [entry.actor for entry in entries] == [
        cast.unit,
        cast.department,
        cast.department,
        cast.unit,
    ]


# ---------------------------------------------------------------- escalation


def test_escalation_goes_one_level_at_a_time(problem, cast):
    services.escalate_problem(problem, to_level=Level.COUNTY, actor=cast.department)
    problem = refresh(problem)
    assert (problem.status, problem.level) == (ProblemStatus.ESCALATED, Level.COUNTY)
    services.escalate_problem(problem, to_level=Level.MUNICIPAL, actor=cast.department)
    services.escalate_problem(problem, to_level=Level.PROVINCIAL, actor=cast.county)
    assert refresh(problem).level == Level.PROVINCIAL


def test_skipping_a_level_is_refused_with_the_next_one_named(problem, cast):
    with pytest.raises(ValidationError) as refused:
        services.escalate_problem(problem, to_level=Level.MUNICIPAL, actor=cast.department)
    [message] = refused.value.message_dict["to_level"]
    assert str(Level.COUNTY.label) in message
    assert refresh(problem).level == Level.DEPARTMENT


def test_nothing_above_provincial(problem, cast):
    Problem.objects.filter(pk=problem.pk).update(level=Level.PROVINCIAL)
    with pytest.raises(ValidationError):
        services.escalate_problem(refresh(problem), to_level=Level.PROVINCIAL, actor=cast.office)


def test_a_resolved_problem_is_not_escalated(problem, cast):
    services.resolve_problem(problem, resolution="已解决", actor=cast.department)
    with pytest.raises(ValidationError):
        services.escalate_problem(problem, to_level=Level.COUNTY, actor=cast.department)


# ---------------------------------------------------------------- scoping


def test_department_user_sees_only_its_departments_problems(library, cast, bureau, other_bureau):
    mine = make_problem(library.haicheng, cast.unit, bureau)
    make_problem(library.haicheng, cast.unit, other_bureau)
    assert list(Problem.objects.visible_to(cast.department)) == [mine]
    assert Problem.objects.visible_to(cast.county).count() == 2
    assert Problem.objects.visible_to(cast.county2).count() == 0


# ---------------------------------------------------------------- agenda and decisions


def escalate_to(problem, level, actor):
    for step in range(problem.level + 1, level + 1):
        services.escalate_problem(problem, to_level=step, actor=actor)
    return refresh(problem)


def test_agenda_takes_escalated_problems_of_its_level_and_region(library, cast, bureau):
    municipal = escalate_to(make_problem(library.haicheng, cast.unit, bureau), 3, cast.office)
    county = escalate_to(make_problem(library.haicheng, cast.unit, bureau), 2, cast.office)
    make_problem(library.haicheng, cast.unit, bureau)  # still at the department
    shuangyashan = make_bureau(cast, name="双鸭山市发改委", region="jianshan")
    elsewhere = make_problem(library.jianshan, cast.administrator, shuangyashan)
    escalate_to(elsewhere, 3, cast.administrator)
    meeting = make_meeting(cast)

    items = services.build_agenda(meeting, actor=cast.administrator)
    assert [item.problem for item in items] == [municipal]
    assert county.level == Level.COUNTY


def test_agenda_does_not_take_a_problem_twice(library, cast, bureau):
    escalate_to(make_problem(library.haicheng, cast.unit, bureau), 3, cast.office)
    meeting = make_meeting(cast)
    assert len(services.build_agenda(meeting, actor=cast.office)) == 1
    assert services.build_agenda(meeting, actor=cast.office) == []
    assert meeting.items.count() == 1


def test_county_meeting_takes_county_problems(library, cast, bureau):
    county = escalate_to(make_problem(library.haicheng, cast.unit, bureau), 2, cast.county)
    escalate_to(make_problem(library.haicheng, cast.unit, bureau), 3, cast.county)
    meeting = make_meeting(cast, level=Level.COUNTY, region="haicheng")
    assert [item.problem for item in services.build_agenda(meeting, actor=cast.county)] == [county]


def test_only_offices_build_the_agenda(cast):
    with pytest.raises(PermissionDenied):
        services.build_agenda(make_meeting(cast), actor=cast.department)


def test_decision_moves_owner_and_deadline_to_the_problem(library, cast, bureau, other_bureau):
    problem = escalate_to(make_problem(library.haicheng, cast.unit, bureau), 3, cast.office)
    [item] = services.build_agenda(make_meeting(cast), actor=cast.office)
    services.record_decision(
        item,
        decision="由供电公司十日内接入",
        owner=other_bureau,
        new_deadline=days(10),
        actor=cast.office,
    )
    problem = refresh(problem)
    assert (problem.department, problem.deadline, problem.status) == (
        other_bureau,
        days(10),
        ProblemStatus.IN_PROGRESS,
    )
    item.refresh_from_db()
    assert (item.decision, item.owner, item.new_deadline) == (
        "由供电公司十日内接入",
        other_bureau,
        days(10),
    )
    # The new owner now has it in its queue, the old one no longer sees it.
    assert Problem.objects.visible_to(other_bureau.members.get()).get() == problem
    assert not Problem.objects.visible_to(cast.department).exists()


def test_decision_refuses_a_past_deadline_and_an_empty_text(library, cast, bureau):
    escalate_to(make_problem(library.haicheng, cast.unit, bureau), 3, cast.office)
    [item] = services.build_agenda(make_meeting(cast), actor=cast.office)
    with pytest.raises(ValidationError) as refused:
        services.record_decision(
            item, decision="限期解决", owner=bureau, new_deadline=days(-1), actor=cast.office
        )
    assert "deadline" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.record_decision(
            item, decision=" ", owner=bureau, new_deadline=days(5), actor=cast.office
        )
    with pytest.raises(PermissionDenied):
        services.record_decision(
            item, decision="限期解决", owner=bureau, new_deadline=days(5), actor=cast.department
        )


def test_a_county_can_send_a_problem_to_a_city_bureau(cast):
    from problems.models import Department

    city = Department.objects.create(name="鞍山市供电公司", region=cast.regions["anshan"])
    county = Department.objects.create(name="海城市自然资源局", region=cast.regions["haicheng"])
    other = Department.objects.create(name="铁东区住建局", region=cast.regions["tiedong"])
    reachable = set(Department.objects.reachable_by(cast.unit))
    assert {city, county} <= reachable and other not in reachable
