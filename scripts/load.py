"""`make load`: 50 users for 60 s against gunicorn (4 workers) on the `region` bench database.

40 staff members and 10 employers (bench/mix.py: dashboards, lists, searches, cards) with 1-3 s
of think time. Sessions are made before the clock starts; gunicorn and locust run in their own
process groups and are stopped at the end. Prints requests/s, p50/p95/p99 and errors; exit
status 1 when there is an error or the p95 is over 500 ms.

    python scripts/load.py [--users 50] [--spawn-rate 10] [--time 60s] [--scale region]

The database is the bench's (BENCH_DATABASE_URL, default portal_bench), seeded first if empty.
"""

import argparse
import csv
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import mix  # noqa: E402
from bench.proc import bench_env, database_url, install_handlers, prepare, start, stop, wait  # noqa: E402

P95_LIMIT_MS = 500


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def make_sessions(path, *, staff, employers):
    """Session keys for the simulated users (logged in as the client's force_login does), and
    partner keys for the cards."""
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from partners.models import Partner
    from partnership_portal.accounts.models import Role, User

    def session_of(user):
        client = Client()
        client.force_login(user)
        return client.cookies[settings.SESSION_COOKIE_NAME].value

    staff_users = list(User.objects.filter(email="manager@college.example"))
    employer_users = list(
        User.objects.filter(role=Role.EMPLOYER, is_active=True, partner__isnull=False).order_by("pk")[:employers]
    )
    if not staff_users or not employer_users:
        raise SystemExit("The database has no demo logins: seed it first (seed_demo).")
    sessions = {
        "cookie": settings.SESSION_COOKIE_NAME,
        "staff": [session_of(staff_users[number % len(staff_users)]) for number in range(staff)],
        "employer": [session_of(employer_users[number % len(employer_users)]) for number in range(employers)],
        "partners": list(Partner.objects.order_by("?").values_list("pk", flat=True)[:500]),
    }
    path.write_text(json.dumps(sessions), "utf-8")


def wait_until_up(url, process, deadline_s=90):
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited ({process.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)  # polling with a deadline
    raise SystemExit(f"{url} did not answer within {deadline_s} s")


def read_stats(prefix):
    """The Aggregated row of locust's CSV statistics."""
    with open(f"{prefix}_stats.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    total = next(row for row in rows if row["Name"] == "Aggregated")
    pages = [row for row in rows if row["Name"] != "Aggregated"]
    return total, pages


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=mix.STAFF_USERS + mix.EMPLOYER_USERS)
    parser.add_argument("--spawn-rate", type=int, default=10)
    parser.add_argument("--time", default="60s")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--scale", default="region", choices=["college", "region"])
    args = parser.parse_args(argv)
    install_handlers()
    sys.stdout.reconfigure(line_buffering=True)  # progress shows as it comes, also into a file

    prepare(args.scale, reseed=False)
    # The gunicorn workers share one cache, as several web processes should (README, CACHE_URL);
    # emptied first, so the run starts cold.
    cache_url = os.environ.get("LOAD_CACHE_URL", "redis://127.0.0.1:6379/14")
    env = bench_env(database_url(args.scale), CACHE_URL=cache_url)
    os.environ.update(env)
    import redis

    redis.Redis.from_url(cache_url).flushdb()
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], check=True, env=env, cwd=ROOT)
    staff = round(args.users * mix.STAFF_USERS / (mix.STAFF_USERS + mix.EMPLOYER_USERS))
    employers = args.users - staff
    port = free_port()
    with tempfile.TemporaryDirectory() as folder:
        sessions = Path(folder) / "sessions.json"
        make_sessions(sessions, staff=staff, employers=employers)
        server = start(
            [sys.executable, "-m", "gunicorn", "partnership_portal.wsgi", "--bind", f"127.0.0.1:{port}",
             "--workers", str(args.workers), "--log-level", "warning"],
            env=env, cwd=ROOT,
        )  # fmt: skip
        try:
            wait_until_up(f"http://127.0.0.1:{port}/healthz", server)
            prefix = str(Path(folder) / "load")
            print(f"locust: {staff} staff and {employers} employers, spawn rate {args.spawn_rate}/s, {args.time}, "
                  f"gunicorn with {args.workers} workers on port {port}", flush=True)  # fmt: skip
            locust = start(
                [sys.executable, "-m", "locust", "-f", str(ROOT / "scripts" / "locustfile.py"), "--headless",
                 "--host", f"http://127.0.0.1:{port}", "-u", str(args.users), "-r", str(args.spawn_rate),
                 "-t", args.time, "--csv", prefix, "--only-summary", "--loglevel", "WARNING",
                 "--exit-code-on-error", "0"],
                env={**env, "LOAD_SESSIONS": str(sessions), "LOAD_STAFF_USERS": str(staff), "LOAD_EMPLOYER_USERS": str(employers)}, cwd=ROOT,
            )  # fmt: skip
            if wait(locust):
                raise SystemExit(f"locust failed ({locust.returncode})")
            total, pages = read_stats(prefix)
        finally:
            stop(server)
    return report(total, pages)


def report(total, pages):
    requests, failures = int(total["Request Count"]), int(total["Failure Count"])
    p50, p95, p99 = (float(total[key]) for key in ("50%", "95%", "99%"))
    print(f"\n{'page':<24} {'requests':>8} {'errors':>7} {'p50':>6} {'p95':>6} {'p99':>6}  (ms)")
    for row in sorted(pages, key=lambda row: -float(row["95%"])):
        print(f"{row['Name']:<24} {row['Request Count']:>8} {row['Failure Count']:>7} {row['50%']:>6} "
              f"{row['95%']:>6} {row['99%']:>6}")  # fmt: skip
    print(f"\nrequests/s {float(total['Requests/s']):.1f}, requests {requests}, errors {failures}, "
          f"p50 {p50:.0f} ms, p95 {p95:.0f} ms, p99 {p99:.0f} ms")  # fmt: skip
    errors_ok, p95_ok = failures == 0 and requests > 0, p95 <= P95_LIMIT_MS
    print(f"  {'PASS' if errors_ok else 'FAIL'}  0 errors")
    print(f"  {'PASS' if p95_ok else 'FAIL'}  p95 ≤ {P95_LIMIT_MS} ms")
    return 0 if errors_ok and p95_ok else 1


if __name__ == "__main__":
    sys.exit(main())
