"""Processes and databases shared by `make bench` and `make load`: children in their own process
groups (ended with their groups on exit), the bench databases per scale, prepared and seeded once.
"""

import atexit
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

DEFAULT_URLS = {
    "region": ("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench"),
    "college": ("BENCH_COLLEGE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench_college"),
}
SCALE_PARTNERS = {"small": 30, "college": 400, "region": 10_000}
BENCH_BROKER = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/15")


_children = []  # processes started by the bench, each the leader of its own process group


def start(command, **kwargs):
    """A child process in its own process group (session), ended with its whole group on exit."""
    process = subprocess.Popen(command, start_new_session=True, **kwargs)
    _children.append(process)
    return process


def stop(process, timeout=30):
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        except ProcessLookupError:
            pass
    if process in _children:
        _children.remove(process)


def wait(process):
    """Waits for a child started with `start`; returns its exit status."""
    try:
        return process.wait()
    finally:
        if process in _children:
            _children.remove(process)


def _stop_all(*_args):
    for process in list(_children):
        stop(process, timeout=10)


def _on_signal(signum, _frame):
    _stop_all()
    sys.exit(128 + signum)


def install_handlers():
    """Ends the children's process groups when this process exits or is told to stop (scripts only)."""
    atexit.register(_stop_all)
    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)


def bench_env(database_url, **extra):
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "partnership_portal.settings.base",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"),
        "ALLOWED_HOSTS": os.environ.get("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost"),
        "SECURE_SSL_REDIRECT": "false",
        "DEBUG": "false",
        **extra,
    }
    env.pop("CELERY_BROKER_URL", None)  # seeding and page timing run no tasks
    return env


def database_url(scale):
    name, default = DEFAULT_URLS[scale]
    return os.environ.get(name, default)


def _connect(database_url):
    import environ
    import psycopg2

    config = environ.Env.db_url_config(database_url)
    connection = psycopg2.connect(
        dbname=config["NAME"], user=config["USER"] or None, password=config["PASSWORD"] or None,
        host=config["HOST"] or None, port=config["PORT"] or None,
    )  # fmt: skip
    connection.autocommit = True
    return connection


def _psql(database_url, sql):
    connection = _connect(database_url)
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchone() if cursor.description else None
    finally:
        connection.close()


def machine_speed(database_url, rounds=7):
    """How fast this machine is, by two fixed loads (median ms of ``rounds``): Python summing
    three million numbers, and PostgreSQL counting a million generated rows. The targets are
    wall-clock times, so a run's figures compare with another machine's only through these."""
    import statistics

    def median_ms(work):
        times = []
        for _ in range(rounds):
            begin = time.perf_counter()
            work()
            times.append((time.perf_counter() - begin) * 1000)
        return round(statistics.median(times), 1)

    connection = _connect(database_url)
    try:
        with connection.cursor() as cursor:
            postgres = median_ms(lambda: cursor.execute("SELECT count(*) FROM generate_series(1, 1000000)"))
    finally:
        connection.close()
    return {"python_ms": median_ms(lambda: sum(range(3_000_000))), "postgres_ms": postgres}


def _maintenance_url(database_url):
    base, _, _name = database_url.rpartition("/")
    return f"{base}/postgres"


def drop_database(database_url):
    name = database_url.rpartition("/")[2]
    _psql(_maintenance_url(database_url), f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def seeded_partners(database_url):
    try:
        row = _psql(database_url, "SELECT count(*) FROM partners_partner")
    except Exception:
        return 0
    return row[0]


def timed_run(command, env):
    """Runs a command; returns (wall seconds, max RSS in MB) of that process and its children."""
    begin = time.monotonic()
    process = start(command, env=env, cwd=ROOT)
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    _children.remove(process)
    if process.returncode:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode})")
    return round(time.monotonic() - begin, 1), round(usage.ru_maxrss / 1024)


def prepare(scale, *, reseed, log=print):
    """The scale's database, migrated, with static files collected and the demo data seeded."""
    url = database_url(scale)
    env = bench_env(url)
    if reseed:
        drop_database(url)
    subprocess.run([sys.executable, "scripts/ensure_database.py"], check=True, env=env, cwd=ROOT)
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], check=True, env=env, cwd=ROOT)
    if seeded_partners(url) >= SCALE_PARTNERS[scale]:
        log(f"{scale}: database {url.rpartition('/')[2]} already seeded (--reseed to seed again)")
        vacuum(url)
        return None
    log(f"{scale}: seeding {url.rpartition('/')[2]} …")
    seconds, rss = timed_run([sys.executable, "manage.py", "seed_demo", "--scale", scale, "--force"], env)
    log(f"{scale}: seeded in {seconds} s, max RSS {rss} MB")
    vacuum(url)
    return {"seconds": seconds, "max_rss_mb": rss}


def vacuum(database_url):
    """VACUUM ANALYZE, as autovacuum would have done on a database in use: after a bulk load the
    visibility map is empty and every index-only scan would read the table too."""
    _psql(database_url, "VACUUM (ANALYZE)")
