"""Pages of the promotion pipeline: activities, leads and their board, contracts, deadlines."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.changelog import acting_as
from core.forms import render_form
from core.lists import ObjectListView
from core.money import ratio_percent
from projects.permissions import project_for
from promotion import services
from promotion.choices import PIPELINE, Stage
from promotion.filtersets import ActivityFilterSet, ContractFilterSet, LeadFilterSet
from promotion.forms import (
    STEPS,
    ActivityForm,
    ContractForm,
    ConvertForm,
    FundsForm,
    LeadForm,
    LeadRulesForm,
    LeadStepForm,
    StageForm,
    contract_initial,
    next_stage,
)
from promotion.models import Activity, Contract, Lead, LeadRules
from promotion.permissions import can_promote, object_for
from promotion.tables import ActivityTable, ContractTable, LeadTable

LEAD_ROWS = ("region", "chain", "group")
BOARD_STAGES = [*PIPELINE, Stage.ON_HOLD, Stage.LOST]


def error_messages(request, error, form=None):
    """A form's or a service's refusal as messages, each named by its field's label."""
    labels = {name: field.label for name, field in form.fields.items()} if form else {}
    if hasattr(error, "error_dict"):
        for name, texts in error.message_dict.items():
            for text in texts:
                label = labels.get(name)
                messages.error(request, f"{label}: {text}" if label else text)
    else:
        for text in error.messages:
            messages.error(request, text)


def run_form_service(request, form, service):
    """Validate the form, then run the service on its data; refusals become messages."""
    try:
        if not form.is_valid():
            raise ValidationError(form.errors)
        service(**form.cleaned_data)
    except ValidationError as error:
        error_messages(request, error, form)
        return False
    return True


class PromoterCreateMixin:
    create_url_name = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_promote"] = can_promote(self.request.user)
        if context["can_promote"] and self.create_url_name:
            context["create_url"] = reverse(self.create_url_name)
        return context


# ---------------------------------------------------------------- activities


class ActivityListView(PromoterCreateMixin, ObjectListView):
    # A grouped query drops the model's default ordering: restate it.
    queryset = (
        Activity.objects.select_related("region", "group", "leader")
        .annotate(lead_count=Count("leads"))
        .order_by("-held_on", "pk")
    )
    filterset_class = ActivityFilterSet
    table_class = ActivityTable
    title = gettext_lazy("Promotion activities")
    export_name = "activities"
    template_name = "promotion/activity_list.html"
    create_url_name = "promotion:activity_create"


@login_required
def activity_detail(request, pk):
    activity = object_for(
        Activity.objects.select_related("region", "group", "leader"), request.user, pk
    )
    leads = Lead.objects.visible_to(request.user).filter(activity=activity)
    context = {
        "title": str(activity),
        "object": activity,
        "activity": activity,
        "leads": leads.select_related(*LEAD_ROWS),
        "can_promote": can_promote(request.user),
    }
    return render(request, "promotion/activity_detail.html", context)


@login_required
def activity_edit(request, pk=None):
    if not can_promote(request.user):
        raise PermissionDenied
    instance = object_for(Activity.objects, request.user, pk, edit=True) if pk else None
    form = ActivityForm(request.POST or None, instance=instance, user=request.user)
    if request.method == "POST" and form.is_valid():
        with acting_as(request.user):
            activity = form.save()
        messages.success(request, _("The activity was saved."))
        return redirect(activity)
    title = _("Edit the activity") if instance else _("New promotion activity")
    cancel_url = instance.get_absolute_url() if instance else reverse("promotion:activity_list")
    return render_form(request, form, title=title, cancel_url=cancel_url)


# ---------------------------------------------------------------- leads


class LeadListView(PromoterCreateMixin, ObjectListView):
    queryset = Lead.objects.select_related(*LEAD_ROWS)
    filterset_class = LeadFilterSet
    table_class = LeadTable
    title = gettext_lazy("Leads")
    export_name = "leads"
    template_name = "promotion/lead_list.html"
    create_url_name = "promotion:lead_create"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_set_deadlines"] = self.request.user.sees_everything
        return context


@login_required
def lead_board(request):
    """The pipeline as columns of cards; each card moves with a small form, no dragging."""
    leads = Lead.objects.visible_to(request.user).select_related(*LEAD_ROWS)
    filterset = LeadFilterSet(request.GET or None, queryset=leads, request=request)
    rules, today = LeadRules.objects.current(), timezone.localdate()
    cards = {stage: [] for stage in BOARD_STAGES}
    valid = not filterset.is_bound or filterset.is_valid()
    for lead in filterset.qs if valid else leads.none():
        lead.late_steps = lead.overdue_steps(rules, today)
        lead.next_stage = next_stage(lead.stage)
        cards[Stage(lead.stage)].append(lead)
    context = {
        "title": _("Pipeline board"),
        "filter": filterset,
        "columns": [(stage, cards[stage]) for stage in BOARD_STAGES],
        "stages": Stage.choices,
        "today": today,
        "can_promote": can_promote(request.user),
        "query": request.GET.urlencode(),
    }
    return render(request, "promotion/lead_board.html", context)


