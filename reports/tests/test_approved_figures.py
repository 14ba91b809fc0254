"""An approved figure changes only through a correction approved as a new revision."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from reports import services
from reports.models import MonthlyReport


@pytest.fixture
def approved(started, periods, cast):
    report = services.start_report(started, periods[1], actor=cast.unit)
    report.completed = Decimal("800")
    services.save_report(report, actor=cast.unit)
    services.submit_report(report, actor=cast.unit)
    return services.approve_report(report, actor=cast.county)


def test_an_approved_figure_cannot_be_overwritten(approved):
    report = MonthlyReport.objects.get(pk=approved.pk)
    report.approved_completed = Decimal("8000")
    with pytest.raises(ValidationError, match="revision|修订"):
        report.save()
    assert MonthlyReport.objects.get(pk=approved.pk).approved_completed == Decimal("800")


def test_a_correction_changes_it_as_revision_two_and_keeps_revision_one(approved, cast):
    services.start_correction(approved, reason="统计口径错误", actor=cast.county)
    report = MonthlyReport.objects.get(pk=approved.pk)
    report.completed = Decimal("750")
    services.save_report(report, actor=cast.unit)
    services.submit_report(report, actor=cast.unit)
    services.approve_report(report, actor=cast.county)
    report.refresh_from_db()
    assert (report.approved_completed, report.revision) == (Decimal("750"), 2)
    first, second = report.revisions.order_by("number")
    assert (first.completed, second.completed, second.reason) == (
        Decimal("800"),
        Decimal("750"),
        "统计口径错误",
    )


def test_an_approved_revision_cannot_be_rewritten(approved):
    revision = approved.revisions.get()
    revision.completed = Decimal("1")
    with pytest.raises(ValidationError):
        revision.save()
    assert approved.revisions.get().completed == Decimal("800")
