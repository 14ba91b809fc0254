"""Excel batch of monthly reports: a pre-filled template per period, an all-or-nothing import."""

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core.changelog import snapshot
from core.choices import ChangeAction
from core.excel import FORMULA_STARTS
from core.models import ChangeLog
from exchange.xlsx import (
    ALL_OR_NOTHING_NOTE,
    Refused,
    cell_at,
    cell_text,
    check_row_count,
    file_note,
    is_empty,
    is_number,
    normalise,
    number_text,
    read_sheet,
)
from projects.models import Project
from reports.choices import EDITABLE, ReportStatus
from reports.forms import MonthlyReportForm
from reports.models import MonthlyReport, ReportingPeriod
from reports.permissions import fillable_project_ids, fills_reports
from reports.services import check_reportable

# Validating a row costs well under a millisecond: 20,000 rows stay inside a request timeout.
MAX_ROWS = 20_000
SHEET = "reports"
INSTRUCTIONS = "instructions"
BATCH_SIZE = 500
FOUR_PLACES = Decimal("0.0001")

KEY, INPUT, REFERENCE = "key", "input", "reference"


class Column(NamedTuple):
    name: str  # the MonthlyReportForm field an input column fills; what a column shows otherwise
    zh: str
    en: str
    kind: str  # KEY identifies the project, INPUT is read on import, REFERENCE only informs

    @property
    def header(self):
        return f"{self.zh} / {self.en}"


# The one spec of the sheet. Each header cell holds both languages; on import a cell with the
# Chinese or the English half alone is accepted too.
COLUMNS = [
    Column("project", "项目ID", "Project ID", KEY),
    Column("code", "国家项目代码", "National project code", KEY),
    Column("name", "项目名称", "Project name", REFERENCE),
    Column("region", "县区", "County or district", REFERENCE),
    Column("status", "本月月报状态", "Status of this month's report", REFERENCE),
    Column("completed", "本月完成投资（万元）", "Completed this month (CNY 10k)", INPUT),
    Column("progress_percent", "形象进度（%）", "Physical progress (%)", INPUT),
    Column("progress_text", "形象进度描述", "Physical progress (text)", INPUT),
    Column("workers", "在岗人数", "Workers on site", INPUT),
    Column("narrative", "本月进展情况", "Narrative", INPUT),
    Column(
        "over_total_explanation",
        "超总投资说明",
        "Explanation when over the total investment",
        INPUT,
    ),
    Column("total_investment", "总投资（万元）", "Total investment (CNY 10k)", REFERENCE),
    Column(
        "since_start_before",
        "开工累计完成（万元，不含本月）",
        "Completed since start, before this month (CNY 10k)",
        REFERENCE,
    ),
    Column("last_completed", "上月完成投资（万元）", "Last month completed (CNY 10k)", REFERENCE),
    Column(
        "last_progress_percent", "上月形象进度（%）", "Last month physical progress (%)", REFERENCE
    ),
    Column(
        "last_progress_text", "上月形象进度描述", "Last month physical progress (text)", REFERENCE
    ),
    Column("last_workers", "上月在岗人数", "Last month workers on site", REFERENCE),
]
ORDER = {column.name: index for index, column in enumerate(COLUMNS)}
HEADER_OF = {column.name: column.header for column in COLUMNS}
INPUTS = [column.name for column in COLUMNS if column.kind == INPUT]
INTEGERS = {"progress_percent", "workers"}
LAST_MONTH = ["completed", "progress_percent", "progress_text", "workers"]
HEADERS = {
    normalise(text): column for column in COLUMNS for text in (column.header, column.zh, column.en)
}
PLAIN_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")
WHOLE_NUMBER = re.compile(r"^\d+$")

HOW_TO_FILL = {
    "project": ("系统项目ID，勿改动", "the project's ID in Groundbreak; do not change it"),
    "code": ("项目ID为空时用国家项目代码识别项目", "identifies the project when the ID is empty"),
    "completed": ("数字，单位万元，不小于0", "number in 万元, 0 or more"),
    "progress_percent": ("0至100的整数；留空则不变（新月报为0）", "0 to 100; empty keeps it (0)"),
    "workers": ("整数；留空则不变（新月报为0）", "whole number; empty keeps it (0 when new)"),
    "over_total_explanation": (
        "开工累计超过总投资时必填",
        "required when the investment since start exceeds the total investment",
    ),
}
NOTES = [
    (
        "每行一个项目，已列出本期应报的全部项目；灰色表头的列只供参考，导入时不读取。",
        "One project per row; every project that owes a report for the period is listed. "
        "Columns with a grey header are for reference and are not read on import.",
    ),
    (
        "本月各项均为空的行会被跳过；已提交或已审核的月报不能再改，需先由审核人退回。",
        "Rows with no figure for this month are skipped. Submitted or approved reports cannot "
        "be changed: ask the reviewer to return them first.",
    ),
    (
        "导入的月报保存为草稿，请在系统中检查后逐一提交。",
        "Imported reports are saved as drafts: check them in Groundbreak, then submit them.",
    ),
    ALL_OR_NOTHING_NOTE,
    file_note(MAX_ROWS),
]


