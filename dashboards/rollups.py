"""The API's figures from pre-computed rollups, kept in step with every write.

A ``ProjectYear`` row holds what ``facts.collect`` and ``warnings.judge`` say about one project in
one year at the end of each month: the rules stay there, and a row is a cache of their results.

- ``refresh(project_ids, years)`` computes rows in batches (``manage.py refresh_rollups``).
- A write that changes what a row was computed from marks the project's rows stale when its
  transaction commits (``mark_stale``, wired to the models' signals in ``signals.py``; bulk
  writes call it themselves).
- ``headline_from_rollups`` sums the rows of a set of projects in one query, refreshing first the
  rows that are stale or missing: its answer is always that of ``queries.headline(board(…))``.

A refresh that races a write cannot leave an outdated row marked fresh: it reads each row's
``marks`` before reading the facts and leaves stale every row whose ``marks`` moved meanwhile.
"""

from dataclasses import replace
from decimal import Context, Decimal

from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import F
from django.db.models.expressions import RawSQL

from core.bulk import TableWriter
from dashboards import queries
from dashboards.facts import ZERO, collect_months, plans_of, rules, total
from dashboards.models import MONTHS, PlanVariant, ProjectYear
from dashboards.warnings import COLOURS, GREEN, RED, YELLOW, judge
from projects.choices import STARTED_OR_LATER, Status
from projects.models import Membership, Project, ProjectList

BATCH = 1000
YUAN = Decimal("0.0001")
FLOAT_CONTEXT = Context(prec=15)  # as Django's SQLite backend reads decimals
STATUS_CODES = {status: index for index, status in enumerate(Status.values)}
STARTED_CODES = sorted(STATUS_CODES[status] for status in STARTED_OR_LATER)
COLOUR_CODES = {None: 0, RED: 1, YELLOW: 2, GREEN: 3}
DATA_FIELDS = [
    "plan",
    "starts",
    "first_month",
    *(f"{kind}_{m}" for kind in ("ytd", "pending", "last", "state") for m in MONTHS),
]


# ---------------------------------------------------------------- computing the rows


def refresh(project_ids, years):
    """Compute the rows of these projects in these years, a batch of projects at a time."""
    ids = sorted(set(project_ids))
    thresholds = rules()  # first, so that creating the rules cannot mark the new rows stale
    for year in years:
        for start in range(0, len(ids), BATCH):
            _refresh_batch(ids[start : start + BATCH], year, thresholds)


def refresh_years(years=None, stdout=None):
    """Every row of the projects on a list of each year (every year with lists by default)."""
    if years is None:
        years = sorted(set(ProjectList.objects.values_list("year", flat=True)))
    for year in years:
        ids = set(
            Membership.objects.filter(project_list__year=year).values_list("project", flat=True)
        )
        refresh(ids, [year])
        if stdout is not None:
            stdout.write(f"{year}: {len(ids)} projects")
    if connection.vendor == "postgresql":  # fresh statistics for the planner after a bulk write
        with connection.cursor() as cursor:
            for model in (ProjectYear, PlanVariant):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _refresh_batch(ids, year, thresholds):
    _add_placeholders(ids, year)  # so that a write from now on marks them
    rows = ProjectYear.objects.filter(project__in=ids, year=year)
    marks = dict(rows.values_list("project", "marks"))
    ids = sorted(marks)  # the projects that exist
    by_month = collect_months(Project.objects.filter(pk__in=ids), year, MONTHS)
    for month, facts in by_month.items():
        for fact in facts.values():
            judge(fact, year, month, thresholds)
    computed = [_values([by_month[m][pk] for m in MONTHS], year, marks[pk]) for pk in ids]
    variants = _variants(ids, year, by_month, thresholds)
    with transaction.atomic():
        _store(computed)
        PlanVariant.objects.filter(project__in=ids, year=year).delete()
        PlanVariant.objects.bulk_create(variants)


def _add_placeholders(ids, year):
    """A stale row for each project that has none in the year (each column at its default)."""
    table = connection.ops.quote_name(Project._meta.db_table)
    holes = ", ".join(["%s"] * len(ids))
    TableWriter().insert_select(
        ProjectYear,
        {"project_id": "id", "year": str(int(year))},
        f"FROM {table} WHERE id IN ({holes}) ON CONFLICT (year, project_id) DO NOTHING",
        ids,
    )


def _values(facts, year, marks):
    """One project's row from its facts of months 1..12: project, year, the marks read before
    the facts, then ``DATA_FIELDS``."""
    first = facts[0]
    return (
        first.project.pk,
        year,
        marks,
        first.plan,
        first.planned_start_in_year,
        queries.first_working_month(first.project, year),
        *(f.ytd for f in facts),
        *(f.pending for f in facts),
        *(f.ytd_last_year for f in facts),
        *(state_of(f) for f in facts),
    )


def state_of(fact):
    """Status, stall and colour in one number: status × 8 + stalled × 4 + colour."""
    return STATUS_CODES[fact.status] * 8 + fact.stalled * 4 + COLOUR_CODES[fact.colour]


