"""The three colours of a project at month M, each with its reasons in words (domain.md)."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dashboards.facts import month_end
from projects.choices import Status

RED, YELLOW, GREEN = "red", "yellow", "green"
COLOURS = [RED, YELLOW, GREEN]


def judge(fact, year, month, rules):
    """Set ``fact.colour`` and ``fact.reasons``; a cancelled project has no colour."""
    project = fact.project
    if fact.status == Status.CANCELLED:
        fact.colour, fact.reasons = None, []
        return fact
    red, yellow = [], []
    lag = _lag(fact, year, month)
    if lag is not None and lag > rules.red_lag_points:
        red.append(_lag_reason(lag))
    elif lag is not None and lag > rules.yellow_lag_points:
        yellow.append(_lag_reason(lag))
    if fact.stalled:
        red.append(_("stalled"))
    if _planned_start_missed(fact, year, month):
        red.append(
            _("planned to start on %(date)s and not started")
            % {"date": project.planned_start.isoformat()}
        )
    missing = _months_without_report(fact, year, month, rules.red_months_without_report)
    if missing:
        red.append(_("no approved report for the last %(count)d months") % {"count": missing})
    if fact.overdue_days > rules.red_milestone_overdue_days:
        red.append(_("a milestone is %(days)d days overdue") % {"days": fact.overdue_days})
    elif fact.overdue_days > 0:
        yellow.append(_("a milestone is %(days)d days overdue") % {"days": fact.overdue_days})
    if fact.overdue_problems:
        # Held to the milestones' threshold: a problem overdue is yellow, long overdue is red.
        count, days = fact.overdue_problems, fact.problem_overdue_days
        values = {"count": count, "days": days}
        if days > rules.red_milestone_overdue_days:
            red.append(
                ngettext(
                    "%(count)d problem overdue by %(days)d days",
                    "%(count)d problems overdue, the longest by %(days)d days",
                    count,
                )
                % values
            )
        else:
            yellow.append(
                ngettext("%(count)d problem overdue", "%(count)d problems overdue", count) % values
            )
    if fact.late_in_month:
        yellow.append(_("this month's report came after the deadline"))
    fact.colour = RED if red else YELLOW if yellow else GREEN
    fact.reasons = red + yellow
    return fact


def _lag(fact, year, month):
    """Own time progress − own completion rate, for a project with a plan that has started."""
    if not fact.plan or not fact.started:
        return None
    return fact.time_progress(year, month) - fact.completion_rate


def _lag_reason(lag):
    return _("%(points)s points behind its own time progress") % {"points": f"{lag:.1f}"}


def _planned_start_missed(fact, year, month):
    start = fact.project.planned_start
    return start is not None and start <= month_end(year, month) and not fact.started


def _months_without_report(fact, year, month, needed):
    """``needed`` when none of the last ``needed`` months since its start is approved."""
    if fact.status != Status.STARTED or not needed:
        return 0
    months = [_shift(year, month, -back) for back in range(needed)]
    start = fact.project.actual_start
    if start is not None:
        months = [ym for ym in months if ym >= (start.year, start.month)]
    if len(months) < needed or fact.approved_periods.intersection(months):
        return 0
    return needed


def _shift(year, month, by):
    """(year, month) ``by`` months away."""
    index = year * 12 + month - 1 + by
    return index // 12, index % 12 + 1
