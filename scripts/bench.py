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
# Redis database 15 for the batch measurement; no test process uses it for tasks.
BENCH_BROKER = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/15")
os.environ["DJANGO_SETTINGS_MODULE"] = "partnership_portal.settings.base"

os.environ.pop("CELERY_BROKER_URL", None)  # seeding runs no tasks
subprocess.run([sys.executable, "scripts/ensure_database.py"], check=True)
subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], check=True)
subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], check=True)
started = time.monotonic()
subprocess.run([sys.executable, "manage.py", "seed_demo", "--scale", "region", "--force"], check=True)
seed_seconds = time.monotonic() - started

os.environ["CELERY_BROKER_URL"] = BENCH_BROKER
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
        ("events list, page 1", staff, "/events/"),
        ("events list, search «экскурсия»", staff, "/events/?q=экскурсия"),
        ("events calendar, this month", staff, "/events/calendar/"),
        ("employer events calendar", employer, "/events/calendar/"),
        ("indicator dashboard, this year", staff, "/monitoring/"),
        ("indicator dashboard, last year", staff, f"/monitoring/?year={time.localtime().tm_year - 1}"),
        ("indicator export (XLSX)", staff, "/monitoring/indicators/export/"),
    ]
    print(f"\nBenchmark on {Partner.objects.count():,} partners (seed_demo --scale region: {seed_seconds:.1f} s)")
    print(f"{'page':<42} {'median ms':>10} {'queries':>8}")
    for name, client, url in pages:
        milliseconds, queries = measure(client, url)
        print(f"{name:<42} {milliseconds:>10.1f} {queries:>8}")


def bench_documents():
    """Warm render time of one contract, and a batch of 100 rendered by 2 worker processes."""
    from django.db import transaction
    from django.db.models import F

    from contracts import services
    from contracts.models import Contract, ContractState, ContractType
    from partners.models import Contact
    from partnership_portal.pdf import render_pdf
    from practice.models import Placement, PlacementState

    contract = Contract.objects.exclude(snapshot_hash="").filter(type=ContractType.TRIPARTITE_PRACTICE).first()
    template = f"pdf/contracts/{contract.snapshot['type']}.html"
    render_pdf(template, {"doc": contract.snapshot})  # warm-up: fonts, templates
    timings = []
    for _ in range(REPEAT):
        begin = time.perf_counter()
        data = render_pdf(template, {"doc": contract.snapshot})
        timings.append(time.perf_counter() - begin)
    print(
        f"{'one contract PDF, warm (' + str(len(data) // 1024) + ' KB)':<42} {statistics.median(timings) * 1000:>10.1f}"
    )

    staff = User.objects.get(email="manager@college.example")
    # Contracts are issued only when complete: placements with a partner that has a signatory.
    signatories = {}
    for contact in Contact.objects.filter(is_signatory=True, is_active=True).order_by("pk"):
        signatories.setdefault(contact.partner_id, contact)
    placements = list(
        Placement.objects.exclude(state=PlacementState.CANCELLED)
        .exclude(contracts__type=ContractType.TRIPARTITE_PRACTICE)
        .filter(partner_id__in=list(signatories))
        .select_related("partner", "student")[:100]
    )
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "partnership_portal", "worker", "--pool", "prefork",
         "--concurrency", "2", "--loglevel", "WARNING", "--without-gossip", "--without-mingle"],
        env={**os.environ, "CELERY_BROKER_URL": BENCH_BROKER},
    )  # fmt: skip
    try:
        time.sleep(5)  # the worker's start-up is not part of the measurement
        begin = time.perf_counter()
        with transaction.atomic():
            created = []
            for placement in placements:
                contract = services.contract_create(
                    type=ContractType.TRIPARTITE_PRACTICE, partner=placement.partner, created_by=staff,
                    placement=placement, start_date=placement.start_date, end_date=placement.end_date,
                    partner_signatory=signatories[placement.partner_id],
                )  # fmt: skip
                services.contract_transition(contract=contract, to_state=ContractState.AWAITING_SIGNATURES, by=staff)
                created.append(contract.pk)
        queued = time.perf_counter() - begin
        ready = Contract.objects.filter(pk__in=created, pdf_hash=F("snapshot_hash")).exclude(pdf="")
        while ready.count() < len(created) and time.perf_counter() - begin < 600:
            time.sleep(0.5)
        total = time.perf_counter() - begin
        print(f"{'batch of ' + str(len(created)) + ' contracts, 2 worker processes':<42} {total * 1000:>10.1f}"
              f"   (creating and freezing: {queued:.1f} s, {ready.count()} PDFs)")  # fmt: skip
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        for contract in Contract.objects.filter(pk__in=created):
            contract.pdf.delete(save=False)
        Contract.objects.filter(pk__in=created).delete()  # keep the bench database as seeded


def bench_reports():
    """The annual report of last year for the whole college, made in-process from start to end:
    the figures frozen, the charts drawn, the PDF and the XLSX rendered (must be at most 30 s)."""
    from monitoring.models import Report, ReportKind
    from monitoring.services import reports as report_services

    year = time.localtime().tm_year - 1
    report = Report.objects.create(
        kind=ReportKind.ANNUAL, start_date=f"{year}-01-01", end_date=f"{year}-12-31", title=f"{year} (bench)"
    )
    report.refresh_from_db()
    try:
        begin = time.perf_counter()
        report_services.report_make(report.pk)
        total = time.perf_counter() - begin
        report.refresh_from_db()
        sizes = f"PDF {report.pdf.size // 1024} KB, XLSX {report.xlsx.size // 1024} KB" if report.is_ready else ""
        verdict = "within 30 s" if report.is_ready and total <= 30 else "OVER 30 s OR FAILED"
        print(
            f"{'annual report ' + str(year) + ' (PDF + XLSX)':<42} {total * 1000:>10.1f}   ({report.state}, {sizes}; {verdict})"
        )
    finally:
        for name in ("pdf", "xlsx"):
            getattr(report, name).delete(save=False)
        report.delete()  # keep the bench database as seeded


main()
bench_documents()
bench_reports()