class BatchReportForm(MonthlyReportForm):
    """MonthlyReportForm, its rules unchanged, without one query per row.

    The model's check constraints (amounts ≥ 0) repeat the fields' validators, and Django checks
    each with a query; the database still enforces them when the batch is written.
    """

    def _post_clean(self):
        self.instance.validate_constraints = _left_to_the_database
        try:
            super()._post_clean()
        finally:
            del self.instance.validate_constraints


def _left_to_the_database(exclude=None):
    pass


@dataclass
class BatchResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0  # rows whose figures are already those of the report
    skipped: int = 0  # rows with no figure for the month
    # (row as numbered in Excel or None for the whole file, column header, message)
    errors: list = field(default_factory=list)


def since_start_before(period, projects):
    """{project id: approved investment of the months before the period}, in one query."""
    earlier = Q(period__year__lt=period.year) | Q(
        period__year=period.year, period__month__lt=period.month
    )
    sums = (
        MonthlyReport.objects.approved()
        .filter(earlier, project__in=projects)
        .values("project")
        .annotate(total=Sum("approved_completed"))
        .order_by()
    )
    return {row["project"]: row["total"] for row in sums}


def _file_error(message):
    return BatchResult(errors=[(None, "", message)])


def _period_refusal(period, user):
    if not fills_reports(user):
        return _("You may not fill monthly reports.")
    if period.is_locked:
        return _("The period %(period)s is locked: no report can be imported into it.") % {
            "period": period
        }
    if period.first_day > timezone.localdate():
        return _("The period %(period)s has not begun: its reports can be filled from %(day)s.") % {
            "period": period,
            "day": period.first_day.isoformat(),
        }
    return None


def _header_positions(header):
    """{column name: index} of the header row, and the header's errors."""
    positions, errors = {}, []
    for index, value in enumerate(header):
        if is_empty(value):
            continue
        column = HEADERS.get(normalise(value))
        if column is None:
            errors.append((1, str(value), _("Unknown column: use the headers of the template.")))
        elif column.name in positions:
            errors.append((1, column.header, _("This column appears twice.")))
        else:
            positions[column.name] = index
    if "project" not in positions and "code" not in positions:
        errors.append(
            (1, HEADER_OF["project"], _("The project ID or national code column is missing."))
        )
    if "completed" not in positions:
        errors.append((1, HEADER_OF["completed"], _("This required column is missing.")))
    return positions, errors


def import_reports(file, period, *, user):
    """Check every row through MonthlyReportForm; write all the reports as drafts, or none."""
    refusal = _period_refusal(period, user)
    if refusal:
        return _file_error(refusal)
    try:
        header, numbered = read_sheet(file, SHEET)
        positions, errors = _header_positions(header)
        if errors:
            return BatchResult(errors=errors)
        check_row_count(numbered, max_rows=MAX_ROWS, no_rows=_("The file has no report rows."))
    except Refused as refusal:
        return _file_error(str(refusal))
    result, creates, updates = _check_rows(numbered, positions, period, user)
    if result.errors:
        return result
    # Rows are checked outside the transaction so nobody waits on it; what may change in
    # between (a report submitted or created, the period locked) is checked again inside.
    try:
        with transaction.atomic():
            _write(period, user, creates, updates)
    except (IntegrityError, _Changed):
        return _file_error(_("The reports changed while importing; upload the file again."))
    result.created, result.updated = len(creates), len(updates)
    return result


class _Changed(Exception):
    pass


