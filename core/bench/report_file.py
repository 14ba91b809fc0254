"""The bench's monthly-report batch: the period's template, filled in, for N projects.

The sheets, headers and reference columns are those of ``exchange.report_template`` (the file a
user downloads); each row's figures for the month are filled in as a project unit would.
"""

from decimal import Decimal

from django.db.models import (
    DecimalField,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    TextField,
    Value,
)
from django.db.models.functions import Coalesce

from core.bench.workbook import write_xlsx
from exchange.report_batch import COLUMNS, INSTRUCTIONS, NOTES, SHEET
from reports.models import MonthlyReport
from reports.services import NOT_REPORTING, expected_projects

TEXTS = ["主体结构施工", "设备安装调试", "基础工程施工", "室外配套工程", "厂房封顶"]


def report_rows(period, count):
    """(project id, code, name, county, total, since start before, last month's figures) of the
    first ``count`` projects of the period's template, in its order, read as a stream."""
    earlier = MonthlyReport.objects.approved().filter(
        Q(period__year__lt=period.year)
        | Q(period__year=period.year, period__month__lt=period.month),
        project=OuterRef("pk"),
    )
    before = earlier.values("project").annotate(t=Sum("approved_completed")).values("t")
    year, month = (period.year, period.month - 1) if period.month > 1 else (period.year - 1, 12)
    last = MonthlyReport.objects.filter(
        project=OuterRef("pk"), period__year=year, period__month=month
    )
    money = DecimalField(max_digits=16, decimal_places=4)
    projects = (
        expected_projects(period)
        .exclude(status__in=NOT_REPORTING)
        .annotate(
            before=Coalesce(Subquery(before, output_field=money), Value(Decimal(0))),
            last_completed=Subquery(last.values("completed")[:1], output_field=money),
            last_percent=Subquery(last.values("progress_percent")[:1], output_field=IntegerField()),
            last_text=Subquery(last.values("progress_text")[:1], output_field=TextField()),
            last_workers=Subquery(last.values("workers")[:1], output_field=IntegerField()),
        )
        .order_by("region__code", "name", "pk")
        .values_list(
            "pk",
            "code",
            "name",
            "region__name_zh",
            "total_investment",
            "before",
            "last_completed",
            "last_percent",
            "last_text",
            "last_workers",
        )
    )
    return projects[:count].iterator(chunk_size=5000)


def filled_row(values):
    """A template row with this month's figures typed in (well inside the total investment)."""
    pk, code, name, county, total, before, *last = values
    figures = {
        "project": pk,
        "code": code,
        "name": name,
        "region": county,
        "status": "",
        "completed": (pk * 7919 % 70_000) / 100,
        "progress_percent": 40 + pk % 50,
        "progress_text": TEXTS[pk % len(TEXTS)],
        "workers": 80 + pk % 120,
        "narrative": f"按计划推进，本月完成第{pk % 12 + 1}批次施工任务，累计{pk % 97}项。",
        "over_total_explanation": "",
        "total_investment": total,
        "since_start_before": before,
        "last_completed": last[0],
        "last_progress_percent": last[1],
        "last_progress_text": last[2],
        "last_workers": last[3],
    }
    return [figures[column.name] for column in COLUMNS]


def write_report_file(path, period, count):
    """Write the filled-in batch of ``count`` projects to ``path``; returns the rows written."""
    written = 0

    def rows():
        nonlocal written
        yield [column.header for column in COLUMNS]
        for values in report_rows(period, count):
            written += 1
            yield filled_row(values)

    notes = [[f"{period} 月报批量填报说明 / Monthly reports of {period}: instructions"]]
    notes += [[zh, en] for zh, en in NOTES]
    write_xlsx(path, [(SHEET, rows()), (INSTRUCTIONS, notes)])
    return written
