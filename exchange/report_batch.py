"""Excel batch of monthly reports: a pre-filled template per period, an all-or-nothing import."""

import re
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import islice
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q, Sum
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _

from core.changelog import snapshot
from core.excel import FORMULA_STARTS
from exchange.report_cleaning import CACHE_LIMIT, FAILED, RowCleaner
from exchange.report_writes import CREATED, Changed, Chunk, Spool, write
from exchange.xlsx import (
    ALL_OR_NOTHING_NOTE,
    Refused,
    cell_at,
    cell_text,
    file_note,
    is_empty,
    is_number,
    normalise,
    number_text,
)
from exchange.xlsx_stream import SheetStream
from projects.choices import Status
from projects.models import Project
from reports.choices import EDITABLE, ReportStatus
from reports.forms import MonthlyReportForm
from reports.models import MonthlyReport
from reports.permissions import fillable_project_ids, fills_reports
from reports.services import check_reportable

# A row is checked and written in well under 0.1 ms (`make bench`): 100,000 rows take seconds.
MAX_ROWS = 100_000
CHUNK_ROWS = 5000  # rows checked together: a few queries per chunk, memory flat per chunk
SHEET = "reports"
INSTRUCTIONS = "instructions"
FOUR_PLACES = Decimal("0.0001")
ZERO = Decimal(0)

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


def import_reports(file, period, *, user, max_rows=None):
    """Check every row through MonthlyReportForm's rules; write all the reports as drafts, or none.

    The file is read as a stream and checked a chunk of rows at a time, so memory stays flat
    whatever its length; ``max_rows`` (MAX_ROWS by default) bounds what one upload may hold.
    """
    refusal = _period_refusal(period, user)
    if refusal:
        return _file_error(refusal)
    try:
        sheet = SheetStream(file, SHEET)
        positions, errors = _header_positions(sheet.header)
        if errors:
            return BatchResult(errors=errors)
        with Spool() as spool:
            result = _check_file(sheet.rows(), positions, period, user, spool, max_rows)
            if result.errors:
                return result
            # Rows are checked outside the transaction so nobody waits on it; what may change in
            # between (a report submitted or created, the period locked) is checked again inside.
            try:
                with transaction.atomic():
                    write(period, user, spool)
            except (IntegrityError, Changed):
                return _file_error(_("The reports changed while importing; upload the file again."))
            result.created, result.updated = spool.created, spool.updated
    except Refused as refusal:
        return _file_error(str(refusal))
    return result


def _check_file(rows, positions, period, user, spool, max_rows):
    """Check the rows chunk by chunk, spooling what is to be written; returns the result."""
    max_rows = max_rows or MAX_ROWS
    result, checker, count = BatchResult(), _Checker(positions, period, user), 0
    while chunk := list(islice(rows, CHUNK_ROWS)):
        count += len(chunk)
        if count > max_rows:
            count += sum(1 for _row in rows)
            raise Refused(
                _("The file has %(count)s rows; import at most %(limit)s at a time.")
                % {"count": count, "limit": max_rows}
            )
        spool.add(checker.check(chunk, result))
    if not count:
        raise Refused(_("The file has no report rows."))
    return result


class _Project:
    """What a row needs of its project, read as plain values (a model instance per row of a
    hundred thousand costs seconds)."""

    __slots__ = ("pk", "name", "code", "status", "total_investment")

    def __init__(self, pk, name, code, status, total_investment):
        self.pk, self.name, self.code = pk, name, code
        self.status, self.total_investment = status, total_investment

    def __str__(self):
        return self.name

    def get_status_display(self):
        return Status(self.status).label

    def model(self):
        return Project(
            pk=self.pk,
            name=self.name,
            code=self.code,
            status=self.status,
            total_investment=self.total_investment,
        )


def _id_list(ids):
    """Ids for an ``__in`` lookup: on PostgreSQL one parameter the database unpacks (binding
    thousands of parameters one by one costs more than running the query)."""
    ids = list(ids)
    if connection.vendor != "postgresql":
        return ids
    text = ",".join(map(str, ids))
    return RawSQL("SELECT unnest(string_to_array(%s, ',')::bigint[])", [text])


class _Lookups:
    """What a chunk of rows refers to, read in a few queries for the whole chunk."""

    def __init__(self, numbered, positions, period, user):
        self.keys = {number: self._key(row, positions) for number, row in numbered}
        ids = {key[0] for key in self.keys.values() if isinstance(key[0], int)}
        codes = {key[1] for key in self.keys.values() if key[0] is None and key[1]}
        rows = (
            Project.objects.visible_to(user)
            .filter(Q(pk__in=_id_list(ids)) | Q(code__in=codes))
            .order_by()
            .values_list("pk", "name", "code", "status", "total_investment")
        )
        self.by_pk = {row[0]: _Project(*row) for row in rows}
        self.by_code = {project.code: project for project in self.by_pk.values() if project.code}
        # Only to tell "no such project" from "not yours" in the message.
        missing_ids, missing_codes = ids - self.by_pk.keys(), codes - self.by_code.keys()
        self.known_ids = missing_ids and set(
            Project.objects.filter(pk__in=missing_ids).values_list("pk", flat=True)
        )
        self.known_codes = missing_codes and set(
            Project.objects.filter(code__in=missing_codes).values_list("code", flat=True)
        )
        self.fillable = fillable_project_ids(user, list(self.by_pk))
        found = _id_list(self.by_pk)
        self.reports = {}
        for report in MonthlyReport.objects.filter(period=period, project__in=found):
            report.project, report.period = self.by_pk[report.project_id].model(), period
            self.reports[report.project_id] = report
        self.since_start = since_start_before(period, found)

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


