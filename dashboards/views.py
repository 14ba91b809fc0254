"""Dashboard pages: the figures and charts, the projects behind each, rankings, forecast, colours.

Every page reads one board (``queries.board``, a fixed number of queries) over the set chosen by
``DashboardFilterSet``; views only arrange its figures and the links to their drill-downs.
"""

from decimal import Decimal
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, QueryDict
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_tables2 import RequestConfig

from core import money
from core.excel import export_table
from dashboards import queries
from dashboards.facts import collect, rules, total
from dashboards.filtersets import DashboardFilterSet, default_year
from dashboards.tables import (
    COLOUR_LABELS,
    AnomalyTable,
    CountyRankingTable,
    ForecastMissTable,
    LeaderRankingTable,
    ProjectFactsTable,
)
from dashboards.warnings import COLOURS, judge
from problems import stats as problem_stats
from problems.choices import Category as ProblemCategory
from problems.choices import Level
from problems.models import Problem
from projects.choices import Category, Status
from projects.models import Project
from projects.permissions import project_for
from promotion import figures as promotion_figures
from promotion.figures_views import funnel_chart
from reports.anomalies import anomalies, reported_in
from reports.models import ReportingPeriod

TENTH = Decimal("0.1")
CENT = Decimal("0.01")
EXACT = Decimal("0.0001")
COLOUR_ORDER = {"red": 0, "yellow": 1, "green": 2}
CHART_COLOURS = {"red": "#dc3545", "yellow": "#ffc107", "green": "#198754"}


def _june_rate(fact):
    return queries.rate(fact.june, fact.plan)


# Figures of the page that the board's DRILLS do not name.
MORE_DRILLS = {
    "pending": lambda b, v: [f for f in b.facts.values() if f.pending],
    "half": lambda b, v: [
        f
        for f in b.facts.values()
        if f.plan and (_june_rate(f) >= 50) == (v == "pass") and b.month >= 6
    ],
}
FIGURES = set(queries.DRILLS) | set(MORE_DRILLS)


def _drill(b, figure, value):
    if figure in MORE_DRILLS:
        return MORE_DRILLS[figure](b, value)
    return queries.drill(b, figure, value)


def _filterset(request):
    return DashboardFilterSet(request.GET, request=request)


def drill_url(filterset, figure, value="", **changes):
    query = filterset.query(**changes)
    query["figure"] = figure
    if value != "":
        query["value"] = str(value)
    return f"{reverse('dashboards:drill')}?{query.urlencode()}"


def _scope(request, filterset):
    """What the figures cover, in words: the chosen region, else the user's own."""
    chosen = filterset.form.cleaned_data.get("region") if filterset.is_valid() else None
    if chosen:
        return dict(filterset.filters["region"].extra["choices"])[chosen].strip()
    region = request.user.region
    return str(region) if region and not request.user.sees_everything else _("all regions")


def _status(fact):
    label = str(Status(fact.status).label)
    return f"{label} · {_('stalled')}" if fact.stalled else label


def _project_rows(b, facts):
    """One dict a row: what the tables and the export show about each project."""
    rows = []
    for fact in sorted(facts, key=lambda f: COLOUR_ORDER.get(f.colour, 3)):
        project = fact.project
        rows.append(
            {
                "url": project.get_absolute_url(),
                "name": project.name,
                "county": str(project.region),
                "status": _status(fact),
                "plan": fact.plan,
                "ytd": fact.ytd,
                "completion_rate": fact.completion_rate,
                "time_progress": fact.time_progress(b.year, b.month),
                "colour": fact.colour or "",
                "reasons": "; ".join(fact.reasons),
                "forecast": queries.forecast(b, fact).quantize(EXACT),
            }
        )
    return rows


# ---------------------------------------------------------------- charts


def _money_scale():
    """Chart totals in 亿元, or CNY billion in English (units are conventions, not phrases)."""
    if (get_language() or "").startswith("en"):
        return money.WAN_PER_BILLION, "CNY billion"
    return money.WAN_PER_YI, "亿元"


def _point(value, url=None, places=CENT):
    value = None if value is None else str(Decimal(value).quantize(places))
    return {"value": value, "url": url} if url else value


def _cumulative_chart(b, filterset):
    scale, unit = _money_scale()
    rows = queries.cumulative_by_month(b)
    planned, actual = [], []
    for month, plan, done in rows:
        url = drill_url(filterset, "all", month=month)
        planned.append(_point(plan / scale, url))
        actual.append(None if done is None else _point(done / scale, url))
    return {
        "title": _("Planned and actual cumulative investment (%(unit)s)") % {"unit": unit},
        "months": [str(month) for month, _plan, _done in rows],
        "series": [
            {"name": _("planned cumulative"), "data": planned},
            {"name": _("approved cumulative"), "data": actual},
        ],
    }


