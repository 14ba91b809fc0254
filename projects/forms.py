"""Forms of the project library: the same validation for the page, the import and the API."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.concurrency import VersionedForm
from core.models import Industry, Region
from core.uploads import check_upload
from projects.choices import Status
from projects.models import Attachment, Membership, Milestone, Person, Project, ProjectList


class BootstrapMixin:
    """Bootstrap classes on every widget, so templates render fields plainly."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs.setdefault("class", css)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ProjectForm(VersionedForm, BootstrapMixin, forms.ModelForm):
    """Region and industry are chosen by code, so the form reads the same as an import row."""

    region = forms.ModelChoiceField(
        label=_("county or district"), queryset=Region.objects.filter(level="county")
    )
    industry = forms.ModelChoiceField(
        label=_("industry"), queryset=Industry.objects.filter(level="division")
    )

    class Meta:
        model = Project
        fields = [
            "name",
            "code",
            "region",
            "address",
            "industry",
            "category",
            "nature",
            "source",
            "investor_name",
            "investor_credit_code",
            "total_investment",
            "planned_start",
            "planned_completion",
            "capacity",
            "capacity_unit",
            "promised_output_value",
            "promised_sales",
            "promised_profit",
            "promised_tax",
            "promised_jobs",
            "parent",
            "description",
        ]
        widgets = {
            "planned_start": DateInput(),
            "planned_completion": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["region"].queryset = Region.objects.visible_to(user).filter(level="county")
            self.fields["parent"].queryset = Project.objects.visible_to(user).order_by("name")

    def clean_code(self):
        code = (self.cleaned_data.get("code") or "").strip() or None
        if code:
            other = Project.objects.filter(code=code).exclude(pk=self.instance.pk).first()
            if other:
                raise forms.ValidationError(
                    _("Project code %(code)s is already used by “%(other)s”.")
                    % {"code": code, "other": other.name},
                    code="duplicate_code",
                )
        return code

    def clean_investor_credit_code(self):
        return (self.cleaned_data.get("investor_credit_code") or "").strip().upper()


class StatusForm(BootstrapMixin, forms.Form):
    to_status = forms.ChoiceField(label=_("new status"), choices=Status.choices)
    on = forms.DateField(label=_("date"), widget=DateInput(), initial=timezone.localdate)
    reason = forms.CharField(label=_("reason or note"), required=False, max_length=300)


class StallForm(BootstrapMixin, forms.Form):
    on = forms.DateField(label=_("date"), widget=DateInput(), initial=timezone.localdate)
    reason = forms.CharField(label=_("reason"), required=False, max_length=300)


class FiveOnesForm(VersionedForm, BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Project
        fields = ["leader", "responsible_person", "responsible_unit", "working_group"]
        widgets = {"working_group": forms.SelectMultiple(attrs={"size": 6})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        people = Person.objects.visible_to(user) if user else Person.objects.all()
        for name in ("leader", "responsible_person", "working_group"):
            self.fields[name].queryset = people


class MembershipForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["project_list", "annual_plan", "plan"]

    def __init__(self, *args, user=None, project=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        if user is not None:
            self.fields["project_list"].queryset = ProjectList.objects.visible_to(user)

    def clean_project_list(self):
        project_list = self.cleaned_data["project_list"]
        if self.project and project_list.memberships.filter(project=self.project).exists():
            raise forms.ValidationError(_("The project is already on this list."))
        return project_list


class ProjectListForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = ProjectList
        fields = ["name", "level", "year", "batch", "region"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["region"].queryset = Region.objects.visible_to(user)


class MilestoneForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["name", "due_date", "responsible_unit", "done_date", "oc4ids_type", "evidence"]
        widgets = {"due_date": DateInput(), "done_date": DateInput()}

    def clean_evidence(self):
        evidence = self.cleaned_data.get("evidence")
        if evidence and hasattr(evidence, "content_type"):  # a new file, not the one kept
            check_upload(evidence, field=self.fields["evidence"].label)
        return evidence

    def clean_done_date(self):
        done = self.cleaned_data.get("done_date")
        if done and done > timezone.localdate():
            raise forms.ValidationError(_("A milestone cannot be done in the future."))
        return done


class PersonForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Person
        fields = ["name", "title", "organisation", "phone", "region", "user"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["region"].queryset = Region.objects.visible_to(user)


class AttachmentForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Attachment
        fields = ["title", "file"]

    def clean_file(self):
        return check_upload(self.cleaned_data["file"], field=self.fields["file"].label)
