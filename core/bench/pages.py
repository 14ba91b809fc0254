"""Page figures, measured in-process on a generated province: the dashboard API against one
hand-written SQL query, and the filtered, sorted project list."""

from django.db.models import Count
from django.test import Client, override_settings

from core.bench import dashboard_sql, datasets
from core.bench.databases import BenchError
from core.bench.timing import median, p95, repeat
from core.models import Region
from core.scoping import region_prefix
from projects.choices import Status
from projects.models import Project

PAGE_CALLS = 5


def signed_in_client(user):
    client = Client(raise_request_exception=False)  # a failing page is a 500 to report
    client.force_login(user)
    return client


def dashboard(params, *, calls, warmup, say):
    """{dashboard_ms_median, dashboard_ms_p95, dashboard_sql_ms_median, dashboard_ratio,
    dashboard_page_ms_median} for the province office's dashboard of December of the last
    complete year (the API, and the HTML page without its anomaly list, which loads after it)."""
    user = datasets.office_user()
    year, month = datasets.last_complete_year(params), 12
    client = signed_in_client(user)
    url = f"/api/v1/dashboard/?year={year}&month={month}"

    def call_api():
        response = client.get(url)
        if response.status_code != 200:
            raise BenchError(f"GET {url} answered {response.status_code}")
        return response.json()

    page = f"/dashboard/?year={year}&month={month}"

    def call_page():
        response = client.get(page)
        if response.status_code != 200:
            raise BenchError(f"GET {page} answered {response.status_code}")

    with override_settings(DEBUG=False):  # no query log kept while timing
        api_samples, answer = repeat(call_api, times=calls, warmup=warmup)
        # the page takes seconds at a province's size: fewer calls
        page_samples, _ = repeat(call_page, times=min(calls, PAGE_CALLS), warmup=1)
        prefix = region_prefix(user.region)
        sql_samples, row = repeat(
            lambda: dashboard_sql.run(prefix, year, month), times=calls, warmup=warmup
        )
    sql = dashboard_sql.figures(row)
    differences = dashboard_sql.differences(answer, sql)
    say(f"  dashboard {year}-{month:02d}, {answer['projects']:,} projects on the year's lists:")
    for name, value in sql.items():
        api = answer.get(name)
        say(f"    {name}: SQL {value}" + ("" if api == value else f" ≠ API {api}"))
    if not differences:
        say("    (the API gives the same figures)")
    api_median, sql_median = median(api_samples), median(sql_samples)
    return {
        "dashboard_ms_median": api_median,
        "dashboard_ms_p95": p95(api_samples),
        "dashboard_sql_ms_median": sql_median,
        "dashboard_ratio": round(api_median / sql_median, 2),
        "dashboard_page_ms_median": median(page_samples),
        "dashboard_projects": answer["projects"],
        "dashboard_month": f"{year}-{month:02d}",
    }, differences


def busiest_city():
    """The city with the most projects: the list filter with the most rows to choose from."""
    counts = Project.objects.values("region__parent").annotate(n=Count("pk")).order_by("-n")
    return Region.objects.get(pk=counts[0]["region__parent"])


def project_list(params, *, calls, warmup, say):
    """{list_ms_median, …}: /projects/ filtered by city and status, sorted, first page of 50."""
    client = signed_in_client(datasets.office_user())
    city = busiest_city()
    url = f"/projects/?region={city.code}&status={Status.STARTED}&sort=-total_investment"

    def call_list():
        response = client.get(url)
        if response.status_code != 200:
            raise BenchError(f"GET {url} answered {response.status_code}")
        return response

    with override_settings(DEBUG=False):
        samples, _response = repeat(call_list, times=calls, warmup=warmup)
    matching = Project.objects.filter(
        region__code__startswith=region_prefix(city), status=Status.STARTED
    ).count()
    say(f"  project list: {city.name_zh} ({city.code}), under construction: {matching:,} rows")
    return {
        "list_ms_median": median(samples),
        "list_ms_p95": p95(samples),
        "list_url": url,
        "list_rows": matching,
    }
