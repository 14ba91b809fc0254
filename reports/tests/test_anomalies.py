"""Anomalies in reported figures: each rule at its edge, the review page, the dashboard's list."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from openpyxl import load_workbook

from projects.choices import Status
from projects.models import Project
from projects.services import change_status
from projects.tests.factories import MembershipFactory, ProjectFactory, ProjectListFactory
from reports import services
from reports.anomalies import Code, anomalies
from reports.choices import ReportStatus
from reports.models import MonthlyReport, ReportingPeriod, ReportRevision, WarningRules
from reports.models import default_deadline as deadline

APPROVED, SUBMITTED = ReportStatus.APPROVED, ReportStatus.SUBMITTED
EPSILON = Decimal("0.0001")  # the smallest step of a figure


@pytest.fixture(autouse=True)
def english():
    """The sentences are read in English (money in CNY million), whatever is translated."""
    with translation.override("en"):
        yield


def sign_in(client_for, user):
    client = client_for(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def period(month, year=2024):
    return ReportingPeriod.objects.get_or_create(
        year=year, month=month, defaults={"deadline": deadline(year, month)}
    )[0]


def reported(project, month, amount, status=APPROVED, at=None):
    """A report as the workflow leaves it; an approved one with revision 1 approved ``at``."""
    amount, approved = Decimal(amount), status == APPROVED
    report = MonthlyReport.objects.create(
        project=project,
        period=period(month),
        completed=amount,
        approved_completed=amount if approved else None,
        status=status,
        revision=int(approved),
    )
    if approved:
        ReportRevision.objects.create(
            report=report,
            number=1,
            completed=amount,
            progress_percent=0,
            workers=0,
            approved_at=at or timezone.now(),
        )
    return report


def flags(report):
    report = MonthlyReport.objects.select_related("project", "period").get(pk=report.pk)
    return anomalies([report])[report.pk]


def codes(report):
    return {flag.code for flag in flags(report)}


@pytest.fixture
def roomy(started):
    """丰帆, started 2024-01-10, plan 5,000, with a total large enough for no month to stand out."""
    Project.objects.filter(pk=started.pk).update(total_investment=Decimal("1000000"))
    started.refresh_from_db()
    return started


# ---------------------------------------------------------------- month_share


def test_month_at_the_share_of_the_total_is_not_flagged(started):
    # total 10,000, limit 30 %
    assert Code.MONTH_SHARE not in codes(reported(started, 2, "3000"))


def test_month_above_the_share_of_the_total_is_flagged_with_its_figures(started):
    (flag,) = flags(reported(started, 2, Decimal("3000") + EPSILON))
    assert flag.code == Code.MONTH_SHARE
    assert "CNY 30.00 million" in flag.text and "2024-02" in flag.text
    assert "CNY 100.00 million" in flag.text and "(limit 30%)" in flag.text


def test_the_share_is_configurable(started):
    rules = WarningRules.objects.current()
    rules.anomaly_month_share_percent = 20
    rules.save()
    assert Code.MONTH_SHARE in codes(reported(started, 2, Decimal("2000") + EPSILON))
    assert Code.MONTH_SHARE not in codes(reported(started, 3, "2000"))


def test_administrator_sets_the_share_on_the_warning_rules_page(cast, client_for):
    data = {
        "red_lag_points": "15",
        "yellow_lag_points": "5",
        "red_months_without_report": "2",
        "red_milestone_overdue_days": "30",
        "anomaly_month_share_percent": "25",
    }
    assert sign_in(client_for, cast.office).post("/reports/warning-rules/", data).status_code == 403
    client = sign_in(client_for, cast.administrator)
    assert client.post("/reports/warning-rules/", data).status_code == 302
    assert WarningRules.objects.current().anomaly_month_share_percent == 25
    response = client.post("/reports/warning-rules/", {**data, "anomaly_month_share_percent": 0})
    assert "anomaly_month_share_percent" in response.context["form"].errors


# ---------------------------------------------------------------- ytd_over_plan


def test_year_to_date_at_one_and_a_half_plans_is_not_flagged(roomy):
    reported(roomy, 1, "4000")
    assert Code.YTD_OVER_PLAN not in codes(reported(roomy, 2, "3500", SUBMITTED))


def test_year_to_date_above_one_and_a_half_plans_is_flagged(roomy):
    reported(roomy, 1, "4000")
    (flag,) = flags(reported(roomy, 2, Decimal("3500") + EPSILON, SUBMITTED))
    assert flag.code == Code.YTD_OVER_PLAN
    assert "CNY 75.00 million" in flag.text and "CNY 50.00 million" in flag.text
    assert "150.0%" in flag.text and "(limit 150%)" in flag.text


def test_year_to_date_counts_earlier_months_only_when_approved(roomy):
    reported(roomy, 1, "4000", SUBMITTED)
    assert Code.YTD_OVER_PLAN not in codes(reported(roomy, 2, "4000", SUBMITTED))


def test_year_to_date_without_a_plan_is_not_checked(library):
    project = change_status(
        library.jianshan, Status.STARTED, on=datetime.date(2024, 1, 5), actor=None
    )
    Project.objects.filter(pk=project.pk).update(total_investment=Decimal("1000000"))
    assert codes(reported(project, 2, "8000", SUBMITTED)) == set()  # 1.6 × 5,000


# ---------------------------------------------------------------- repeated_figure


def test_same_figure_three_months_running_is_flagged(roomy):
    reported(roomy, 1, "300")
    reported(roomy, 2, "300")
    (flag,) = flags(reported(roomy, 3, "300.0000", SUBMITTED))
    assert flag.code == Code.REPEATED_FIGURE
    assert "CNY 3.00 million" in flag.text and "2024-01, 2024-02, 2024-03" in flag.text


def test_a_figure_differing_by_the_smallest_step_is_not_repeated(roomy):
    reported(roomy, 1, "300")
    reported(roomy, 2, "300")
    assert codes(reported(roomy, 3, Decimal("300") + EPSILON, SUBMITTED)) == set()


def test_two_months_running_or_zeros_or_a_gap_are_not_repeated(roomy):
    reported(roomy, 2, "300")
    assert codes(reported(roomy, 3, "300", SUBMITTED)) == set()  # only two months
    for month in (4, 5, 6):
        zero = reported(roomy, month, "0")
    assert codes(zero) == set()
    reported(roomy, 8, "300")
    assert codes(reported(roomy, 9, "300")) == set()  # July is missing


# ---------------------------------------------------------------- outside_construction


def test_investment_before_the_start_month_is_flagged(library):
    project = change_status(
        library.haicheng, Status.STARTED, on=datetime.date(2024, 2, 15), actor=None
    )
    (flag,) = flags(reported(project, 1, "10"))
    assert flag.code == Code.OUTSIDE_CONSTRUCTION and "2024-02-15" in flag.text
    assert codes(reported(project, 2, "10")) == set()  # the start month itself


def test_nothing_completed_before_the_start_is_not_flagged(library):
    project = change_status(
        library.haicheng, Status.STARTED, on=datetime.date(2024, 2, 15), actor=None
    )
    assert codes(reported(project, 1, "0")) == set()


def test_investment_after_the_completion_month_is_flagged(library):
    project = change_status(
        library.haicheng, Status.STARTED, on=datetime.date(2024, 1, 5), actor=None
    )
    project = change_status(project, Status.COMPLETED, on=datetime.date(2024, 3, 10), actor=None)
    assert codes(reported(project, 3, "10")) == set()  # the completion month itself
    (flag,) = flags(reported(project, 4, "10"))
    assert flag.code == Code.OUTSIDE_CONSTRUCTION and "2024-03-10" in flag.text


def test_investment_of_a_project_never_started_is_flagged(library):
    (flag,) = flags(reported(library.haicheng, 1, "10", SUBMITTED))
    assert flag.code == Code.OUTSIDE_CONSTRUCTION and "not started" in flag.text


# ---------------------------------------------------------------- since_start_down


def through_review(project, month, amount, actor, approve=True):
    report = services.start_report(project, period(month), actor=actor)
    report.completed = Decimal(amount)
    services.save_report(report, actor=actor)
    report = services.submit_report(report, actor=actor)
    return services.approve_report(report, actor=actor) if approve else report


def corrected(report, amount, actor):
    report = services.start_correction(report, reason="审计核减", actor=actor)
    report.completed = Decimal(amount)
    services.save_report(report, actor=actor)
    report = services.submit_report(report, actor=actor)
    return services.approve_report(report, actor=actor)


@pytest.fixture
def lowered(roomy, cast):
    """January 1,000 and February 500 approved, then an audit lowers January to 600."""
    january = through_review(roomy, 1, "1000", cast.office)
    through_review(roomy, 2, "500", cast.office)
    corrected(january, "600", cast.office)
    return roomy


def test_since_start_below_the_one_recorded_last_month_is_flagged(lowered, cast):
    march = through_review(lowered, 3, Decimal("400") - EPSILON, cast.office, approve=False)
    (flag,) = flags(march)
    assert flag.code == Code.SINCE_START_DOWN
    assert "CNY 15.00 million recorded with 2024-02" in flag.text and "2024-03" in flag.text
    assert Code.SINCE_START_DOWN in codes(services.approve_report(march, actor=cast.office))


def test_since_start_equal_to_the_one_recorded_last_month_is_not_flagged(lowered, cast):
    assert codes(through_review(lowered, 3, "400", cast.office, approve=False)) == set()


def test_a_correction_recorded_before_last_month_does_not_flag(roomy, cast):
    january = through_review(roomy, 1, "1000", cast.office)
    corrected(january, "600", cast.office)
    february = through_review(roomy, 2, "500", cast.office)
    assert codes(february) == set()
    assert codes(through_review(roomy, 3, "0", cast.office, approve=False)) == set()


def test_the_month_approved_before_the_correction_is_not_flagged(lowered):
    february = MonthlyReport.objects.get(project=lowered, period__month=2)
    assert codes(february) == set()


# ---------------------------------------------------------------- queries


def test_anomalies_take_the_same_queries_for_one_report_or_many(roomy, library, cast):
    rules = WarningRules.objects.current()
    one = [reported(roomy, 1, "300")]
    for month in (2, 3):
        one.append(reported(roomy, month, "300"))
    with CaptureQueriesContext(connection) as few:
        anomalies(MonthlyReport.objects.filter(pk=one[-1].pk).select_related("project", "period"))
    many = MonthlyReport.objects.select_related("project", "period")
    with CaptureQueriesContext(connection) as all_of_them:
        found = anomalies(many, rules)
    assert len(all_of_them) == len(few) - 1 == 4  # the rules were given
    assert {flag.code for flag in found[one[-1].pk]} == {Code.REPEATED_FIGURE}


# ---------------------------------------------------------------- the review page


def test_reviewer_sees_the_anomalies_before_approving(started, cast, client_for):
    report = reported(started, 2, "3500", SUBMITTED)
    page = sign_in(client_for, cast.county).get(report.get_absolute_url()).content.decode()
    assert "Check these figures before approving" in page
    assert 'data-anomaly="month_share"' in page and "CNY 35.00 million" in page
    assert page.index("data-anomalies") < page.index(f"/reports/{report.pk}/approve/")


def test_reviewer_sees_the_anomalies_of_an_approved_report(started, cast, client_for):
    report = reported(started, 2, "3500")
    page = sign_in(client_for, cast.office).get(report.get_absolute_url()).content.decode()
    assert 'data-anomaly="month_share"' in page and "Anomalies in the figures" in page


def test_project_unit_does_not_see_the_review_warning(started, cast, client_for):
    report = reported(started, 2, "3500", SUBMITTED)
    page = sign_in(client_for, cast.unit).get(report.get_absolute_url()).content.decode()
    assert "data-anomalies" not in page


def test_a_report_without_anomalies_shows_no_warning(started, cast, client_for):
    report = reported(started, 2, "100", SUBMITTED)
    page = sign_in(client_for, cast.county).get(report.get_absolute_url()).content.decode()
    assert "data-anomalies" not in page


# ---------------------------------------------------------------- the dashboard


@pytest.fixture
def anomalous(library):
    """A month-share anomaly in March 2024 in Haicheng, Tiedong and Jianshan (another city)."""
    found = {}
    for name in ("haicheng", "tiedong", "jianshan"):
        project = getattr(library, name)
        change_status(project, Status.STARTED, on=datetime.date(2024, 1, 5), actor=None)
        reported(project, 2, "100")
        found[name] = reported(project, 3, "3500", SUBMITTED)
    other_list = ProjectListFactory(region=library.jianshan.region.parent)
    MembershipFactory(project=library.jianshan, project_list=other_list)
    return found


def dashboard(client, **params):
    """The dashboard's anomaly list (a fragment the page loads after itself)."""
    return client.get("/dashboard/anomalies/", {"year": 2024, "month": 3, **params})


