"""Forms of problem solving: raise, act on a problem, departments, meetings and decisions."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.choices import Role
from accounts.models import User
from core.concurrency import VersionedForm
from core.models import Region
from core.uploads import check_upload
from problems.choices import DEFAULT_DAYS, Category, Level, Webhook
from problems.models import CategoryDeadline, Department, Meeting
from projects.forms import BootstrapMixin, DateInput
from projects.models import Person, Project

SATISFACTION = [(n, str(n)) for n in range(1, 6)]


def default_days():
    """Days per category: the administrator's rows, else the built-in defaults."""
    days = {Category(c): d for c, d in CategoryDeadline.objects.values_list("category", "days")}
    return {category: days.get(category, DEFAULT_DAYS[category]) for category in Category}


def deadline_help():
    days = default_days()
    defaults = "; ".join(f"{category.label} {days[category]}" for category in Category)
    return _("Leave empty for the category's default (days): %(defaults)s.") % {
        "defaults": defaults
    }


def not_in_the_past(deadline):
    if deadline and deadline < timezone.localdate():
        raise forms.ValidationError(_("The deadline cannot be in the past."), code="past")
    return deadline


class ProblemForm(BootstrapMixin, forms.Form):
    """Raise a problem; the project is fixed when it comes from a project or a monthly report."""

    project = forms.ModelChoiceField(label=_("project"), queryset=Project.objects.none())
    category = forms.ChoiceField(
        label=pgettext_lazy("problem", "category"), choices=Category.choices
    )
    description = forms.CharField(
        label=_("description"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )
    department = forms.ModelChoiceField(
        label=_("responsible department"), queryset=Department.objects.none()
    )
    lead_leader = forms.ModelChoiceField(
        label=_("lead leader"), queryset=Person.objects.none(), required=False
    )
    deadline = forms.DateField(
        label=pgettext_lazy("problem", "deadline"), required=False, widget=DateInput()
    )

    def __init__(self, *args, user, project=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = Project.objects.visible_to(user).order_by("name")
        self.fields["department"].queryset = Department.objects.reachable_by(user)
        self.fields["lead_leader"].queryset = Person.objects.visible_to(user)
        self.fields["deadline"].help_text = deadline_help()
        if project is not None:
            self.fields["project"].initial = project.pk
            self.fields["project"].disabled = True

    def clean_description(self):
        return self.cleaned_data["description"].strip()

    def clean_deadline(self):
        return not_in_the_past(self.cleaned_data.get("deadline"))


class ResolveForm(VersionedForm, BootstrapMixin, forms.Form):
    resolution = forms.CharField(
        label=_("resolution"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    evidence = forms.FileField(
        label=_("evidence"),
        required=False,
        help_text=_("Optional: a PDF, JPEG, PNG, DOCX or XLSX file."),
    )

    def clean_evidence(self):
        evidence = self.cleaned_data.get("evidence")
        if not evidence:
            return None
        return check_upload(evidence, field=self.fields["evidence"].label)


class EscalateForm(VersionedForm, BootstrapMixin, forms.Form):
    """Any level is accepted here so that the service's refusal names the next one."""

    to_level = forms.TypedChoiceField(label=_("escalate to"), choices=Level.choices, coerce=int)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        problem = self.instance
        if problem is not None and problem.level < Level.PROVINCIAL:
            following = Level(problem.level + 1)
            self.fields["to_level"].widget.choices = [(following.value, following.label)]
            self.fields["to_level"].initial = following.value


class CloseForm(VersionedForm, BootstrapMixin, forms.Form):
    satisfaction = forms.TypedChoiceField(
        label=_("satisfaction (1–5)"),
        choices=SATISFACTION,
        coerce=int,
        initial=5,
        help_text=_("5 is fully satisfied."),
    )


class ReopenForm(VersionedForm, BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("why the resolution is not enough"), max_length=300)


class DepartmentForm(BootstrapMixin, forms.ModelForm):
    """The signing secret is write-only: it is never put back into the page."""

    webhook_secret = forms.CharField(
        label=_("robot signing secret"),
        required=False,
        max_length=200,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
    )
    clear_secret = forms.BooleanField(label=_("remove the signing secret"), required=False)
    webhook_url = Department._meta.get_field("webhook_url").formfield(assume_scheme="https")

    class Meta:
        model = Department
        fields = ["name", "region", "email", "webhook", "webhook_url", "members"]
        widgets = {"members": forms.SelectMultiple(attrs={"size": 6})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.visible_to(user)
        self.fields["members"].queryset = User.objects.visible_to(user).filter(role=Role.DEPARTMENT)
        secret = self.instance.webhook_secret
        if secret:
            self.fields["webhook_secret"].help_text = _(
                "A secret is set (%(masked)s). Leave empty to keep it."
            ) % {"masked": mask(secret)}
        else:
            self.fields["webhook_secret"].help_text = _("DingTalk only.")
            del self.fields["clear_secret"]
        self.order_fields(["name", "region", "email", "webhook", "webhook_url", "webhook_secret"])

    def clean(self):
        cleaned = super().clean()
        for field, message in webhook_errors(cleaned.get("webhook"), cleaned.get("webhook_url")):
            self.add_error(field, message)
        return cleaned

    def save(self, commit=True):
        department = super().save(commit=False)
        secret = (self.cleaned_data.get("webhook_secret") or "").strip()
        if self.cleaned_data.get("clear_secret"):
            department.webhook_secret = ""
        elif secret:
            department.webhook_secret = secret
        if department.webhook != Webhook.DINGTALK:
            department.webhook_secret = ""
        if commit:
            department.save()
            self.save_m2m()
        return department


def webhook_errors(kind, url):
    """A robot needs both its kind and its address (the page and the API say the same)."""
    if kind and not url:
        yield "webhook_url", _("Give the robot's webhook address.")
    if url and not kind:
        yield "webhook", _("Choose DingTalk or WeCom for this address.")


def mask(secret):
    """Enough of a secret to recognise it, never enough to use it."""
    return "••••" + secret[-4:] if len(secret) > 8 else "••••"


class MeetingForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["title", "held_on", "level", "region", "chair", "notes"]
        widgets = {"held_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.visible_to(user)
        self.fields["chair"].queryset = Person.objects.visible_to(user)


class DecisionForm(BootstrapMixin, forms.Form):
    decision = forms.CharField(
        label=_("decision"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000
    )
    owner = forms.ModelChoiceField(label=_("owner"), queryset=Department.objects.none())
    new_deadline = forms.DateField(label=_("new deadline"), widget=DateInput())

    def __init__(self, *args, user, item=None, **kwargs):
        if item is not None:
            kwargs.setdefault(
                "initial",
                {
                    "decision": item.decision,
                    "owner": item.owner_id or item.problem.department_id,
                    "new_deadline": item.new_deadline,
                },
            )
            kwargs.setdefault("prefix", f"item{item.pk}")
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Department.objects.visible_to(user)

    def clean_new_deadline(self):
        return not_in_the_past(self.cleaned_data.get("new_deadline"))


class CategoryDeadlineForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = CategoryDeadline
        fields = ["days"]


CategoryDeadlineFormSet = forms.modelformset_factory(
    CategoryDeadline, form=CategoryDeadlineForm, extra=0, can_delete=False
)
