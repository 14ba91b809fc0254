"""The enterprise figures pages: totals, policy benefits, outcomes and growth lists, with Excel.

Each page reads ``enterprises.figures`` over what the user may see (``visible_to``) in a fixed
number of queries, whatever the number of rows, and exports what it shows (``?export=xlsx``): one
sheet per table, amounts in 万元 as numbers.
"""

import datetime
import io

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import Max, Q
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from core.excel import safe_cell, xlsx_response
from core.models import Region
from enterprises import figures
from enterprises.choices import BenefitKind
from enterprises.models import Enterprise, PolicyBenefit, ProjectOutcome
from projects.models import Project

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
INDENT = {"province": "", "city": "\u3000", "county": "\u3000\u3000"}
TOP = 20  # enterprises shown in the benefits page's ranking (the export has them all)


# ---------------------------------------------------------------- shared pieces


def _url(name, pk):
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:  # that page is not installed
        return None


def _enterprise_url(enterprise):
    return _url("enterprises:enterprise_detail", enterprise.pk)


def region_choices(region_ids):
    """The regions of the rows, with the cities and provinces above them (one query)."""
    ids = set(region_ids)
    regions = (
        Region.objects.filter(Q(pk__in=ids) | Q(children__in=ids) | Q(children__children__in=ids))
        .distinct()
        .order_by("code")
    )
    return [(r.code, f"{INDENT.get(r.level, '')}{r.code} {r}") for r in regions]


def _regions_of(queryset, field="region"):
    return queryset.order_by().values_list(field, flat=True).distinct()


def _style(form):
    for field in form.fields.values():
        if isinstance(field.widget, forms.Select):
            field.widget.attrs["class"] = "form-select form-select-sm"
        else:
            field.widget.attrs.setdefault("class", "form-control form-control-sm")


class YearRegionForm(forms.Form):
    """A year among those with figures, and a region of the rows the user sees."""

    def __init__(self, data, *, years, regions):
        super().__init__(data)
        self.default_year = years[0]
        self.fields["year"] = forms.TypedChoiceField(
            label=gettext_lazy("year"),
            choices=[(year, year) for year in years],
            coerce=int,
            required=False,
            initial=years[0],
        )
        self.fields["region"] = forms.ChoiceField(
            label=gettext_lazy("region"), required=False, choices=[("", _("all")), *regions]
        )
        _style(self)

    def clean(self):
        data = super().clean()
        data["year"] = data.get("year") or self.default_year
        data["region"] = data.get("region") or None
        return data


def _years(years):
    """The years to choose from, latest first: those with figures, else last year."""
    return list(years) or [timezone.localdate().year - 1]


def _values(form, defaults):
    """The defaults when nothing was asked, the cleaned values when valid, else None."""
    if not form.is_bound:
        return defaults
    return form.cleaned_data if form.is_valid() else None


def _query(request, **changes):
    query = request.GET.copy()
    query.pop("export", None)
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()


