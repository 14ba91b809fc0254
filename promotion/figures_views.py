"""The promotion figures page: any period, group, chain, target region or region, with the funnel.

The figures are ``promotion.figures`` over what the user may see; the page adds the contracts
behind the contract figures, so each rate can be checked row by row.
"""

import datetime
from decimal import Decimal

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import Q, Sum
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.models import Region
from dashboards.filtersets import default_year
from promotion import figures as promotion_figures
from promotion.choices import TargetRegion
from promotion.models import Activity, Chain, Contract, Lead, PromotionGroup

TENTH = Decimal("0.1")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def funnel_chart(steps, url=None, title=None):
    """A funnel chart's data: one item a step, each with its count and share of the step before."""
    return {
        "title": title or _("Promotion funnel"),
        "items": [
            {
                "name": step.label,
                "value": step.count,
                "share": None if step.share is None else str(step.share.quantize(TENTH)),
                **({"url": url} if url else {}),
            }
            for step in steps
        ],
    }


def default_period(today=None):
    """The year of the latest reporting period (as the dashboard), to today if it is this year."""
    today = today or timezone.localdate()
    year = default_year()
    end = datetime.date(year, 12, 31)
    return promotion_figures.Period(
        datetime.date(year, 1, 1), min(end, today) if year == today.year else end
    )


class FiguresForm(forms.Form):
    """Period (from, to), region, promotion group, chain and target region: all optional."""

    def __init__(self, data, *, user):
        super().__init__(data)
        period = default_period()
        self.fields["from"] = forms.DateField(
            label=gettext_lazy("from"), required=False, widget=DATE, initial=period.start
        )
        self.fields["to"] = forms.DateField(
            label=gettext_lazy("to"), required=False, widget=DATE, initial=period.end
        )
        self.fields["region"] = forms.ChoiceField(
            label=gettext_lazy("region"),
            required=False,
            choices=[("", _("all"))] + self._regions(user),
        )
        self.fields["group"] = forms.ModelChoiceField(
            label=gettext_lazy("promotion group"),
            queryset=PromotionGroup.objects.visible_to(user),
            required=False,
            empty_label=_("all"),
        )
        self.fields["chain"] = forms.ModelChoiceField(
            label=gettext_lazy("chain"),
            queryset=Chain.objects.visible_to(user),
            required=False,
            empty_label=_("all"),
        )
        self.fields["target_region"] = forms.ChoiceField(
            label=gettext_lazy("target region"),
            required=False,
            choices=[("", _("all")), *TargetRegion.choices],
        )
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control form-control-sm")
            if isinstance(field, forms.ChoiceField):
                field.widget.attrs["class"] = "form-select form-select-sm"

    @staticmethod
    def _regions(user):
        """Regions with promotion rows the user sees, and the cities and provinces above them."""
        ids = set()
        for model in (Activity, Lead, Contract):
            rows = model.objects.visible_to(user).order_by().values_list("region", flat=True)
            ids |= set(rows.distinct())
        regions = (
            Region.objects.filter(
                Q(pk__in=ids) | Q(children__in=ids) | Q(children__children__in=ids)
            )
            .distinct()
            .order_by("code")
        )
        indent = {"province": "", "city": "\u3000", "county": "\u3000\u3000"}
        return [(r.code, f"{indent.get(r.level, '')}{r.code} {r}") for r in regions]

    def clean(self):
        data = super().clean()
        period = default_period()
        start, end = data.get("from"), data.get("to")
        if start and not end:
            end = max(start, datetime.date(start.year, 12, 31))
        if end and not start:
            start = datetime.date(end.year, 1, 1)
        start, end = start or period.start, end or period.end
        if start > end:
            self.add_error("to", _("The end of the period is before its start."))
        data["period"] = promotion_figures.Period(start, end)
        return data


def _url(name, pk):
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:  # that page is not installed
        return None


def contract_rows(selection, period):
    """The contracts signed in the period, with what the figures read of each (one query)."""
    contracts = (
        promotion_figures.signed_in(selection.contracts, period)
        .select_related("project", "region")
        .annotate(arrived=Sum("funds__amount", filter=Q(funds__arrived_on__lte=period.end)))
        .order_by("signed_on", "pk")
    )
    rows = []
    for contract in contracts:
        project = contract.project
        started = project.actual_start if project and project.actual_start else None
        started = started if started and started <= period.end else None
        registered = contract.registered_on
        registered = registered if registered and registered <= period.end else None
        rows.append(
            {
                "name": contract.name,
                "url": _url("promotion:contract_detail", contract.pk),
                "signed_on": contract.signed_on,
                "event": contract.signing_event,
                "region": str(contract.region),
                "value": contract.contracted_investment,
                "registered_on": registered,
                "started_on": started,
                "days": (started - contract.signed_on).days if started else None,
                "landed": bool(registered or started),
                "arrived": contract.arrived or Decimal(0),
                "project": project,
                "project_url": _url("projects:project_detail", project.pk) if project else None,
            }
        )
    return rows


@login_required
def promotion_figures_page(request):
    form = FiguresForm(request.GET or None, user=request.user)
    valid = form.is_valid() if form.is_bound else True
    context = {"title": _("Promotion figures"), "form": form}
    if valid:
        data = form.cleaned_data if form.is_bound else {}
        period = data.get("period") or default_period()
        selection = promotion_figures.select(
            request.user,
            region=data.get("region") or None,
            group=data.get("group"),
            chain=data.get("chain"),
            target_region=data.get("target_region") or None,
        )
        result = promotion_figures.figures(selection, period)
        context.update(
            figures=result,
            period=period,
            funnel=result.funnel,
            chart=funnel_chart(result.funnel),
            contracts=contract_rows(selection, period),
        )
    return render(request, "promotion/figures.html", context)
