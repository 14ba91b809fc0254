"""The figures of problem solving, one function per figure, over a queryset of problems.

Each function takes the problems its reader may see (``Problem.objects.visible_to(user)``,
narrowed further as the page wants) and reads them in one query. "Open" is today's status (open,
in progress or escalated); "resolved" means resolved or verified closed, with a resolution date.
"""

from decimal import Decimal

from django.db.models import Count, F, Q
from django.utils import timezone

from problems.choices import Category, Level, ProblemStatus

RESOLVED_STATUSES = {ProblemStatus.RESOLVED, ProblemStatus.CLOSED}


def _resolved(problems):
    return problems.filter(status__in=RESOLVED_STATUSES, resolved_on__isnull=False)


def open_by_category(problems):
    """{category: open problems}, every category present (zero when none), in the codes' order."""
    counts = dict(problems.open().order_by().values_list("category").annotate(count=Count("pk")))
    return {category.value: counts.get(category.value, 0) for category in Category}


def open_by_level(problems):
    """{escalation level: open problems}, every level present, department first."""
    counts = dict(problems.open().order_by().values_list("level").annotate(count=Count("pk")))
    return {level.value: counts.get(level.value, 0) for level in Level}


def open_by_department(problems, today=None):
    """The departments with open problems, most first: id, name, open and overdue counts."""
    today = today or timezone.localdate()
    rows = (
        problems.open()
        .order_by()
        .values("department", "department__name")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(deadline__lt=today)))
        .order_by("-open", "department__name")
    )
    return [
        {
            "department": row["department"],
            "name": row["department__name"],
            "open": row["open"],
            "overdue": row["overdue"],
        }
        for row in rows
    ]


def median_days_to_resolve(problems):
    """The exact median of resolved_on − raised_on in days (a half for an even count), or None."""
    days = sorted(
        (resolved - raised).days
        for raised, resolved in _resolved(problems).values_list("raised_on", "resolved_on")
    )
    if not days:
        return None
    middle = len(days) // 2
    if len(days) % 2:
        return Decimal(days[middle])
    return Decimal(days[middle - 1] + days[middle]) / 2


def on_time_share(problems):
    """Resolved by their deadline ÷ resolved, in percent (None when nothing is resolved yet)."""
    figures = _resolved(problems).aggregate(
        resolved=Count("pk"),
        on_time=Count("pk", filter=Q(resolved_on__lte=F("deadline"))),
    )
    if not figures["resolved"]:
        return None
    return Decimal(figures["on_time"]) / figures["resolved"] * 100


def overdue_count(problems, today=None):
    """Open problems past their deadline today (or on ``today``)."""
    return problems.overdue(today).count()
