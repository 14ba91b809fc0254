"""A reproducible province-scale dataset for load and speed tests: `manage.py generate_province`.

Each app writes its own part (``generate(ctx)`` in the modules of PIECES, in this order) from one
shared Context; the rows go in with COPY on PostgreSQL and batched INSERTs elsewhere (core.bulk),
with ids the generator assigns itself, and sequences are reset after. The synthetic rows get no
change-log entries: they were never created by anyone.
"""

import time
from importlib import import_module

from django.apps import apps
from django.db import connection, transaction

from projects.province.context import Context, ReferenceMissing

PIECES = [
    "projects.province.library",
    "reports.province",
    "problems.province",
    "promotion.province",
    "enterprises.province",
]
APPS = ["projects", "reports", "problems", "promotion", "enterprises"]
# Settings an administrator keeps: neither cleared nor generated.
KEEP = {"MilestoneTemplate", "WarningRules", "CategoryDeadline", "LeadRules"}

__all__ = ["Occupied", "ReferenceMissing", "generate"]


class Occupied(RuntimeError):
    """The database already holds projects, reports, problems, promotion or enterprise rows."""


def generate(*, seed, size, years, until, province, clear, stdout, today):
    """Generate the dataset in one transaction; returns the Context (its writer has the timings)."""
    started = time.perf_counter()
    with transaction.atomic():
        tables = generated_models()
        if clear:
            clear_tables(tables)
        else:
            occupied = [m._meta.label for m in tables if m._base_manager.exists()]
            if occupied:
                raise Occupied(
                    "The database already holds data the generator would write "
                    f"({', '.join(occupied[:5])}{', …' if len(occupied) > 5 else ''}). "
                    "Run it on an empty database, or pass --clear to delete every project, "
                    "report, problem, promotion and enterprise row first."
                )
        if connection.vendor == "postgresql":
            # foreign keys checked as each COPY ends: faster than a queue of millions at commit
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        ctx = Context(
            seed=seed,
            size=size,
            years=years,
            until=until,
            province_code=province,
            stdout=stdout,
            today=today,
        )
        ctx.say(
            f"{ctx.province.name_zh} ({ctx.province.code}): {len(ctx.cities)} cities, "
            f"{len(ctx.counties)} counties; {ctx.start} to {ctx.as_of}; seed {seed}"
        )
        for name in PIECES:
            ctx.say(f"{name}:")
            import_module(name).generate(ctx)
        ctx.writer.reset_sequences(ctx.written_models())
    rows = sum(count for _, count, _ in ctx.writer.timings)
    ctx.say(f"{rows:,} rows in {time.perf_counter() - started:.1f} s")
    return ctx


def generated_models():
    """The models the generator fills, and every model that points at them (deleted with them)."""
    chosen = [
        m
        for label in APPS
        for m in apps.get_app_config(label).get_models(include_auto_created=True)
        if m.__name__ not in KEEP
    ]
    grown = True
    while grown:
        grown = False
        for model in apps.get_models(include_auto_created=True):
            pointing = any(
                (f.many_to_one or f.one_to_one) and f.related_model in chosen
                for f in model._meta.concrete_fields
            )
            if pointing and model not in chosen:
                chosen.append(model)
                grown = True
    return chosen


def clear_tables(models):
    """Delete every row of the models for --clear. The change log keeps its entries (it is an
    append-only chain) and, as ids are never reused, they name no generated row."""
    if connection.vendor == "postgresql":
        names = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models)
        with connection.cursor() as cursor:
            # checks still deferred in this transaction would block TRUNCATE: run them now
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"TRUNCATE {names}")
        return
    for model in reversed(models):
        model._base_manager.all()._raw_delete(model._base_manager.db)