def _rate_chart(b, filterset, rows, figure, title):
    return {
        "title": title,
        "labels": [str(row["label"]) for row in rows],
        "unit": "%",
        "series": [
            {
                "name": _("completion rate"),
                "data": [
                    _point(
                        row["completion_rate"] or 0, drill_url(filterset, figure, row["key"]), TENTH
                    )
                    for row in rows
                ],
            }
        ],
        "marker": {
            "name": _("time progress"),
            "value": str(queries.time_progress(b).quantize(TENTH)),
        },
    }


def _warnings_chart(filterset, counts):
    return {
        "title": _("Warnings"),
        "items": [
            {
                "name": str(COLOUR_LABELS[colour]),
                "value": counts[colour],
                "color": CHART_COLOURS[colour],
                "url": drill_url(filterset, "colour", colour),
            }
            for colour in COLOURS
        ],
    }


def _promotion(filterset):
    """Investment promotion from January to month M in the region filter, scoped to the user."""
    result = promotion_figures.for_dashboard(filterset)
    try:
        page = reverse("promotion:figures")
    except NoReverseMatch:  # the promotion pages are not installed
        url = None
    else:
        query = QueryDict(mutable=True)
        query["from"] = result.period.start.isoformat()
        query["to"] = result.period.end.isoformat()
        region = filterset.form.cleaned_data.get("region")
        if region:
            query["region"] = region
        url = f"{page}?{query.urlencode()}"
    return {
        "figures": result,
        "url": url,
        "funnel": funnel_chart(result.funnel, url),
    }


# ---------------------------------------------------------------- the dashboard


def _figures(b, filterset):
    """The headline figures of the page, each with the link to the projects behind it."""

    def link(figure, value=""):
        return drill_url(filterset, figure, value)

    plan = queries.annual_plan(b)
    planned = queries.planned_to_start(b)
    counts = queries.warnings(b)
    statuses = queries.by_status(b)
    with_plan = [f for f in b.facts.values() if f.plan]
    passing = sum(_june_rate(f) >= 50 for f in with_plan)
    forecast = queries.forecast_total(b)
    ahead = queries.ahead_points(b)
    return {
        "plan": plan,
        "ytd": queries.ytd_completed(b),
        "pending": queries.pending(b),
        "completion_rate": queries.completion_rate(b),
        "time_progress": queries.time_progress(b),
        "ahead_points": ahead,
        "ahead_size": None if ahead is None else abs(ahead),
        "show_half": b.month >= 6,
        "double_over_half": queries.double_over_half(b),
        "june_rate": queries.rate(total(f.june for f in b.outer), plan),
        "half_pass": passing,
        "half_miss": len(with_plan) - passing,
        "projects": len(b.facts),
        "planned_to_start": len(planned),
        "started": sum(f.started for f in planned),
        "start_rate": queries.start_rate(b),
        "working": sum(f.started and not f.stalled for f in b.facts.values()),
        "start_resume_rate": queries.start_resume_rate(b),
        "yoy_growth": queries.yoy_growth(b),
        "statuses": [
            {"label": status.label, "count": statuses[status.value], "url": link("status", status)}
            for status in Status
        ],
        "bands": [
            {"band": Decimal(band), "count": count, "url": link("band", band)}
            for band, count in queries.by_band(b).items()
        ],
        "colours": [
            {
                "colour": colour,
                "label": COLOUR_LABELS[colour],
                "count": counts[colour],
                "url": link("colour", colour),
            }
            for colour in COLOURS
        ],
        "forecast": forecast,
        "forecast_rate": queries.rate(forecast, plan),
        "forecast_misses": len(queries.forecast_misses(b)),
        "links": {
            name: link(name)
            for name in ("all", "pending", "planned_start", "started", "working", "push")
        }
        | {
            "half_pass": link("half", "pass"),
            "half_miss": link("half", "miss"),
            "forecast_miss": link("forecast_miss"),
        },
        "charts": {
            "cumulative": _cumulative_chart(b, filterset),
            "counties": _rate_chart(
                b,
                filterset,
                queries.by_county(b),
                "county",
                _("Counties and districts by completion rate (%)"),
            ),
            "categories": _rate_chart(
                b, filterset, queries.by_category(b), "category", _("Completion by category (%)")
            ),
            "warnings": _warnings_chart(filterset, counts),
        },
        "promotion": _promotion(filterset),
        "problems": _problems(b, filterset),
    }


