"""Reporting periods and monthly reports of the generated province (projects.province).

Every project under construction in a month of the window (started, not yet completed or
cancelled; stalled ones too) has that month's report: what it spent (the project's seasonal
spending), physical progress rising to 100 at completion, workers, a few words. Past periods are
locked and their reports approved (approved_completed = completed, one ReportRevision each, a few
corrected as revision 2); some came in after the deadline. The open months (the last one, and the
one before until five days after its deadline) have reports approved, submitted, draft, returned
or not there yet. No change-log entries are written.
"""

import datetime

from projects.province.context import last_day, month_index, month_of
from reports import demo_patterns as pat
from reports.choices import PeriodStatus, ReportStatus
from reports.models import MonthlyReport, ReportingPeriod, ReportRevision, default_deadline

DAY, HOUR = datetime.timedelta(days=1), datetime.timedelta(hours=1)
OPEN_MIX = {"approved": 35, "submitted": 30, "draft": 12, "returned": 5, "missing": 18}
LATE_PRONE, LATE_OFTEN, LATE_RARELY = 0.12, 0.2, 0.015
LOCKED_AFTER = datetime.timedelta(days=5)  # the office locks a period 5 days after its deadline
CORRECTED = 0.001  # share of approved reports corrected later (revision 2)
PERIOD_COLUMNS = ["id", "year", "month", "deadline", "status", "opened_at", "locked_at"]
REPORT_COLUMNS = [
    "id", "project_id", "period_id", "completed", "progress_text", "progress_percent", "workers",
    "narrative", "over_total_explanation", "status", "revision", "correction_reason",
    "return_reason", "submitted_at", "late", "reviewed_at", "reviewed_by_id", "approved_completed",
]  # fmt: skip
REVISION_COLUMNS = [
    "report_id", "number", "completed", "progress_text", "progress_percent", "workers",
    "narrative", "reason", "approved_at", "approved_by_id",
]  # fmt: skip
FIRST_REVISION = dict(
    zip(
        REVISION_COLUMNS,
        ["id", "1", "completed", "progress_text", "progress_percent", "workers", "narrative", "''",
         "reviewed_at", "reviewed_by_id"],
        strict=True,
    )
)  # fmt: skip


def generate(ctx):
    rng = ctx.rng("reports")
    periods = _periods(ctx)
    ids = ctx.ids(MonthlyReport, sum(len(_months(ctx, p)) for p in ctx.plans))
    corrected = []
    rows = Reports(ctx, rng, periods, iter(ids), corrected).rows()
    ctx.writer.write(MonthlyReport, REPORT_COLUMNS, rows)
    # revision 1 of every approved report: its figures as approved, copied in the database
    ctx.writer.insert_select(
        ReportRevision,
        FIRST_REVISION,
        "FROM reports_monthlyreport WHERE status = %s AND revision = 1 AND id >= %s",
        [ReportStatus.APPROVED, ids.start],
    )
    ctx.write(ReportRevision, REVISION_COLUMNS, list(_corrections(corrected)))


def _months(ctx, plan):
    """The window's months with a report of the project."""
    if plan.first is None:
        return range(0)
    return range(max(plan.first, ctx.first_month), plan.last_reported_month(ctx) + 1)


def _periods(ctx):
    """month index → (period id, deadline, locked at or None): locked 5 days after the deadline,
    so the last month (and the one before, early in a month) is still open."""
    months = list(range(ctx.first_month, ctx.last_month + 1))
    ids = ctx.ids(ReportingPeriod, len(months))
    periods, rows = {}, []
    for pk, index in zip(ids, months, strict=True):
        year, month = month_of(index)
        deadline = default_deadline(year, month)
        locked = None
        if deadline + LOCKED_AFTER <= ctx.as_of:
            locked = ctx.at(deadline + LOCKED_AFTER, 17, 30)
        status = PeriodStatus.LOCKED if locked else PeriodStatus.OPEN
        opened = ctx.at(datetime.date(year, month, 1), 9)
        rows.append((pk, year, month, deadline, status, opened, locked))
        periods[index] = (pk, deadline, locked)
    ctx.writer.write(ReportingPeriod, PERIOD_COLUMNS, rows)
    return periods


