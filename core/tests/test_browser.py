"""In a real browser: sign in, switch the language, and keep a screenshot."""

import pytest

from core.tests.cast import PASSWORD

pytestmark = pytest.mark.browser


def test_sign_in_switch_language_and_screenshot(browser_page, artifacts):
    from core.tests.cast import make_cast

    make_cast()
    page = browser_page
    page.goto("/")
    assert "/accounts/login/" in page.url
    assert page.locator("html").get_attribute("lang") == "zh-hans"  # follows the browser

    page.fill("#id_username", "office")
    page.fill("#id_password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    assert page.locator("#user-menu").is_visible()

    page.click("button[name=language][value=en]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("#menu").get_by_role("button", name="Reference data").is_visible()
    page.screenshot(path=artifacts / "home-en.png", full_page=True)

    page.click("button[name=language][value=zh-hans]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.locator("#menu").get_by_role("button", name="基础数据").is_visible()
    page.screenshot(path=artifacts / "home-zh.png", full_page=True)
