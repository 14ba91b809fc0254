"""Import figures: rows per second of the batch import, against calamine plus a bare COPY, and
the peak memory of a million-row import."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg
from django.conf import settings
from django.db import connection
from python_calamine import CalamineWorkbook

from core.bench import databases, datasets
from core.bench.report_file import write_report_file
from exchange.report_batch import SHEET

SCRATCH = "bench_raw_reports"


def measure(rows, memory_rows, projects, *, say, regenerate=False):
    """{import_rows_per_s, import_ratio, import_peak_rss_mb, …} on a library of ``projects``;
    either size may be 0 (not measured)."""
    figures = {}
    library = datasets.import_library(projects, say=say, regenerate=regenerate)
    with library as params:
        period = datasets.import_period()
        datasets.import_user()
        url = databases.url_of(connection.settings_dict["NAME"])
        if rows:
            path = _report_file(period, rows, params, say)
            say(f"  importing {rows:,} rows (checked, written, logged)")
            run = _run_import(path, rows, url)
            say(f"  reading the same file with calamine and COPYing its rows: {rows:,} rows")
            raw = raw_read_and_copy(path)
            figures.update(
                import_rows=rows,
                import_seconds=round(run["seconds"], 2),
                import_rows_per_s=round(rows / run["seconds"]),
                import_raw_seconds=round(raw, 2),
                import_ratio=round(run["seconds"] / raw, 2),
            )
        if memory_rows:
            path = _report_file(period, memory_rows, params, say)
            say(f"  importing {memory_rows:,} rows in a process of its own, for its peak memory")
            run = _run_import(path, memory_rows, url)
            figures.update(
                import_peak_rss_mb=round(run["peak_rss_mb"]),
                import_memory_rows=memory_rows,
                import_memory_seconds=round(run["seconds"], 1),
            )
    return figures


def _report_file(period, rows, params, say):
    """The filled-in template of ``rows`` projects, kept in var/bench/ for the next run."""
    folder = Path(settings.BASE_DIR) / "var" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"reports-{period}-{rows}-of-{params['projects']}.xlsx"
    if not path.exists():
        say(f"  writing the report file of {rows:,} rows ({path.name})")
        partial = path.with_suffix(".partial")
        written = write_report_file(partial, period, rows)
        if written != rows:
            raise databases.BenchError(f"Only {written:,} projects owe a report; {rows:,} needed.")
        partial.rename(path)
    return path


def _run_import(path, rows, url):
    environment = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or "bench-" + "k" * 50,
    }
    done = subprocess.run(  # noqa: S603 (this interpreter, our own module)
        [sys.executable, "-m", "core.bench.import_run", str(path), "--rows", str(rows)],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise databases.BenchError(f"The import process failed:\n{done.stderr[-3000:]}")
    run = json.loads(done.stdout.strip().splitlines()[-1])
    if run["errors"] or run["created"] != rows:
        raise databases.BenchError(
            f"The import wrote {run['created']:,} of {rows:,} reports: {run['errors']}"
        )
    return run


def raw_read_and_copy(path):
    """Seconds to read the file with python-calamine and COPY its rows into a scratch table:
    the least any import of it could cost."""
    params = {**connection.get_connection_params()}
    params.pop("cursor_factory", None)
    params.pop("context", None)
    started = time.perf_counter()
    with open(path, "rb") as file:
        book = CalamineWorkbook.from_filelike(file)
        rows = book.get_sheet_by_name(SHEET).to_python(skip_empty_area=False)
    width = len(rows[0])
    columns = ", ".join(f"c{index} text" for index in range(width))
    with psycopg.connect(**params) as database, database.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {SCRATCH}")
        cursor.execute(f"CREATE TABLE {SCRATCH} ({columns})")
        with cursor.copy(f"COPY {SCRATCH} FROM STDIN") as copy:  # noqa: S608 (a constant)
            for row in rows[1:]:
                copy.write_row(row)
        database.commit()
        seconds = time.perf_counter() - started
        cursor.execute(f"DROP TABLE {SCRATCH}")
        database.commit()
    return seconds