def _store(computed):
    """Write the computed rows over their placeholders, in one statement on PostgreSQL.

    Each carries the ``marks`` read before its facts were: a row marked since stays stale. The
    UPDATE locks the rows, so a mark that comes meanwhile waits and applies after it.
    """
    table = connection.ops.quote_name(ProjectYear._meta.db_table)
    data = ", ".join(connection.ops.quote_name(c) for c in DATA_FIELDS)
    changed = ", ".join(f"{c} = t.{c}" for c in (connection.ops.quote_name(c) for c in DATA_FIELDS))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"CREATE TEMP TABLE rollup_batch ON COMMIT DROP AS "  # noqa: S608 (names from _meta)
                f"SELECT project_id, year, marks, {data} FROM {table} WITH NO DATA"
            )
            with cursor.cursor.copy("COPY rollup_batch FROM STDIN") as copy:
                for row in computed:
                    copy.write_row(row)
            cursor.execute(
                f"UPDATE {table} AS r SET {changed}, stale = (r.marks <> t.marks) "  # noqa: S608
                f"FROM rollup_batch AS t WHERE r.project_id = t.project_id AND r.year = t.year"
            )
            cursor.execute("DROP TABLE rollup_batch")
            return
        settings = ", ".join(
            f"{c} = %s" for c in (connection.ops.quote_name(c) for c in DATA_FIELDS)
        )
        cursor.executemany(
            f"UPDATE {table} SET {settings}, stale = (marks <> %s) "  # noqa: S608
            f"WHERE project_id = %s AND year = %s",
            [(*row[3:], row[2], row[0], row[1]) for row in computed],
        )


def _variants(ids, year, by_month, thresholds):
    """The plans on single lists that differ from the project's own, judged again with them."""
    memberships = Membership.objects.filter(project__in=ids, project_list__year=year)
    rows = memberships.values_list("project", "project_list", "annual_plan", "plan")
    plans, starting = plans_of(((p, lst), plan, kind) for p, lst, plan, kind in rows)
    variants = []
    for (pk, list_id), plan in plans.items():
        general, starts = by_month[1][pk], (pk, list_id) in starting
        if plan == general.plan and starts == general.planned_start_in_year:
            continue
        facts = [replace(by_month[m][pk], plan=plan, planned_start_in_year=starts) for m in MONTHS]
        for month, fact in zip(MONTHS, facts, strict=True):
            judge(fact, year, month, thresholds)
        variant = PlanVariant(
            project_id=pk, year=year, project_list_id=list_id, plan=plan, starts=starts
        )
        for month, fact in zip(MONTHS, facts, strict=True):
            setattr(variant, f"colour_{month}", COLOUR_CODES[fact.colour])
        variants.append(variant)
    return variants


# ---------------------------------------------------------------- keeping them in step


def mark_stale(project_ids=None):
    """Mark the rows of these projects (``None``: of every project) stale once the transaction
    commits (at once outside a transaction)."""
    ids = None if project_ids is None else {pk for pk in project_ids if pk is not None}
    if ids is None or ids:
        transaction.on_commit(lambda: _mark(ids))


def _mark(ids):
    rows = ProjectYear.objects.all()
    if ids is not None and connection.vendor == "postgresql":
        # one array parameter: a batch import marks thousands of projects at a time, and
        # binding each id as a parameter costs more than the UPDATE itself
        rows = rows.filter(project__in=RawSQL("SELECT unnest(%s::bigint[])", [sorted(ids)]))
    elif ids is not None:
        rows = rows.filter(project__in=ids)
    rows.update(stale=True, marks=F("marks") + 1)


# ---------------------------------------------------------------- the API's figures


def headline_from_rollups(projects, year, month, project_list=None):
    """``queries.headline(board(projects, year, month, project_list))``, from the rows.

    With a list, the projects are on that list (as the dashboard's filterset chooses them).
    """
    for attempt in range(3):
        found = _sums(projects, year, month, project_list)
        if found["fresh"] == found["projects"] or attempt == 2:
            return queries.headline_of(_totals(found, year, month))
        fresh = ProjectYear.objects.filter(year=year, stale=False).values("project")
        refresh(projects.exclude(pk__in=fresh).values_list("pk", flat=True), [year])


