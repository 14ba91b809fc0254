"""Demo monthly reports, 2023-01 to 2024-12, for the demo projects: `manage.py seed_demo`."""

# Every project under way in a month (started by its end, not completed before it, not cancelled)
# has a report: its year comes close to its annual plan (the largest of its lists'), spread over
# the months by season (reports/demo_patterns.py), with stalls, late starts and laggards showing.
# A bundle reports the sum of its phases (plus its own works, if its plan is larger), so summing
# the outermost projects counts each yuan once. What the seed articles say about 2023:
# - 000 (Anshan, 2023-07-24): fixed-asset investment "achieved double over half" in H1, and the
#   stalled Xi'anshan and Chentaigou iron mines received "nearly 4 billion yuan in the first
#   half": the two mines do 62–65 % of their 2023 plans by June (about 38 亿元 together), Anshan's
#   2023 runs a little ahead of plan and leans towards the first half, so its key projects are at
#   about half their 2023 plan at June (47–48 %: most of them only start in April or May).
# - 004 (Anlu): "at the end of August, 5 billion yuan completed by 49 key industrial projects,
#   67 % of the annual plan": Anlu's industrial projects under way lean towards January–August,
#   within a believable season (about half by August: the largest demo ones start in summer).
# - 002 (Shuangyashan, 2023-04-24) gives no completion figure: its frozen ground until March and
#   the April 7 spring start are in the seasons. None of this forces exact numbers.
# Anomalies (reports/anomalies.py): the generated figures raise none; one of each kind is
# seeded on purpose (SEEDED_ANOMALIES), each flagging exactly one report:
# - since_start_down, 宝山区集中供热管网改造工程 2024-12 (submitted): after the November report
#   was approved, an audit lowered October's approved figure by more than December's figure, so
#   the since-start total with December is below the one recorded with November;
# - month_share, 兴达生物有机肥扩能项目 2024-08: the main equipment arrived at once and half of
#   July's and September's investment is booked in August, 39 % of the total investment;
# - ytd_over_plan, 新宇年产5万吨锂电池负极材料项目 2024-12 (submitted): the unit typed the
#   year to date into the month's figure, taking the year to 169 % of its plan;
# - repeated_figure, 安陆市城市更新8号片区项目 2024-07: May, June and July report the same figure
#   (copied forward);
# - outside_construction, 华信高纯氧化镁生产线智能化改造项目 2024-03: survey and design fees
#   reported the month before the start in April.
# Their projects are kept out of the random corrections.
# Change-log entries are stamped with the time of loading (ChangeLog.time defaults to now).
# The figures are written with bulk_create, keeping the workflow's invariants (reports.services):
# approved reports have approved_completed = completed, revision ≥ 1 and one ReportRevision per
# approval; late = submitted after the deadline; returned ones have a return reason.

import datetime
import random
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from accounts.choices import Role
from accounts.models import User
from core.changelog import acting_as, snapshot
from core.choices import ChangeAction
from core.models import ChangeLog
from projects.choices import Category
from projects.demo.constants import ANLU, ANSHAN, YEARS
from projects.demo.seeds import FENGFAN_CODE
from projects.models import Membership, Project, StatusChange
from reports import demo_patterns as pat
from reports.anomalies import Code
from reports.choices import PeriodStatus
from reports.demo_patterns import MONTHS, Site, last_day
from reports.models import MonthlyReport, ReportingPeriod, ReportRevision, default_deadline

