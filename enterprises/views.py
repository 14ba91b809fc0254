"""Pages of the enterprise side: registry, yearly figures, visits and requests, benefits."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.changelog import acting_as
from core.forms import render_form
from core.lists import ObjectListView
from enterprises import services
from enterprises.choices import BenefitKind
from enterprises.filtersets import (
    EnterpriseFilterSet,
    EnterpriseYearFilterSet,
    PolicyBenefitFilterSet,
    VisitFilterSet,
)
from enterprises.forms import (
    CommissionerForm,
    EnterpriseForm,
    EnterpriseYearForm,
    PolicyBenefitForm,
    RequestProblemForm,
    VisitForm,
)
from enterprises.matching import investments_of
from enterprises.models import Enterprise, EnterpriseYear, PolicyBenefit, Request, Visit
from enterprises.permissions import keeps_registry, serves
from enterprises.tables import (
    EnterpriseTable,
    EnterpriseYearTable,
    PolicyBenefitTable,
    VisitTable,
)
from problems.choices import Category
from problems.models import Department, Problem

ENTERPRISE_ROWS = ("region", "industry", "chain", "commissioner")


def enterprise_for(user, pk, *, edit=False):
    """The enterprise if the user may see it (else 404) and, for a write, keep it (else 403)."""
    queryset = Enterprise.objects.visible_to(user).select_related(*ENTERPRISE_ROWS)
    enterprise = get_object_or_404(queryset, pk=pk)
    if edit and not keeps_registry(user):
        raise PermissionDenied
    return enterprise


def _number(value):
    if not (value or "").isdecimal():
        raise Http404
    return int(value)


def _anchor(enterprise, section):
    return f"{enterprise.get_absolute_url()}#{section}"


class KeeperMixin:
    """The registry keepers get an "Add" button and the import links."""

    create_url_name = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_keep"] = keeps_registry(self.request.user)
        if context["can_keep"] and self.create_url_name:
            context["create_url"] = reverse(self.create_url_name)
        return context


# ---------------------------------------------------------------- the registry


class EnterpriseListView(KeeperMixin, ObjectListView):
    queryset = Enterprise.objects.select_related(*ENTERPRISE_ROWS)
    filterset_class = EnterpriseFilterSet
    table_class = EnterpriseTable
    title = gettext_lazy("Enterprises")
    export_name = "enterprises"
    template_name = "enterprises/enterprise_list.html"
    create_url_name = "enterprises:enterprise_create"


class MyEnterpriseListView(EnterpriseListView):
    """The enterprises a commissioner serves, point to point."""

    title = gettext_lazy("My enterprises")
    export_name = "my-enterprises"
    create_url_name = None

    def get_queryset(self):
        return super().get_queryset().filter(commissioner=self.request.user)


@login_required
def enterprise_detail(request, pk):
    user = request.user
    enterprise = enterprise_for(user, pk)
    can_serve = serves(user, enterprise)
    requests = Request.objects.select_related("problem")
    visits = enterprise.visits.select_related("commissioner").prefetch_related(
        Prefetch("requests", queryset=requests)
    )
    investments = investments_of(enterprise)
    context = {
        "title": enterprise.name,
        "object": enterprise,
        "enterprise": enterprise,
        "can_keep": keeps_registry(user),
        "can_serve": can_serve,
        "years": enterprise.years.all(),
        "visits": visits,
        "benefits": enterprise.benefits.all(),
        "projects": investments["projects"].visible_to(user).select_related("region"),
        "leads": investments["leads"].visible_to(user).select_related("region"),
        "contracts": investments["contracts"].visible_to(user).select_related("region"),
        "problems": Problem.objects.visible_to(user)
        .filter(enterprise=enterprise)
        .select_related("department"),
        "categories": Category.choices,
        "departments": (
            Department.objects.reachable_by(user).order_by("name") if can_serve else []
        ),
    }
    return render(request, "enterprises/enterprise_detail.html", context)


@login_required
def enterprise_edit(request, pk=None):
    if not keeps_registry(request.user):
        raise PermissionDenied
    instance = enterprise_for(request.user, pk, edit=True) if pk else None
    form = EnterpriseForm(request.POST or None, instance=instance, user=request.user)
    if request.method == "POST" and form.is_valid():
        with acting_as(request.user):
            enterprise = form.save()
        messages.success(request, _("“%(name)s” was saved.") % {"name": enterprise.name})
        return redirect(enterprise)
    if instance:
        title = _("Edit %(name)s") % {"name": instance.name}
        cancel_url = instance.get_absolute_url()
    else:
        title, cancel_url = _("New enterprise"), reverse("enterprises:enterprise_list")
    return render_form(request, form, title=title, cancel_url=cancel_url)


@login_required
def enterprise_assign(request, pk):
    enterprise = enterprise_for(request.user, pk, edit=True)
    form = CommissionerForm(request.POST or None, instance=enterprise, user=request.user)
    if request.method == "POST" and form.is_valid():
        with acting_as(request.user):
            form.save()
        messages.success(request, _("The commissioner was assigned."))
        return redirect(enterprise)
    return render_form(
        request,
        form,
        title=_("Commissioner of %(name)s") % {"name": enterprise.name},
        cancel_url=enterprise.get_absolute_url(),
    )


# ---------------------------------------------------------------- yearly figures


class EnterpriseYearListView(KeeperMixin, ObjectListView):
    queryset = EnterpriseYear.objects.select_related("enterprise__region")
    filterset_class = EnterpriseYearFilterSet
    table_class = EnterpriseYearTable
    title = gettext_lazy("Yearly figures of enterprises")
    export_name = "enterprise-figures"
    template_name = "enterprises/year_list.html"


@login_required
def year_edit(request, pk, year_pk=None):
    enterprise = enterprise_for(request.user, pk, edit=True)
    instance = (
        get_object_or_404(EnterpriseYear, pk=year_pk, enterprise=enterprise) if year_pk else None
    )
    initial = {} if instance else {"year": timezone.localdate().year - 1}
    form = EnterpriseYearForm(
        request.POST or None, instance=instance, enterprise=enterprise, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        with acting_as(request.user):
            form.save()
        messages.success(request, _("The yearly figures were saved."))
        return redirect(_anchor(enterprise, "years"))
    return render_form(
        request,
        form,
        title=_("Yearly figures of %(name)s") % {"name": enterprise.name},
        cancel_url=_anchor(enterprise, "years"),
    )


# ---------------------------------------------------------------- visits and requests


class VisitListView(ObjectListView):
    # A grouped query drops the model's default ordering: restate it.
    queryset = (
        Visit.objects.select_related("enterprise", "commissioner")
        .annotate(request_count=Count("requests"), problem_count=Count("requests__problem"))
        .order_by("-visited_on", "pk")
    )
    filterset_class = VisitFilterSet
    table_class = VisitTable
    title = gettext_lazy("Visits")
    export_name = "visits"


@login_required
def visit_create(request, pk):
    """The enterprise's commissioner (or a registry keeper) logs a visit and its requests."""
    enterprise = enterprise_for(request.user, pk)
    if not serves(request.user, enterprise):
        raise PermissionDenied
    form = VisitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.log_visit(enterprise, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The visit was logged."))
            return redirect(_anchor(enterprise, "visits"))
    return render_form(
        request,
        form,
        title=_("Log a visit to %(name)s") % {"name": enterprise.name},
        cancel_url=enterprise.get_absolute_url(),
    )


@login_required
@require_POST
def request_problem(request, pk):
    """One click: the request becomes a problem routed to a department; then its page opens."""
    requests = Request.objects.visible_to(request.user).select_related("visit__enterprise")
    found = get_object_or_404(requests, pk=pk)
    enterprise = found.visit.enterprise
    if not serves(request.user, enterprise):
        raise PermissionDenied
    form = RequestProblemForm(request.POST, user=request.user)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors)
        problem = services.request_to_problem(found, actor=request.user, **form.cleaned_data)
    except ValidationError as error:
        labels = {name: field.label for name, field in form.fields.items()}
        for name, texts in getattr(error, "message_dict", {None: error.messages}).items():
            for text in texts:
                label = labels.get(name)
                messages.error(request, f"{label}: {text}" if label else text)
        return redirect(_anchor(enterprise, f"request-{found.pk}"))
    messages.success(
        request,
        _("The request is now a problem for %(department)s.") % {"department": problem.department},
    )
    return redirect(problem)


