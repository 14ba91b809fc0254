"""Forms of investment promotion: the same rules for the pages, the Excel import and the API."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.models import Industry, Region
from projects.forms import BootstrapMixin, DateInput
from projects.models import Person
from promotion.choices import PIPELINE, Stage, TargetRegion
from promotion.models import (
    Activity,
    Chain,
    Contract,
    Gap,
    Lead,
    LeadRules,
    PromotionGroup,
    TargetEnterprise,
)


def not_in_the_future(day, message):
    if day and day > timezone.localdate():
        raise forms.ValidationError(message, code="future")
    return day


def normal_credit_code(value):
    return (value or "").strip().upper()


def lead_with_credit_code(code, *, exclude_pk=None):
    """Another lead already holding this investor credit code (in any region), or None."""
    if not code:
        return None
    return Lead.objects.filter(investor_credit_code=code).exclude(pk=exclude_pk).first()


def divisions():
    return Industry.objects.filter(level="division").order_by("code")


class ScopedChoicesMixin:
    """Region, chain, group, leader… offered only from the user's scope."""

    scoped = {
        "region": Region,
        "chain": Chain,
        "group": PromotionGroup,
        "leader": Person,
        "target": TargetEnterprise,
        "activity": Activity,
    }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user is None:
            return
        for name, model in self.scoped.items():
            if name in self.fields:
                self.fields[name].queryset = model.objects.visible_to(user)


