"""Exchange formats: the OC4IDS project package, and the Excel template and import of projects."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from core.excel import xlsx_response
from core.models import Region
from exchange.oc4ids import dumps, in_region, project_package
from exchange.project_import import UploadForm, import_projects, template_workbook
from projects.models import Project
from projects.permissions import can_edit_projects


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