class _Lookups:
    """What the rows refer to, read in a few queries for the whole file."""

    def __init__(self, numbered, positions, period, user):
        self.keys = {number: self._key(row, positions) for number, row in numbered}
        ids = {key[0] for key in self.keys.values() if isinstance(key[0], int)}
        codes = {key[1] for key in self.keys.values() if key[0] is None and key[1]}
        visible = (
            Project.objects.visible_to(user)
            .filter(Q(pk__in=ids) | Q(code__in=codes))
            .only("pk", "name", "code", "status", "total_investment")
        )
        self.by_pk = {project.pk: project for project in visible}
        self.by_code = {project.code: project for project in self.by_pk.values() if project.code}
        # Only to tell "no such project" from "not yours" in the message.
        self.known_ids = set(
            Project.objects.filter(pk__in=ids - self.by_pk.keys()).values_list("pk", flat=True)
        )
        self.known_codes = set(
            Project.objects.filter(code__in=codes - self.by_code.keys()).values_list(
                "code", flat=True
            )
        )
        self.fillable = fillable_project_ids(user, list(self.by_pk))
        self.reports = {}
        for report in MonthlyReport.objects.filter(period=period, project__in=list(self.by_pk)):
            report.project, report.period = self.by_pk[report.project_id], period
            self.reports[report.project_id] = report
        self.since_start = since_start_before(period, list(self.by_pk))

    @staticmethod
    def _key(row, positions):
        """(project id, or None when empty, or the text when it is no id; national code)."""
        value = cell_at(row, positions.get("project"))
        code = cell_text(cell_at(row, positions.get("code")))
        if is_empty(value):
            return None, code
        text = cell_text(value)
        return (int(text) if WHOLE_NUMBER.match(text) else text), code

    def project(self, number):
        """The row's project, or (column, message)."""
        project_id, code = self.keys[number]
        if project_id is None and not code:
            return None, ("project", _("Give the project ID or its national code."))
        if isinstance(project_id, str):
            return None, ("project", _("“%(value)s” is not a project ID.") % {"value": project_id})
        if project_id is not None:
            project = self.by_pk.get(project_id)
            if project is None:
                return None, ("project", self._not_found(project_id, project_id in self.known_ids))
            if code and project.code != code:
                return None, (
                    "code",
                    _("Project %(id)s has the national code %(code)s, not %(value)s.")
                    % {"id": project_id, "code": project.code or "—", "value": code},
                )
            return project, None
        project = self.by_code.get(code)
        if project is None:
            return None, ("code", self._not_found(code, code in self.known_codes))
        return project, None

    @staticmethod
    def _not_found(key, exists):
        if exists:
            return _("Project %(key)s is outside your area.") % {"key": key}
        return _("There is no project %(key)s.") % {"key": key}


def _check_rows(numbered, positions, period, user):
    """The result so far, and the reports to create and to update (with their log entries)."""
    lookups = _Lookups(numbered, positions, period, user)
    result, creates, updates, first_row = BatchResult(), [], [], {}
    for number, row in numbered:
        if all(is_empty(cell_at(row, positions.get(name))) for name in INPUTS):
            result.skipped += 1
            continue
        project, problem = lookups.project(number)
        key_column = "project" if lookups.keys[number][0] is not None else "code"
        if project is None:
            result.errors.append((number, HEADER_OF[problem[0]], problem[1]))
            continue
        message = _project_problem(project, period, lookups, first_row.get(project.pk))
        first_row.setdefault(project.pk, number)
        if message:
            result.errors.append((number, HEADER_OF[key_column], message))
            continue
        report = lookups.reports.get(project.pk)
        data, row_errors = _row_data(row, positions, report)
        if report is not None and report.status not in EDITABLE:
            if not row_errors and _same_figures(report, data):
                result.unchanged += 1
            else:
                result.errors.append((number, HEADER_OF[key_column], _not_editable(report)))
            continue
        before = snapshot(report) if report else None
        instance = report or MonthlyReport(project=project, period=period)
        form = BatchReportForm(
            data=data,
            instance=instance,
            since_start_before=lookups.since_start.get(project.pk, Decimal(0)),
        )
        if not form.is_valid() or row_errors:
            for name, messages in form.errors.items():
                # A cell already explained (text in a number cell) keeps that clearer message.
                row_errors.setdefault(name, " ".join(messages))
            result.errors += [
                (number, HEADER_OF.get(name, ""), row_errors[name])
                for name in sorted(row_errors, key=lambda name: ORDER.get(name, -1))
            ]
            continue
        instance.completed = instance.completed.quantize(FOUR_PLACES)  # as the database keeps it
        if report is None:
            creates.append(instance)
            continue
        after = snapshot(instance)
        changed = [name for name in after if before.get(name) != after[name]]
        if changed:
            updates.append(
                (instance, {k: before[k] for k in changed}, {k: after[k] for k in changed})
            )
        else:
            result.unchanged += 1
    return result, creates, updates


