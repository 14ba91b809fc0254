"""Forms of monthly scheduling: the same rules for the page, the Excel batch and the API."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.concurrency import VersionedForm
from core.uploads import check_upload
from projects.forms import BootstrapMixin
from reports.models import Evidence, MonthlyReport, WarningRules, default_deadline


class MonthlyReportForm(VersionedForm, BootstrapMixin, forms.ModelForm):
    """``since_start_before`` may be given (the batch import knows it) to spare a query."""

    class Meta:
        model = MonthlyReport
        fields = [
            "completed",
            "progress_percent",
            "progress_text",
            "workers",
            "narrative",
            "over_total_explanation",
        ]
        widgets = {
            "progress_text": forms.Textarea(attrs={"rows": 2}),
            "narrative": forms.Textarea(attrs={"rows": 3}),
            "over_total_explanation": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, since_start_before=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.since_start_before = since_start_before

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            before = self.since_start_before
            if before is None:
                before = self.instance.since_start_before()
            for name, value in cleaned.items():
                setattr(self.instance, name, value)
            try:
                self.instance.check_against_total(before)
            except forms.ValidationError as error:
                self.add_error(None, error)
        return cleaned

    def validate_unique(self):
        """One report per project and period is enforced where reports are created."""


class PeriodForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    month = forms.IntegerField(label=_("month"), min_value=1, max_value=12)
    deadline = forms.DateField(
        label=_("deadline"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty for the 5th of the following month."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["year"].initial = today.year
        self.fields["month"].initial = today.month

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("year") and cleaned.get("month") and not cleaned.get("deadline"):
            cleaned["deadline"] = default_deadline(cleaned["year"], cleaned["month"])
        return cleaned


class ReasonForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=300)


class EvidenceForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Evidence
        fields = ["title", "file"]

    def clean_file(self):
        return check_upload(self.cleaned_data["file"], field=self.fields["file"].label)


class WarningRulesForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = WarningRules
        fields = [
            "red_lag_points",
            "yellow_lag_points",
            "red_months_without_report",
            "red_milestone_overdue_days",
            "anomaly_month_share_percent",
        ]

    def clean(self):
        cleaned = super().clean()
        red, yellow = cleaned.get("red_lag_points"), cleaned.get("yellow_lag_points")
        if red is not None and yellow is not None and red < yellow:
            self.add_error("red_lag_points", _("The red threshold cannot be below the yellow one."))
        return cleaned