class ActivityForm(ScopedChoicesMixin, BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Activity
        fields = [
            "kind",
            "held_on",
            "title",
            "region",
            "group",
            "leader",
            "place",
            "target_region",
            "target_place",
            "participants",
            "enterprises_met",
        ]
        widgets = {
            "held_on": DateInput(),
            "participants": forms.Textarea(attrs={"rows": 2}),
            "enterprises_met": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "target_place": _("Required when the target is another province or city."),
            "enterprises_met": _("One enterprise per line."),
        }

    def clean(self):
        data = super().clean()
        if data.get("target_region") == TargetRegion.OTHER and not data.get("target_place"):
            self.add_error("target_place", _("Name the province or city the activity targeted."))
        return data


class LeadForm(ScopedChoicesMixin, BootstrapMixin, forms.ModelForm):
    industry = forms.ModelChoiceField(
        label=_("industry"), queryset=Industry.objects.none(), required=False
    )

    class Meta:
        model = Lead
        fields = [
            "investor_name",
            "investor_credit_code",
            "source",
            "region",
            "industry",
            "chain",
            "target",
            "activity",
            "group",
            "intended_investment",
            "content",
            "land_needs",
            "support_requested",
            "received_on",
        ]
        widgets = {
            "received_on": DateInput(),
            "content": forms.Textarea(attrs={"rows": 3}),
            "land_needs": forms.Textarea(attrs={"rows": 2}),
            "support_requested": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["industry"].queryset = divisions()

    def clean_investor_credit_code(self):
        code = normal_credit_code(self.cleaned_data.get("investor_credit_code"))
        if lead_with_credit_code(code, exclude_pk=self.instance.pk):
            raise forms.ValidationError(
                _("A lead with the investor credit code %(code)s already exists.") % {"code": code},
                code="duplicate_credit_code",
            )
        return code

    def clean_received_on(self):
        return not_in_the_future(
            self.cleaned_data.get("received_on"), _("A lead cannot be received in the future.")
        )

    def clean(self):
        data = super().clean()
        target, chain = data.get("target"), data.get("chain")
        if target is not None:
            if chain is None:
                data["chain"] = target.chain
            elif target.chain_id != chain.pk:
                self.add_error("target", _("This target enterprise belongs to another chain."))
        return data


# The response deadlines of a lead, as in Lead.overdue_steps: its date field, the LeadRules
# field of its number of days, and its name.
STEPS = {
    "respond": ("responded_on", "respond_days", _("respond")),
    "assess": ("assessed_on", "assess_days", _("assess")),
    "answer": ("answered_on", "answer_days", _("answer the investor")),
}


class LeadStepForm(BootstrapMixin, forms.Form):
    on = forms.DateField(label=_("date"), widget=DateInput(), initial=timezone.localdate)

    def __init__(self, *args, lead=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.lead = lead

    def clean_on(self):
        on = not_in_the_future(self.cleaned_data["on"], _("The date cannot be in the future."))
        if self.lead is not None and on < self.lead.received_on:
            raise forms.ValidationError(
                _("The date cannot be before the lead was received (%(day)s).")
                % {"day": self.lead.received_on},
                code="before_received",
            )
        return on


def next_stage(stage):
    """The pipeline stage after this one (None at the end or beside the pipeline)."""
    if stage not in PIPELINE or stage == PIPELINE[-1]:
        return None
    return PIPELINE[PIPELINE.index(stage) + 1]


class StageForm(BootstrapMixin, forms.Form):
    """Any stage is offered; the service refuses a move backwards or aside without a reason."""

    to_stage = forms.ChoiceField(label=_("new stage"), choices=Stage.choices)
    on = forms.DateField(label=_("date"), widget=DateInput(), initial=timezone.localdate)
    reason = forms.CharField(
        label=_("reason"),
        required=False,
        max_length=300,
        help_text=_("Required to move back, put on hold or mark lost."),
    )

    def __init__(self, *args, lead=None, **kwargs):
        super().__init__(*args, **kwargs)
        if lead is not None:
            self.fields["to_stage"].choices = [
                (value, label) for value, label in Stage.choices if value != lead.stage
            ]
            self.fields["to_stage"].initial = next_stage(lead.stage)


class ContractForm(ScopedChoicesMixin, BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Contract
        fields = [
            "name",
            "signed_on",
            "signing_event",
            "contracted_investment",
            "counterparty",
            "counterparty_credit_code",
            "region",
            "chain",
            "group",
            "registered_on",
        ]
        widgets = {"signed_on": DateInput(), "registered_on": DateInput()}
        error_messages = {
            "signed_on": {"required": _("Give the signing date.")},
            "contracted_investment": {"required": _("Give the contracted investment (万元).")},
        }

    def clean_signed_on(self):
        return not_in_the_future(
            self.cleaned_data.get("signed_on"), _("A contract cannot be signed in the future.")
        )

    def clean_contracted_investment(self):
        amount = self.cleaned_data.get("contracted_investment")
        if amount is not None and amount <= 0:
            raise forms.ValidationError(
                _("The contracted investment must be more than zero."), code="not_positive"
            )
        return amount

    def clean_counterparty_credit_code(self):
        return normal_credit_code(self.cleaned_data.get("counterparty_credit_code"))

    def clean(self):
        data = super().clean()
        signed, registered = data.get("signed_on"), data.get("registered_on")
        if registered:
            not_in_the_future(registered, _("The registration date cannot be in the future."))
            if signed and registered < signed:
                self.add_error(
                    "registered_on", _("The company cannot be registered before the signing.")
                )
        return data


def contract_initial(lead):
    """A contract recorded from a lead starts from the lead's investor, chain, group and region."""
    return {
        "name": lead.investor_name,
        "counterparty": lead.investor_name,
        "counterparty_credit_code": lead.investor_credit_code,
        "contracted_investment": lead.intended_investment,
        "region": lead.region_id,
        "chain": lead.chain_id,
        "group": lead.group_id,
        "signed_on": timezone.localdate(),
    }


class FundsForm(BootstrapMixin, forms.Form):
    """Checked by ``services.record_funds``; the form only parses."""

    arrived_on = forms.DateField(label=_("date"), widget=DateInput(), initial=timezone.localdate)
    amount = forms.DecimalField(label=_("amount (万元)"), max_digits=16, decimal_places=4)
    explanation = forms.CharField(
        label=_("why beyond the contracted amount"),
        required=False,
        max_length=300,
        help_text=_("Needed only when the funds arrived would exceed the contracted investment."),
    )


class ConvertForm(BootstrapMixin, forms.Form):
    """The two things a contract does not say: the county and the industry division."""

    region = forms.ModelChoiceField(label=_("county or district"), queryset=Region.objects.none())
    industry = forms.ModelChoiceField(label=_("industry"), queryset=Industry.objects.none())

    def __init__(self, *args, user, contract=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.visible_to(user).filter(level="county")
        self.fields["industry"].queryset = divisions()
        if contract is not None:
            if contract.region.level == "county":
                self.fields["region"].initial = contract.region_id
            lead = contract.lead
            if lead is not None and lead.industry_id and lead.industry.level == "division":
                self.fields["industry"].initial = lead.industry_id


class ChainForm(ScopedChoicesMixin, BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Chain
        fields = ["name", "region", "leader", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class GapForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Gap
        fields = ["segment", "description"]


class TargetForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = TargetEnterprise
        fields = ["name", "gap", "credit_code", "location", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gap"].queryset = self.instance.chain.gaps.all()

    def clean_credit_code(self):
        return normal_credit_code(self.cleaned_data.get("credit_code"))


class GroupForm(ScopedChoicesMixin, BootstrapMixin, forms.ModelForm):
    class Meta:
        model = PromotionGroup
        fields = ["name", "region", "chain", "members"]
        widgets = {"members": forms.SelectMultiple(attrs={"size": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        users = User.objects.visible_to(self.user) if self.user else User.objects.all()
        self.fields["members"].queryset = users.filter(is_active=True)


class LeadRulesForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = LeadRules
        fields = ["respond_days", "assess_days", "answer_days"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.validators += [MinValueValidator(1), MaxValueValidator(365)]
            field.widget.attrs.update(min=1, max=365)

    def clean(self):
        data = super().clean()
        days = [data.get(name) for name in self.Meta.fields]
        if None not in days and days != sorted(days):
            raise forms.ValidationError(
                _("The deadlines follow each other: respond, then assess, then answer.")
            )
        return data