D, DAY, HOUR = datetime.date, datetime.timedelta(days=1), datetime.timedelta(hours=1)
OPEN = len(MONTHS) - 1  # 2024-12 stays open
# (city, year) → (through month, share of the annual plan, only this category and only the
# projects started by then, largest lean)
TARGETS = {
    (ANSHAN, 2023): (6, 0.5, None, False, 2.2),
    (ANLU, 2023): (8, 0.65, Category.INDUSTRIAL, True, 2.2),
}
BOOST = {(ANSHAN, 2023): 1.08}  # "investment soared": Anshan's 2023 runs a little ahead
ANCHORS = {"西鞍山铁矿项目": 0.62, "五矿陈台沟铁矿项目": 0.65}  # share of 2023 done by June
FACTORS = {"西鞍山铁矿项目": 1.02, "五矿陈台沟铁矿项目": 1.0, "10万吨天然石墨负极材料项目": 0.72}
OPEN_MIX = {"approved": 38, "submitted": 25, "draft": 12, "returned": 4, "missing": 21}
CORRECTED = 12  # a handful of approved reports corrected later
PHASES = ("一期", "二期", "三期")
SEEDED_ANOMALIES = [  # (project, year, month flagged, anomaly): see the comment at the top
    ("宝山区集中供热管网改造工程", 2024, 12, Code.SINCE_START_DOWN),
    ("兴达生物有机肥扩能项目", 2024, 8, Code.MONTH_SHARE),
    ("新宇年产5万吨锂电池负极材料项目", 2024, 12, Code.YTD_OVER_PLAN),
    ("安陆市城市更新8号片区项目", 2024, 7, Code.REPEATED_FIGURE),
    ("华信高纯氧化镁生产线智能化改造项目", 2024, 3, Code.OUTSIDE_CONSTRUCTION),
]


@transaction.atomic
def load(stdout):
    if MonthlyReport.objects.exists():
        stdout.write("demo reports: already loaded")
        return
    if not Project.objects.filter(code=FENGFAN_CODE).exists():
        raise LookupError("The demo projects are missing: load projects.demo first.")
    users = list(User.objects.filter(role__in=[Role.PROJECT_OFFICE, Role.COUNTY_OFFICE]))
    office = next((u for u in users if u.username == "office"), None)
    if office is None:
        raise LookupError("The demo user 'office' is missing: load accounts.demo first.")
    rng = random.Random(2024)
    periods = _periods(office)
    sites = _sites(rng, {u.region.code: u for u in users if u.region_id}, office)
    reports, revisions, logs, stats = _rows(rng, sites, periods)
    MonthlyReport.objects.bulk_create(reports, batch_size=500)
    for revision in revisions:
        revision.report_id = revision.report.pk
    ReportRevision.objects.bulk_create(revisions, batch_size=500)
    content_type = ContentType.objects.get_for_model(MonthlyReport)
    entries = []
    for report, actor, extra in logs:  # one "create" per report, then returns and corrections
        after = snapshot(report)
        entries.append(_log(content_type, report, actor, ChangeAction.CREATE, None, after))
        entries.extend(_log(content_type, report, *change) for change in extra)
    ChangeLog.objects.append(entries)
    stdout.write(
        f"demo reports: {len(periods)} periods ({len(periods) - 1} locked), "
        f"{len(reports)} reports, {stats['approved']} approved, {stats['returned']} returned, "
        f"{stats['late']} late, {stats['corrected']} corrected; {stats['missing']} missing "
        "in 2024-12 (created)"
    )


def _log(content_type, report, actor, action, before, after):
    return ChangeLog(
        actor=actor, action=action, content_type=content_type, object_id=str(report.pk),
        object_repr=str(report)[:200], before=before, after=after,
    )  # fmt: skip


def _at(day, hour, minute=0):
    zone = ZoneInfo(settings.TIME_ZONE)
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)


def _periods(office):
    """Periods 2023-01 … 2024-12 with the default deadline, locked a few days after it."""
    existing = {(p.year, p.month): p for p in ReportingPeriod.objects.filter(year__in=YEARS)}
    periods = []
    with acting_as(office):
        for index, (year, month) in enumerate(MONTHS):
            period = existing.get((year, month))
            if period is None:
                period = ReportingPeriod(year=year, month=month)
                period.deadline = default_deadline(year, month)
                period.save()
                ReportingPeriod.objects.filter(pk=period.pk).update(
                    opened_at=_at(D(year, month, 25), 9)
                )
            if index != OPEN and not period.is_locked:
                period.status = PeriodStatus.LOCKED
                period.locked_at = _at(period.deadline + 5 * DAY, 17, 30)
                period.save(update_fields=["status", "locked_at"])
            periods.append(period)
    return periods


