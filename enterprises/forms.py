"""Forms of the enterprise side: the same rules for the pages, the Excel import and the API."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.choices import Role
from accounts.models import User
from core.models import Industry, Region
from enterprises.models import Enterprise, EnterpriseYear, PolicyBenefit
from problems.choices import Category
from problems.models import Department
from projects.forms import BootstrapMixin, DateInput
from promotion.models import Chain

FIRST_YEAR = 1990


def normal_credit_code(value):
    """Spaces around and the case of the letters do not matter when a code is typed."""
    return (value or "").strip().upper()


def above(region):
    """The codes of a region and of the regions above it (county → city → province)."""
    code = region.code
    return {code, code[:4] + "00", code[:2] + "0000"}


def chains_for(user):
    """Chains of the user's scope and of the regions above: a county works the city's chains."""
    if user.sees_everything or user.region_id is None:
        return Chain.objects.visible_to(user)
    reach = Q(pk__in=Chain.objects.visible_to(user).values("pk"))
    return Chain.objects.filter(reach | Q(region__code__in=above(user.region)))


def assignable_commissioners(user, region=None):
    """Active commissioners the user can see, or who work above the enterprise's region."""
    commissioners = User.objects.filter(role=Role.COMMISSIONER, is_active=True)
    reach = Q(pk__in=User.objects.visible_to(user).values("pk"))
    if region is not None:
        reach |= Q(region__code__in=above(region))
    return commissioners.filter(reach).order_by("last_name", "first_name", "username")


class EnterpriseForm(BootstrapMixin, forms.ModelForm):
    """Region and industry come from the user's scope; the credit code is checked and unique."""

    industry = forms.ModelChoiceField(
        label=_("industry"), queryset=Industry.objects.none(), required=False
    )

    class Meta:
        model = Enterprise
        fields = [
            "name",
            "credit_code",
            "region",
            "industry",
            "chain",
            "contact",
            "phone",
            "above_designated_size",
        ]
        help_texts = {
            "credit_code": _("18 characters (GB 32100-2015); the last is a check character."),
            "above_designated_size": _(
                "Industrial enterprises with a main business income of 20 million yuan or more."
            ),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["industry"].queryset = Industry.objects.filter(level="division").order_by(
            "code"
        )
        if user is not None:
            self.fields["region"].queryset = Region.objects.visible_to(user)
            self.fields["chain"].queryset = chains_for(user)

    def clean_credit_code(self):
        return normal_credit_code(self.cleaned_data.get("credit_code"))


class CommissionerForm(BootstrapMixin, forms.ModelForm):
    """Assign the enterprise to a commissioner, or to nobody."""

    class Meta:
        model = Enterprise
        fields = ["commissioner"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commissioner"].queryset = assignable_commissioners(user, self.instance.region)
        self.fields["commissioner"].help_text = _(
            "Commissioners of the enterprise's region or of the regions above it."
        )


class EnterpriseYearForm(BootstrapMixin, forms.ModelForm):
    """One year's figures of one enterprise, fixed by the page or the import row."""

    year = forms.IntegerField(
        label=_("year"),
        min_value=FIRST_YEAR,
        error_messages={"min_value": _("Give the year as four digits, from 1990 on.")},
    )
    employees = forms.IntegerField(
        label=_("employees"),
        required=False,
        min_value=0,
        error_messages={"min_value": _("The number of employees cannot be negative.")},
    )

    class Meta:
        model = EnterpriseYear
        fields = ["year", "output_value", "main_business_income", "profit", "tax", "employees"]

    def __init__(self, *args, enterprise=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if enterprise is not None:
            self.instance.enterprise = enterprise

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year > timezone.localdate().year:
            raise forms.ValidationError(
                _("Figures cannot be given for a year that has not begun."), code="future"
            )
        # The enterprise is not a field of the form, so Django would leave this to the database.
        if self.instance.enterprise_id:
            taken = EnterpriseYear.objects.filter(enterprise=self.instance.enterprise_id, year=year)
            if taken.exclude(pk=self.instance.pk).exists():
                raise forms.ValidationError(
                    _("The figures of %(year)s are already recorded; edit them instead.")
                    % {"year": year},
                    code="duplicate_year",
                )
        return year


class VisitForm(BootstrapMixin, forms.Form):
    visited_on = forms.DateField(label=_("date"), widget=DateInput(), initial=timezone.localdate)
    content = forms.CharField(
        label=_("content"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )
    requests = forms.CharField(
        label=_("requests"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the enterprise asked for, one request per line."),
    )

    def clean_visited_on(self):
        day = self.cleaned_data["visited_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("A visit cannot be in the future."), code="future")
        return day


class RequestProblemForm(BootstrapMixin, forms.Form):
    """One click: the category and the department a request is routed to."""

    category = forms.ChoiceField(
        label=pgettext_lazy("problem", "category"), choices=Category.choices
    )
    department = forms.ModelChoiceField(
        label=_("responsible department"), queryset=Department.objects.none()
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.reachable_by(user).order_by("name")


class PolicyBenefitForm(BootstrapMixin, forms.ModelForm):
    """The model's clean() asks for the bank of a financing and refuses a future date."""

    class Meta:
        model = PolicyBenefit
        fields = ["enterprise", "kind", "granted_on", "amount", "bank"]
        widgets = {"granted_on": DateInput()}
        help_texts = {"bank": _("Required for financing matched.")}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["enterprise"].queryset = Enterprise.objects.visible_to(user)
