"""Report pages, the missing-reports list, reminders and the API."""

import io
import json
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from rest_framework.test import APIClient

from reports import services
from reports.choices import ReportStatus
from reports.models import MonthlyReport


@pytest.fixture
def draft(started, periods, cast):
    return services.start_report(started, periods[1], actor=cast.unit)


FIGURES = {
    "completed": "800.2500",
    "progress_percent": "15",
    "progress_text": "桩基施工",
    "workers": "120",
    "narrative": "",
    "over_total_explanation": "",
}


def test_unit_saves_and_submits_from_the_page(draft, cast, client_for):
    client = client_for(cast.unit)
    response = client.post(draft.get_absolute_url(), {**FIGURES, "submit": "1"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.completed, draft.workers) == ("submitted", Decimal("800.25"), 120)


def test_bad_figures_name_the_field_and_save_nothing(draft, cast, client_for):
    client = client_for(cast.unit)
    response = client.post(draft.get_absolute_url(), {**FIGURES, "completed": "-1"})
    assert response.status_code == 200
    assert "completed" in response.context["form"].errors
    response = client.post(draft.get_absolute_url(), {**FIGURES, "workers": "many"})
    assert "workers" in response.context["form"].errors
    draft.refresh_from_db()
    assert draft.completed == 0


def test_county_approves_and_leader_may_not(draft, cast, client_for):
    services.save_report(draft, actor=cast.unit)
    services.submit_report(draft, actor=cast.unit)
    assert client_for(cast.leader).post(f"/reports/{draft.pk}/approve/").status_code == 403
    assert client_for(cast.county).post(f"/reports/{draft.pk}/approve/").status_code == 302
    draft.refresh_from_db()
    assert draft.status == ReportStatus.APPROVED


def test_reports_of_another_county_are_404(draft, cast, client_for):
    assert client_for(cast.county2).get(draft.get_absolute_url()).status_code == 404
    assert client_for(cast.county2).post(f"/reports/{draft.pk}/approve/").status_code == 404


def test_list_is_scoped_and_exports(draft, cast, client_for):
    assert client_for(cast.county).get("/reports/").context["table"].paginator.count == 1
    assert client_for(cast.county2).get("/reports/").context["table"].paginator.count == 0
    response = client_for(cast.office).get("/reports/?export=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxml")


def test_missing_reports_page_lists_who_owes(started, periods, cast, client_for):
    page = client_for(cast.office).get("/reports/periods/2024-1/missing/")
    assert started.name in page.content.decode()
    assert "unit" in page.content.decode()


def test_remind_missing_emails_the_project_unit(started, periods, cast):
    cast.unit.email = "unit@example.cn"
    cast.unit.save()
    call_command("remind_missing", "--period", "2024-01", stdout=io.StringIO())
    [message] = mail.outbox
    assert message.to == ["unit@example.cn"]
    assert started.name in message.body


def test_remind_missing_skips_those_who_reported(started, periods, cast):
    cast.unit.email = "unit@example.cn"
    cast.unit.save()
    report = services.start_report(started, periods[1], actor=cast.unit)
    services.submit_report(report, actor=cast.unit)
    call_command("remind_missing", "--period", "2024-01", stdout=io.StringIO())
    assert mail.outbox == []


def test_remind_missing_names_a_bad_period(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="2024-5"):
        call_command("remind_missing", "--period", "2024-5")
    with pytest.raises(CommandError, match="No reporting period"):
        call_command("remind_missing", "--period", "2030-01")


def test_project_page_month_by_month_and_s_curve(draft, cast, client_for):
    draft.completed = Decimal("1000")
    services.save_report(draft, actor=cast.unit)
    services.approve_report(services.submit_report(draft, actor=cast.unit), actor=cast.county)
    response = client_for(cast.office).get(
        f"/reports/projects/{draft.project_id}/monthly/?year=2024"
    )
    assert response.status_code == 200
    chart = response.context["chart"]
    assert chart["series"][1]["data"][:2] == ["1000.00", "1000.00"]
    assert chart["series"][0]["data"][11] == "5000.00"  # the annual plan by December
    assert json.loads(json.dumps(chart))  # embeddable with json_script


def test_api_workflow_actions(started, periods, cast):
    unit, county = APIClient(), APIClient()
    unit.force_login(cast.unit)
    county.force_login(cast.county)
    response = unit.post(
        "/api/v1/reports/",
        {"project": started.pk, "period": periods[2].pk, "completed": "300.0000"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert unit.post(f"/api/v1/reports/{pk}/submit/").json()["status"] == "submitted"
    assert unit.post(f"/api/v1/reports/{pk}/approve/").status_code == 403
    assert county.post(f"/api/v1/reports/{pk}/return/", {}).status_code == 400
    assert (
        county.post(f"/api/v1/reports/{pk}/return/", {"reason": "数据有误"}).json()["status"]
        == "returned"
    )
    assert (
        unit.patch(f"/api/v1/reports/{pk}/", {"completed": "-5"}, format="json").status_code == 400
    )
    assert (
        unit.patch(f"/api/v1/reports/{pk}/", {"completed": "350"}, format="json").status_code == 200
    )
    unit.post(f"/api/v1/reports/{pk}/submit/")
    body = county.post(f"/api/v1/reports/{pk}/approve/").json()
    assert (body["status"], body["approved_completed"]) == ("approved", "350.0000")


def test_api_is_scoped(draft, cast):
    client = APIClient()
    client.force_login(cast.county2)
    assert client.get("/api/v1/reports/").json()["count"] == 0
    assert client.get(f"/api/v1/reports/{draft.pk}/").status_code == 404


def test_report_list_queries_do_not_grow(started, periods, cast, client_for):
    client = client_for(cast.office)

    def count():
        with CaptureQueriesContext(connection) as context:
            assert client.get("/reports/").status_code == 200
        return len(context)

    services.start_report(started, periods[1], actor=cast.office)
    before = count()
    for month in (2, 3):
        services.start_report(started, periods[month], actor=cast.office)
    assert count() == before
    assert MonthlyReport.objects.count() == 3


def test_administrator_sets_warning_thresholds(cast, client_for):
    from core.models import ChangeLog
    from reports.models import WarningRules

    data = {
        "red_lag_points": "20",
        "yellow_lag_points": "8",
        "red_months_without_report": "3",
        "red_milestone_overdue_days": "45",
        "anomaly_month_share_percent": "30",
    }
    assert client_for(cast.office).get("/reports/warning-rules/").status_code == 403
    client = client_for(cast.administrator)
    assert client.post("/reports/warning-rules/", data).status_code == 302
    rules = WarningRules.objects.current()
    assert (rules.red_lag_points, rules.red_months_without_report) == (Decimal("20"), 3)
    assert ChangeLog.objects.for_object(rules).filter(actor=cast.administrator).exists()
    response = client.post("/reports/warning-rules/", {**data, "red_lag_points": "4"})
    assert "red_lag_points" in response.context["form"].errors


def test_period_list_links_each_period_and_exports(periods, cast, client_for):
    client = client_for(cast.office)
    page = client.get("/reports/periods/").content.decode()
    assert 'href="/reports/periods/2024-1/"' in page and "2024-01" in page
    content = client.get("/reports/periods/?export=xlsx").content
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert sorted(row[0] for row in rows[1:]) == ["2024-01", "2024-02", "2024-03"]
