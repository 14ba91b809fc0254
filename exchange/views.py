"""Exchange formats: OC4IDS, and the Excel templates and imports of projects and monthly reports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from core.excel import xlsx_response
from core.models import Region
from exchange import report_batch
from exchange.oc4ids import dumps, in_region, project_package
from exchange.project_import import import_projects, template_workbook
from exchange.report_template import template_workbook as report_workbook
from exchange.xlsx import UploadForm
from projects.models import Project
from projects.permissions import can_edit_projects
from reports.models import ReportingPeriod
from reports.permissions import fills_reports


def _year(value):
    try:
        year = int(value)
    except (TypeError, ValueError):
        return None
    return year if 1990 <= year <= 2100 else None


def _bad_request(message):
    # Plain text: the message may echo what the user typed.
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


@require_GET
@login_required
def oc4ids_download(request):
    """The OC4IDS package of the projects the user may see on year Y's lists."""
    year = _year(request.GET.get("year"))
    if year is None:
        return _bad_request(_("Give the list year as four digits, e.g. ?year=2024."))
    projects = Project.objects.visible_to(request.user)
    if code := request.GET.get("region"):
        region = Region.objects.filter(code=code).first()
        if region is None:
            return _bad_request(_("There is no region with the code %(code)s.") % {"code": code})
        projects = in_region(projects, region)
    package = project_package(projects, year=year, uri=request.build_absolute_uri())
    response = HttpResponse(dumps(package), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="oc4ids-{year}.json"'
    return response


@require_GET
@login_required
def project_template(request):
    """The project import template, listing the counties the user may import into."""
    return xlsx_response(template_workbook(user=request.user), "project-import-template.xlsx")


@login_required
def project_import(request):
    """Upload a filled template: every project is created, or none and the errors are listed."""
    user = request.user
    if not can_edit_projects(user):  # the import creates projects: the same roles as the form
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        result = import_projects(form.cleaned_data["file"], user=user)
        if not result.errors:
            messages.success(
                request,
                ngettext(
                    "Imported %(count)d project.", "Imported %(count)d projects.", result.created
                )
                % {"count": result.created},
            )
            return redirect("projects:project_list")
        errors = result.errors
    return render(
        request,
        "exchange/project_import.html",
        {"title": _("Import projects from Excel"), "form": form, "errors": errors},
    )


def _batch_period(request, year, month):
    period = get_object_or_404(
        ReportingPeriod.objects.visible_to(request.user), year=year, month=month
    )
    if not fills_reports(request.user):
        raise PermissionDenied
    return period


@require_GET
@login_required
def report_template(request, year, month):
    """The period's report sheet, pre-filled with the projects the user reports for."""
    period = _batch_period(request, year, month)
    content = report_workbook(period, request.user)
    return xlsx_response(content, f"monthly-reports-{period}.xlsx")


@login_required
def report_import(request, year, month):
    """Upload a filled report sheet: every row is saved as a draft, or none and the errors shown."""
    period = _batch_period(request, year, month)
    form = UploadForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        result = report_batch.import_reports(form.cleaned_data["file"], period, user=request.user)
        if not result.errors:
            messages.success(
                request,
                ngettext(
                    "%(created)d report created, %(updated)d updated.",
                    "%(created)d reports created, %(updated)d updated.",
                    result.created,
                )
                % {"created": result.created, "updated": result.updated},
            )
            if left := result.skipped + result.unchanged:
                messages.info(
                    request,
                    ngettext(
                        "%(count)d row had no new figures and was left as it was.",
                        "%(count)d rows had no new figures and were left as they were.",
                        left,
                    )
                    % {"count": left},
                )
            return redirect(period)
        errors = result.errors
    context = {
        "title": _("Monthly reports of %(period)s from Excel") % {"period": period},
        "period": period,
        "form": form,
        "errors": errors,
        "max_rows": report_batch.MAX_ROWS,
    }
    return render(request, "exchange/report_import.html", context)