def _sites(rng, reviewers, office):
    projects = Project.objects.select_related("region").order_by("pk")
    history = {}
    for change in StatusChange.objects.order_by("on", "pk"):
        history.setdefault(change.project_id, []).append(change)
    plans = {}
    for project_id, year, plan in Membership.objects.values_list(
        "project_id", "project_list__year", "annual_plan"
    ):
        mine = plans.setdefault(project_id, {})
        mine[year] = max(mine.get(year, 0), float(plan))
    sites = {p.pk: Site(p, history.get(p.pk, []), plans.get(p.pk, {})) for p in projects}
    sites = {pk: s for pk, s in sites.items() if any(f is not None for f in s.frac)}
    for site in sites.values():
        parent = sites.get(site.project.parent_id)
        if parent:
            site.parent = parent
            parent.children.append(site)
        code = site.project.region.code
        site.reviewer = reviewers.get(code) or reviewers.get(site.city) or office
        site.late_prone = rng.random() < 0.15
    for site in sites.values():
        name, city = site.project.name, site.city
        site.generate(rng, {2023: FACTORS.get(name)}, {y: BOOST.get((city, y), 1) for y in YEARS})
    _calibrate(sites.values())
    _finish(rng, sites.values())
    _seed_anomalies(sites.values())
    return sorted(sites.values(), key=lambda s: s.project.pk)


def _calibrate(sites):
    """The seed articles' 2023 figures, roughly (see the comment at the top)."""
    for site in sites:
        if site.project.name in ANCHORS:
            _lean([site], [site], 2023, 6, None, ANCHORS[site.project.name], 30)
    for (city, year), (through, target, category, started, most) in TARGETS.items():
        chosen = [s for s in sites if s.city == city and not s.parent and s.plans.get(year)]
        chosen = [s for s in chosen if category in (None, s.project.category)]
        if started:
            chosen = [s for s in chosen if s.project.actual_start <= D(year, through, 28)]
        leaning = [x for s in chosen for x in (s, *s.children) if s.project.name not in ANCHORS]
        plan = sum(s.plans[year] for s in chosen)
        counted = [x for s in chosen for x in (s, *s.children)]
        _lean(counted, leaning, year, through, plan, target, most)


def _lean(counted, leaning, year, through, plan, target, most):
    """The smallest lean (up to `most`) that brings months 1..through to target × plan (or
    to target × the year, without a plan)."""
    saved = {x: list(x.amounts) for x in leaning}
    every = [i for i, (y, _) in enumerate(MONTHS) if y == year]
    months = [i for i in every if MONTHS[i][1] <= through]

    def share(k):
        for x in leaning:
            x.amounts = list(saved[x])
            x.lean(year, k)
        done = sum(x.amounts[i] for x in counted for i in months)
        whole = plan or sum(x.amounts[i] for x in counted for i in every)
        return done / whole if whole else 0

    low, high = 1.0, most
    if share(1.0) >= target:
        high = 1.0
    elif share(high) > target:
        for _ in range(30):
            middle = (low + high) / 2
            low, high = (middle, high) if share(middle) < target else (low, middle)
    share(high)


def _finish(rng, sites):
    """Round, keep since-start within the total, then progress, workers and words."""
    candidates = [
        s for s in sites
        if not s.parent and not s.children and s.project.actual_completion
        and s.project.actual_start.year == 2023 and s.project.actual_completion.year == 2024
        and sum(s.amounts) > 0.85 * s.total
    ]  # fmt: skip
    if candidates:
        rng.choice(candidates).overrun = True  # one project overruns its total, and says why
    for site in sorted(sites, key=lambda s: bool(s.children)):  # phases before their bundles
        p, start = site.project, site.project.actual_start
        room = site.total - sum(c.total for c in site.children)
        site.prior = site.worked_before = 0.0
        if start.year < YEARS[0]:  # what it did before 2023, roughly
            months = (
                max((p.planned_completion - start).days / 30, 6) if p.planned_completion else 24
            )
            days = range(0, (D(YEARS[0], 1, 1) - start).days, 30)
            worked = sum(1 for d in days if not site.stalled_on(start + d * DAY))
            site.worked_before = worked * 30.0
            share = min(worked / months, 0.9) * 0.85
            site.prior = max(min(room * share, room - sum(site.plans.values())), 0)
        room -= site.prior
        if site.overrun:  # spends 3 % more than its total by completion
            site.amounts = [a * site.total * 1.03 / sum(site.amounts) for a in site.amounts]
            room = float("inf")
        cum, site.own = 0.0, []
        for i, amount in enumerate(site.amounts):
            value = round(min(amount, max(room - cum, 0)), 1) if site.frac[i] is not None else None
            cum += value or 0
            site.own.append(value)
        site.figures = list(site.own)
        for child in site.children:
            site.figures = [
                None if a is None and b is None else round((a or 0) + (b or 0), 1)
                for a, b in zip(site.figures, child.figures, strict=True)
            ]
        _describe(rng, site)


