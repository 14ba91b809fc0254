"""Home, reference data and the change log."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from core.filtersets import ChangeLogFilterSet, IndustryFilterSet, RegionFilterSet
from core.lists import ObjectDetailView, ObjectListView
from core.models import ChangeLog, Industry, Region
from core.tables import ChangeLogTable, IndustryTable, RegionTable


@login_required
def home(request):
    user = request.user
    regions = Region.objects.visible_to(user)
    return render(
        request,
        "core/home.html",
        {"title": _("Home"), "region_count": regions.count(), "region": user.region},
    )


class RegionListView(ObjectListView):
    queryset = Region.objects.select_related("parent")
    filterset_class = RegionFilterSet
    table_class = RegionTable
    title = _("Regions")
    export_name = "regions"


class RegionDetailView(ObjectDetailView):
    queryset = Region.objects.select_related("parent")
    slug_field = slug_url_kwarg = "code"
    template_name = "core/region_detail.html"


class IndustryListView(ObjectListView):
    queryset = Industry.objects.select_related("parent")
    filterset_class = IndustryFilterSet
    table_class = IndustryTable
    title = _("Industries (GB/T 4754-2017)")
    export_name = "industries"


class ChangeLogListView(ObjectListView):
    queryset = ChangeLog.objects.select_related("actor", "content_type")
    filterset_class = ChangeLogFilterSet
    table_class = ChangeLogTable
    title = _("Change log")
    export_name = "change-log"
