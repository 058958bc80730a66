"""`make bench`: seeds the region-scale demo data on PostgreSQL and times the main pages.

Reports, for each measured page, the median of warm requests and its query count. Uses the
database named by BENCH_DATABASE_URL (default: portal_bench on the local PostgreSQL), created
if missing. Numbers are wall-clock on this machine; compare runs on the same machine only.
"""

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.chdir(ROOT)
sys.path.insert(0, str(ROOT))
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ["CELERY_BROKER_URL"] = ""
os.environ["DJANGO_SETTINGS_MODULE"] = "partnership_portal.settings.base"

subprocess.run([sys.executable, "scripts/ensure_database.py"], check=True)
subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], check=True)
subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], check=True)
started = time.monotonic()
subprocess.run([sys.executable, "manage.py", "seed_demo", "--scale", "region", "--force"], check=True)
seed_seconds = time.monotonic() - started

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from partners.models import Partner  # noqa: E402
from partnership_portal.accounts.models import User  # noqa: E402

REPEAT = 7


def measure(client, url):
    client.get(url)  # warm-up
    timings = []
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as queries:
            begin = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - begin)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(timings) * 1000, len(queries)


def main():
    staff = Client()
    staff.force_login(User.objects.get(email="manager@college.example"))
    employer = Client()
    employer.force_login(User.objects.get(email="employer@partner.example"))
    partner = Partner.objects.order_by("pk").first()
    pages = [
        ("staff dashboard", staff, "/"),
        ("partner list, page 1", staff, "/partners/"),
        ("partner list, page 200", staff, "/partners/?page=200"),
        ("partner search «урал»", staff, "/partners/?q=урал"),
        ("partner list, quiet + sort by activity", staff, "/partners/?quiet=yes&sort=activity"),
        ("partner card", staff, f"/partners/{partner.pk}/"),
        ("partner history", staff, f"/partners/{partner.pk}/history/"),
        ("export of 10,000 partners (XLSX)", staff, "/partners/export/xlsx/"),
        ("employer dashboard", employer, "/"),
        ("employer profile", employer, "/partners/profile/"),
    ]
    print(f"\nBenchmark on {Partner.objects.count():,} partners (seed_demo --scale region: {seed_seconds:.1f} s)")
    print(f"{'page':<42} {'median ms':>10} {'queries':>8}")
    for name, client, url in pages:
        milliseconds, queries = measure(client, url)
        print(f"{name:<42} {milliseconds:>10.1f} {queries:>8}")


main()
