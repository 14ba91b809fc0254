"""In a real browser: with a payload in every text field, no page, chart or tooltip runs script.

The payloads set ``window.__xss``. Beyond checking it stays undefined, the page records every
script blocked by the Content-Security-Policy: none may be, so the pages are safe by escaping,
not only because the policy stops what got through.
"""

import pytest

from accounts.demo import DEMO_PASSWORD
from core.tests.hostile import build_world

pytestmark = pytest.mark.browser

WATCH = """
window.__blocked = [];
document.addEventListener("securitypolicyviolation", function (event) {
  if (event.violatedDirective.indexOf("script-src") === 0) {
    window.__blocked.push(event.violatedDirective + " " + event.blockedURI);
  }
});
"""
# Every chart's tooltips as rich text on the canvas, then the tooltip of each data point shown.
SHOW_TOOLTIPS = """
() => Array.from(document.querySelectorAll("[data-chart]")).map(function (element) {
  var chart = echarts.getInstanceByDom(element);
  var option = chart.getOption();
  var shown = 0;
  option.series.forEach(function (series, seriesIndex) {
    var count = Math.min((series.data || []).length, 40);
    for (var dataIndex = 0; dataIndex < count; dataIndex++) {
      chart.dispatchAction({type: "showTip", seriesIndex: seriesIndex, dataIndex: dataIndex});
      shown++;
    }
  });
  return {
    richText: option.tooltip.every(function (t) { return t.renderMode === "richText"; }),
    shown: shown,
  };
})
"""


def sign_in(page):
    page.goto("/accounts/login/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def hover_charts(page):
    """Show every tooltip, then sweep the mouse over each chart as a person would."""
    charts = page.evaluate(SHOW_TOOLTIPS)
    assert all(chart["richText"] for chart in charts)
    for element in page.locator("[data-chart]").all():
        element.scroll_into_view_if_needed()
        box = element.bounding_box()
        for row in range(1, 6):
            for column in range(1, 10):
                page.mouse.move(
                    box["x"] + box["width"] * column / 10, box["y"] + box["height"] * row / 6
                )
    return charts


def assert_nothing_ran(page, dialogs):
    assert page.evaluate("typeof window.__xss") == "undefined", page.url
    assert page.evaluate("window.__blocked") == [], page.url
    assert dialogs == [], page.url


def test_no_payload_runs_in_pages_charts_or_tooltips(browser_page, artifacts):
    from problems.models import Meeting
    from promotion.models import Chain
    from reports.models import MonthlyReport

    build_world()
    chain = Chain.objects.order_by("pk").first()
    project = MonthlyReport.objects.order_by("-period__year", "pk").first().project
    meeting = Meeting.objects.order_by("pk").first()
    page = browser_page
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.add_init_script(WATCH)

    sign_in(page)
    assert_nothing_ran(page, dialogs)

    page.goto("/dashboard/")
    page.wait_for_selector("[data-source='chart-counties'] canvas")
    counties = page.locator("#chart-counties").text_content()
    assert "__xss" in counties  # the county names on the bar chart carry payloads
    assert sum(chart["shown"] for chart in hover_charts(page)) > 0
    assert_nothing_ran(page, dialogs)
    page.screenshot(path=artifacts / "hostile-dashboard.png", full_page=True)

    page.goto("/promotion/figures/")
    page.wait_for_selector("[data-chart] canvas")
    hover_charts(page)
    assert_nothing_ran(page, dialogs)

    page.goto(project.get_absolute_url())
    page.wait_for_selector("#monthly [data-chart] canvas")
    page.wait_for_selector("#colours table")
    hover_charts(page)
    assert_nothing_ran(page, dialogs)

    for url in (
        chain.get_absolute_url(),
        "/promotion/leads/board/",
        "/projects/",
        "/problems/",
        meeting.get_absolute_url(),
        "/changes/",
    ):
        page.goto(url)
        page.wait_for_load_state()
        assert "__xss" in page.content(), url  # shown, as text
        assert_nothing_ran(page, dialogs)
    page.screenshot(path=artifacts / "hostile-changes.png", full_page=True)
