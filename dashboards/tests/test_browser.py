"""In a browser: the office opens the dashboard, changes the month, drills down to a red project."""

import pytest

from core.tests.cast import make_cast
from dashboards.tests.data import make_city
from reports.tests.test_browser import sign_in

pytestmark = pytest.mark.browser


def test_office_drills_down_from_the_dashboard_to_a_red_project(browser_page, artifacts):
    city = make_city(make_cast())
    page = browser_page

    sign_in(page, "office")
    page.goto("/dashboard/")
    page.wait_for_selector("[data-source='chart-warnings'] canvas")
    assert page.locator("#id_month").input_value() == "6"

    page.select_option("#id_month", "5")
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_url(lambda url: "month=5" in url)
    page.wait_for_selector("[data-source='chart-warnings'] canvas")
    # the anomaly list comes after the page, for the month chosen
    page.wait_for_selector("#anomalies [data-anomaly-count]")
    assert "month=5" in page.locator("#anomalies").get_attribute("hx-get")
    page.screenshot(path=artifacts / "dashboard.png", full_page=True)
    red = page.locator("[data-figure='colour-red']")
    assert red.locator("strong").inner_text() == "2"

    red.click()
    page.wait_for_url(lambda url: "figure=colour" in url and "value=red" in url)
    assert "month=5" in page.url
    page.get_by_role("link", name=city.red.name).click()
    page.wait_for_url(f"**/projects/{city.red.pk}/")
    assert page.locator("h1").inner_text().strip() == city.red.name
    page.wait_for_selector("#colours td[data-colour='red']")
