"""Writes of the promotion pipeline: stages, funds arrived, and a contract becoming a project."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core.changelog import acting_as
from projects.choices import Category, InvestmentSource, Nature
from projects.models import Project
from promotion.choices import ASIDE, PIPELINE, Stage
from promotion.models import Contract, FundsArrival, Lead, LeadStageChange


@transaction.atomic
def change_stage(lead, to_stage, *, on, actor, reason=""):
    """Forward along the pipeline freely; backwards, on hold or lost only with a reason."""
    lead = Lead.objects.select_for_update().get(pk=lead.pk)
    to_stage, reason = Stage(to_stage), (reason or "").strip()
    if to_stage == lead.stage:
        raise ValidationError({"to_stage": _("The lead is already at this stage.")})
    if on is None or on > timezone.localdate():
        raise ValidationError({"on": _("Give the date of the change; it cannot be in the future.")})
    backwards = (
        lead.stage in PIPELINE
        and to_stage in PIPELINE
        and PIPELINE.index(to_stage) < PIPELINE.index(lead.stage)
    )
    if (backwards or to_stage in ASIDE) and not reason:
        raise ValidationError(
            {"reason": _("Moving a lead back, on hold or to lost needs a reason.")}
        )
    if to_stage in {Stage.SIGNED, Stage.REGISTERED, Stage.STARTED} and not hasattr(
        lead, "contract"
    ):
        raise ValidationError(
            {"to_stage": _("Record the contract before marking the lead signed.")}
        )
    previous = lead.stage
    lead.stage, lead.stage_reason = to_stage, reason
    with acting_as(actor):
        lead.save(update_fields=["stage", "stage_reason"])
        LeadStageChange.objects.create(
            lead=lead, on=on, from_stage=previous, to_stage=to_stage, reason=reason, actor=actor
        )
    return lead


@transaction.atomic
def record_funds(contract, *, arrived_on, amount, actor, explanation=""):
    """Funds arrived; beyond the contracted investment only with an explanation."""
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    if amount is None or amount <= 0:
        raise ValidationError({"amount": _("Give the amount that arrived.")})
    if arrived_on is None or arrived_on < contract.signed_on or arrived_on > timezone.localdate():
        raise ValidationError(
            {"arrived_on": _("The date must fall between the signing and today.")}
        )
    so_far = contract.funds.aggregate(t=Sum("amount"))["t"] or 0
    if so_far + amount > contract.contracted_investment and not (explanation or "").strip():
        raise ValidationError(
            {
                "explanation": _(
                    "With this amount the funds arrived (%(total)s 万元) exceed the contracted "
                    "investment (%(contracted)s 万元): explain why."
                )
                % {"total": so_far + amount, "contracted": contract.contracted_investment}
            }
        )
    with acting_as(actor):
        return FundsArrival.objects.create(
            contract=contract, arrived_on=arrived_on, amount=amount, explanation=explanation.strip()
        )


@transaction.atomic
def convert_to_project(contract, *, region, industry, actor):
    """One click: a project on the library, prefilled from the contract and linked both ways."""
    contract = (
        Contract.objects.select_for_update(of=("self",)).select_related("lead").get(pk=contract.pk)
    )
    if contract.project_id:
        raise ValidationError(_("This contract is already a project."))
    project = Project(
        name=contract.name,
        region=region,
        industry=industry,
        category=Category.INDUSTRIAL,
        nature=Nature.NEW,
        source=InvestmentSource.PRIVATE,
        investor_name=contract.counterparty,
        investor_credit_code=contract.counterparty_credit_code,
        total_investment=contract.contracted_investment,
        description=contract.lead.content if contract.lead else "",
    )
    project.full_clean()
    with acting_as(actor):
        project.save()
        contract.project = project
        contract.save(update_fields=["project"])
    return project