class Reports:
    def __init__(self, ctx, rng, periods, ids, corrected):
        self.ctx, self.rng, self.periods, self.ids = ctx, rng, periods, ids
        self.corrected = corrected
        self.open_states = list(OPEN_MIX)
        self.open_weights = list(OPEN_MIX.values())

    def rows(self):
        for plan in self.ctx.plans:
            months = _months(self.ctx, plan)
            if months:
                yield from self.project(plan, months)

    def project(self, plan, months):
        rng = self.rng
        kind = pat.work_kind(plan.name, plan.category)
        late_prone = rng.random() < LATE_PRONE
        amounts, first = plan.amounts, plan.first
        spent = sum(amounts[: months.start - first])
        peak = max(amounts) or 1
        base = pat.base_workers(plan.total)
        span = max(month_index(plan.completed or plan.due) - first + 1, 1)
        done_month = month_index(plan.completed) if plan.completed else None
        percent = 0
        for index in months:
            amount = amounts[index - first] if index - first < len(amounts) else 0.0
            spent += amount
            stalled = bool(plan.stalls) and plan.stalled_on(last_day(index) - 14 * DAY)
            if index == done_month:
                percent = 100
            else:
                raw = 100 * (0.6 * spent / plan.total + 0.4 * (index - first + 1) / span)
                percent = min(max(round(raw), percent + (0 if stalled else 1)), 97)
            workers = rng.randint(0, 5) if stalled else round(
                base * (0.1 + 0.9 * amount / peak) * rng.uniform(0.85, 1.15)
            )  # fmt: skip
            text = pat.STALLED_SITE if stalled else pat.stage(kind, percent)
            if index == done_month:
                text = "竣工验收，项目建成"
            words = self.words(plan, index, stalled, index == done_month)
            row = self.review(plan, index, late_prone, amount, percent, workers, text, words)
            if row is not None:
                yield row

    def words(self, plan, index, stalled, done):
        """The narrative: the start, a stall or its end, the completion, or the season."""
        year, month = month_of(index)
        first = datetime.date(year, month, 1)
        notes = []
        if plan.started >= first and month_index(plan.started) == index:
            notes.append(f"{month}月{plan.started.day}日开工建设")
        for stalled_on, resumed_on, reason, resume_reason in plan.stalls:
            if month_index(stalled_on) == index:
                notes.append(f"{stalled_on.day}日起停工：{reason}")
            elif resumed_on and month_index(resumed_on) == index:
                notes.append(f"{resumed_on.day}日复工（{resume_reason}）")
        if done:
            notes.append(f"{plan.completed.day}日竣工验收")
        if not notes and not stalled:
            notes.append(pat.season_phrase(self.rng, "north", month))
        return "；".join(n for n in notes if n)

    def review(self, plan, index, late_prone, amount, percent, workers, text, words):
        """The report row as the workflow left it (None: not reported yet)."""
        rng, ctx = self.rng, self.ctx
        period, deadline, locked = self.periods[index]
        state = "approved"
        if locked is None:
            state = rng.choices(self.open_states, self.open_weights)[0]
            if state == "missing":
                return None
        figure = f"{amount:.1f}"
        submitted = reviewed = None
        if state != "draft":
            if locked is not None:
                late = rng.random() < (LATE_OFTEN if late_prone else LATE_RARELY)
                day = deadline + (rng.randint(1, 4) if late else -rng.randint(0, 4)) * DAY
            else:
                # around the month's end, or since the period opened if that is recent
                year, month = month_of(index)
                first = min(max(datetime.date(year, month, 21), ctx.as_of - 15 * DAY), ctx.as_of)
                day = first + rng.randint(0, (ctx.as_of - first).days) * DAY
            submitted = ctx.at(day, rng.randint(8, 17), rng.randint(0, 59))
        if state in ("approved", "returned"):
            cap = locked - HOUR if locked else ctx.at(ctx.as_of, 18)
            reviewed = max(min(submitted + rng.randint(2, 60) * HOUR, cap), submitted)
        revision, reason = (1, "") if state == "approved" else (0, "")
        pk = next(self.ids)
        if state == "approved" and locked is not None and rng.random() < CORRECTED:
            reason, ratio = rng.choice(pat.CORRECTIONS)
            first = (f"{amount / ratio:.1f}", reviewed)
            reviewed = min(reviewed + rng.randint(20, 70) * DAY, ctx.at(ctx.as_of, 18))
            revision = 2
            self.corrected.append(
                (pk, first, figure, text, percent, workers, words, reason, reviewed)
            )
        return (
            pk, plan.id, period, figure, text, percent, workers, words, "", state, revision,
            reason, rng.choice(pat.RETURN_REASONS) if state == "returned" else "", submitted,
            bool(submitted and submitted.date() > deadline), reviewed, None,
            figure if state == "approved" else None,
        )  # fmt: skip


def _corrections(corrected):
    """Revision 1 (the figure as first approved) and revision 2 of each corrected report."""
    for pk, (figure, approved), current, text, percent, workers, words, reason, when in corrected:
        yield pk, 1, figure, text, percent, workers, words, "", approved, None
        yield pk, 2, current, text, percent, workers, words, reason, when, None
