"""In a browser: a commissioner logs a visit with a request and turns the request into a problem."""

import pytest
from django.utils import timezone

from accounts.choices import Role
from core.tests.cast import PASSWORD, make_cast
from core.tests.factories import UserFactory
from core.validators import credit_code_check_character
from enterprises.models import Enterprise, Request
from problems.models import Department, Problem

pytestmark = pytest.mark.browser


def sign_in(page, username):
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def test_commissioner_turns_a_visit_request_into_a_problem(browser_page, artifacts):
    cast = make_cast()
    commissioner = UserFactory(
        username="commissioner", role=Role.COMMISSIONER, region=cast.regions["anshan"]
    )
    code = "91210381MA0Y00001" + credit_code_check_character("91210381MA0Y00001")
    enterprise = Enterprise.objects.create(
        name="鞍山丰帆新能源有限公司",
        credit_code=code,
        region=cast.regions["haicheng"],
        above_designated_size=True,
        commissioner=commissioner,
    )
    bureau = Department.objects.create(name="海城市自然资源局", region=cast.regions["haicheng"])
    bureau.members.add(cast.department)
    page = browser_page

    sign_in(page, "commissioner")
    page.goto("/enterprises/mine/")
    page.click(f"main table a[href='{enterprise.get_absolute_url()}']")
    page.click(f"main a[href$='/enterprises/{enterprise.pk}/visits/new/']")
    page.wait_for_selector("#id_content")
    page.fill("#id_visited_on", timezone.localdate().isoformat())
    page.fill("#id_content", "走访企业，了解二期扩产进展")
    page.fill("#id_requests", "二期项目用地指标尚未落实")
    page.click("main form button[type=submit]")
    page.wait_for_selector(".alert-success")

    request = Request.objects.get()
    assert (request.visit.enterprise, request.visit.commissioner) == (enterprise, commissioner)
    page.select_option(f"#category-{request.pk}", "land")
    page.select_option(f"#department-{request.pk}", str(bureau.pk))
    page.screenshot(path=artifacts / "enterprise-visit.png", full_page=True)
    page.click(f"#request-{request.pk} form button[type=submit]")
    page.wait_for_url(lambda url: "/problems/" in url)

    problem = Problem.objects.get()
    assert page.url.endswith(problem.get_absolute_url())
    assert (problem.enterprise, problem.department, problem.raised_by) == (
        enterprise,
        bureau,
        commissioner,
    )
    assert "二期项目用地指标尚未落实" in page.locator("main").inner_text()
    page.wait_for_selector(".alert-success")
    page.screenshot(path=artifacts / "enterprise-request-problem.png", full_page=True)
