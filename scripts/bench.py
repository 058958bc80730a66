"""`make bench`: every list and card page of the portal side by side with a bare view over the
same rows and the Django admin changelist of the same model, at `college` and `region` scale on
PostgreSQL; the PDF figures; a verdict per target of issue 11. Writes bench/results.md and
bench/results.json.

    python scripts/bench.py            # college and region (seeds each database once), PDFs
    python scripts/bench.py --quick    # college only, fewer repetitions: for development
    python scripts/bench.py --reseed   # drop and seed the databases again (timed: wall, max RSS)

Databases: BENCH_DATABASE_URL (region, default portal_bench) and BENCH_COLLEGE_DATABASE_URL
(default portal_bench_college) on the local PostgreSQL, created if missing and seeded when they
hold fewer partners than the scale. The batch of PDFs uses Redis database 15 (BENCH_BROKER_URL).
Exit status 1 when a target is missed. Timings are wall-clock on this machine: compare runs on
the same, quiet machine only.
"""

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.proc import (  # noqa: E402
    BENCH_BROKER,
    DEFAULT_URLS,
    bench_env,
    database_url,
    install_handlers,
    machine_speed,
    prepare,
    start,
    stop,
    wait,
)

RESULTS = ROOT / "bench"


def measure_in_child(scale, *, repeat, warmup, pdf, out, smaller=None):
    env = bench_env(database_url(scale))
    if pdf:
        env["CELERY_BROKER_URL"] = BENCH_BROKER  # the batch goes to a real worker
    command = [sys.executable, __file__, "--measure", scale, "--out", str(out), "--repeat", str(repeat),
               "--warmup", str(warmup)] + (["--pdf"] if pdf else [])  # fmt: skip
    if smaller:
        command += ["--smaller", str(smaller)]
    if wait(start(command, env=env, cwd=ROOT)):
        raise SystemExit(f"measuring {scale} failed ")
    return json.loads(out.read_text("utf-8"))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="college scale only, fewer repetitions")
    parser.add_argument("--reseed", action="store_true", help="drop and seed the bench databases again")
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDF figures")
    parser.add_argument("--repeat", type=int, help="timed requests per page and variant (default 30, quick 8)")
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--measure", choices=sorted(DEFAULT_URLS), help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--pdf", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--smaller", type=Path, help=argparse.SUPPRESS)  # the smaller scale's figures
    args = parser.parse_args(argv)
    install_handlers()
    sys.stdout.reconfigure(line_buffering=True)  # progress shows as it comes, also into a file
    repeat = args.repeat or (8 if args.quick else 30)
    if args.measure:
        return measure_child(
            args.measure, repeat=repeat, warmup=args.warmup, pdf=args.pdf, out=args.out, smaller=args.smaller
        )

    scales = ["college"] if args.quick else ["college", "region"]
    main_scale = scales[-1]
    started = dt.datetime.now(dt.UTC)
    results = {
        "meta": {
            "started": started.strftime("%Y-%m-%d %H:%M UTC"), "host": platform.node(), "cpus": os.cpu_count(),
            "mode": "quick" if args.quick else "full", "repeat": repeat, "warmup": args.warmup,
            "load_average": os.getloadavg(),
        },
        "seed": {}, "scales": {}, "pdf": {},
    }  # fmt: skip
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        check=True, env=bench_env(database_url(main_scale)), cwd=ROOT,
    )  # fmt: skip
    for scale in scales:
        seeded = prepare(scale, reseed=args.reseed)
        if seeded:
            results["seed"][scale] = seeded
    results["meta"]["machine"] = machine_speed(database_url(main_scale))
    print(
        "Machine speed (compare runs on other machines by these): Python {python_ms} ms, "
        "PostgreSQL {postgres_ms} ms".format(**results["meta"]["machine"]),
        flush=True,
    )
    with tempfile.TemporaryDirectory() as folder:
        smaller = None  # the college figures, when the region is measured: its pages' rows
        for scale in scales:
            print(f"\n{scale}: measuring ({repeat} interleaved repetitions per page) …", flush=True)
            out = Path(folder) / f"{scale}.json"
            data = measure_in_child(
                scale, repeat=repeat, warmup=args.warmup, pdf=scale == main_scale and not args.no_pdf,
                out=out, smaller=smaller,
            )  # fmt: skip
            smaller = out
            results["pdf"].update(data.pop("pdf", {}))
            results["scales"][scale] = data
    results["meta"]["load_average_after"] = os.getloadavg()
    results["meta"]["seconds"] = round((dt.datetime.now(dt.UTC) - started).total_seconds())

    from bench import verdicts

    checks = verdicts.evaluate(results, main_scale=main_scale)
    RESULTS.mkdir(exist_ok=True)
    verdicts.write_json(RESULTS / "results.json", results, checks)
    verdicts.write_markdown(RESULTS / "results.md", results, checks)
    verdicts.print_verdicts(checks)
    print(f"\nWritten: {RESULTS / 'results.md'} and results.json ({results['meta']['seconds']} s)")
    return 1 if any(not check["pass"] for check in checks) else 0


# --- The measuring child: Django set up on one scale's database ------------------------------


