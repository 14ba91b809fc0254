"""The bench's datasets: generated provinces for the dashboard, list and load, and a library of
bare projects under construction for the import."""

import datetime
import hashlib
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command, get_commands
from django.db import connection
from django.utils import timezone

from accounts.choices import Role
from accounts.models import User
from core.bench import databases
from core.bulk import TableWriter
from core.models import ChangeLog, Industry, Region
from projects.choices import Category, InvestmentSource, Nature, Status
from projects.models import Project
from reports.choices import PeriodStatus, ReportStatus
from reports.models import MonthlyReport, ReportingPeriod, default_deadline

PROVINCE = "210000"  # Liaoning, the generator's default
USERNAME = "bench-office"  # the province's project office: sees every project through its scope
PASSWORD = "bench-Password-2026"  # noqa: S105 (a throwaway database's only user)


def size_label(projects):
    return f"{projects // 1000}k" if projects % 1000 == 0 else str(projects)


@contextmanager
def province(projects, *, years, seed, say, regenerate=False):
    """Connected to a generated province of ``projects`` projects, its rollups up to date."""
    params = {"kind": "province", "projects": projects, "years": years, "seed": seed}

    def make(params):
        call_command("load_reference", verbosity=0, stdout=_Quiet())
        today = timezone.localdate()
        params["until"] = f"{today.year}-{today.month:02d}"
        call_command(
            "generate_province",
            projects=projects,
            years=years,
            seed=seed,
            until=params["until"],
            province=PROVINCE,
            rollups=False,  # computed below, and again whenever their code changes
        )
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # what autovacuum does after a bulk load, at once
        return params

    name = databases.bench_name(size_label(projects))
    with databases.dataset(name, params, make, say=say, regenerate=regenerate) as recorded:
        version = rollups_version()
        if version is not None and recorded.get("rollups") != version:
            say("  computing the dashboard's rollups (bulk-loaded rows, or new rollup code)")
            call_command("refresh_rollups", stdout=_Quiet())
            recorded["rollups"] = version
            databases.record_params(recorded)
        yield recorded


def rollups_version():
    """What the dashboard's rollups were computed by (their code and migrations), or None when
    this version of the app has none: rows computed by other code are computed again."""
    if "refresh_rollups" not in get_commands():
        return None
    from dashboards import facts, rollups, warnings

    digest = hashlib.sha256()
    for module in (rollups, facts, warnings):
        digest.update(Path(module.__file__).read_bytes())
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM django_migrations WHERE app = 'dashboards' ORDER BY name")
        digest.update(repr(cursor.fetchall()).encode())
    return digest.hexdigest()[:16]


def office_user():
    """The province project office's user of the bench (made on first use)."""
    user, created = User.objects.get_or_create(
        username=USERNAME,
        defaults={"role": Role.PROJECT_OFFICE, "region": Region.objects.get(code=PROVINCE)},
    )
    if created:
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    return user


def last_complete_year(params):
    """The year before the dataset's last month: every one of its months has its reports."""
    return int(params["until"][:4]) - 1


# ---------------------------------------------------------------- the import's projects

IMPORT_MONTH = (2025, 3)  # the month imported into; the two months before it are approved
HISTORY_MONTHS = [(2025, 1), (2025, 2)]
BLANK_PROJECT_TEXTS = ("",) * 7


def import_library(projects, *, say, regenerate=False):
    """Context manager: connected to a database of ``projects`` bare projects under
    construction, each with approved reports for the two months before IMPORT_MONTH."""
    params = {"kind": "import", "projects": projects, "month": "{}-{:02d}".format(*IMPORT_MONTH)}

    def make(params):
        call_command("load_reference", verbosity=0, stdout=_Quiet())
        write_library(projects, say)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        return params

    name = databases.bench_name("import")
    return databases.dataset(name, params, make, say=say, regenerate=regenerate)


def import_period():
    return ReportingPeriod.objects.get(year=IMPORT_MONTH[0], month=IMPORT_MONTH[1])


