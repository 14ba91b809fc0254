"""Every filter of the project list, applied through the page (the export and API share it)."""

import datetime
from decimal import Decimal

import pytest

from projects.choices import Status
from projects.services import change_status, stall_project
from projects.tests.factories import (
    IndustryFactory,
    MembershipFactory,
    MilestoneFactory,
    PersonFactory,
    ProjectFactory,
    ProjectListFactory,
    SectionFactory,
)


@pytest.fixture
def varied(library, cast):
    """Projects that differ in exactly one way each from the library's two Anshan projects."""
    regions = cast.regions
    leader = PersonFactory(name="吴市长", region=regions["anshan"])
    mining = IndustryFactory(
        code="08", name_zh="黑色金属矿采选业", parent=SectionFactory(code="B", name_zh="采矿业")
    )
    big = ProjectFactory(
        name="西鞍山铁矿",
        region=regions["tiedong"],
        total_investment=Decimal("3000000"),
        category="infrastructure",
        industry=mining,
        leader=leader,
    )
    provincial = ProjectListFactory(
        name="辽宁省重点项目", level="provincial", year=2023, region=regions["anshan"]
    )
    MembershipFactory(project=big, project_list=provincial)
    change_status(big, Status.STARTED, on=datetime.date(2023, 5, 1), actor=None)
    stall_project(big, on=datetime.date(2023, 8, 1), reason="征地", actor=None)
    MilestoneFactory(project=library.tiedong, due_date=datetime.date(2024, 1, 1))
    return big, leader, provincial


def names(client, **params):
    response = client.get("/projects/", params)
    assert response.status_code == 200
    return {row.name for row in response.context["table"].data}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"region": "210381"}, {"丰帆储能装备制造项目"}),
        ({"region": "210300"}, {"丰帆储能装备制造项目", "铁东智慧物流园", "西鞍山铁矿"}),
        ({"region": "999999"}, set()),
        ({"status": "started"}, {"西鞍山铁矿"}),
        ({"level": "provincial"}, {"西鞍山铁矿"}),
        ({"year": "2024"}, {"丰帆储能装备制造项目", "铁东智慧物流园"}),
        ({"category": "infrastructure"}, {"西鞍山铁矿"}),
        ({"industry": "B"}, {"西鞍山铁矿"}),
        ({"industry": "08"}, {"西鞍山铁矿"}),
        ({"industry": "38"}, {"丰帆储能装备制造项目", "铁东智慧物流园"}),
        ({"min_investment": "1000000"}, {"西鞍山铁矿"}),
        ({"max_investment": "10000"}, {"丰帆储能装备制造项目", "铁东智慧物流园"}),
        ({"stalled": "true"}, {"西鞍山铁矿"}),
        ({"overdue": "true"}, {"铁东智慧物流园"}),
        ({"q": "物流"}, {"铁东智慧物流园"}),
    ],
)
def test_filter(varied, cast, client_for, params, expected):
    assert names(client_for(cast.office), **params) == expected


def test_list_and_leader_filters(varied, library, cast, client_for):
    big, leader, provincial = varied
    client = client_for(cast.office)
    assert names(client, project_list=library.anshan_list.pk) == {
        "丰帆储能装备制造项目",
        "铁东智慧物流园",
    }
    assert names(client, project_list=provincial.pk) == {"西鞍山铁矿"}
    assert names(client, leader=leader.pk) == {"西鞍山铁矿"}


def test_filters_never_leave_the_scope(varied, cast, client_for):
    assert names(client_for(cast.county), region="210300") == {"丰帆储能装备制造项目"}
    assert names(client_for(cast.other_city)) == {"双鸭山石墨负极材料项目"}
