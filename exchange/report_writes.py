"""Writing a checked batch of monthly reports: spooled to disk while checking, then written in bulk.

Checking a file is done outside any transaction, a chunk of rows at a time; each chunk's reports to
create and to update go to a temporary file (``Spool``), so memory stays flat however long the file.
``write`` then reads the chunks back inside the import's transaction: new reports by COPY (batched
INSERTs on SQLite) with ids taken from their sequence, changed drafts by ``bulk_update``, and one
change-log entry per report appended to the hash chain in bulk (``core.audit.append_plain``).
"""

import pickle
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from json.encoder import encode_basestring

from django.contrib.contenttypes.models import ContentType
from django.db import connection

from core import audit
from core.bulk import TableWriter
from core.changelog import snapshot
from core.choices import ChangeAction
from dashboards.rollups import mark_stale
from reports.choices import EDITABLE
from reports.models import MonthlyReport, ReportingPeriod

BATCH_SIZE = 2000
# What a new report is written with; the other columns take their defaults (a draft, version 1).
CREATED = [
    "project_id",
    "completed",
    "progress_percent",
    "progress_text",
    "workers",
    "narrative",
    "over_total_explanation",
]


class Changed(Exception):
    """What was checked changed before it was written (the period locked, a report submitted)."""


@dataclass
class Chunk:
    # (project name, (values of CREATED)) of each report to create
    creates: list = field(default_factory=list)
    # (report, {field: before}, {field: after}) of each report to update
    updates: list = field(default_factory=list)


class Spool:
    """The checked chunks, pickled one after the other into a temporary file."""

    def __init__(self):
        self.file = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close())
        self.created = self.updated = 0

    def add(self, chunk):
        if chunk.creates or chunk.updates:
            pickle.dump(chunk, self.file, protocol=pickle.HIGHEST_PROTOCOL)
            self.created += len(chunk.creates)
            self.updated += len(chunk.updates)

    def chunks(self):
        self.file.seek(0)
        while True:
            try:
                yield pickle.load(self.file)  # noqa: S301 (our own file, written just before)
            except EOFError:
                return

    def close(self):
        self.file.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def write(period, user, spool):
    """Write the spooled reports and their change-log entries; call inside a transaction."""
    if ReportingPeriod.objects.select_for_update().get(pk=period.pk).is_locked:
        raise Changed
    log = _Log(period, user)
    writer = TableWriter()
    for chunk in spool.chunks():
        if chunk.creates:
            ids = _new_ids(len(chunk.creates))
            rows = [
                (pk, period.pk, *values, "", "")
                for pk, (_name, values) in zip(ids, chunk.creates, strict=True)
            ]
            columns = ["id", "period_id", *CREATED, "correction_reason", "return_reason"]
            with connection.wrap_database_errors:  # a UniqueViolation becomes IntegrityError
                writer.write(MonthlyReport, columns, rows)
            audit.append_plain(
                log.created_text(pk, name, values)
                for pk, (name, values) in zip(ids, chunk.creates, strict=True)
            )
        if chunk.updates:
            _update(chunk.updates)
            audit.append_plain(log.updated(*update) for update in chunk.updates)
        # the dashboard's rollups of these projects are recomputed when next read
        mark_stale([values[0] for _name, values in chunk.creates])
        mark_stale([report.project_id for report, _before, _after in chunk.updates])


def _update(updates):
    reports = [report for report, _before, _after in updates]
    if (
        MonthlyReport.objects.select_for_update()
        .filter(pk__in=[report.pk for report in reports])
        .exclude(status__in=EDITABLE)
        .exists()
    ):
        raise Changed
    fields = sorted({name for _report, before, _after in updates for name in before})
    MonthlyReport.objects.bulk_update(reports, fields, batch_size=BATCH_SIZE)


def _new_ids(count):
    """``count`` ids for new reports: from the sequence on PostgreSQL, as INSERTs would take
    them; after the largest on SQLite, whose writers are one at a time."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [MonthlyReport._meta.db_table, count],
            )
            return sorted(row[0] for row in cursor.fetchall())
    first = TableWriter.next_id(MonthlyReport)
    return list(range(first, first + count))


class _Log:
    """The change-log entries of the batch: the acting user, as ``snapshot`` would write them."""

    def __init__(self, period, user):
        self.period = period
        self.base = {
            "actor_id": user.pk if user.is_authenticated else None,
            "content_type_id": ContentType.objects.get_for_model(MonthlyReport).pk,
        }
        # A new report's snapshot: this one's, with the figures of each row put in.
        self.blank = snapshot(MonthlyReport(project_id=0, period=period, completed=0))
        self.template = _after_template(dict(self.blank, id=0))

    def created_text(self, pk, name, values):
        """``created``, its ``after`` encoded by filling the template (a dict encoded per entry
        cost a second per hundred thousand reports)."""
        row = (pk, *values)  # in the order of CREATED_SLOTS
        texts = [_json_value(row[index]) for index in SLOT_ORDER]
        fixed = self.template
        after = "".join([part for pair in zip(fixed, texts, strict=False) for part in pair])
        return {
            **self.base,
            "action": ChangeAction.CREATE,
            "object_id": str(pk),
            "object_repr": f"{name} {self.period}"[:200],
            "before": None,
            "after": audit.JSONText(after + fixed[-1]),
        }

    def created(self, pk, name, values):
        after = dict(self.blank, id=pk)
        for column, value in zip(CREATED, values, strict=True):
            after[column] = str(value) if column == "completed" else value
        return {
            **self.base,
            "action": ChangeAction.CREATE,
            "object_id": str(pk),
            "object_repr": f"{name} {self.period}"[:200],
            "before": None,
            "after": after,
        }

    def updated(self, report, before, after):
        return {
            **self.base,
            "action": ChangeAction.UPDATE,
            "object_id": str(report.pk),
            "object_repr": str(report)[:200],
            "before": before,
            "after": after,
        }


CREATED_SLOTS = ["id", *CREATED]
SLOT_ORDER = sorted(range(len(CREATED_SLOTS)), key=CREATED_SLOTS.__getitem__)


def _after_template(blank):
    """The JSON text of a new report's snapshot cut around the values of CREATED_SLOTS: the
    fixed texts, one more than the slots, which come in the order of their keys (SLOT_ORDER)."""
    encode = audit.ENCODER.encode
    order = sorted(blank)
    slots = [key for key in order if key in CREATED_SLOTS]
    if slots != sorted(CREATED_SLOTS):
        raise ValueError("every created column is in the snapshot")
    fixed, text = [], "{"
    for index, key in enumerate(order):
        text += ("" if index == 0 else ", ") + encode(key) + ": "
        if key in CREATED_SLOTS:
            fixed.append(text)
            text = ""
        else:
            text += encode(blank[key])
    fixed.append(text + "}")
    return fixed


def _json_value(value):
    """What ``audit.ENCODER`` makes of a created value (an int, a text, a Decimal as text)."""
    if value.__class__ is int:
        return str(value)
    if value.__class__ is str:
        return encode_basestring(value)
    if value.__class__ is Decimal:
        return encode_basestring(str(value))
    return audit.ENCODER.encode(value)