# ---------------------------------------------------------------- policy benefits


class PolicyBenefitListView(KeeperMixin, ObjectListView):
    queryset = PolicyBenefit.objects.select_related("enterprise__region")
    filterset_class = PolicyBenefitFilterSet
    table_class = PolicyBenefitTable
    title = gettext_lazy("Policy benefits")
    export_name = "policy-benefits"
    template_name = "enterprises/benefit_list.html"
    create_url_name = "enterprises:benefit_create"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = (
            self.object_list.order_by()
            .values("kind")
            .annotate(count=Count("pk"), total=Sum("amount"))
        )
        found = {row["kind"]: row for row in rows}
        context["totals"] = [
            {"kind": kind.label, "count": found[kind]["count"], "total": found[kind]["total"]}
            for kind in BenefitKind
            if kind in found
        ]
        context["grand_total"] = sum((row["total"] for row in context["totals"]), start=0)
        return context


@login_required
def benefit_create(request):
    """From the list, or from an enterprise's page (?enterprise=)."""
    if not keeps_registry(request.user):
        raise PermissionDenied
    initial, cancel_url = {}, reverse("enterprises:benefit_list")
    if "enterprise" in request.GET:
        enterprise = enterprise_for(request.user, _number(request.GET["enterprise"]))
        initial, cancel_url = {"enterprise": enterprise.pk}, _anchor(enterprise, "benefits")
    form = PolicyBenefitForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        with acting_as(request.user):
            benefit = form.save()
        messages.success(request, _("The policy benefit was recorded."))
        return redirect(_anchor(benefit.enterprise, "benefits"))
    return render_form(request, form, title=_("New policy benefit"), cancel_url=cancel_url)
