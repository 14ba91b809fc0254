"""Key-project lists and the people of the Five Ones."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tables2 import RequestConfig

from core.changelog import acting_as
from core.excel import export_table
from core.forms import render_form
from core.lists import ObjectDetailView, ObjectListView
from projects.choices import YearPlan
from projects.filtersets import PersonFilterSet, ProjectListFilterSet
from projects.forms import PersonForm, ProjectListForm
from projects.models import Membership, Person, Project, ProjectList
from projects.permissions import can_edit_projects
from projects.tables import MembershipTable, PersonTable, ProjectListTable


class EditorCreateMixin:
    create_url_name = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if can_edit_projects(self.request.user):
            context["create_url"] = reverse(self.create_url_name)
        return context


class ProjectListListView(EditorCreateMixin, ObjectListView):
    queryset = ProjectList.objects.with_totals().select_related("region")
    filterset_class = ProjectListFilterSet
    table_class = ProjectListTable
    title = gettext_lazy("Key-project lists")
    export_name = "key-project-lists"
    create_url_name = "projects:list_create"


@login_required
def list_detail(request, pk):
    project_list = get_object_or_404(
        ProjectList.objects.visible_to(request.user).with_totals().select_related("region"), pk=pk
    )
    memberships = Membership.objects.visible_to(request.user).filter(project_list=project_list)
    memberships = memberships.select_related("project__region", "project_list")
    table = MembershipTable(memberships)
    if request.GET.get("export") == "xlsx":
        RequestConfig(request, paginate=False).configure(table)
        return export_table(table, f"list-{project_list.pk}")
    RequestConfig(request, paginate={"per_page": 100}).configure(table)
    projects = Project.objects.filter(memberships__project_list=project_list)
    context = {
        "title": str(project_list),
        "object": project_list,
        "table": table,
        "total_investment": projects.total_investment(),
        "by_plan": [
            (YearPlan(row["plan"]).label, row["count"])
            for row in memberships.values("plan").order_by("plan").annotate(count=Count("pk"))
        ],
        "can_edit": can_edit_projects(request.user),
    }
    return render(request, "projects/list_detail.html", context)


@login_required
def list_edit(request, pk=None):
    if not can_edit_projects(request.user):
        raise PermissionDenied
    instance = (
        get_object_or_404(ProjectList.objects.visible_to(request.user), pk=pk) if pk else None
    )
    form = ProjectListForm(request.POST or None, instance=instance, user=request.user)
    if request.method == "POST" and form.is_valid():
        with acting_as(request.user):
            project_list = form.save()
        messages.success(request, _("The list was saved."))
        return redirect(project_list)
    title = _("Edit the list") if instance else _("New key-project list")
    return render_form(request, form, title=title, cancel_url=reverse("projects:list_list"))


class PersonListView(EditorCreateMixin, ObjectListView):
    queryset = Person.objects.select_related("region", "user")
    filterset_class = PersonFilterSet
    table_class = PersonTable
    title = gettext_lazy("People")
    export_name = "people"
    create_url_name = "projects:person_create"


class PersonDetailView(ObjectDetailView):
    queryset = Person.objects.select_related("region", "user")
    template_name = "projects/person_detail.html"


@login_required
def person_edit(request, pk=None):
    if not can_edit_projects(request.user):
        raise PermissionDenied
    instance = get_object_or_404(Person.objects.visible_to(request.user), pk=pk) if pk else None
    form = PersonForm(request.POST or None, instance=instance, user=request.user)
    if request.method == "POST" and form.is_valid():
        with acting_as(request.user):
            person = form.save()
        messages.success(request, _("%(name)s was saved.") % {"name": person.name})
        return redirect(person)
    title = _("Edit %(name)s") % {"name": instance.name} if instance else _("New person")
    return render_form(request, form, title=title, cancel_url=reverse("projects:person_list"))
