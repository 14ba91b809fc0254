"""Measure the issue-10 figures on generated databases: `manage.py bench` (or `make bench`)."""

import os
import sys
import time
import warnings

from django.core.management.base import BaseCommand, CommandError

from core.bench import databases, datasets, report
from core.bench.run import MEASUREMENTS, Options, run


def _numbers(text):
    return [int(part.replace("_", "")) for part in text.split(",") if part]


class Command(BaseCommand):
    help = (
        "Measure the dashboard, the project list, the report import and gunicorn under load on "
        "the bench's own PostgreSQL databases (<name>_bench_*, generated once and reused); print "
        "a table against the targets and write JSON."
    )

    def add_arguments(self, parser):
        defaults = Options()
        parser.add_argument(
            "--only",
            default=",".join(MEASUREMENTS),
            help=f"comma-separated measurements among {', '.join(MEASUREMENTS)} (default all)",
        )
        parser.add_argument(
            "--sizes",
            type=_numbers,
            default=defaults.sizes,
            help="provinces' project counts, the largest giving the headline figures "
            "(default 10000,50000)",
        )
        parser.add_argument("--calls", type=int, default=defaults.calls, help="timed calls")
        parser.add_argument("--warmup", type=int, default=defaults.warmup, help="untimed calls")
        parser.add_argument("--import-rows", type=int, default=defaults.import_rows)
        parser.add_argument("--memory-rows", type=int, default=defaults.memory_rows)
        parser.add_argument("--load-seconds", type=int, default=defaults.load_seconds)
        parser.add_argument("--load-clients", type=int, default=defaults.load_clients)
        parser.add_argument("--load-workers", type=int, default=defaults.load_workers)
        parser.add_argument("--seed", type=int, default=defaults.seed)
        parser.add_argument("--years", type=int, default=defaults.years)
        parser.add_argument(
            "--regenerate", action="store_true", help="make the bench databases again"
        )
        parser.add_argument("--output", default="var/bench.json", help="the JSON file")

    def handle(self, *args, **options):
        url = os.environ.get("BENCH_DATABASE_URL")
        if url and os.environ.get("DATABASE_URL") != url:
            # The bench databases live beside BENCH_DATABASE_URL's: start again connected to it.
            os.execve(  # noqa: S606 (this interpreter, this command)
                sys.executable, [sys.executable, *sys.argv], {**os.environ, "DATABASE_URL": url}
            )
        only = {name.strip() for name in options["only"].split(",") if name.strip()}
        unknown = only - set(MEASUREMENTS)
        if unknown:
            raise CommandError(f"Unknown measurement(s): {', '.join(sorted(unknown))}.")
        settings = Options(
            only=only,
            sizes=options["sizes"],
            calls=options["calls"],
            warmup=options["warmup"],
            import_rows=options["import_rows"],
            memory_rows=options["memory_rows"],
            load_seconds=options["load_seconds"],
            load_clients=options["load_clients"],
            load_workers=options["load_workers"],
            seed=options["seed"],
            years=options["years"],
            regenerate=options["regenerate"],
        )
        # whitenoise looks for collected static files the in-process pages do not need
        warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
        started = time.monotonic()
        try:
            databases.require_postgresql()
            meta = report.machine()  # the date and the load average when the run begins
            figures, differences = run(settings, say=self.say)
        except databases.BenchError as error:
            raise CommandError(str(error)) from error
        meta["load_average_at_end"] = [round(value, 2) for value in os.getloadavg()]
        meta["bench_minutes"] = round((time.monotonic() - started) / 60, 1)
        labels = [datasets.size_label(size) for size in sorted(settings.sizes)]
        self.stdout.write("\n" + report.table(figures, labels))
        report.write_json(options["output"], figures, meta)
        self.stdout.write(f"\nwritten to {options['output']}")
        if differences:
            lines = "\n".join(
                f"  {size} projects, {name}: API {api!r}, SQL {sql!r}"
                for size, name, api, sql in differences
            )
            raise CommandError(f"The dashboard API and the SQL query disagree:\n{lines}")

    def say(self, message):
        self.stdout.write(message)
        self.stdout.flush()