def _problems(b, filterset):
    """Problem solving for the board's projects, today, each figure linking to its problems."""
    # the board's projects, as a subquery: a province's ids as parameters cost more than the rows
    board_projects = filterset.qs.order_by().values("pk")
    problems = Problem.objects.visible_to(filterset.request.user).filter(project__in=board_projects)
    base = reverse("problems:problem_list")
    by_category = problem_stats.open_by_category(problems)
    return {
        "overdue": problem_stats.overdue_count(problems),
        "median_days": problem_stats.median_days_to_resolve(problems),
        "on_time": problem_stats.on_time_share(problems),
        "categories": [
            {
                "label": ProblemCategory(code).label,
                "count": count,
                "url": f"{base}?{urlencode({'category': code, 'open': 'true'})}",
            }
            for code, count in by_category.items()
            if count
        ],
        "open": sum(by_category.values()),
        "levels": [
            {"label": Level(level).label, "count": count}
            for level, count in problem_stats.open_by_level(problems).items()
        ],
        "departments": problem_stats.open_by_department(problems)[:5],
        "list_url": base,
    }


def _page(request, filterset, title, **extra):
    context = {
        "title": title,
        "filter": filterset,
        "scope": _scope(request, filterset),
        "query": filterset.query().urlencode() if filterset.is_valid() else "",
    }
    if filterset.is_valid():
        context["year"], context["month"] = filterset.as_of
        context["period"] = f"{context['year']}-{context['month']:02d}"
    return context | extra


def _anomaly_rows(filterset):
    """Anomalies of the submitted and approved reports of month M, over the board's projects."""
    reports = list(reported_in(filterset.qs.values("pk"), *filterset.as_of))
    found = anomalies(reports)
    return [
        {
            "url": report.get_absolute_url(),
            "project_url": report.project.get_absolute_url(),
            "name": report.project.name,
            "county": str(report.project.region),
            "period": str(report.period),
            "status": report.get_status_display(),
            "anomaly": anomaly.label,
            "text": anomaly.text,
        }
        for report in reports
        for anomaly in found[report.pk]
    ]


@login_required
def dashboard(request):
    filterset = _filterset(request)
    context = _page(request, filterset, _("Dashboard"))
    if filterset.is_valid():
        context.update(_figures(filterset.rollup_board(), filterset))
    return render(request, "dashboards/dashboard.html", context)


@login_required
def anomalies_fragment(request):
    """The dashboard's anomalies of month M, loaded after the page (they read each reported
    project's history: seconds at a province's size) and exported from here."""
    filterset = _filterset(request)
    if not filterset.is_valid():
        return render(request, "dashboards/_anomalies.html", {"anomalies": None})
    table = AnomalyTable(_anomaly_rows(filterset))
    if request.GET.get("export"):
        year, month = filterset.as_of
        return export_table(table, f"anomalies-{year}-{month:02d}")
    return render(request, "dashboards/_anomalies.html", {"anomalies": table})


# ---------------------------------------------------------------- the projects behind a figure


def _figure_title(figure, value, b):
    facts = list(b.facts.values())
    if figure == "status" and value in Status.values:
        return _("Status: %(value)s") % {"value": Status(value).label}
    if figure == "colour" and value in COLOUR_LABELS:
        return _("Warnings: %(value)s") % {"value": COLOUR_LABELS[value]}
    if figure == "band":
        return _("Total investment of at least %(amount)s") % {"amount": money.wan(value, 0)}
    if figure == "county":
        names = {f.project.region.code: str(f.project.region) for f in facts}
        return _("County or district: %(value)s") % {"value": names.get(value, value)}
    if figure == "category" and value in Category.values:
        return _("Category: %(value)s") % {"value": Category(value).label}
    if figure == "leader":
        names = {str(f.project.leader_id or 0): str(f.project.leader or "—") for f in facts}
        return _("Leader: %(value)s") % {"value": names.get(value, "—")}
    if figure == "half":
        return _("Double over half reached") if value == "pass" else _("Double over half missed")
    titles = {
        "all": _("All projects of the set"),
        "planned_start": _("Planned to start this year"),
        "started": _("Planned to start this year and started"),
        "working": _("Started and not stalled"),
        "push": _("Push list"),
        "forecast_miss": _("Forecast below plan"),
        "pending": _("With figures pending review"),
    }
    return titles.get(figure, _("Projects"))


