"""The dashboard's headline figures in one hand-written SQL query over the raw tables.

The yardstick for GET /api/v1/dashboard/: the projects a user sees on a list of year Y, money
counted once per bundle (a project counts when neither its parent nor its grandparent is in the
set), and for year Y at the end of month M: the annual plan (each project's largest plan of the
year's lists), approved year to date, submitted and not yet approved, last year's approved over
the same months, and the projects by status (the last status change on or before the month's end).
"""

from decimal import Decimal

from django.db import connection

from dashboards.facts import month_end
from projects.choices import Status

FOUR_PLACES = Decimal("0.0001")

HEADLINE = """
WITH scope AS (
    SELECT p.id, p.parent_id, parent.parent_id AS grandparent_id
    FROM projects_project p
    JOIN core_region r ON r.id = p.region_id
    LEFT JOIN projects_project parent ON parent.id = p.parent_id
    WHERE r.code LIKE %(prefix)s
      AND p.id IN (
          SELECT m.project_id FROM projects_membership m
          JOIN projects_projectlist l ON l.id = m.project_list_id
          WHERE l.year = %(year)s
      )
),
counted AS (
    SELECT s.id FROM scope s
    WHERE NOT EXISTS (SELECT 1 FROM scope t WHERE t.id = s.parent_id)
      AND NOT EXISTS (SELECT 1 FROM scope t WHERE t.id = s.grandparent_id)
),
plans AS (
    SELECT m.project_id, MAX(m.annual_plan) AS plan
    FROM projects_membership m
    JOIN projects_projectlist l ON l.id = m.project_list_id
    WHERE l.year = %(year)s AND m.project_id IN (SELECT id FROM counted)
    GROUP BY m.project_id
),
money AS (
    SELECT
        COALESCE(SUM(mr.approved_completed) FILTER (WHERE pe.year = %(year)s), 0) AS ytd,
        COALESCE(SUM(mr.completed) FILTER (
            WHERE pe.year = %(year)s AND mr.status = 'submitted'), 0) AS pending,
        COALESCE(SUM(mr.approved_completed) FILTER (WHERE pe.year = %(year)s - 1), 0)
            AS ytd_last_year
    FROM reports_monthlyreport mr
    JOIN reports_reportingperiod pe ON pe.id = mr.period_id
    WHERE mr.project_id IN (SELECT id FROM counted)
      AND pe.year IN (%(year)s, %(year)s - 1) AND pe.month <= %(month)s
),
statuses AS (
    SELECT COALESCE(last.to_status, 'reserve') AS status, COUNT(*) AS projects
    FROM scope s
    LEFT JOIN LATERAL (
        SELECT h.to_status FROM projects_statuschange h
        WHERE h.project_id = s.id AND h.kind = 'status' AND h."on" <= %(end)s
        ORDER BY h."on" DESC, h.id DESC
        LIMIT 1
    ) last ON true
    GROUP BY 1
)
SELECT
    (SELECT COUNT(*) FROM scope),
    (SELECT COALESCE(SUM(plan), 0) FROM plans),
    money.ytd,
    money.pending,
    money.ytd_last_year,
    (SELECT json_object_agg(status, projects) FROM statuses)
FROM money
"""


def run(prefix, year, month):
    """The raw result row: (projects, plan, ytd, pending, ytd last year, {status: projects})."""
    params = {"prefix": f"{prefix}%", "year": year, "month": month, "end": month_end(year, month)}
    with connection.cursor() as cursor:
        cursor.execute(HEADLINE, params)
        return cursor.fetchone()


def figures(row):
    """The row as the API writes the same figures (money as strings, growth rounded)."""
    projects, plan, ytd, pending, last_year, statuses = row
    statuses = statuses or {}
    growth = float(round((ytd / last_year - 1) * 100, 2)) if last_year else None
    return {
        "projects": projects,
        "annual_plan": str(Decimal(plan).quantize(FOUR_PLACES)),
        "ytd_completed": str(Decimal(ytd).quantize(FOUR_PLACES)),
        "pending": str(Decimal(pending).quantize(FOUR_PLACES)),
        "yoy_growth": growth,
        "by_status": {status: statuses.get(status, 0) for status in Status.values},
    }


def differences(api, sql):
    """[(figure, API's value, SQL's value)] where they differ."""
    return [(name, api.get(name), value) for name, value in sql.items() if api.get(name) != value]
