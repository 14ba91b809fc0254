"""In a browser: a promotion officer takes a lead from the first contact to a project."""

import pytest

from accounts.choices import Role
from core.tests.cast import PASSWORD, make_cast
from core.tests.factories import UserFactory
from projects.models import Project
from projects.tests.factories import IndustryFactory
from promotion.choices import Stage
from promotion.models import Contract, Lead
from promotion.tests.factories import ChainFactory, credit_code

pytestmark = pytest.mark.browser


def sign_in(page, username):
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def move_on_the_board(page, lead, stage):
    page.goto("/promotion/leads/board/")
    page.select_option(f"#move-{lead.pk}", stage)
    page.click(f"#move-{lead.pk}-button")
    page.wait_for_selector(f"#column-{stage} #lead-{lead.pk}")


def test_promoter_takes_a_lead_to_a_project(browser_page, artifacts):
    cast = make_cast()
    UserFactory(username="promoter", role=Role.PROMOTION, region=cast.regions["anshan"])
    industry = IndustryFactory()
    chain = ChainFactory(name="新能源", region=cast.regions["anshan"])
    page = browser_page

    sign_in(page, "promoter")
    page.goto("/promotion/leads/new/")
    page.fill("#id_investor_name", "丰帆新能源科技")
    page.fill("#id_investor_credit_code", credit_code(42))
    page.select_option("#id_region", str(cast.regions["haicheng"].pk))
    page.select_option("#id_industry", str(industry.pk))
    page.select_option("#id_chain", str(chain.pk))
    page.fill("#id_intended_investment", "150000")
    page.fill("#id_content", "年产10GWh储能电池及系统集成")
    page.click("main form button[type=submit]")
    page.wait_for_selector(".alert-success")
    lead = Lead.objects.get()

    move_on_the_board(page, lead, Stage.ASSESSMENT)
    move_on_the_board(page, lead, Stage.NEGOTIATION)
    page.screenshot(path=artifacts / "promotion-board.png", full_page=True)
    lead.refresh_from_db()
    assert lead.stage == Stage.NEGOTIATION

    page.click(f"#lead-{lead.pk} a")
    page.click("#record-contract")
    assert page.input_value("#id_counterparty") == "丰帆新能源科技"
    page.fill("#id_name", "丰帆储能装备制造项目")
    page.fill("#id_signing_event", "第二批集中签约")
    page.click("main form button[type=submit]")
    page.wait_for_selector("#convert-form")
    contract = Contract.objects.get()
    lead.refresh_from_db()
    assert (contract.lead, lead.stage) == (lead, Stage.SIGNED)

    page.select_option("#convert-form select[name=region]", str(cast.regions["haicheng"].pk))
    page.click("#convert-form button[type=submit]")
    page.wait_for_selector("#project-contract")
    project = Project.objects.get()
    assert page.url.endswith(project.get_absolute_url())
    assert (project.name, project.industry, project.investor_name) == (
        "丰帆储能装备制造项目",
        industry,
        "丰帆新能源科技",
    )
    assert contract.get_absolute_url() in page.inner_html("#project-contract")
    page.screenshot(path=artifacts / "promotion-project.png", full_page=True)
