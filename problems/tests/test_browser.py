"""In a browser: the project unit raises a problem, the department resolves it, the unit closes."""

import pytest

from core.tests.cast import PASSWORD, make_cast
from problems.choices import ProblemStatus
from problems.models import Department, Problem
from projects.tests.library import make_library

pytestmark = pytest.mark.browser


def sign_in(page, username):
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def sign_out(page):
    page.click("#user-menu")
    page.click("text=" + page.locator("form[action$='/logout/'] button").inner_text())
    page.wait_for_url(lambda url: "/accounts/login/" in url)


def test_unit_raises_department_resolves_unit_closes(browser_page, artifacts):
    cast = make_cast()
    project = make_library(cast).haicheng
    bureau = Department.objects.create(name="海城市供电分公司", region=cast.regions["haicheng"])
    bureau.members.add(cast.department)
    page = browser_page

    sign_in(page, "unit")
    page.goto(project.get_absolute_url())
    page.click("#problems a[href*='/problems/new/']")
    page.wait_for_selector("#id_description")
    page.select_option("#id_category", "power")
    page.fill("#id_description", "设备安装计划推迟：厂区供电方案和设计图纸尚未落实")
    page.select_option("#id_department", str(bureau.pk))
    page.click("main form button[type=submit]")
    page.wait_for_selector(".alert-success")
    problem = Problem.objects.get()
    assert (problem.project, problem.raised_by) == (project, cast.unit)
    sign_out(page)

    sign_in(page, "department")
    page.goto(problem.get_absolute_url())
    page.click("main form[action$='/start/'] button")
    page.wait_for_selector(".alert-success")
    page.fill("#id_resolution", "供电方案已批复，设计图纸三日内提供")
    page.click("main form[action$='/resolve/'] button")
    page.wait_for_selector("#resolution")
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.RESOLVED
    sign_out(page)

    sign_in(page, "unit")
    page.goto(problem.get_absolute_url())
    page.select_option("#id_satisfaction", "5")
    page.click("main form[action$='/close/'] button")
    page.wait_for_selector(".alert-success")
    problem.refresh_from_db()
    assert (problem.status, problem.satisfaction) == (ProblemStatus.CLOSED, 5)
    assert "5 / 5" in page.locator("#satisfaction").inner_text()
    page.screenshot(path=artifacts / "problem-closed.png", full_page=True)
