"""Pages of monthly scheduling: periods, reports and their review, missing reports."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.changelog import acting_as
from core.forms import render_confirm, render_form
from core.lists import ObjectListView
from projects.permissions import project_for
from reports import services
from reports.anomalies import anomalies
from reports.choices import PeriodStatus, ReportStatus
from reports.filtersets import PeriodFilterSet, ReportFilterSet
from reports.forms import EvidenceForm, MonthlyReportForm, PeriodForm, WarningRulesForm
from reports.models import MonthlyReport, ReportingPeriod, WarningRules
from reports.permissions import can_fill, can_manage_periods, can_review, fills_reports
from reports.progress import project_year, since_start
from reports.tables import PeriodTable, ReportTable


class PeriodListView(ObjectListView):
    queryset = ReportingPeriod.objects.annotate(
        report_count=Count("reports"),
        approved_count=Count("reports", filter=Q(reports__status="approved")),
    ).order_by("-year", "-month")
    filterset_class = PeriodFilterSet
    table_class = PeriodTable
    title = gettext_lazy("Reporting periods")
    export_name = "reporting-periods"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if can_manage_periods(self.request.user):
            context["create_url"] = reverse("reports:period_open")
        return context


class ReportListView(ObjectListView):
    queryset = MonthlyReport.objects.select_related("project__region", "period")
    filterset_class = ReportFilterSet
    table_class = ReportTable
    title = gettext_lazy("Monthly reports")
    export_name = "monthly-reports"


def _period(year, month):
    return get_object_or_404(ReportingPeriod, year=year, month=month)


@login_required
def period_open(request):
    if not can_manage_periods(request.user):
        raise PermissionDenied
    form = PeriodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            period = services.open_period(
                data["year"], data["month"], deadline=data["deadline"], actor=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Period %(period)s is open.") % {"period": period})
            return redirect(period)
    return render_form(
        request, form, title=_("Open a reporting period"), cancel_url=reverse("reports:period_list")
    )


@login_required
def period_lock(request, year, month):
    period = _period(year, month)
    if not can_manage_periods(request.user):
        raise PermissionDenied
    if request.method == "POST":
        try:
            services.lock_period(period, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Period %(period)s is locked.") % {"period": period})
        return redirect(period)
    return render_confirm(
        request,
        title=_("Close and lock %(period)s") % {"period": period},
        question=_(
            "Lock %(period)s? Reports can no longer be filled or submitted for it; approved "
            "figures can still be corrected by reviewers, with a reason."
        )
        % {"period": period},
        cancel_url=period.get_absolute_url(),
        confirm_label=_("Yes, lock it"),
    )


@login_required
def period_detail(request, year, month):
    period = _period(year, month)
    reports = MonthlyReport.objects.visible_to(request.user).filter(period=period)
    counts = dict(reports.values_list("status").annotate(n=Count("pk")))
    expected = services.expected_projects(period, request.user)
    context = {
        "title": _("Period %(period)s") % {"period": period},
        "object": period,
        "period": period,
        "counts": counts,
        "expected": expected.count(),
        "missing": services.missing_projects(period, request.user).count(),
        "late": reports.filter(late=True).count(),
        "can_manage": can_manage_periods(request.user),
        "may_fill": fills_reports(request.user),
    }
    return render(request, "reports/period_detail.html", context)


@login_required
def missing_reports(request, year, month):
    period = _period(year, month)
    projects = (
        services.missing_projects(period, request.user)
        .select_related("region", "responsible_person")
        .prefetch_related("unit_members")
    )
    context = {
        "title": _("Missing reports for %(period)s") % {"period": period},
        "period": period,
        "projects": projects,
    }
    return render(request, "reports/missing.html", context)


@login_required
@require_POST
def report_start(request, year, month, project_pk):
    period = _period(year, month)
    project = project_for(request.user, project_pk)
    try:
        report = services.start_report(project, period, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(project)
    return redirect(report)


def _report(user, pk):
    queryset = MonthlyReport.objects.visible_to(user).select_related("project", "period")
    return get_object_or_404(queryset, pk=pk)


@login_required
def report_detail(request, pk):
    report = _report(request.user, pk)
    form = None
    if services.editable_by(report, request.user):
        form = MonthlyReportForm(request.POST or None, instance=report)
        if request.method == "POST" and form.is_valid():
            services.save_report(form.instance, actor=request.user)
            if "submit" in request.POST:
                return report_submit(request, pk)
            messages.success(request, _("The report was saved."))
            return redirect(report)
    reviewer = can_review(request.user)
    checked = reviewer and report.status in {ReportStatus.SUBMITTED, ReportStatus.APPROVED}
    context = {
        "title": str(report),
        "object": report,
        "report": report,
        "form": form,
        "derived": report.derived(),
        "revisions": report.revisions.select_related("approved_by"),
        "evidence": report.evidence.all(),
        "can_review": reviewer,
        "can_fill": can_fill(request.user, report.project),
        "anomalies": anomalies([report])[report.pk] if checked else [],
    }
    return render(request, "reports/report_detail.html", context)


def _act(request, report, action, success):
    try:
        action()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect(report)


@login_required
@require_POST
def report_submit(request, pk):
    report = _report(request.user, pk)
    return _act(
        request,
        report,
        lambda: services.submit_report(report, actor=request.user),
        _("The report was submitted."),
    )


@login_required
@require_POST
def report_approve(request, pk):
    report = _report(request.user, pk)
    return _act(
        request,
        report,
        lambda: services.approve_report(report, actor=request.user),
        _("The report was approved and locked."),
    )


@login_required
@require_POST
def report_return(request, pk):
    report = _report(request.user, pk)
    reason = request.POST.get("reason", "")
    return _act(
        request,
        report,
        lambda: services.return_report(report, reason=reason, actor=request.user),
        _("The report was returned to the project unit."),
    )


@login_required
@require_POST
def report_correct(request, pk):
    report = _report(request.user, pk)
    reason = request.POST.get("reason", "")
    return _act(
        request,
        report,
        lambda: services.start_correction(report, reason=reason, actor=request.user),
        _("The report is open for correction. The approved figures count until it is approved."),
    )


@login_required
def evidence_add(request, pk):
    report = _report(request.user, pk)
    if not can_fill(request.user, report.project):
        raise PermissionDenied
    form = EvidenceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        form.instance.report = report
        form.instance.size = form.cleaned_data["file"].size
        form.instance.uploaded_by = request.user
        with acting_as(request.user):
            form.save()
        messages.success(request, _("The file was attached."))
        return redirect(report)
    return render_form(
        request,
        form,
        title=_("Evidence for %(report)s") % {"report": report},
        cancel_url=report.get_absolute_url(),
    )


@login_required
def evidence_download(request, pk, evidence_pk):
    report = _report(request.user, pk)
    item = get_object_or_404(report.evidence, pk=evidence_pk)
    name = item.file.name.rsplit("/", 1)[-1]
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=name)


@login_required
def project_monthly(request, project_pk):
    """The month-by-month table and S-curve of a project, shown on the project's page."""
    project = project_for(request.user, project_pk)
    reported = set(
        MonthlyReport.objects.filter(project=project).values_list("period__year", flat=True)
    )
    years = sorted(reported | {timezone.localdate().year})
    year = request.GET.get("year", "")
    year = int(year) if year.isdecimal() else max(reported, default=years[-1])
    as_reported = request.GET.get("as") == "reported"
    plan, months = project_year(project, year, as_reported=as_reported)
    chart = {
        "title": _("Cumulative investment %(year)s (万元)") % {"year": year},
        "months": [f"{m.month}" for m in months],
        "series": [
            {
                "name": _("planned cumulative"),
                "data": [_number(m.planned_cumulative) for m in months],
            },
            {"name": _("approved cumulative"), "data": [_number(m.cumulative) for m in months]},
        ],
    }
    context = {
        "project": project,
        "year": year,
        "years": years,
        "plan": plan,
        "months": months,
        "since_start": since_start(project),
        "chart": chart,
        "chart_id": f"chart-{project.pk}-{year}",
        "as_reported": as_reported,
        "periods": ReportingPeriod.objects.filter(status=PeriodStatus.OPEN),
        "may_fill": can_fill(request.user, project),
    }
    return render(request, "reports/_project_monthly.html", context)


def _number(value):
    """Chart data: money as a plain string number (ECharts parses it), never a float."""
    return None if value is None else str(value.quantize(Decimal("0.01")))


@login_required
def warning_rules(request):
    """The administrator sets the thresholds of the three colours."""
    if not request.user.sees_everything:
        raise PermissionDenied
    form = WarningRulesForm(request.POST or None, instance=WarningRules.objects.current())
    if request.method == "POST" and form.is_valid():
        with acting_as(request.user):
            form.save()
        messages.success(request, _("The warning thresholds were saved."))
        return redirect("reports:warning_rules")
    return render_form(request, form, title=_("Warning thresholds"), cancel_url=reverse("home"))
