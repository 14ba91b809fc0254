"""The project list page at scale: the list and leader filters offer what fits the other
filters (yet accept any list or person in scope), and the page's queries do not grow."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.tests.factories import (
    MembershipFactory,
    MilestoneFactory,
    PersonFactory,
    ProjectFactory,
    ProjectListFactory,
)


@pytest.fixture
def around(cast, library):
    """A list and a person in each region from Liaoning down to Haicheng and Tiedong."""
    regions = cast.regions
    lists, people = {}, {}
    for key in ("liaoning", "anshan", "haicheng", "tiedong", "shuangyashan"):
        level = {"liaoning": "provincial", "anshan": "municipal"}.get(key, "county")
        lists[key] = ProjectListFactory(name=f"{key} list", level=level, region=regions[key])
        people[key] = PersonFactory(name=f"{key} leader", region=regions[key])
    lists["anshan 2023"] = ProjectListFactory(
        name="anshan 2023", year=2023, region=regions["anshan"]
    )
    return lists, people


def offered(response, name):
    """The values of the options of <select name=...>, the empty choice left out."""
    select = re.search(rf'<select name="{name}".*?</select>', response.content.decode(), re.S)
    return {value for value in re.findall(r'<option value="([^"]*)"', select.group(0)) if value}


def keys(*rows):
    return {str(row.pk) for row in rows}


def test_without_a_region_every_list_and_person_in_scope_is_offered(
    around, library, cast, client_for
):
    lists, people = around
    response = client_for(cast.office).get("/projects/")
    in_anshan = ("anshan", "haicheng", "tiedong")
    assert offered(response, "project_list") == keys(
        library.anshan_list, lists["anshan 2023"], *(lists[key] for key in in_anshan)
    )
    assert offered(response, "leader") == keys(*(people[key] for key in in_anshan))


def test_a_county_is_offered_its_own_lists_and_people_and_those_above(around, cast, client_for):
    lists, people = around
    response = client_for(cast.administrator).get("/projects/", {"region": "210381"})
    above_and_own = ("liaoning", "anshan", "haicheng")
    assert offered(response, "project_list") >= keys(*(lists[key] for key in above_and_own))
    assert offered(response, "project_list").isdisjoint(
        keys(lists["tiedong"], lists["shuangyashan"])
    )
    assert offered(response, "leader") == keys(*(people[key] for key in above_and_own))


def test_a_city_is_offered_its_counties_lists_and_people(around, cast, client_for):
    lists, people = around
    response = client_for(cast.administrator).get("/projects/", {"region": "210300"})
    below_and_above = ("liaoning", "anshan", "haicheng", "tiedong")
    assert offered(response, "leader") == keys(*(people[key] for key in below_and_above))
    assert lists["shuangyashan"].pk not in {int(pk) for pk in offered(response, "project_list")}


def test_year_and_level_narrow_the_lists_offered(around, library, cast, client_for):
    lists, _people = around
    client = client_for(cast.office)
    in_2023 = offered(client.get("/projects/", {"year": "2023"}), "project_list")
    assert in_2023 == keys(lists["anshan 2023"])
    county = offered(client.get("/projects/", {"level": "county"}), "project_list")
    assert county == keys(lists["haicheng"], lists["tiedong"])


def test_the_chosen_list_and_leader_are_offered_and_selected_wherever_they_are(
    around, cast, client_for
):
    lists, people = around
    tiedong = ProjectFactory(
        name="铁东项目", region=cast.regions["tiedong"], leader=people["tiedong"]
    )
    MembershipFactory(project=tiedong, project_list=lists["tiedong"])
    params = {"region": "210300", "year": "2023", "project_list": lists["tiedong"].pk}
    response = client_for(cast.office).get("/projects/", {**params, "leader": people["tiedong"].pk})
    assert str(lists["tiedong"].pk) in offered(response, "project_list")
    page = response.content.decode()
    assert f'<option value="{lists["tiedong"].pk}" selected>' in page
    assert f'<option value="{people["tiedong"].pk}" selected>' in page


def test_a_leader_not_offered_still_filters(around, cast, client_for):
    _lists, people = around
    ProjectFactory(name="铁东项目", region=cast.regions["tiedong"], leader=people["anshan"])
    response = client_for(cast.office).get(
        "/projects/", {"region": "210381", "leader": people["anshan"].pk}
    )
    assert [row.name for row in response.context["table"].data] == []
    response = client_for(cast.office).get("/projects/", {"leader": people["anshan"].pk})
    assert [row.name for row in response.context["table"].data] == ["铁东项目"]


def test_a_leader_out_of_scope_is_refused_not_offered(around, cast, client_for):
    _lists, people = around
    ProjectFactory(region=cast.regions["jianshan"], leader=people["shuangyashan"])
    response = client_for(cast.office).get("/projects/", {"leader": people["shuangyashan"].pk})
    assert list(response.context["table"].data) == []
    assert str(people["shuangyashan"].pk) not in offered(response, "leader")
    assert response.context["filter"].errors


def test_a_malformed_choice_is_an_error_not_a_crash(around, cast, client_for):
    client = client_for(cast.office)
    hostile = ({"leader": "x"}, {"project_list": "1e99"}, {"year": "0"}, {"region": "1\x00"})
    for params in (*hostile, {"region": "21" * 9}):
        assert client.get("/projects/", params).status_code == 200


def test_the_filtered_sorted_page_makes_as_many_queries_for_many_rows(around, cast, client_for):
    lists, people = around
    client = client_for(cast.office)
    url = "/projects/?region=210300&status=started&sort=-total_investment"

    def add_projects(n):
        for i in range(n):
            county = ("haicheng", "tiedong")[i % 2]
            project = ProjectFactory(
                region=cast.regions[county], status="started", leader=people[county]
            )
            MembershipFactory(project=project, project_list=lists[county])
            MilestoneFactory(project=project, due_date=datetime.date(2020, 1, i + 1))

    def count():
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context)

    add_projects(1)
    before = count()
    add_projects(20)
    assert count() == before
