"""The list and detail pattern: a scoped queryset + FilterSet + Table, with Excel export."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils.text import slugify
from django.views.generic import DetailView
from django_filters.views import FilterView
from django_tables2 import RequestConfig, SingleTableMixin

from core.excel import export_table


class ScopedMixin(LoginRequiredMixin):
    """Rows come from ``queryset.visible_to(user)``: out of scope is simply absent (404)."""

    queryset = None

    def get_queryset(self):
        return self.queryset.visible_to(self.request.user)


class ObjectListView(ScopedMixin, SingleTableMixin, FilterView):
    """Declare ``queryset``, ``filterset_class``, ``table_class`` and ``title``."""

    template_name = "core/object_list.html"
    # The table's pages only: a ListView page as well would count the rows a second time.
    table_pagination = {"per_page": 50}
    title = ""
    export_name = ""
    create_url = None

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            filterset = self.get_filterset(self.get_filterset_class())
            rows = filterset.qs if filterset.is_valid() else filterset.queryset.none()
            table = self.table_class(rows)
            RequestConfig(request, paginate=False).configure(table)
            return export_table(table, self.export_name or slugify(str(self.title)) or "export")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        query["export"] = "xlsx"
        context.update(title=self.title, export_query=query.urlencode(), create_url=self.create_url)
        return context


class ObjectDetailView(ScopedMixin, DetailView):
    """A detail page: the object's own template extends ``core/object_detail.html``."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = str(self.object)
        return context