def _describe(rng, site):
    """Physical progress (money and time, rising, 100 at completion), workers and words."""
    p, start, end = site.project, site.project.actual_start, site.project.actual_completion
    planned = p.planned_completion
    finish = end or (planned if planned and (planned - start).days > 60 else start + 365 * DAY)
    final = site.prior + sum(f or 0 for f in site.figures) if end else site.total
    base = pat.base_workers(site.total - sum(c.total for c in site.children))
    peak = max(site.weights) or 1
    cum, worked, previous = site.prior, site.worked_before, 0
    site.progress, site.workers, site.texts = [], [], []
    for i, figure in enumerate(site.figures):
        if figure is None:
            site.progress.append(None), site.workers.append(None), site.texts.append(None)
            continue
        cum, worked = cum + figure, worked + site.frac[i] * last_day(i).day
        stalled = site.stalled_on(last_day(i))
        done = bool(end and D(*MONTHS[i], 1) <= end <= last_day(i))
        money = min(cum / final, 1) if final else 1
        raw = round(100 * (0.6 * money + 0.4 * min(worked / (finish - start).days, 1)))
        step = 1 if figure and not stalled else 0
        percent = 100 if done else min(max(raw, previous + step), 97)
        previous = percent
        own = 0 if site.children and not site.own_plan(MONTHS[i][0]) else base
        workers = own * (0.1 + 0.9 * site.weights[i] / peak) * rng.uniform(0.85, 1.15)
        workers = rng.randint(0, 5) if stalled else round(workers) if site.frac[i] else 0
        site.progress.append(percent)
        site.workers.append(workers + sum(c.workers[i] or 0 for c in site.children))
        site.texts.append(_words(rng, site, i, percent, stalled, done))


def _words(rng, site, i, percent, stalled, done):
    """(physical progress, narrative) of one month."""
    p, (year, month), first, last = site.project, MONTHS[i], D(*MONTHS[i], 1), last_day(i)
    notes = []
    if first <= p.actual_start <= last:
        notes.append(f"{month}月{p.actual_start.day}日开工建设")
    for stalled_on, resumed_on, reason, resume_reason in site.stalls:
        if resumed_on and first <= resumed_on <= last:
            notes.append(f"{resumed_on.day}日复工（{resume_reason}）")
        if first <= stalled_on <= last:
            notes.append(f"{stalled_on.day}日起停工：{reason}")
        elif stalled and stalled_on < first and (resumed_on is None or resumed_on > last):
            notes.append(f"停工中：{reason}，工作专班正在协调解决")
    if done:
        notes.append(f"{p.actual_completion.day}日竣工验收")
    if site.children:
        parts = [(c.project.name, c.texts[i][0]) for c in site.children if c.texts[i]]
        parts = [(next((x for x in PHASES if x in name), name), text) for name, text in parts]
        if site.own[i]:
            parts.append(("其余工程", pat.stage(site.kind, percent)))
        built = any(c.project.actual_completion and c.project.actual_completion < first
                    for c in site.children)  # fmt: skip
        text = "；".join(f"{label}：{t}" for label, t in parts) or (
            "已建成分期投产运营，" if built else "") + "后续分期前期工作推进中"  # fmt: skip
        notes.insert(0, "各期汇总填报")
    else:
        text = pat.STALLED_SITE if stalled else "竣工验收，项目建成" if done else ""
        text = text or f"{pat.stage(site.kind, percent)}，形象进度{percent}%"
    if not stalled:
        notes.append(pat.season_phrase(rng, site.city, month))
        notes.append(pat.SEED_NOTES.get((p.name, year, month), ""))
        if rng.random() < 0.12:
            notes.append(rng.choice(pat.ISSUES))
    if not any(notes):
        notes.append("停工期间做好现场看护" if stalled else rng.choice(pat.ROUTINE))
    return text, "；".join(n for n in notes if n) + "。"