def test_the_dashboard_loads_its_anomaly_list_with_its_filters(anomalous, cast, client_for):
    client = sign_in(client_for, cast.office)
    region = cast.regions["haicheng"].code
    page = client.get("/dashboard/", {"year": 2024, "month": 3, "region": region})
    assert "Anomalies in reported figures" in page.content.decode()
    [loader] = re.findall(r'hx-get="(/dashboard/anomalies/[^"]*)"', page.content.decode())
    assert "year=2024" in loader and "month=3" in loader and f"region={region}" in loader


def test_the_anomaly_list_asks_for_a_valid_month(cast, client_for):
    client = sign_in(client_for, cast.office)
    response = client.get("/dashboard/anomalies/", {"year": "x", "month": 3})
    assert response.status_code == 200
    assert "anomalies" in response.context and response.context["anomalies"] is None


def test_dashboard_lists_the_anomalies_of_the_month_with_links(anomalous, cast, client_for):
    page = dashboard(sign_in(client_for, cast.office)).content.decode()
    for name in ("haicheng", "tiedong"):
        assert f'href="{anomalous[name].get_absolute_url()}"' in page
    assert anomalous["jianshan"].get_absolute_url() not in page  # another city
    assert "CNY 35.00 million" in page


def test_dashboard_exports_the_anomalies(anomalous, cast, client_for):
    response = dashboard(sign_in(client_for, cast.office), export="xlsx")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("project", "county or district", "month")
    names = sorted(row[0] for row in rows[1:])
    assert names == sorted([anomalous["haicheng"].project.name, anomalous["tiedong"].project.name])
    assert all(row[2] == "2024-03" and "CNY 35.00 million" in row[5] for row in rows[1:])


