"""The bench's answer: a table of figures against the issue's targets, and the JSON file."""

import json
import os
import platform
from pathlib import Path

import psutil
from django.db import connection
from django.utils import timezone

# figure → (label, target as written, does a value meet it)
TARGETS = {
    "dashboard_ms_median": ("dashboard API, median (ms)", "≤ 200", lambda v: v <= 200),
    "dashboard_ms_p95": ("dashboard API, p95 (ms)", "", None),
    "dashboard_sql_ms_median": ("one hand-written SQL query, median (ms)", "", None),
    "dashboard_ratio": ("dashboard API ÷ SQL", "≤ 1.5", lambda v: v <= 1.5),
    "dashboard_page_ms_median": ("dashboard page, median (ms)", "", None),
    "list_ms_median": ("project list, median (ms)", "≤ 100", lambda v: v <= 100),
    "import_rows_per_s": ("import, rows per second", "≥ 20000", lambda v: v >= 20000),
    "import_ratio": ("import ÷ (calamine + COPY)", "≤ 3", lambda v: v <= 3),
    "import_peak_rss_mb": ("import peak memory (MB)", "< 600", lambda v: v < 600),
    "load_rps": ("gunicorn, requests per second", "", None),
    "load_errors": ("gunicorn, errors", "0", lambda v: v == 0),
}


def verdicts(figures):
    """{figure: True/False} for the figures with a target that were measured."""
    return {
        key: bool(meets(figures[key]))
        for key, (_label, _target, meets) in TARGETS.items()
        if meets is not None and figures.get(key) is not None
    }


def table(figures, sizes):
    """The printed table: one line per figure measured, the smaller provinces' figures too."""
    rows = [("figure", "value", "target", "")]
    passed = verdicts(figures)
    for key, (label, target, _meets) in TARGETS.items():
        if key in figures:
            verdict = {True: "pass", False: "FAIL"}.get(passed.get(key), "")
            rows.append((f"{label} [{key}]", _shown(figures[key]), target, verdict))
        for size in sizes:
            suffixed = f"{key}_{size}"
            if suffixed in figures:
                rows.append((f"  at {size} projects", _shown(figures[suffixed]), "", ""))
        if key == "load_errors":
            for path, page in figures.get("load_pages", {}).items():
                shown = (
                    f"{page['errors']} of {page['requests']}, median {page['ms_median']:,.0f} ms"
                )
                rows.append((f"  {path}", shown, "", ""))
    widths = [max(len(str(row[i])) for row in rows) for i in range(4)]
    lines = [
        "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in lines)


def _shown(value):
    if isinstance(value, float):
        return f"{value:,.1f}" if value >= 100 else f"{value:.2f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def machine():
    """Where the figures were measured."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    return {
        "date": timezone.now().isoformat(timespec="seconds"),
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "load_average": [round(value, 2) for value in os.getloadavg()],
        "python": platform.python_version(),
        "postgresql": postgres,
    }


def _cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def write_json(path, figures, meta):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {**figures, "passed": verdicts(figures), "machine": meta}
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    return document