class _Checker:
    """Checks chunk after chunk of one file: which project a row is on stays known across them."""

    def __init__(self, positions, period, user):
        self.positions, self.period, self.user = positions, period, user
        self.first_row = {}  # project id → the row that first named it
        self.cleaner = RowCleaner(BatchReportForm, INPUTS)
        self.inputs = [(name, positions.get(name), {}) for name in INPUTS]

    def check(self, numbered, result):
        """Add the chunk's errors and counts to ``result``; returns what it has to write."""
        positions, period = self.positions, self.period
        lookups = _Lookups(numbered, positions, period, self.user)
        chunk = Chunk()
        for number, row in numbered:
            cells = [cell_at(row, position) for _name, position, _cache in self.inputs]
            if all(cell is None or (cell.__class__ is str and not cell.strip()) for cell in cells):
                result.skipped += 1
                continue
            project, problem = lookups.project(number)
            key_column = "project" if lookups.keys[number][0] is not None else "code"
            if project is None:
                result.errors.append((number, HEADER_OF[problem[0]], problem[1]))
                continue
            message = _project_problem(project, period, lookups, self.first_row.get(project.pk))
            self.first_row.setdefault(project.pk, number)
            if message:
                result.errors.append((number, HEADER_OF[key_column], message))
                continue
            report = lookups.reports.get(project.pk)
            before_start = lookups.since_start.get(project.pk, ZERO)
            if report is None:
                values = self._new_report(cells, project, before_start)
                if values is not None:
                    chunk.creates.append((project.name, (project.pk, *values)))
                    continue
            data, row_errors = _row_data(row, positions, report)
            if report is not None and report.status not in EDITABLE:
                if not row_errors and _same_figures(report, data):
                    result.unchanged += 1
                else:
                    result.errors.append((number, HEADER_OF[key_column], _not_editable(report)))
                continue
            self._through_the_form(
                number, row_errors, data, report, project, before_start, result, chunk
            )
        return chunk

    def _new_report(self, cells, project, before_start):
        """The values of CREATED after the project's of a row with no report yet, when every
        cell is one the form takes as it is; else None and the form decides.

        Each distinct cell of a column is read and cleaned once (``_cell_data`` then the
        cleaner); the row then only looks its cells up, and checks the total."""
        cleaned = {}
        for (name, position, cache), cell in zip(self.inputs, cells, strict=True):
            key = (cell.__class__, cell)
            value = cache.get(key, cache)
            if value is cache:
                text, error = _cell_data(name, position, cell, None)
                value = FAILED if error else self.cleaner.clean_text(name, text)
                if len(cache) < CACHE_LIMIT:
                    cache[key] = value
            if value is FAILED:
                return None
            cleaned[name] = value
        if not self.cleaner.within_total(cleaned, project.total_investment, before_start):
            return None
        cleaned["completed"] = cleaned["completed"].quantize(FOUR_PLACES)
        return [cleaned[name] for name in CREATED[1:]]

    def _through_the_form(self, number, row_errors, data, report, project, before, result, chunk):
        """A row the fast check left to the form: its errors, or what to write."""
        before_values = snapshot(report) if report else None
        instance = report or MonthlyReport(project=project.model(), period=self.period)
        form = BatchReportForm(data=data, instance=instance, since_start_before=before)
        if not form.is_valid() or row_errors:
            for name, messages in form.errors.items():
                # A cell already explained (text in a number cell) keeps that clearer message.
                row_errors.setdefault(name, " ".join(messages))
            result.errors += [
                (number, HEADER_OF.get(name, ""), row_errors[name])
                for name in sorted(row_errors, key=lambda name: ORDER.get(name, -1))
            ]
            return
        instance.completed = instance.completed.quantize(FOUR_PLACES)  # as the database keeps it
        if report is None:
            values = (project.pk, *(getattr(instance, name) for name in CREATED[1:]))
            chunk.creates.append((project.name, values))
            return
        after = snapshot(instance)
        changed = [name for name in after if before_values.get(name) != after[name]]
        if changed:
            chunk.updates.append(
                (instance, {k: before_values[k] for k in changed}, {k: after[k] for k in changed})
            )
        else:
            result.unchanged += 1


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
        position = positions.get(name)
        data[name], errors[name] = _cell_data(name, position, cell_at(row, position), report)
    return data, {name: message for name, message in errors.items() if message}


def _cell_data(name, position, value, report):
    """(form data, error or None) of one cell of an input column at ``position``."""
    if name == "completed":
        return _amount(value)
    current = getattr(report, name) if report else None
    if name in INTEGERS:
        if is_empty(value):
            # An empty cell leaves the figure as it is, as the page's form shows it.
            return str(current if current is not None else 0), None
        return _whole(value)
    if position is None:
        return current or "", None  # a text column left out of the file changes nothing
    return _unquoted(cell_text(value)), None


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