def _sums(projects, year, month, project_list):
    """Every sum and count of the figures over the set, in one query.

    Hand-written around the set's own SQL so that the set is read once: a project's money counts
    when neither its parent nor its grandparent is in the set, found by joining the set to itself.
    """
    chosen = (
        projects.order_by()
        .values_list("pk", "parent_id", "parent__parent_id", "total_investment")
        .distinct()
    )
    quote = connection.ops.quote_name
    rows, variants = quote(ProjectYear._meta.db_table), quote(PlanVariant._meta.db_table)
    state = f"r.state_{month}"
    plan, starts, colour = "r.plan", "r.starts", f"{state} %% 4"  # %% : a % in SQL with params
    variant_join, variant_params = "", []
    if project_list is not None:
        variant_join = (
            f"LEFT JOIN {variants} v ON v.project_id = r.project_id AND v.year = r.year "
            "AND v.project_list_id = %s"
        )
        variant_params = [project_list.pk]
        plan, starts = "COALESCE(v.plan, r.plan)", "COALESCE(v.starts, r.starts)"
        colour = f"COALESCE(v.colour_{month}, {colour})"
    status = f"{state} / 8"  # see state_of
    started = f"{status} IN ({', '.join(str(c) for c in STARTED_CODES)})"
    outer = "i.id IS NULL"
    ytd = f"r.ytd_{month}"
    sums = {
        "projects": "(SELECT COUNT(*) FROM chosen)",
        "fresh": "COUNT(r.id) FILTER (WHERE NOT r.stale)",
        "plan": f"SUM({plan}) FILTER (WHERE {outer})",
        "ytd": f"SUM({ytd}) FILTER (WHERE {outer})",
        "pending": f"SUM(r.pending_{month}) FILTER (WHERE {outer})",
        "june": f"SUM(r.ytd_6) FILTER (WHERE {outer})",
        "last": f"SUM(r.last_{month}) FILTER (WHERE {outer})",
        "planned": f"COUNT(*) FILTER (WHERE {starts})",
        "started": f"COUNT(*) FILTER (WHERE {starts} AND {started})",
        "working": f"COUNT(*) FILTER (WHERE {started} AND {state} %% 8 < 4)",
    }
    sums |= {
        f"status_{c}": f"COUNT(*) FILTER (WHERE {status} = {c})" for c in STATUS_CODES.values()
    }
    sums |= {
        f"colour_{c}": f"COUNT(*) FILTER (WHERE {colour} = {c})" for c in COLOUR_CODES.values()
    }
    sums |= {
        f"band_{b}": f"COUNT(*) FILTER (WHERE c.total_investment >= {int(b)})"
        for b in queries.BANDS
    }
    for m in MONTHS:
        sums[f"last_{m}"] = f"SUM(r.last_{m})"  # every project's, for the seasonal profile
        from_m = f"{outer} AND r.first_month = {m}"  # the forecast, by first working month
        sums[f"ytd_from_{m}"] = f"SUM({ytd}) FILTER (WHERE {from_m})"
        sums[f"plan_from_{m}"] = f"SUM({plan}) FILTER (WHERE {from_m})"
    try:
        chosen_sql, chosen_params = chosen.query.sql_with_params()
    except EmptyResultSet:  # e.g. a year without lists
        return dict.fromkeys(sums, 0)
    columns = ",\n  ".join(sums.values())
    # Rows of the year joined to the set (each project once: the set is DISTINCT); a project
    # counts its money unless its parent or grandparent is in the set too. When every project
    # of the set has a fresh row, the counts over the rows are those over the set.
    sql = f"""WITH chosen (id, parent_id, grandparent_id, total_investment) AS ({chosen_sql}),
inner_ids (id) AS (
  SELECT id FROM chosen
  WHERE parent_id IN (SELECT id FROM chosen) OR grandparent_id IN (SELECT id FROM chosen)
)
SELECT {columns}
FROM {rows} r
JOIN chosen c ON c.id = r.project_id
LEFT JOIN inner_ids i ON i.id = r.project_id
{variant_join}
WHERE r.year = %s"""  # noqa: S608 (names from _meta; numbers and codes from this module)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Every join here is over the whole set; PostgreSQL underestimates a region-prefix
            # scope (a join on core_region's code) and would probe tens of thousands of projects'
            # memberships one by one.
            cursor.execute("SET LOCAL enable_nestloop = off")
        cursor.execute(sql, [*chosen_params, *variant_params, year])
        found = cursor.fetchone()
    return dict(zip(sums, found, strict=True))


def _totals(found, year, month):
    money = {key: _decimal(value) for key, value in found.items()}
    cumulative = [ZERO] + [money[f"last_{m}"] for m in MONTHS]
    profile = queries.profile_of({m: cumulative[m] - cumulative[m - 1] for m in MONTHS})
    forecast = total(
        queries.forecast_of(money[f"ytd_from_{m}"], money[f"plan_from_{m}"], m, month, profile)
        for m in MONTHS
    )
    return queries.Totals(
        year=year,
        month=month,
        annual_plan=money["plan"],
        ytd=money["ytd"],
        pending=money["pending"],
        june=money["june"],
        ytd_last_year=money["last"],
        forecast=forecast,
        projects=found["projects"],
        by_status={s: found[f"status_{c}"] for s, c in STATUS_CODES.items()},
        by_band={str(b): found[f"band_{b}"] for b in queries.BANDS},
        planned_to_start=found["planned"],
        started_as_planned=found["started"],
        working=found["working"],
        warnings={c: found[f"colour_{COLOUR_CODES[c]}"] for c in COLOURS},
    )


def _decimal(value):
    """A sum as Decimal: PostgreSQL gives one; SQLite a float, read as Django reads its columns."""
    if value is None:
        return ZERO
    if isinstance(value, float):
        return FLOAT_CONTEXT.create_decimal_from_float(value).quantize(YUAN)
    return Decimal(value)
