"""Exchange formats: OC4IDS, and the Excel templates and imports of projects, monthly reports,
the promotion pipeline (activities, leads, contracts) and enterprises with their yearly figures."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from core.excel import xlsx_response
from core.models import Region
from enterprises.permissions import keeps_registry
from exchange import enterprise_import, promotion_import, report_batch
from exchange.oc4ids import dumps, in_region, project_package
from exchange.project_import import import_projects, template_workbook
from exchange.report_template import template_workbook as report_workbook
from exchange.xlsx import UploadForm
from projects.models import Project
from projects.permissions import can_edit_projects
from promotion.permissions import can_promote
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
        # A code is digits; only digits reach the query (PostgreSQL errs on a NUL byte).
        region = Region.objects.filter(code=code).first() if code.isdecimal() else None
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


def _promotion_kind(request, kind):
    if kind not in promotion_import.KINDS:
        raise Http404
    if not can_promote(request.user):  # the import creates records: the same roles as the forms
        raise PermissionDenied
    return promotion_import.KINDS[kind]


@require_GET
@login_required
def promotion_template(request, kind):
    """The import template of activities, leads or contracts, with the user's regions and chains."""
    spec = _promotion_kind(request, kind)
    content = promotion_import.template_workbook(spec, request.user)
    return xlsx_response(content, f"{spec.name}-import-template.xlsx")


PROMOTION_LISTS = {
    "activities": "promotion:activity_list",
    "leads": "promotion:lead_list",
    "contracts": "promotion:contract_list",
}


@login_required
def promotion_upload(request, kind):
    """Upload a filled template: every row is created, or none and the errors are listed."""
    spec = _promotion_kind(request, kind)
    form = UploadForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        result = promotion_import.import_rows(spec, form.cleaned_data["file"], user=request.user)
        if not result.errors:
            messages.success(
                request,
                ngettext("Imported %(count)d row.", "Imported %(count)d rows.", result.created)
                % {"count": result.created},
            )
            return redirect(PROMOTION_LISTS[spec.name])
        errors = result.errors
    titles = {
        "activities": _("Import promotion activities from Excel"),
        "leads": _("Import leads from Excel"),
        "contracts": _("Import contracts from Excel"),
    }
    context = {
        "title": titles[spec.name],
        "kind": spec.name,
        "list_url": reverse(PROMOTION_LISTS[spec.name]),
        "form": form,
        "errors": errors,
        "max_rows": promotion_import.MAX_ROWS,
    }
    return render(request, "exchange/promotion_import.html", context)


def _enterprise_kind(request, kind):
    if kind not in enterprise_import.KINDS:
        raise Http404
    if not keeps_registry(request.user):  # the import writes the registry: the forms' roles
        raise PermissionDenied
    return enterprise_import.KINDS[kind]


@require_GET
@login_required
def enterprise_template(request, kind):
    """The import template of enterprises or yearly figures, with the user's codes."""
    spec = _enterprise_kind(request, kind)
    content = enterprise_import.template_workbook(spec, request.user)
    return xlsx_response(content, f"{spec.name}-import-template.xlsx")


ENTERPRISE_LISTS = {
    "enterprises": "enterprises:enterprise_list",
    "figures": "enterprises:year_list",
}


@login_required
def enterprise_upload(request, kind):
    """Upload a filled template: every row is saved, or none and the errors are listed."""
    spec = _enterprise_kind(request, kind)
    form = UploadForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        result = enterprise_import.import_rows(spec, form.cleaned_data["file"], user=request.user)
        if not result.errors:
            messages.success(
                request,
                ngettext(
                    "%(created)d row created, %(updated)d updated.",
                    "%(created)d rows created, %(updated)d updated.",
                    result.created,
                )
                % {"created": result.created, "updated": result.updated},
            )
            return redirect(ENTERPRISE_LISTS[spec.name])
        errors = result.errors
    titles = {
        "enterprises": _("Import enterprises from Excel"),
        "figures": _("Import yearly figures of enterprises from Excel"),
    }
    context = {
        "title": titles[spec.name],
        "kind": spec.name,
        "list_url": reverse(ENTERPRISE_LISTS[spec.name]),
        "form": form,
        "errors": errors,
        "max_rows": enterprise_import.MAX_ROWS,
    }
    return render(request, "exchange/enterprise_import.html", context)
