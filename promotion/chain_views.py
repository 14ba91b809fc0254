"""Industrial chains: the chain map (gaps → targets → leads → contracts → projects) and groups."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.changelog import acting_as
from core.filters import SearchFilterSet
from core.forms import render_form
from core.lists import ObjectListView
from core.money import ratio_percent
from projects.choices import STARTED_OR_LATER
from projects.models import Project
from promotion.choices import Segment, Stage
from promotion.filtersets import ChainFilterSet
from promotion.forms import ChainForm, GapForm, GroupForm, TargetForm
from promotion.models import Chain, Contract, Gap, Lead, PromotionGroup, TargetEnterprise
from promotion.permissions import can_promote, object_for
from promotion.tables import ChainTable, GroupTable

SIGNED_OR_LATER = {Stage.SIGNED, Stage.REGISTERED, Stage.STARTED}


def count_of(model, field):
    """How many ``model`` rows point at the outer row through ``field``, as a subquery."""
    rows = model.objects.filter(**{field: OuterRef("pk")}).order_by().values(field)
    counted = rows.annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


class ChainListView(ObjectListView):
    queryset = Chain.objects.select_related("region", "leader").annotate(
        gap_count=count_of(Gap, "chain"),
        target_count=count_of(TargetEnterprise, "chain"),
        lead_count=count_of(Lead, "chain"),
        contract_count=count_of(Contract, "chain"),
    )
    filterset_class = ChainFilterSet
    table_class = ChainTable
    title = gettext_lazy("Industrial chains")
    export_name = "chains"
    template_name = "promotion/chain_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if can_promote(self.request.user):
            context["create_url"] = reverse("promotion:chain_create")
        return context


def step(label, part, whole, part_label):
    return {
        "label": label,
        "count": whole,
        "part": part,
        "part_label": part_label,
        "rate": ratio_percent(part, whole),
    }


@login_required
def chain_detail(request, pk):
    """The whole chain in one page, each step with its conversion, in a fixed number of queries."""
    user = request.user
    chain = object_for(Chain.objects.select_related("region", "leader"), user, pk)
    visible_leads = Lead.objects.visible_to(user)
    gaps = list(chain.gaps.all())
    targets = list(
        chain.targets.select_related("gap").annotate(
            has_lead=Exists(visible_leads.filter(target=OuterRef("pk")))
        )
    )
    leads = list(visible_leads.filter(chain=chain).select_related("region", "target", "group"))
    contracts = list(
        Contract.objects.visible_to(user)
        .with_funds()
        .filter(chain=chain)
        .select_related("region", "project", "lead")
    )
    projects = list(
        Project.objects.visible_to(user).filter(contract__chain=chain).select_related("region")
    )
    by_gap = {gap.pk: [] for gap in gaps}
    loose = []
    for target in targets:
        by_gap.get(target.gap_id, loose).append(target)
    segments = [
        (segment, [(gap, by_gap[gap.pk]) for gap in gaps if gap.segment == segment])
        for segment in Segment
    ]
    funnel = [
        step(
            _("target enterprises"),
            sum(t.has_lead for t in targets),
            len(targets),
            _("with a lead"),
        ),
        step(
            _("leads"),
            sum(lead.stage in SIGNED_OR_LATER for lead in leads),
            len(leads),
            _("signed"),
        ),
        step(
            _("contracts"),
            sum(c.project_id is not None for c in contracts),
            len(contracts),
            _("converted to a project"),
        ),
        step(
            _("projects"),
            sum(p.status in STARTED_OR_LATER for p in projects),
            len(projects),
            _("started"),
        ),
    ]
    context = {
        "title": str(chain),
        "object": chain,
        "chain": chain,
        "gap_count": len(gaps),
        "segments": segments,
        "loose_targets": loose,
        "leads": leads,
        "contracts": contracts,
        "projects": projects,
        "funnel": funnel,
        "groups": chain.groups.all(),
        "can_promote": can_promote(user),
    }
    return render(request, "promotion/chain_detail.html", context)


@login_required
def chain_edit(request, pk=None):
    if not can_promote(request.user):
        raise PermissionDenied
    instance = object_for(Chain.objects, request.user, pk, edit=True) if pk else None
    form = ChainForm(request.POST or None, instance=instance, user=request.user)
    if request.method == "POST" and form.is_valid():
        with acting_as(request.user):
            chain = form.save()
        messages.success(request, _("The chain was saved."))
        return redirect(chain)
    title = _("Edit %(name)s") % {"name": instance.name} if instance else _("New industrial chain")
    cancel_url = instance.get_absolute_url() if instance else reverse("promotion:chain_list")
    return render_form(request, form, title=title, cancel_url=cancel_url)


def _chain_part(request, pk, model, part_pk, form_class, title):
    """Add or edit a gap or a target of a chain the user may change."""
    chain = object_for(Chain.objects, request.user, pk, edit=True)
    instance = get_object_or_404(model, pk=part_pk, chain=chain) if part_pk else model(chain=chain)
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        with acting_as(request.user):
            form.save()
        messages.success(request, _("The chain was saved."))
        return redirect(chain)
    title = title % {"chain": chain.name}
    return render_form(request, form, title=title, cancel_url=chain.get_absolute_url())


@login_required
def gap_edit(request, pk, gap_pk=None):
    return _chain_part(request, pk, Gap, gap_pk, GapForm, _("A gap of %(chain)s"))


@login_required
def target_edit(request, pk, target_pk=None):
    title = _("A target enterprise of %(chain)s")
    return _chain_part(request, pk, TargetEnterprise, target_pk, TargetForm, title)


class GroupFilterSet(SearchFilterSet):
    search_fields = ("name", "chain__name")

    class Meta:
        model = PromotionGroup
        fields = ["q"]


class GroupListView(ObjectListView):
    queryset = (
        PromotionGroup.objects.select_related("region", "chain")
        .annotate(member_count=Count("members"))
        .order_by("name", "pk")
    )
    filterset_class = GroupFilterSet
    table_class = GroupTable
    title = gettext_lazy("Promotion groups")
    export_name = "promotion-groups"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if can_promote(self.request.user):
            context["create_url"] = reverse("promotion:group_create")
        return context


@login_required
def group_edit(request, pk=None):
    if not can_promote(request.user):
        raise PermissionDenied
    instance = object_for(PromotionGroup.objects, request.user, pk, edit=True) if pk else None
    form = GroupForm(request.POST or None, instance=instance, user=request.user)
    if request.method == "POST" and form.is_valid():
        with acting_as(request.user):
            form.save()
        messages.success(request, _("The promotion group was saved."))
        return redirect("promotion:group_list")
    title = _("Edit %(name)s") % {"name": instance.name} if instance else _("New promotion group")
    return render_form(request, form, title=title, cancel_url=reverse("promotion:group_list"))
