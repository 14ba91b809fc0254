"""In a real browser: create a project, put it on a list, assign the Five Ones, find it."""

import pytest

from core.tests.cast import PASSWORD, make_cast
from projects.tests.factories import IndustryFactory, PersonFactory, ProjectListFactory

pytestmark = pytest.mark.browser


def test_create_list_five_ones_and_find_it(browser_page, artifacts):
    cast = make_cast()
    IndustryFactory()
    ProjectListFactory(name="鞍山市重点项目", year=2024, region=cast.regions["anshan"])
    PersonFactory(name="吴副市长", title="副市长", region=cast.regions["anshan"])
    PersonFactory(name="赵主任", title="发改局主任", region=cast.regions["haicheng"])
    page = browser_page
    page.goto("/accounts/login/")
    page.fill("#id_username", "office")
    page.fill("#id_password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)

    page.goto("/projects/new/")
    page.fill("#id_name", "海城储能电池项目")
    page.fill("#id_code", "2024-210381-38-03-000777")
    page.select_option("#id_region", label="海城市")
    page.select_option("#id_industry", index=1)
    page.select_option("#id_category", "industrial")
    page.select_option("#id_nature", "new")
    page.select_option("#id_source", "private")
    page.fill("#id_total_investment", "150000")
    page.fill("#id_investor_credit_code", "91350100M000100Y43")
    page.click("main button[type=submit]")
    page.wait_for_selector("#overview")
    assert page.locator("h1").inner_text() == "海城储能电池项目"

    page.click("#lists-heading a")
    page.select_option("#id_project_list", index=1)
    page.fill("#id_annual_plan", "50000")
    page.select_option("#id_plan", "start")
    page.click("main button[type=submit]")
    page.wait_for_selector("#lists table")
    assert "鞍山市重点项目" in page.locator("#lists table").inner_text()

    page.click("#five-ones-heading a")
    page.select_option("#id_leader", label="吴副市长（副市长）")
    page.select_option("#id_responsible_person", label="赵主任（发改局主任）")
    page.fill("#id_responsible_unit", "海城市发改局")
    page.select_option("#id_working_group", label="赵主任（发改局主任）")
    page.click("main button[type=submit]")
    page.wait_for_selector("#five-ones")
    five_ones = page.locator("#five-ones").inner_text()
    assert "吴副市长" in five_ones and "海城市发改局" in five_ones

    page.goto("/projects/?year=2024")
    row = page.locator("table tbody tr", has_text="海城储能电池项目")
    assert row.count() == 1
    assert "吴副市长" in row.inner_text()
    page.screenshot(path=artifacts / "project-list.png", full_page=True)
