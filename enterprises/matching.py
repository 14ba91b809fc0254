"""Investors become enterprise records: matched by credit code, never duplicated.

When a project, lead or contract is saved with an investor's credit code, the enterprise with that
code is found, or registered once with the name and region the record gives. The records stay
linked through the code (``investments_of``).
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from enterprises.models import Enterprise
from projects.models import Project
from promotion.models import Contract, Lead

# model → (field with the credit code, field with the name)
INVESTOR_FIELDS = {
    Project: ("investor_credit_code", "investor_name"),
    Lead: ("investor_credit_code", "investor_name"),
    Contract: ("counterparty_credit_code", "counterparty"),
}


def match_enterprise(credit_code, *, name, region, industry=None):
    """The enterprise with this credit code, registered on first sight."""
    enterprise, _created = Enterprise.objects.get_or_create(
        credit_code=credit_code,
        defaults={"name": name or credit_code, "region": region, "industry": industry},
    )
    return enterprise


@receiver(post_save, dispatch_uid="enterprise-matching")
def _match_investor(sender, instance, raw=False, **kwargs):
    fields = INVESTOR_FIELDS.get(sender)
    if raw or fields is None:
        return
    code_field, name_field = fields
    code = getattr(instance, code_field)
    if code:
        match_enterprise(
            code,
            name=getattr(instance, name_field),
            region=instance.region,
            industry=getattr(instance, "industry", None),
        )


def investments_of(enterprise):
    """The projects, leads and contracts whose investor is this enterprise."""
    code = enterprise.credit_code
    return {
        "projects": Project.objects.filter(investor_credit_code=code),
        "leads": Lead.objects.filter(investor_credit_code=code),
        "contracts": Contract.objects.filter(counterparty_credit_code=code),
    }