def import_user():
    """The administrator who imports (fills reports on behalf of every project unit)."""
    user, _created = User.objects.get_or_create(
        username="bench-admin", defaults={"role": Role.ADMINISTRATOR}
    )
    return user


def clear_import(period):
    """Remove what imports left in ``period``: its reports and their change-log entries (the
    import database's log holds nothing else about reports), then tidy both tables."""
    log = ChangeLog._meta.db_table
    reports = MonthlyReport._meta.db_table
    content_type = ContentType.objects.get_for_model(MonthlyReport).pk
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {reports} WHERE period_id = %s", [period.pk])  # noqa: S608
        cursor.execute(f"DELETE FROM {log} WHERE content_type_id = %s", [content_type])  # noqa: S608
        cursor.execute(f"VACUUM ANALYZE {reports}, {log}")


def write_library(count, say):
    """The import's projects under construction, and their approved reports of HISTORY_MONTHS."""
    counties = list(
        Region.objects.filter(code__startswith=PROVINCE[:2], level="county").values_list(
            "pk", "code"
        )
    )
    divisions = list(Industry.objects.filter(level="division").values_list("pk", flat=True))
    writer = TableWriter()
    start = datetime.date(2024, 3, 1)
    now = timezone.now()

    def projects():
        for pk in range(1, count + 1):
            county_id, code = counties[pk % len(counties)]
            total = Decimal(1000 + (pk * 7919) % 499_000)
            yield (
                pk,
                f"项目 {pk:07d}",
                f"2024-{code}-{pk % 90 + 10:02d}-03-{pk % 1_000_000:06d}"
                if pk < 1_000_000
                else None,
                county_id,
                divisions[pk % len(divisions)],
                Category.values[pk % len(Category.values)],
                Nature.values[pk % len(Nature.values)],
                InvestmentSource.values[pk % len(InvestmentSource.values)],
                total,
                start,
                start,
                Status.STARTED,
                now,
                now,
                *BLANK_PROJECT_TEXTS,
            )

    columns = [
        "id", "name", "code", "region_id", "industry_id", "category", "nature", "source",
        "total_investment", "planned_start", "actual_start", "status", "created_at", "updated_at",
        "address", "investor_name", "investor_credit_code", "capacity_unit", "description",
        "stall_reason", "responsible_unit",
    ]  # fmt: skip
    say(f"  {count:,} projects")
    writer.write(Project, columns, projects())
    periods = []
    for pk, (year, month) in enumerate([*HISTORY_MONTHS, IMPORT_MONTH], start=1):
        history = (year, month) in HISTORY_MONTHS
        periods.append(
            (
                pk,
                year,
                month,
                default_deadline(year, month),
                PeriodStatus.LOCKED if history else PeriodStatus.OPEN,
                now,
                now if history else None,
            )
        )
    writer.write(
        ReportingPeriod,
        ["id", "year", "month", "deadline", "status", "opened_at", "locked_at"],
        periods,
    )

    def reports():
        pk = 0
        for period_id in range(1, len(HISTORY_MONTHS) + 1):
            for project_id in range(1, count + 1):
                pk += 1
                amount = Decimal(project_id % 97 + 1)
                yield (
                    pk, project_id, period_id, amount, "主体施工", 40, 120, "按计划推进", "", "",
                    "", ReportStatus.APPROVED, 1, now, now, amount,
                )  # fmt: skip

    say(f"  {count * len(HISTORY_MONTHS):,} approved reports of the months before")
    writer.write(
        MonthlyReport,
        [
            "id", "project_id", "period_id", "completed", "progress_text", "progress_percent",
            "workers", "narrative", "over_total_explanation", "correction_reason",
            "return_reason", "status", "revision", "submitted_at", "reviewed_at",
            "approved_completed",
        ],
        reports(),
    )  # fmt: skip
    writer.reset_sequences([Project, ReportingPeriod, MonthlyReport])


class _Quiet:
    """A stdout for commands whose progress the bench does not show."""

    def write(self, *args, **kwargs):
        pass

    def flush(self):
        pass