def test_county_officer_sees_only_their_countys_anomalies(anomalous, cast, client_for):
    page = dashboard(sign_in(client_for, cast.county2)).content.decode()
    assert f'href="{anomalous["tiedong"].get_absolute_url()}"' in page
    assert anomalous["haicheng"].get_absolute_url() not in page
    response = dashboard(sign_in(client_for, cast.county2), export="xlsx")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == [anomalous["tiedong"].project.name]


def test_dashboard_lists_no_anomaly_of_another_month(anomalous, cast, client_for):
    page = dashboard(sign_in(client_for, cast.office), month=2).content.decode()
    assert "No anomalies in this month" in page


def _count(client):
    with CaptureQueriesContext(connection) as context:
        assert dashboard(client).status_code == 200
    return len(context)


def test_dashboard_queries_do_not_grow_with_anomalies(anomalous, library, cast, client_for):
    client = sign_in(client_for, cast.office)
    _count(client)  # warm up: the warning rules are created on first use
    before = _count(client)
    for _ in range(5):
        project = ProjectFactory(region=cast.regions["haicheng"])
        MembershipFactory(project=project, project_list=library.anshan_list)
        change_status(project, Status.STARTED, on=datetime.date(2024, 1, 5), actor=None)
        for month in (1, 2, 3):
            reported(project, month, "300")
    assert _count(client) == before
    assert len(dashboard(client).context["anomalies"].rows) == 2 + 5