def measure_child(scale, *, repeat, warmup, pdf, out, smaller=None):
    os.chdir(ROOT)
    import django

    django.setup()
    from django.conf import settings
    from django.urls import clear_url_caches

    settings.ROOT_URLCONF = "bench.urls"  # the portal's URLs and the bare views
    clear_url_caches()

    from bench import run

    data = {"counts": _counts()}
    print("  " + ", ".join(f"{name} {count:,}" for name, count in data["counts"].items()), flush=True)
    clients = run.make_clients()
    # As a web process does once loaded (partnership_portal/wsgi.py): the start-up objects are
    # kept out of the garbage collector's full passes.
    from partnership_portal.startup import freeze_start_up_objects

    freeze_start_up_objects()
    log = lambda line: print(line, flush=True)  # noqa: E731
    shown = {}
    if smaller:
        shown = {
            (entry["page"], entry.get("variant")): entry.get("shown")
            for entry in json.loads(smaller.read_text("utf-8")).get("lists", [])
        }
    data["lists"] = run.measure_lists(clients, repeat=repeat, warmup=warmup, log=log, smaller=shown)
    data["singles"] = run.measure_singles(clients, repeat=repeat, warmup=warmup, log=log)
    if pdf:
        data["pdf"] = bench_documents(log)
        data["pdf"].update(bench_report(log))
    out.write_text(json.dumps(data, ensure_ascii=False, default=str), "utf-8")
    return 0


def _counts():
    from contracts.models import Contract
    from events.models import Event
    from partners.models import Partner
    from practice.models import Offer, Placement, Student, Thesis

    models = [("partners", Partner), ("students", Student), ("placements", Placement), ("contracts", Contract),
              ("theses", Thesis), ("offers", Offer), ("events", Event)]  # fmt: skip
    return {name: model.objects.count() for name, model in models}


def bench_documents(log, batch_size=100, repeat=7):
    """Warm render time of one contract, and a batch of 100 rendered by 2 worker processes."""
    import statistics

    from django.db import transaction
    from django.db.models import F

    from contracts import services
    from contracts.models import Contract, ContractState, ContractType
    from partners.models import Contact
    from partnership_portal.accounts.models import User
    from partnership_portal.celery import app
    from partnership_portal.pdf import render_pdf
    from practice.models import Placement, PlacementState

    figures = {}
    contract = Contract.objects.exclude(snapshot_hash="").filter(type=ContractType.TRIPARTITE_PRACTICE).first()
    if contract is None:
        return {"error": "no issued tripartite contract in the database"}
    template = f"pdf/contracts/{contract.snapshot['type']}.html"
    render_pdf(template, {"doc": contract.snapshot})  # warm-up: fonts, templates
    timings = []
    for _ in range(repeat):
        begin = time.perf_counter()
        data = render_pdf(template, {"doc": contract.snapshot})
        timings.append(time.perf_counter() - begin)
    figures["warm_median_s"] = round(statistics.median(timings), 3)
    figures["warm_pdf_kb"] = len(data) // 1024
    log(f"  one contract PDF, warm: median {figures['warm_median_s']} s ({figures['warm_pdf_kb']} KB)")

    staff = User.objects.get(email="manager@college.example")
    signatories = {}
    for contact in Contact.objects.filter(is_signatory=True, is_active=True).order_by("pk"):
        signatories.setdefault(contact.partner_id, contact)
    placements = list(
        Placement.objects.exclude(state=PlacementState.CANCELLED)
        .exclude(contracts__type=ContractType.TRIPARTITE_PRACTICE)
        .filter(partner_id__in=list(signatories))
        .select_related("partner", "student")[:batch_size]
    )
    worker = start(
        [sys.executable, "-m", "celery", "-A", "partnership_portal", "worker", "--pool", "prefork",
         "--concurrency", "2", "--loglevel", "WARNING", "--without-gossip", "--without-mingle",
         "--hostname", f"bench-{os.getpid()}@%h"],
        env=os.environ.copy(), cwd=ROOT,
    )  # fmt: skip
    created = []
    try:
        deadline = time.monotonic() + 120
        while not app.control.ping(timeout=1.0) and time.monotonic() < deadline:
            if worker.poll() is not None:
                return {**figures, "batch_error": f"worker exited ({worker.returncode})"}
        begin = time.perf_counter()
        with transaction.atomic():
            for placement in placements:
                contract = services.contract_create(
                    type=ContractType.TRIPARTITE_PRACTICE, partner=placement.partner, created_by=staff,
                    placement=placement, start_date=placement.start_date, end_date=placement.end_date,
                    partner_signatory=signatories[placement.partner_id],
                )  # fmt: skip
                services.contract_transition(contract=contract, to_state=ContractState.AWAITING_SIGNATURES, by=staff)
                created.append(contract.pk)
        figures["batch_freeze_s"] = round(time.perf_counter() - begin, 1)
        ready = Contract.objects.filter(pk__in=created, pdf_hash=F("snapshot_hash")).exclude(pdf="")
        while ready.count() < len(created) and time.perf_counter() - begin < 600:
            time.sleep(0.5)  # polling with a deadline; the verdict is the measured time
        figures["batch_s"] = round(time.perf_counter() - begin, 1)
        figures["batch_size"] = len(created)
        figures["batch_ready"] = ready.count()
        log(f"  batch of {len(created)} contracts, 2 worker processes: {figures['batch_s']} s "
            f"({figures['batch_ready']} PDFs; creating and freezing {figures['batch_freeze_s']} s)")  # fmt: skip
    finally:
        stop(worker)
        for contract in Contract.objects.filter(pk__in=created):
            contract.pdf.delete(save=False)
        Contract.objects.filter(pk__in=created).delete()  # keep the bench database as seeded
    return figures


def bench_report(log):
    """The annual report of last year, made in-process from start to end (at most 30 s)."""
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
        total = round(time.perf_counter() - begin, 1)
        report.refresh_from_db()
        log(f"  annual report {year} (PDF + XLSX): {total} s ({report.state})")
        return {"annual_report_s": total, "annual_report_state": str(report.state)}
    finally:
        for name in ("pdf", "xlsx"):
            getattr(report, name).delete(save=False)
        report.delete()  # keep the bench database as seeded


if __name__ == "__main__":
    sys.exit(main())
