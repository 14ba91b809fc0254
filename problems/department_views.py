"""Pages of departments (with their queues and counts) and the default deadlines."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tables2 import RequestConfig

from core.changelog import acting_as
from core.forms import render_form
from core.lists import ObjectListView
from problems.choices import DEFAULT_DAYS
from problems.filtersets import DepartmentFilterSet, with_counts
from problems.forms import CategoryDeadlineFormSet, DepartmentForm, mask
from problems.models import CategoryDeadline, Department, Problem
from problems.permissions import is_office
from problems.tables import DepartmentTable, QueueTable


class DepartmentListView(ObjectListView):
    queryset = Department.objects.select_related("region")
    filterset_class = DepartmentFilterSet
    table_class = DepartmentTable
    title = gettext_lazy("Departments")
    export_name = "departments"
    template_name = "problems/department_list.html"

    def get_queryset(self):
        return with_counts(super().get_queryset())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if is_office(self.request.user):
            context["create_url"] = reverse("problems:department_create")
        context["can_set_deadlines"] = self.request.user.sees_everything
        return context


@login_required
def department_detail(request, pk):
    departments = with_counts(Department.objects.visible_to(request.user))
    department = get_object_or_404(departments.select_related("region"), pk=pk)
    queue = (
        Problem.objects.visible_to(request.user)
        .filter(department=department)
        .open()
        .select_related("project__region", "enterprise__region", "department")
        .order_by("deadline", "pk")
    )
    table = QueueTable(queue)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    office = is_office(request.user)
    context = {
        "title": department.name,
        "object": department,
        "department": department,
        "table": table,
        "members": department.members.all(),
        "can_edit": office,
        "masked_secret": mask(department.webhook_secret) if department.webhook_secret else "",
    }
    return render(request, "problems/department_detail.html", context)


@login_required
def department_edit(request, pk=None):
    """Offices only: name, region, members, and where the notifications go."""
    if not is_office(request.user):
        raise PermissionDenied
    instance = get_object_or_404(Department.objects.visible_to(request.user), pk=pk) if pk else None
    form = DepartmentForm(request.POST or None, instance=instance, user=request.user)
    if request.method == "POST" and form.is_valid():
        with acting_as(request.user):
            department = form.save()
        messages.success(request, _("%(name)s was saved.") % {"name": department.name})
        return redirect(department)
    title = _("Edit %(name)s") % {"name": instance.name} if instance else _("New department")
    cancel_url = instance.get_absolute_url() if instance else reverse("problems:department_list")
    return render_form(request, form, title=title, cancel_url=cancel_url)


@login_required
def category_deadlines(request):
    """The administrator sets how many days each category of problem gets by default."""
    if not request.user.sees_everything:
        raise PermissionDenied
    present = set(CategoryDeadline.objects.values_list("category", flat=True))
    with acting_as(request.user):
        for category, days in DEFAULT_DAYS.items():
            if category not in present:
                CategoryDeadline.objects.create(category=category, days=days)
    formset = CategoryDeadlineFormSet(request.POST or None, queryset=CategoryDeadline.objects.all())
    if request.method == "POST" and formset.is_valid():
        with acting_as(request.user):
            formset.save()
        messages.success(request, _("The default deadlines were saved."))
        return redirect("problems:category_deadlines")
    context = {"title": _("Default deadlines"), "formset": formset}
    return render(request, "problems/category_deadlines.html", context)
