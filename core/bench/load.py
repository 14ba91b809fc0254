"""Load: gunicorn serving the dashboard and the project list on loopback to a few clients at once.

gunicorn runs as in production (DEBUG=0, collected static files served by whitenoise), against
the bench database; the clients are threads, each signed in with the province office's session,
asking for the two pages one after the other for a bounded time. Any answer but 2xx, and any
failed connection, counts as an error.
"""

import http.client
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from django.conf import settings

from core.bench import databases, datasets
from core.bench.pages import busiest_city, signed_in_client
from core.bench.timing import median, p95
from projects.choices import Status

HOST = "127.0.0.1"


def free_port():
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def measure(params, *, seconds, clients, workers, say):
    user = datasets.office_user()
    session = signed_in_client(user).cookies[settings.SESSION_COOKIE_NAME].value
    city = busiest_city()
    year = datasets.last_complete_year(params)
    paths = [
        f"/dashboard/?year={year}&month=12",
        f"/projects/?region={city.code}&status={Status.STARTED}&sort=-total_investment",
    ]
    environment = _environment(databases.url_of(settings.DATABASES["default"]["NAME"]))
    _collect_static(environment, say)
    port = free_port()
    say(f"  gunicorn, {workers} workers, on {HOST}:{port}; {clients} clients for {seconds} s")
    server = subprocess.Popen(  # noqa: S603 (the project's own gunicorn)
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "config.wsgi",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            str(workers),
        ],  # gunicorn's 30-second timeout, as in production (README)
        cwd=settings.BASE_DIR,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    # A bench stopped by SIGTERM still stops its gunicorn (the finally below runs).
    previous = signal.signal(signal.SIGTERM, _stop)
    try:
        _wait_until_up(port, server)
        cookie = f"{settings.SESSION_COOKIE_NAME}={session}"
        for path in paths:  # warm each worker's caches a little, untimed
            for _ in range(workers):
                _get(port, path, cookie)
        results, elapsed = _hammer(port, paths, cookie, seconds=seconds, clients=clients)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        signal.signal(signal.SIGTERM, previous)
    latencies = [ms for _path, ok, ms in results if ok]
    errors = sum(1 for _path, ok, _ms in results if not ok)
    by_page = {
        path.split("?")[0]: {
            "requests": sum(1 for p, _ok, _ms in results if p == path),
            "errors": sum(1 for p, ok, _ms in results if p == path and not ok),
            "ms_median": median([ms for p, ok, ms in results if p == path and ok] or [0]),
        }
        for path in paths
    }
    return {
        "load_rps": round(len(results) / elapsed, 1),
        "load_errors": errors,
        "load_requests": len(results),
        "load_ms_median": median(latencies) if latencies else None,
        "load_ms_p95": p95(latencies) if latencies else None,
        "load_seconds": seconds,
        "load_clients": clients,
        "load_workers": workers,
        "load_pages": by_page,
    }


def _stop(signum, frame):
    raise SystemExit(f"stopped by signal {signum}")


def _environment(url):
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "0",
        # the session the clients carry was signed with this process's key
        "SECRET_KEY": settings.SECRET_KEY,
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "0",  # plain HTTP on loopback, no proxy in front
        "STATIC_ROOT": str(Path(settings.BASE_DIR) / "var" / "bench" / "static"),
    }


def _collect_static(environment, say):
    say("  collecting static files for whitenoise")
    done = subprocess.run(  # noqa: S603 (this interpreter, manage.py)
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise databases.BenchError(f"collectstatic failed:\n{done.stderr[-2000:]}")


def _wait_until_up(port, server, limit=60):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise databases.BenchError(f"gunicorn stopped:\n{server.stderr.read()[-2000:]}")
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise databases.BenchError(f"gunicorn did not answer on port {port} within {limit} s")


def _get(port, path, cookie):
    """(answered 2xx, milliseconds) of one request on a connection of its own."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        connection.request("GET", path, headers={"Cookie": cookie, "Host": f"{HOST}:{port}"})
        response = connection.getresponse()
        response.read()
        ok = 200 <= response.status < 300
    except (OSError, http.client.HTTPException):
        ok = False
    finally:
        connection.close()
    return ok, (time.perf_counter() - started) * 1000


def _hammer(port, paths, cookie, *, seconds, clients):
    started = time.monotonic()
    deadline = started + seconds
    results, lock = [], threading.Lock()

    def client(offset):
        done, turn = [], offset
        while time.monotonic() < deadline:
            path = paths[turn % len(paths)]
            done.append((path, *_get(port, path, cookie)))
            turn += 1
        with lock:
            results.extend(done)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.monotonic() - started
