"""The monthly circular as a download, for the signed-in user's scope."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from core.filters import FIRST_YEAR, LAST_YEAR
from core.models import Region
from dashboards.circular import (
    DOCX_TYPE,
    PDF_TYPE,
    circular_context,
    circular_docx,
    circular_pdf,
)
from projects.models import Membership, Project

FORMATS = {"docx": (circular_docx, DOCX_TYPE), "pdf": (circular_pdf, PDF_TYPE)}


@login_required
@require_GET
def circular_download(request):
    """GET year, month, region, language, format: the circular of the projects the user sees."""
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year)
        month = int(request.GET.get("month") or today.month)
    except ValueError:
        return HttpResponseBadRequest("year and month must be numbers")
    fmt = request.GET.get("format") or "pdf"
    language = (request.GET.get("language") or get_language()).lower()
    if not FIRST_YEAR <= year <= LAST_YEAR or not 1 <= month <= 12 or fmt not in FORMATS:
        return HttpResponseBadRequest("year must be 1900–2100, month 1–12 and format docx or pdf")
    if language not in dict(settings.LANGUAGES):
        return HttpResponseBadRequest("unknown language")
    region = _region(request)
    on_lists = Membership.objects.filter(project_list__year=year).values("project")
    projects = Project.objects.visible_to(request.user).filter(pk__in=on_lists)
    context = circular_context(projects, year, month, region=region, language=language)
    render, content_type = FORMATS[fmt]
    response = HttpResponse(render(context), content_type=content_type)
    filename = f"circular-{year}-{month:02d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _region(request):
    """The region asked for (404 outside the user's scope), else the user's own for the title."""
    code = request.GET.get("region")
    if code:
        # A code is digits; only digits reach the query (PostgreSQL errs on a NUL byte).
        regions = Region.objects.visible_to(request.user)
        region = regions.filter(code=code).first() if code.isdecimal() else None
        if region is None:
            raise Http404("No such region in your scope.")
        return region
    return None if request.user.sees_everything else request.user.region
