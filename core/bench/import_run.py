"""One import of the bench's report file in a process of its own (`-m core.bench.import_run`).

Run by ``core.bench.importing`` with DATABASE_URL set to the import database. It clears what an
earlier run left, imports the file through ``exchange.report_batch.import_reports`` (the upload
page's service: every row checked, every report logged in the change log), prints one line of
JSON (seconds, rows, this process's peak resident memory) and clears the period again, so the
next run starts from the same state.
"""

import argparse
import json
import os
import resource
import sys
import time


def peak_rss_kb():
    """This process's peak resident memory. Linux's VmHWM belongs to the program run, where
    ru_maxrss also counts what the forking parent held before the exec."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--rows", type=int, required=True)
    options = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings

    from core import uploads
    from core.bench import datasets
    from exchange.report_batch import import_reports

    # The upload limits (IMPORT_MAX_MB, 300 MB unpacked) guard the web form; the bench's
    # million-row file is larger than both, and the bench measures the import behind them.
    settings.IMPORT_MAX_MB = max(settings.IMPORT_MAX_MB, os.path.getsize(options.file) // 2**20 + 1)
    uploads.MAX_UNZIPPED_BYTES = max(uploads.MAX_UNZIPPED_BYTES, 4 * 2**30)

    period = datasets.import_period()
    user = datasets.import_user()
    datasets.clear_import(period)
    started = time.perf_counter()
    with open(options.file, "rb") as file:
        result = import_reports(file, period, user=user, max_rows=options.rows)
    seconds = time.perf_counter() - started
    peak_kb = peak_rss_kb()
    datasets.clear_import(period)
    answer = {
        "seconds": seconds,
        "created": result.created,
        "errors": [list(map(str, error)) for error in result.errors[:5]],
        "peak_rss_mb": peak_kb / 1024,
    }
    sys.stdout.write(json.dumps(answer) + "\n")


if __name__ == "__main__":
    main()
