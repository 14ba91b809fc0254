"""Fast writes of many rows: COPY on PostgreSQL, batched INSERTs elsewhere, each table timed.

Rows are tuples in the order of the columns given (attnames, e.g. ``project_id``), ids
included; a column not given gets its field's default (or NULL). Nothing passes through
``save()`` or ``bulk_create``: no signals, so no change-log entries, and ``auto_now`` fields keep
the values given.
"""

import time

from django.core.management.color import no_style
from django.db import connection

BATCH = 2000


class TableWriter:
    """Writes rows table by table and keeps (table, rows, seconds) for the summary."""

    def __init__(self, stdout=None):
        self.stdout = stdout
        self.timings = []

    def write(self, model, columns, rows):
        """Write the rows (any iterable of tuples); returns how many were written."""
        started = time.perf_counter()
        extra = _defaults(model, columns)
        if extra:
            columns = [*columns, *extra]
            rows = (row + tuple(extra.values()) for row in rows)
        if connection.vendor == "postgresql":
            count = _copy(model, columns, rows)
        else:
            count = _insert(model, columns, rows)
        self.done(model._meta.db_table, count, time.perf_counter() - started)
        return count

    def insert_select(self, model, expressions, source, params=()):
        """``INSERT INTO table (columns) SELECT expressions source``: rows made in the database.

        ``expressions``: column → SQL expression; ``source``: the FROM … WHERE … part. The id
        comes from the table's sequence; the other columns not given get their defaults."""
        started = time.perf_counter()
        extra = _defaults(model, [model._meta.pk.attname, *expressions])
        fields = {f.attname: f for f in model._meta.concrete_fields}
        names = ", ".join(connection.ops.quote_name(c) for c in [*expressions, *extra])
        select = ", ".join([*expressions.values(), *["%s"] * len(extra)])
        table = connection.ops.quote_name(model._meta.db_table)
        values = [fields[c].get_db_prep_save(v, connection) for c, v in extra.items()]
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} ({names}) SELECT {select} {source}",  # noqa: S608
                [*values, *params],
            )
            count = cursor.rowcount
        self.done(model._meta.db_table, count, time.perf_counter() - started)
        return count

    def done(self, table, count, seconds):
        self.timings.append((table, count, seconds))
        if self.stdout is not None:
            self.stdout.write(f"  {table}: {count:,} rows in {seconds:.1f} s")

    @staticmethod
    def next_id(model):
        """The first id neither used nor handed out before, so deleted rows' ids are not reused
        (the change log may still name them)."""
        table = model._meta.db_table
        used = model._base_manager.order_by("-pk").values_list("pk", flat=True).first() or 0
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT pg_get_serial_sequence(%s, %s)", [table, model._meta.pk.column]
                )
                sequence = cursor.fetchone()[0]
                if sequence:
                    cursor.execute(f"SELECT last_value, is_called FROM {sequence}")  # noqa: S608
                    last, called = cursor.fetchone()
                    used = max(used, last if called else last - 1)
            elif connection.vendor == "sqlite":
                cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
                found = cursor.fetchone()
                used = max(used, found[0] if found else 0)
        return used + 1

    @staticmethod
    def reset_sequences(models):
        """After rows were written with their own ids, the next automatic id follows them."""
        statements = connection.ops.sequence_reset_sql(no_style(), models)
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def _defaults(model, columns):
    """attname → value for the concrete columns not given: the field's default, else NULL."""
    missing = {}
    for field in model._meta.concrete_fields:
        if field.attname in columns:
            continue
        if not field.has_default() and not field.null:
            raise ValueError(f"{model._meta.label}.{field.attname} needs a value")
        missing[field.attname] = field.get_default() if field.has_default() else None
    return missing


def _copy(model, columns, rows):
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    table = connection.ops.quote_name(model._meta.db_table)
    count = 0
    sql = f"COPY {table} ({names}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        write = copy.write_row
        for row in rows:
            write(row)
            count += 1
    return count


def _insert(model, columns, rows):
    """Batched executemany, each value prepared by its field as Django would save it."""
    fields = {f.attname: f for f in model._meta.concrete_fields}
    prepare = [fields[c].get_db_prep_save for c in columns]
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    table = connection.ops.quote_name(model._meta.db_table)
    sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608 (names from _meta)
    count, batch = 0, []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append([p(v, connection) for p, v in zip(prepare, row, strict=True)])
            if len(batch) == BATCH:
                cursor.executemany(sql, batch)
                count, batch = count + len(batch), []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count