@login_required
def drill_down(request, figure=None):
    """The projects behind one figure or chart element, with the same filters."""
    figure = figure or request.GET.get("figure", "all")
    if figure not in FIGURES:
        raise Http404
    value = request.GET.get("value", "")
    if figure == "band" and not value.isdecimal():
        raise Http404
    filterset = _filterset(request)
    rows, title = [], _("Projects")
    if filterset.is_valid():
        b = filterset.board()
        rows, title = _project_rows(b, _drill(b, figure, value)), _figure_title(figure, value, b)
    table = ProjectFactsTable(rows)
    if request.GET.get("export") == "xlsx":
        return export_table(table, f"dashboard-{figure}")
    RequestConfig(request, paginate={"per_page": 100}).configure(table)
    export = request.GET.copy()
    export.pop("page", None)
    export["figure"], export["export"] = figure, "xlsx"
    context = _page(
        request,
        filterset,
        title,
        table=table,
        count=len(rows),
        figure=figure,
        is_push=figure == "push",
        export_query=export.urlencode(),
    )
    return render(request, "dashboards/drill.html", context)


# ---------------------------------------------------------------- rankings and forecast


def _ranked(rows, filterset, figure):
    ranked = []
    for rank, row in enumerate(rows, start=1):
        colours = row["warnings"]
        ranked.append(
            {
                **row,
                "rank": rank,
                "url": drill_url(filterset, figure, row["key"]),
                "red": colours.get("red", 0),
                "yellow": colours.get("yellow", 0),
                "green": colours.get("green", 0),
            }
        )
    return ranked


@login_required
def rankings(request):
    filterset = _filterset(request)
    counties, leaders = [], []
    if filterset.is_valid():
        b = filterset.board()
        counties = _ranked(queries.by_county(b), filterset, "county")
        leaders = _ranked(queries.by_leader(b), filterset, "leader")
    county_table, leader_table = CountyRankingTable(counties), LeaderRankingTable(leaders)
    export = request.GET.get("export")
    if export == "counties":
        return export_table(county_table, "ranking-counties")
    if export == "leaders":
        return export_table(leader_table, "ranking-leaders")
    context = _page(
        request,
        filterset,
        _("Rankings"),
        county_table=county_table,
        leader_table=leader_table,
    )
    return render(request, "dashboards/rankings.html", context)


@login_required
def forecast(request):
    filterset = _filterset(request)
    rows, figures = [], {}
    if filterset.is_valid():
        b = filterset.board()
        for fact, expected in queries.forecast_misses(b):
            rows.append(
                {
                    "url": fact.project.get_absolute_url(),
                    "name": fact.project.name,
                    "county": str(fact.project.region),
                    "plan": fact.plan,
                    "ytd": fact.ytd,
                    "forecast": expected.quantize(EXACT),
                    "shortfall": (fact.plan - expected).quantize(EXACT),
                    "forecast_rate": queries.rate(expected, fact.plan),
                    "colour": fact.colour or "",
                }
            )
        plan, expected = queries.annual_plan(b), queries.forecast_total(b)
        figures = {
            "plan": plan,
            "ytd": queries.ytd_completed(b),
            "forecast": expected,
            "forecast_rate": queries.rate(expected, plan),
            "gap": expected - plan,
            "even_profile": len(set(b.profile.values())) == 1,
            "misses_url": drill_url(filterset, "forecast_miss"),
        }
    table = ForecastMissTable(rows)
    if request.GET.get("export") == "xlsx":
        return export_table(table, "forecast-misses")
    context = _page(request, filterset, _("Year-end forecast"), table=table, **figures)
    return render(request, "dashboards/forecast.html", context)


# ---------------------------------------------------------------- one project's colours


def _last_month(year):
    """The last month with a reporting period in the year: later months have no colour yet."""
    months = ReportingPeriod.objects.filter(year=year).values_list("month", flat=True)
    if months:
        return max(months)
    default = default_year()
    return 12 if year < default else 0


@login_required
def project_colours(request, pk):
    """The colour and reasons of one project in each month of a year (a project page fragment)."""
    project = project_for(request.user, pk)
    years = sorted(
        set(project.memberships.values_list("project_list__year", flat=True)) | {default_year()}
    )
    asked = request.GET.get("year", "")
    year = int(asked) if asked.isdecimal() else max(y for y in years if y <= default_year())
    thresholds, last, months = rules(), _last_month(year), []
    one = Project.objects.filter(pk=project.pk)
    for month in range(1, 13):
        fact = None
        if month <= last:
            fact = judge(collect(one, year, month)[project.pk], year, month, thresholds)
        months.append({"month": month, "fact": fact})
    context = {"project": project, "year": year, "years": years, "months": months}
    return render(request, "dashboards/_colours.html", context)
