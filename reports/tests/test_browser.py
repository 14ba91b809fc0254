"""In a real browser: the project unit fills and submits a report; the county approves it."""

import datetime

import pytest

from core.tests.cast import PASSWORD, make_cast
from projects.choices import Status
from projects.services import change_status
from projects.tests.library import make_library
from reports.models import MonthlyReport, ReportingPeriod, default_deadline

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


def test_unit_submits_and_county_approves(browser_page, artifacts):
    cast = make_cast()
    project = make_library(cast).haicheng
    change_status(project, Status.STARTED, on=datetime.date(2024, 1, 10), actor=None)
    ReportingPeriod.objects.create(year=2024, month=2, deadline=default_deadline(2024, 2))
    page = browser_page

    sign_in(page, "unit")
    page.goto(f"/projects/{project.pk}/")
    page.locator("#monthly").get_by_role("button", name="2024-02").click()
    page.wait_for_selector("#id_completed")
    page.fill("#id_completed", "1234.5")
    page.fill("#id_progress_percent", "20")
    page.fill("#id_progress_text", "主体结构施工")
    page.fill("#id_workers", "85")
    page.click("main button[name=submit]")
    page.wait_for_selector(".alert-success")
    page.screenshot(path=artifacts / "report-submitted.png", full_page=True)
    report = MonthlyReport.objects.get()
    assert report.status == "submitted"
    sign_out(page)

    sign_in(page, "county")
    page.goto(report.get_absolute_url())
    page.click("main form[action$='/approve/'] button")
    page.wait_for_selector(".alert-success")
    report.refresh_from_db()
    assert report.status == "approved" and str(report.approved_completed) == "1234.5000"
    assert "1" in page.locator("#revisions-heading + table").inner_text()
    page.screenshot(path=artifacts / "report-approved.png", full_page=True)