def _rows(rng, sites, periods):
    """Reports, their revisions and change-log entries, with the workflow's states and times."""
    reports, revisions, logs = [], [], []
    stats = dict.fromkeys(["approved", "returned", "late", "corrected", "missing"], 0)
    for site in sites:
        for i, figure in enumerate(site.figures):
            if figure is None:
                continue
            period, reviewer = periods[i], site.reviewer
            state = (
                "approved" if i != OPEN else rng.choices(list(OPEN_MIX), list(OPEN_MIX.values()))[0]
            )
            state = site.forced.get(i, state)
            if state == "missing":
                stats["missing"] += 1
                continue
            text, narrative = site.texts[i]
            over = (
                figure and site.overrun and sum(f or 0 for f in site.figures[: i + 1]) > site.total
            )
            report = MonthlyReport(
                project=site.project, period=period, completed=Decimal(str(figure)),
                progress_text=text, progress_percent=site.progress[i], workers=site.workers[i],
                narrative=narrative, over_total_explanation=pat.OVER_TOTAL if over else "",
                status=state,
            )  # fmt: skip
            extra = []
            if state != "draft":
                extra = _submit(rng, site, report, period, state)
                stats["returned"] += bool(extra)
                stats["late"] += report.late
            if state == "approved":
                report.revision, report.approved_completed = 1, report.completed
                report.reviewed_by = reviewer
                revisions.append(_revision(report, 1, report.completed, report.reviewed_at, ""))
                stats["approved"] += 1
            reports.append(report)
            logs.append((report, reviewer, extra))
    seeded = {name for name, *_ in SEEDED_ANOMALIES}
    corrections = [
        r
        for r in revisions
        if (r.report.period.year == 2023 or r.report.period.month < 10)
        and r.report.project.name not in seeded
    ]
    for revision in rng.sample([r for r in corrections if r.completed > 10], CORRECTED):
        reason, ratio = rng.choice(pat.CORRECTIONS)
        when = revision.report.reviewed_at + rng.randint(20, 70) * DAY
        _correct(revision, revisions, logs, reason, ratio, when)
        stats["corrected"] += 1
    stats["corrected"] += _seed_correction(sites, periods, revisions, logs)
    return reports, revisions, logs, stats


def _submit(rng, site, report, period, state):
    """Submission, return and review times; the change-log entries of a return."""
    year, month = period.year, period.month
    if period.is_locked:
        late = rng.random() < (0.18 if site.late_prone else 0.015)
        day = period.deadline + (rng.randint(1, 7) if late else -rng.randint(0, 4)) * DAY
    else:
        day = D(year, month, rng.randint(22, 30))
    submitted = _at(day, rng.randint(8, 17), rng.randint(0, 59))
    extra = []
    returned = state == "returned" or (state == "approved" and rng.random() < 0.025)
    if returned:
        reason = rng.choice(pat.RETURN_REASONS)
        back = submitted + rng.randint(3, 30) * HOUR
        extra.append((site.reviewer, ChangeAction.UPDATE, {"status": "submitted"},
                      {"status": "returned", "return_reason": reason}))  # fmt: skip
        if state == "returned":
            report.return_reason, report.reviewed_at = reason, back
            report.reviewed_by = site.reviewer
        else:
            submitted = back + rng.randint(20, 70) * HOUR  # resubmitted, the reason cleared
    report.submitted_at, report.late = submitted, submitted.date() > period.deadline
    if state == "approved":
        report.reviewed_at = min(submitted + rng.randint(2, 60) * HOUR, _at(D(2024, 12, 31), 18))
        report.reviewed_at = max(report.reviewed_at, submitted)
    return extra