def deadline_rows(lead, rules, today):
    """Each response deadline of a lead: its step, due date, date done, and whether it is late."""
    late = lead.overdue_steps(rules, today)
    rows = []
    for step, (field, days_field, label) in STEPS.items():
        days = getattr(rules, days_field)
        rows.append(
            {
                "step": step,
                "label": label,
                "days": days,
                "due": lead.received_on + datetime.timedelta(days=days),
                "done": getattr(lead, field),
                "late": step in late,
            }
        )
    return rows


@login_required
def lead_detail(request, pk):
    lead = object_for(
        Lead.objects.select_related(*LEAD_ROWS, "industry", "target", "activity"), request.user, pk
    )
    rules, today = LeadRules.objects.current(), timezone.localdate()
    contract = getattr(lead, "contract", None)  # the reverse one-to-one raises when missing
    context = {
        "title": str(lead),
        "object": lead,
        "lead": lead,
        "contract": contract,
        "stages": lead.stages.select_related("actor"),
        "deadlines": deadline_rows(lead, rules, today),
        "rules": rules,
        "today": today,
        "stage_form": StageForm(lead=lead),
        "can_promote": can_promote(request.user),
    }
    return render(request, "promotion/lead_detail.html", context)


@login_required
def lead_edit(request, pk=None):
    if not can_promote(request.user):
        raise PermissionDenied
    instance = object_for(Lead.objects, request.user, pk, edit=True) if pk else None
    initial = {}
    if instance is None and request.GET.get("activity", "").isdecimal():
        activity = object_for(Activity.objects, request.user, int(request.GET["activity"]))
        initial = {
            "activity": activity.pk,
            "region": activity.region_id,
            "group": activity.group_id,
        }
    form = LeadForm(request.POST or None, instance=instance, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        with acting_as(request.user):
            lead = form.save()
        messages.success(request, _("The lead was saved."))
        return redirect(lead)
    title = _("Edit the lead") if instance else _("New lead")
    cancel_url = instance.get_absolute_url() if instance else reverse("promotion:lead_list")
    return render_form(request, form, title=title, cancel_url=cancel_url)


@login_required
@require_POST
def lead_stage(request, pk):
    """Move a lead (from its page or the board); the service refuses what the rules forbid."""
    lead = object_for(Lead.objects, request.user, pk, edit=True)
    form = StageForm(request.POST, lead=lead)

    def change(to_stage, on, reason):
        services.change_stage(lead, to_stage, on=on, reason=reason, actor=request.user)

    if run_form_service(request, form, change):
        messages.success(
            request,
            _("“%(lead)s” moved to %(stage)s.")
            % {"lead": lead, "stage": Stage(form.cleaned_data["to_stage"]).label},
        )
    if request.POST.get("next") == "board":
        return redirect(reverse("promotion:lead_board") + f"#lead-{lead.pk}")
    return redirect(reverse("promotion:lead_detail", args=[lead.pk]) + "#stage")


@login_required
@require_POST
def lead_step(request, pk, step):
    """Record the day the lead was responded to, assessed, or the investor answered."""
    if step not in STEPS:
        raise Http404
    lead = object_for(Lead.objects, request.user, pk, edit=True)
    field = STEPS[step][0]
    form = LeadStepForm(request.POST, lead=lead)

    def record(on):
        setattr(lead, field, on)
        with acting_as(request.user):
            lead.save(update_fields=[field])

    if run_form_service(request, form, record):
        messages.success(request, _("The date was recorded."))
    return redirect(reverse("promotion:lead_detail", args=[lead.pk]) + "#deadlines")


@login_required
def lead_rules(request):
    """The administrator sets how many days a lead has to be responded to, assessed, answered."""
    if not request.user.sees_everything:
        raise PermissionDenied
    form = LeadRulesForm(request.POST or None, instance=LeadRules.objects.current())
    if request.method == "POST" and form.is_valid():
        with acting_as(request.user):
            form.save()
        messages.success(request, _("The lead deadlines were saved."))
        return redirect("promotion:lead_rules")
    return render_form(
        request, form, title=_("Lead deadlines"), cancel_url=reverse("promotion:lead_list")
    )


# ---------------------------------------------------------------- contracts


class ContractListView(PromoterCreateMixin, ObjectListView):
    queryset = (
        Contract.objects.with_funds()
        .select_related("region", "chain", "group", "project")
        .order_by("-signed_on", "pk")
    )
    filterset_class = ContractFilterSet
    table_class = ContractTable
    title = gettext_lazy("Contracts")
    export_name = "contracts"
    template_name = "promotion/contract_list.html"
    create_url_name = "promotion:contract_create"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        shown = Contract.objects.filter(pk__in=self.object_list.values("pk"))
        context["totals"] = shown.aggregate(count=Count("pk"), value=Sum("contracted_investment"))
        return context


def contract_for(user, pk, *, edit=False):
    contracts = Contract.objects.with_funds().select_related(
        "region", "chain", "group", "project", "lead__industry"
    )
    return object_for(contracts, user, pk, edit=edit)


@login_required
def contract_detail(request, pk):
    contract = contract_for(request.user, pk)
    promoter = can_promote(request.user)
    context = {
        "title": str(contract),
        "object": contract,
        "contract": contract,
        "funds": contract.funds.all(),
        "funds_rate": ratio_percent(contract.funds_arrived, contract.contracted_investment),
        "can_promote": promoter,
        "funds_form": FundsForm() if promoter else None,
        "convert_form": (
            ConvertForm(user=request.user, contract=contract)
            if promoter and not contract.project_id
            else None
        ),
    }
    return render(request, "promotion/contract_detail.html", context)


@login_required
def contract_edit(request, pk=None):
    """A new contract (from a lead with ?lead=, prefilled from it) or an edit."""
    user = request.user
    if not can_promote(user):
        raise PermissionDenied
    instance = contract_for(user, pk, edit=True) if pk else None
    lead, initial = None, {}
    if instance is None and request.GET.get("lead", "").isdecimal():
        lead = object_for(Lead.objects, user, int(request.GET["lead"]), edit=True)
        if getattr(lead, "contract", None) is not None:
            messages.info(request, _("The contract of this lead is already recorded."))
            return redirect(lead.contract)
        initial = contract_initial(lead)
    form = ContractForm(request.POST or None, instance=instance, initial=initial, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            contract = _save_contract(form, lead, user)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("The contract was saved."))
            return redirect(contract)
    if instance:
        title, cancel_url = _("Edit the contract"), instance.get_absolute_url()
    elif lead:
        title = _("Record the contract of %(lead)s") % {"lead": lead}
        cancel_url = lead.get_absolute_url()
    else:
        title, cancel_url = _("New contract"), reverse("promotion:contract_list")
    return render_form(request, form, title=title, cancel_url=cancel_url)


def _save_contract(form, lead, user):
    """Save the contract; one recorded from a lead moves the lead on to signed, all or nothing."""
    with transaction.atomic(), acting_as(user):
        contract = form.save(commit=False)
        if lead is not None:
            contract.lead = lead
        contract.save()
        if lead is not None and lead.stage in PIPELINE[: PIPELINE.index(Stage.SIGNED)]:
            services.change_stage(lead, Stage.SIGNED, on=contract.signed_on, actor=user)
    return contract


@login_required
@require_POST
def contract_funds(request, pk):
    contract = contract_for(request.user, pk, edit=True)
    form = FundsForm(request.POST)

    def record(arrived_on, amount, explanation):
        services.record_funds(
            contract,
            arrived_on=arrived_on,
            amount=amount,
            explanation=explanation,
            actor=request.user,
        )

    if run_form_service(request, form, record):
        messages.success(request, _("The funds arrived were recorded."))
    return redirect(reverse("promotion:contract_detail", args=[contract.pk]) + "#funds")


@login_required
def contract_convert(request, pk):
    """One click: the county and industry division are all a project needs beyond the contract."""
    contract = contract_for(request.user, pk, edit=True)
    if contract.project_id:
        messages.error(request, _("This contract is already a project."))
        return redirect(contract)
    form = ConvertForm(request.POST or None, user=request.user, contract=contract)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.convert_to_project(
                contract,
                region=form.cleaned_data["region"],
                industry=form.cleaned_data["industry"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                _("“%(name)s” is now a project on the library.") % {"name": project.name},
            )
            return redirect(project)
    return render_form(
        request,
        form,
        title=_("Convert %(name)s to a project") % {"name": contract.name},
        cancel_url=contract.get_absolute_url(),
        submit_label=_("Convert to a project"),
    )


@login_required
def project_contract(request, project_pk):
    """The contract a project came from, on the project's page (projects does not import us)."""
    project = project_for(request.user, project_pk)
    contract = (
        Contract.objects.visible_to(request.user)
        .filter(project=project)
        .select_related("lead")
        .first()
    )
    return render(
        request, "promotion/_project_contract.html", {"project": project, "contract": contract}
    )