def _project_problem(project, period, lookups, earlier_row):
    if earlier_row is not None:
        return _("“%(project)s” is also on row %(row)s of this file.") % {
            "project": project,
            "row": earlier_row,
        }
    try:
        check_reportable(project, period)
    except ValidationError as error:
        return " ".join(error.messages)
    if project.pk not in lookups.fillable:
        return _("You may not fill the report of “%(project)s”.") % {"project": project}
    return None


def _not_editable(report):
    if report.status == ReportStatus.APPROVED:
        return _(
            "The report of this month is already approved: ask the reviewer to reopen it for "
            "correction."
        )
    return _("The report of this month is already submitted: ask the reviewer to return it.")


def _row_data(row, positions, report):
    """Form data of one row, and the errors found reading its cells (by field)."""
    data, errors = {}, {}
    for name in INPUTS:
        current = getattr(report, name) if report else None
        position = positions.get(name)
        value = cell_at(row, position)
        if name == "completed":
            data[name], errors[name] = _amount(value)
        elif name in INTEGERS:
            if is_empty(value):
                # An empty cell leaves the figure as it is, as the page's form shows it.
                data[name] = str(current if current is not None else 0)
            else:
                data[name], errors[name] = _whole(value)
        elif position is None:
            data[name] = current or ""  # a text column left out of the file changes nothing
        else:
            data[name] = _unquoted(cell_text(value))
    return data, {name: message for name, message in errors.items() if message}


def _unquoted(text):
    """Undo ``safe_cell``, which writes "'=…" for a text a spreadsheet would run as a formula."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


def _shown(value):
    text = cell_text(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _amount(value):
    if is_empty(value):
        return "", None  # the form says it is required
    if is_number(value):
        return number_text(value), None
    text = cell_text(value)
    if isinstance(value, str) and PLAIN_NUMBER.match(text):
        return text, None  # a number stored as text, as WPS often keeps it
    return text, _("Type a number in 万元, not text (“%(value)s”).") % {"value": _shown(value)}


def _whole(value):
    if is_number(value):
        return cell_text(value) if float(value).is_integer() else number_text(value), None
    text = cell_text(value)
    if isinstance(value, str) and WHOLE_NUMBER.match(text):
        return text, None
    return text, _("Type a whole number, not text (“%(value)s”).") % {"value": _shown(value)}


def _same_figures(report, data):
    """Whether a row repeats the figures of a report (a re-uploaded template of a locked one)."""
    try:
        if Decimal(data["completed"]) != report.completed:
            return False
        if any(int(data[name]) != getattr(report, name) for name in INTEGERS):
            return False
    except (ArithmeticError, ValueError):
        return False
    texts = set(INPUTS) - INTEGERS - {"completed"}
    return all(data[name].strip() == getattr(report, name).strip() for name in texts)


def _write(period, user, creates, updates):
    """Write the checked reports and their change-log entries, in bulk."""
    if ReportingPeriod.objects.select_for_update().get(pk=period.pk).is_locked:
        raise _Changed
    updated = [report for report, _before, _after in updates]
    if (
        MonthlyReport.objects.select_for_update()
        .filter(pk__in=[report.pk for report in updated])
        .exclude(status__in=EDITABLE)
        .exists()
    ):
        raise _Changed
    MonthlyReport.objects.bulk_create(creates, batch_size=BATCH_SIZE)
    if any(report.pk is None for report in creates):  # a database that returns no ids
        ids = dict(
            MonthlyReport.objects.filter(
                period=period, project__in=[r.project_id for r in creates]
            ).values_list("project", "pk")
        )
        for report in creates:
            report.pk = ids[report.project_id]
    fields = sorted({name for _report, before, _after in updates for name in before})
    if updated:
        MonthlyReport.objects.bulk_update(updated, fields, batch_size=BATCH_SIZE)

    actor = user if user.is_authenticated else None
    content_type = ContentType.objects.get_for_model(MonthlyReport)

    def entry(report, action, before, after):
        return ChangeLog(
            actor=actor,
            action=action,
            content_type=content_type,
            object_id=str(report.pk),
            object_repr=str(report)[:200],
            before=before,
            after=after,
        )

    entries = [entry(r, ChangeAction.CREATE, None, snapshot(r)) for r in creates]
    entries += [entry(r, ChangeAction.UPDATE, before, after) for r, before, after in updates]
    ChangeLog.objects.bulk_create(entries, batch_size=BATCH_SIZE)