def _revision(report, number, completed, when, reason):
    return ReportRevision(
        report=report, number=number, completed=completed, progress_text=report.progress_text,
        progress_percent=report.progress_percent, workers=report.workers,
        narrative=report.narrative, reason=reason, approved_at=when, approved_by=report.reviewed_by,
    )  # fmt: skip


def _correct(first, revisions, logs, reason, ratio, when):
    """Revision 2 with a reason; revision 1 keeps the figure as reported then."""
    report = first.report
    first.completed = (report.completed / Decimal(str(ratio))).quantize(Decimal("0.1"))
    report.revision, report.correction_reason, report.reviewed_at = 2, reason, when
    revisions.append(_revision(report, 2, report.completed, when, reason))
    before = {"approved_completed": str(first.completed), "revision": 1}
    after = {
        "approved_completed": str(report.completed),
        "revision": 2,
        "correction_reason": reason,
    }
    next(entry for entry in logs if entry[0] is report)[2].append(
        (report.reviewed_by, ChangeAction.UPDATE, before, after)
    )


# ---------------------------------------------------------------- anomalies seeded on purpose


def _seed_anomalies(sites):
    """Change the generated months so each seeded anomaly shows (see the comment at the top)."""
    by_name = {site.project.name: site for site in sites}
    for name, year, month, code in SEEDED_ANOMALIES:
        SEEDERS[code](by_name[name], MONTHS.index((year, month)))


def _note(site, i, note):
    text, narrative = site.texts[i]
    site.texts[i] = (text, f"{narrative.rstrip('。')}；{note}。")


def _later_month_falls(site, i):
    """This month waits for review; the month two before is lowered by an audit after the month
    between was approved (``_seed_correction``)."""
    site.forced[i] = "submitted"
    site.seeded_correction = i - 2


def _one_month_share(site, i):
    """Half of the months on either side is booked in this one."""
    for j in (i - 1, i + 1):
        half = round(site.figures[j] / 2, 1)
        site.figures[j] = round(site.figures[j] - half, 1)
        site.figures[i] = round(site.figures[i] + half, 1)
    _note(site, i, "主要生产设备集中到货，设备购置款一次性计入本月完成投资")


def _year_to_date_typed(site, i):
    """The year to date typed as the month's figure, awaiting review."""
    year = MONTHS[i][0]
    site.figures[i] = round(
        sum(f or 0 for j, f in enumerate(site.figures[:i]) if MONTHS[j][0] == year), 1
    )
    site.forced[i] = "submitted"


def _copied_forward(site, i):
    """The same figure three months running: their average, copied."""
    average = round(sum(site.figures[i - 2 : i + 1]) / 3, 1)
    for j in range(i - 2, i + 1):
        site.figures[j] = average


def _before_start(site, i):
    """Survey and design fees reported for the month before the start."""
    if site.figures[i] is not None or site.figures[i + 1] is None:
        raise LookupError(f"{site.project.name} does not start in {MONTHS[i + 1]}.")
    site.figures[i], site.progress[i], site.workers[i] = 86.0, 0, 0
    site.texts[i] = ("施工准备", "支付勘察设计费，计入本月完成投资。")


SEEDERS = {
    Code.SINCE_START_DOWN: _later_month_falls,
    Code.MONTH_SHARE: _one_month_share,
    Code.YTD_OVER_PLAN: _year_to_date_typed,
    Code.REPEATED_FIGURE: _copied_forward,
    Code.OUTSIDE_CONSTRUCTION: _before_start,
}


def _seed_correction(sites, periods, revisions, logs):
    """The audit lowering an approved month after the next month was approved."""
    count = 0
    for site in sites:
        if site.seeded_correction is None:
            continue
        month = site.seeded_correction
        first, following = (
            next(r for r in revisions if r.report.project is site.project and r.report.period is p)
            for p in (periods[month], periods[month + 1])
        )
        when = following.approved_at + 7 * DAY
        _correct(first, revisions, logs, *pat.CORRECTIONS[0], when)
        count += 1
    return count
