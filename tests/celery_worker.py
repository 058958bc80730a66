"""Starts a real Celery worker process on the test database and broker, for tests about tasks.

The broker is this test process's Redis database, or, for a test that asks for RabbitMQ
(``rabbitmq_vhost``), a virtual host of its own on the local RabbitMQ, made for the test and
deleted after it, so the shared broker's queues are never touched."""

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

import kombu.pools
import redis
from django.conf import settings
from django.db import connection

from partnership_portal.celery import app
from partnership_portal.settings.broker import broker_kind, broker_transport_options

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


@contextlib.contextmanager
def running_beat(*, extra_env=None, log_path=None):
    """Yields a ``celery beat`` process (the database scheduler, on the test database) started
    with the workers' environment; stops it and anything it started afterwards."""
    env = worker_env()
    env.update(extra_env or {})
    log = open(log_path or os.devnull, "wb")  # noqa: SIM115 (closed in the finally below)
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "partnership_portal", "beat", "--loglevel", "INFO",
         "--max-interval", "1"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True, preexec_fn=functools.partial(die_with_parent, os.getpid()),
    )  # fmt: skip
    try:
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
    that died, say): every task sent so far has been run to the end and acknowledged. Asks the
    broker this process publishes to (Redis, or RabbitMQ inside ``broker_switched_to``)."""
    if broker_kind(app.conf.broker_url) == "rabbitmq":
        return rabbitmq_queue_counts(vhost_of(app.conf.broker_url)).get(queue, (0, 0)) == (0, 0)
    client = redis.Redis.from_url(app.conf.broker_url)
    prefix = app.conf.broker_transport_options.get("global_keyprefix", "")
    try:
        waiting = sum(client.llen(key) for key in client.scan_iter(f"{prefix}{queue}*") if client.type(key) == b"list")
        return waiting == 0 and client.hlen(f"{prefix}unacked") == 0
    finally:
        client.close()


@contextlib.contextmanager
def broker_switched_to(url):
    """Publishes this process's tasks (and control commands such as ping) to ``url`` for the
    duration, with the transport options of that kind of broker (as the workers' settings)."""
    previous = app.conf.broker_url, app.conf.broker_transport_options

    def reset_pools():
        # kombu keeps pools per URL for the whole process: a pool closed here would be found again
        # for the same URL (a broker switched to twice, or restarted), so all are dropped.
        kombu.pools.reset()
        app._pool = None
        app.amqp._producer_pool = None

    reset_pools()
    app.conf.broker_url = url
    if broker_kind(url) != broker_kind(previous[0]):
        app.conf.broker_transport_options = broker_transport_options(url)
    try:
        yield
    finally:
        reset_pools()
        app.conf.broker_url, app.conf.broker_transport_options = previous


# --- RabbitMQ: a virtual host per test ----------------------------------------------------------
# The local RabbitMQ (README): guest/guest on 127.0.0.1:5672, managed with rabbitmqctl (run as
# root or as the rabbitmq user). A test that cannot reach it fails: it never skips.
RABBITMQ_URL = os.environ.get("TEST_RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672")
RABBITMQCTL = os.environ.get("TEST_RABBITMQCTL", "rabbitmqctl")
VHOST_PREFIX = "portal-test-"
_swept = []


def rabbitmqctl(*args):
    try:
        result = subprocess.run(
            [RABBITMQCTL, "--quiet", *args], capture_output=True, text=True, timeout=60, check=False
        )
    except FileNotFoundError:
        raise RuntimeError(
            f"{RABBITMQCTL} not found: install RabbitMQ (rabbitmq-server) for the broker tests"
        ) from None
    if result.returncode != 0:
        raise RuntimeError(
            f"`rabbitmqctl {' '.join(args)}` failed ({result.returncode}): {result.stderr.strip() or result.stdout.strip()}"
            " -- is RabbitMQ running? (`make services` starts it)"
        )
    return result.stdout


def vhost_of(url):
    return url.rsplit("/", 1)[1]


def rabbitmq_queue_counts(vhost):
    """``{queue: (ready, unacknowledged)}`` of ``vhost``, as RabbitMQ counts them right now."""
    output = rabbitmqctl(
        "list_queues", "-p", vhost, "--no-table-headers", "name", "messages_ready", "messages_unacknowledged"
    )
    counts = {}
    for line in output.splitlines():
        if line.strip():
            name, ready, unacked = line.split()
            counts[name] = (int(ready), int(unacked))
    return counts


def sweep_dead_vhosts():
    """Deletes the virtual hosts that a killed test run of this host left behind (named like the
    test databases, ``portal-test-<host tag>_<controller pid>-...``); a live run's stay."""
    from tests.conftest import pid_alive

    mine = f"{VHOST_PREFIX}{settings.TEST_HOST_TAG}_"
    for name in rabbitmqctl("list_vhosts", "--no-table-headers", "name").split():
        if name.startswith(mine):
            pid = name.removeprefix(mine).split("-", 1)[0]
            if pid.isdigit() and not pid_alive(int(pid)):
                with contextlib.suppress(RuntimeError):  # another test process got there first
                    rabbitmqctl("delete_vhost", name)


@contextlib.contextmanager
def rabbitmq_vhost():
    """Yields the URL of a new, empty RabbitMQ virtual host that only this test uses (guest may
    use it); deletes it, with whatever queues are left in it, afterwards."""
    if not _swept:
        sweep_dead_vhosts()
        _swept.append(True)
    vhost = f"{VHOST_PREFIX}{settings.TEST_RUN_ID}-{uuid.uuid4().hex[:8]}"
    rabbitmqctl("add_vhost", vhost)
    try:
        rabbitmqctl("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*")
        yield f"{RABBITMQ_URL}/{vhost}"
    finally:
        rabbitmqctl("delete_vhost", vhost)


class TestBroker:
    """The broker a worker-kill test runs on: its kind, what its workers need in their
    environment, and whether it is idle."""

    __test__ = False  # not a test class

    def __init__(self, kind, worker_env):
        self.kind, self.worker_env = kind, worker_env

    def __repr__(self):
        return f"<TestBroker {self.kind}>"

    @staticmethod
    def idle(queue="portal"):
        return broker_idle(queue)

    def queued(self, queue="portal"):
        """Tasks waiting in ``queue`` (RabbitMQ only)."""
        assert self.kind == "rabbitmq"
        return rabbitmq_queue_counts(vhost_of(self.worker_env["PORTAL_TEST_BROKER_URL"])).get(queue, (0, 0))[0]


# On Redis a task taken by a dead worker comes back after the visibility timeout: 5 s in these
# tests (an hour by default). RabbitMQ needs no such setting: it puts the task back the moment
# the dead worker's connection closes.
REDIS_FAST_REDELIVERY = {"CELERY_VISIBILITY_TIMEOUT": "5", "CELERY_RESTORE_INTERVAL": "1"}


@contextlib.contextmanager
def broker_for_test(kind, request):
    """Tasks this test process sends go to a broker of ``kind`` (``"redis"`` or ``"rabbitmq"``)
    that only the workers the test starts consume from: on Redis the process's shared worker
    (``celery_worker``) stops taking tasks meanwhile; on RabbitMQ the test has a virtual host of
    its own."""
    if kind == "redis":
        with consumer_paused(request.getfixturevalue("celery_worker")), tasks_sent_to_broker():
            yield TestBroker("redis", dict(REDIS_FAST_REDELIVERY))
    elif kind == "rabbitmq":
        with rabbitmq_vhost() as url, broker_switched_to(url), tasks_sent_to_broker():
            yield TestBroker("rabbitmq", {"PORTAL_TEST_BROKER_URL": url})
    else:
        raise ValueError(kind)


def wait_for(predicate, timeout=30, interval=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return predicate()