def _workbook(sheets):
    """One sheet per (title, header, rows): a bold header, then the rows."""
    book = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = book.create_sheet(title=str(title)[:31])
        bold = []
        for label in header:
            cell = WriteOnlyCell(sheet, value=safe_cell(str(label)))
            cell.font = Font(bold=True)
            bold.append(cell)
        sheet.append(bold)
        for row in rows:
            sheet.append([safe_cell(value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _export(name, sheets):
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return xlsx_response(_workbook(sheets), f"{name}-{stamp}.xlsx")


def _exporting(request):
    return request.GET.get("export") == "xlsx"


def _page(request, template, title, form, **context):
    context.update(
        title=title,
        form=form,
        export_query=_query(request, export="xlsx"),
    )
    return render(request, f"enterprises/{template}", context)


# ---------------------------------------------------------------- enterprise totals


def _totals_sheets(totals, rows):
    year = totals.year
    by_county = [
        (
            row.region.code,
            str(row.region),
            row.count,
            row.output_value,
            row.previous_count,
            row.previous_output,
        )
        for row in totals.rows
    ]
    by_county.append(
        (
            "",
            _("Total"),
            totals.count,
            totals.output_value,
            totals.previous_count,
            totals.previous_output,
        )
    )
    return [
        (
            _("By county"),
            [
                _("code"),
                _("county or district"),
                _("enterprises %(year)s") % {"year": year},
                _("output value %(year)s (万元)") % {"year": year},
                _("enterprises %(year)s") % {"year": year - 1},
                _("output value %(year)s (万元)") % {"year": year - 1},
            ],
            by_county,
        ),
        (
            _("Enterprises"),
            [
                _("enterprise"),
                _("unified social credit code"),
                _("county or district"),
                _("industry"),
                _("output value (万元)"),
                _("main business income (万元)"),
                _("profit (万元)"),
                _("tax (万元)"),
                _("employees"),
            ],
            [
                (
                    row.enterprise.name,
                    row.enterprise.credit_code,
                    str(row.enterprise.region),
                    str(row.enterprise.industry or ""),
                    row.output_value,
                    row.main_business_income,
                    row.profit,
                    row.tax,
                    row.employees,
                )
                for row in rows
            ],
        ),
    ]


@login_required
def enterprise_totals(request):
    """Enterprises above designated size: number and output value by county, for a year."""
    enterprises = Enterprise.objects.visible_to(request.user)
    years = _years(figures.years_with_figures(enterprises))
    regions = region_choices(_regions_of(enterprises))
    form = YearRegionForm(request.GET or None, years=years, regions=regions)
    context = {}
    values = _values(form, {"year": years[0], "region": None})
    if values is not None:
        year, region = values["year"], values["region"]
        totals = figures.above_size_totals(enterprises, year, region)
        codes = {row.region.code for row in totals.rows}
        county = request.GET.get("county")
        county = county if county in codes else None
        rows = list(figures.above_size_figures(enterprises, year, county or region))
        if _exporting(request):
            return _export(f"enterprise-totals-{year}", _totals_sheets(totals, rows))
        context.update(
            year=year,
            totals=totals,
            counties=[
                {"row": row, "url": "?" + _query(request, county=row.region.code) + "#enterprises"}
                for row in totals.rows
            ],
            county=county,
            county_name=next((str(r.region) for r in totals.rows if r.region.code == county), ""),
            enterprises=[{"row": row, "url": _enterprise_url(row.enterprise)} for row in rows],
            all_url="?" + _query(request, county=None) + "#enterprises",
        )
    return _page(request, "figures_totals.html", _("Enterprise totals"), form, **context)


# ---------------------------------------------------------------- policy benefits


def default_period(benefits, today=None):
    """The year of the latest benefit the user sees (else this year), up to today."""
    today = today or timezone.localdate()
    latest = benefits.aggregate(latest=Max("granted_on"))["latest"]
    year = latest.year if latest else today.year
    end = datetime.date(year, 12, 31)
    return figures.Period(datetime.date(year, 1, 1), min(end, today))


class BenefitsForm(forms.Form):
    """Period (from, to), kind and region: all optional."""

    def __init__(self, data, *, regions, period):
        super().__init__(data)
        self.period = period
        self.fields["from"] = forms.DateField(
            label=gettext_lazy("from"), required=False, widget=DATE, initial=period.start
        )
        self.fields["to"] = forms.DateField(
            label=gettext_lazy("to"), required=False, widget=DATE, initial=period.end
        )
        self.fields["kind"] = forms.ChoiceField(
            label=gettext_lazy("kind"),
            required=False,
            choices=[("", _("all")), *BenefitKind.choices],
        )
        self.fields["region"] = forms.ChoiceField(
            label=gettext_lazy("region"), required=False, choices=[("", _("all")), *regions]
        )
        _style(self)

    def clean(self):
        data = super().clean()
        start, end = data.get("from"), data.get("to")
        if start and not end:
            end = max(start, datetime.date(start.year, 12, 31))
        if end and not start:
            start = datetime.date(end.year, 1, 1)
        start, end = start or self.period.start, end or self.period.end
        if start > end:
            self.add_error("to", _("The end of the period is before its start."))
        data["period"] = figures.Period(start, end)
        data["kind"] = data.get("kind") or None
        data["region"] = data.get("region") or None
        return data


def _kind_columns():
    return [str(kind.label) for kind in BenefitKind]


def _benefit_sheets(result, everyone):
    kinds = list(BenefitKind)
    by_kind = [(k.label, k.count, k.enterprises, k.amount) for k in result.by_kind]
    by_kind.append(
        (_("Total"), result.summary.count, result.summary.enterprises, result.summary.amount)
    )

    def split(row):
        return [row.by_kind.get(kind.value) for kind in kinds]

    return [
        (
            _("By kind"),
            [_("kind"), _("benefits"), _("enterprises"), _("amount (万元)")],
            by_kind,
        ),
        (
            _("By region"),
            [_("code"), _("region"), _("benefits"), _("enterprises"), *_kind_columns(), _("total")],
            [
                (r.key.code, str(r.key), r.count, r.enterprises, *split(r), r.amount)
                for r in result.by_region
            ],
        ),
        (
            _("By enterprise"),
            [
                _("enterprise"),
                _("unified social credit code"),
                _("region"),
                _("benefits"),
                *_kind_columns(),
                _("total"),
            ],
            [
                (r.key.name, r.key.credit_code, str(r.key.region), r.count, *split(r), r.amount)
                for r in everyone
            ],
        ),
        (
            _("By month"),
            [_("month"), _("benefits"), _("enterprises"), *_kind_columns(), _("total")],
            [
                (r.key.strftime("%Y-%m"), r.count, r.enterprises, *split(r), r.amount)
                for r in result.by_month
            ],
        ),
    ]


@login_required
def benefit_totals(request):
    """Policy benefits of a period: by kind, region, enterprise and month."""
    benefits = PolicyBenefit.objects.visible_to(request.user)
    regions = region_choices(_regions_of(benefits, "enterprise__region"))
    period = default_period(benefits)
    form = BenefitsForm(request.GET or None, regions=regions, period=period)
    context = {}
    values = _values(form, {"period": period, "kind": None, "region": None})
    if values is not None:
        period, kind, region = values["period"], values["kind"], values["region"]
        result = figures.benefit_figures(benefits, period, kind=kind, region=region, top=TOP)
        if _exporting(request):
            chosen = figures.benefits_in(benefits, period, kind=kind, region=region)
            everyone = figures.benefits_by_enterprise(chosen)
            name = f"policy-benefits-{period.start:%Y%m%d}-{period.end:%Y%m%d}"
            return _export(name, _benefit_sheets(result, everyone))
        kinds = [kind.value for kind in BenefitKind]
        context.update(
            period=period,
            result=result,
            kinds=_kind_columns(),
            by_region=[
                {"row": r, "amounts": [r.by_kind.get(k) for k in kinds]} for r in result.by_region
            ],
            by_enterprise=[
                {
                    "row": r,
                    "amounts": [r.by_kind.get(k) for k in kinds],
                    "url": _enterprise_url(r.key),
                }
                for r in result.by_enterprise
            ],
            by_month=[
                {"row": r, "amounts": [r.by_kind.get(k) for k in kinds]} for r in result.by_month
            ],
            top=TOP,
        )
    return _page(request, "figures_benefits.html", _("Policy benefits totals"), form, **context)


# ---------------------------------------------------------------- outcomes


def _outcome_header():
    header = [_("project"), _("county or district"), _("status"), _("in production since")]
    for name in figures.OUTCOME_FIGURES:
        label = figures.OUTCOME_LABELS[name]
        unit = "" if name == "jobs" else " (万元)"
        header += [
            _("promised %(figure)s") % {"figure": label} + unit,
            _("actual %(figure)s") % {"figure": label} + unit,
            _("%(figure)s shortfall") % {"figure": label} + unit,
        ]
    return [*header, _("land area (mu)"), _("tax per mu (万元)"), _("delivers less than promised")]


def _outcome_cells(row):
    cells = [
        row.project.name,
        str(row.project.region),
        row.project.get_status_display(),
        row.producing_since,
    ]
    for name in figures.OUTCOME_FIGURES:
        measure = row.measures[name]
        cells += [measure.promised, measure.actual, measure.shortfall]
    return [
        *cells,
        row.land_area_mu,
        row.tax_per_mu,
        _("yes") if row.under_delivering else (_("no") if row.reported else _("not reported")),
    ]


def _outcome_rows(rows):
    return [
        {
            "row": row,
            "url": row.project.get_absolute_url(),
            "measures": [row.measures[name] for name in figures.OUTCOME_FIGURES],
            "short_of": ", ".join(str(figures.OUTCOME_LABELS[name]) for name in row.short_of),
        }
        for row in rows
    ]


@login_required
def outcomes(request):
    """Projects in production: promised against actual for a year, tax per mu, shortfalls."""
    projects = Project.objects.visible_to(request.user)
    reported = ProjectOutcome.objects.visible_to(request.user)
    years = _years(reported.order_by("-year").values_list("year", flat=True).distinct())
    regions = region_choices(_regions_of(figures.producing(projects)))
    form = YearRegionForm(request.GET or None, years=years, regions=regions)
    context = {}
    values = _values(form, {"year": years[0], "region": None})
    if values is not None:
        year, region = values["year"], values["region"]
        rows = figures.outcomes(projects, year, region)
        short = figures.under_delivering(rows)
        if _exporting(request):
            header = _outcome_header()
            return _export(
                f"outcomes-{year}",
                [
                    (_("Outcomes"), header, [_outcome_cells(row) for row in rows]),
                    (_("Under-delivering"), header, [_outcome_cells(row) for row in short]),
                ],
            )
        context.update(
            year=year,
            rows=_outcome_rows(rows),
            short=_outcome_rows(short),
            reported=sum(row.reported for row in rows),
            count=len(rows),
            totals=[
                {"total": total, "label": figures.OUTCOME_LABELS[total.name]}
                for total in figures.outcome_totals(rows)
            ],
            labels=[figures.OUTCOME_LABELS[name] for name in figures.OUTCOME_FIGURES],
        )
    return _page(request, "figures_outcomes.html", _("Outcomes"), form, **context)


# ---------------------------------------------------------------- growth lists


def _candidate_sheet(title, candidates, year):
    return (
        title,
        [
            _("enterprise"),
            _("unified social credit code"),
            _("county or district"),
            _("industry"),
            *[
                _("main business income %(year)s (万元)") % {"year": y}
                for y in range(year - 2, year + 1)
            ],
            _("growth (%)"),
            _("to the threshold (万元)"),
        ],
        [
            (
                c.enterprise.name,
                c.enterprise.credit_code,
                str(c.enterprise.region),
                str(c.enterprise.industry or ""),
                *[income for _year, income in c.trend],
                None if c.growth is None else round(c.growth, 1),
                c.to_threshold,
            )
            for c in candidates
        ],
    )


def _tier_sheet(result):
    rows = []
    for tier in result.tiers:
        for place, members in ((_("in the tier"), tier.members), (_("close"), tier.close)):
            for row in members:
                rows.append(
                    (
                        tier.floor,
                        place,
                        row.enterprise.name,
                        row.enterprise.credit_code,
                        str(row.enterprise.region),
                        row.output_value,
                        tier.floor - row.output_value if row.output_value < tier.floor else 0,
                    )
                )
    return (
        _("Tiers"),
        [
            _("tier from (万元)"),
            _("in the tier or close to it"),
            _("enterprise"),
            _("unified social credit code"),
            _("county or district"),
            _("output value (万元)"),
            _("to the tier (万元)"),
        ],
        rows,
    )


def _candidate_rows(candidates):
    return [{"candidate": c, "url": _enterprise_url(c.enterprise)} for c in candidates]


def _tier_rows(rows, floor):
    return [
        {
            "row": row,
            "url": _enterprise_url(row.enterprise),
            "missing": floor - row.output_value if row.output_value < floor else None,
        }
        for row in rows
    ]


@login_required
def growth_lists(request):
    """Small-to-above-size candidates with their trend, and the tiers by output value."""
    enterprises = Enterprise.objects.visible_to(request.user)
    years = _years(figures.years_with_figures(enterprises))
    regions = region_choices(_regions_of(enterprises))
    form = YearRegionForm(request.GET or None, years=years, regions=regions)
    context = {}
    values = _values(form, {"year": years[0], "region": None})
    if values is not None:
        year, region = values["year"], values["region"]
        candidates = figures.upgrade_candidates(enterprises, year, region)
        tiers = figures.tiers(enterprises, year, region)
        if _exporting(request):
            return _export(
                f"growth-lists-{year}",
                [
                    _candidate_sheet(_("Candidates"), candidates.near, year),
                    _candidate_sheet(_("Threshold reached"), candidates.reached, year),
                    _tier_sheet(tiers),
                ],
            )
        context.update(
            year=year,
            trend_years=list(range(year - 2, year + 1)),
            near=_candidate_rows(candidates.near),
            reached=_candidate_rows(candidates.reached),
            threshold=figures.THRESHOLD,
            floor=figures.CANDIDATE_FLOOR,
            tiers=[
                {
                    "tier": tier,
                    "members": _tier_rows(tier.members, tier.floor),
                    "close": _tier_rows(tier.close, tier.floor),
                }
                for tier in reversed(tiers.tiers)
            ],
        )
    return _page(request, "figures_growth.html", _("Growth lists"), form, **context)
