"""Starts a real Celery worker process on the test database and Redis, for tests about tasks."""

import contextlib
import ctypes
import functools
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import redis
from django.conf import settings
from django.db import connection

from partnership_portal.celery import app

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def worker_env():
    db = connection.settings_dict
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="partnership_portal.settings.test",
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        CELERY_TASK_ALWAYS_EAGER="false",
        # Files the worker writes go where this test reads them.
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
        PYTHONUNBUFFERED="1",
    )
    return env


@contextlib.contextmanager
def running_worker(*, concurrency=1, pool="solo", extra_env=None, log_path=None):
    """Yields the worker process once it answers a ping; terminates it afterwards."""
    node = f"test-{uuid.uuid4().hex[:8]}@localhost"
    env = worker_env()
    env.update(extra_env or {})
    log = open(log_path or os.devnull, "wb")  # noqa: SIM115 (closed in the finally below)
    process = subprocess.Popen(
        [
            sys.executable, "-m", "celery", "-A", "partnership_portal", "worker",
            "--pool", pool, "--concurrency", str(concurrency), "-n", node,
            "--include", "tests.celery_probe", "--without-gossip", "--without-mingle",
            "--loglevel", "INFO",
        ],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        # A process group of its own, stopped as a whole below; and killed by the kernel if the
        # test process dies first (a killed run must leave no worker behind).
        start_new_session=True, preexec_fn=functools.partial(die_with_parent, os.getpid()),
    )  # fmt: skip
    process.node = node
    try:
        wait_until_answers(node, process)
        yield process
    finally:
        stop_group(process)
        log.close()


def die_with_parent(parent):
    """Runs in the forked child before exec: asks Linux for SIGKILL when ``parent`` exits."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before prctl: nobody would ever stop us
        os._exit(1)


def stop_group(process, timeout=20):
    """Terminates the worker and anything it started; kills them if they linger."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=timeout)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def wait_until_answers(node, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the Celery worker exited with {process.returncode}")
        if app.control.ping(destination=[node], timeout=0.5):
            return
        time.sleep(0.3)
    raise TimeoutError("the Celery worker did not answer within a minute")


@contextlib.contextmanager
def consumer_paused(worker, queue="portal"):
    """Stops ``worker`` (a ``running_worker`` process) taking tasks from ``queue`` for the duration,
    so that a test's own workers get every task."""
    app.control.cancel_consumer(queue, destination=[worker.node], reply=True)
    try:
        yield
    finally:
        app.control.add_consumer(queue, destination=[worker.node], reply=True)


@contextlib.contextmanager
def tasks_sent_to_broker():
    """Turns off in-process execution in the test process for the duration."""
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        yield
    finally:
        app.conf.task_always_eager = previous


def broker_idle(queue="portal"):
    """No task waits in ``queue`` and none is out with a worker unacknowledged (taken by a worker
    that died, say): every task sent so far has been run to the end and acknowledged."""
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    prefix = app.conf.broker_transport_options.get("global_keyprefix", "")
    try:
        waiting = sum(client.llen(key) for key in client.scan_iter(f"{prefix}{queue}*") if client.type(key) == b"list")
        return waiting == 0 and client.hlen(f"{prefix}unacked") == 0
    finally:
        client.close()


def wait_for(predicate, timeout=30, interval=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return predicate()
