"""A private ``redis-server`` for tests that stop, empty and restart the broker. It listens on a
free local port of its own, so the shared Redis (6379) that other tests and runs use is never
touched; it runs in a process group of its own and dies with the test process."""

import contextlib
import functools
import os
import signal
import socket
import subprocess
import time
from urllib.parse import urlsplit

import redis
from django.conf import settings

from tests.celery_worker import broker_switched_to, die_with_parent

__all__ = ["PrivateRedis", "broker_db", "broker_switched_to", "free_port", "private_redis"]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PrivateRedis:
    """``redis-server`` on ``port`` without persistence: killed and started again, it is empty."""

    def __init__(self, port, directory):
        self.port, self.directory, self.process = port, directory, None

    def start(self):
        self.directory.mkdir(parents=True, exist_ok=True)
        log = open(self.directory / "redis.log", "ab")  # noqa: SIM115 (kept by the child)
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.directory)],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            preexec_fn=functools.partial(die_with_parent, os.getpid()),
        )  # fmt: skip
        log.close()
        deadline = time.monotonic() + 10
        while True:
            try:
                if self.client(0).ping():
                    return
            except redis.ConnectionError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"redis-server did not start on port {self.port}") from None
                time.sleep(0.05)

    def kill(self):
        """``kill -9``: whatever it held is gone (nothing was written to disk)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def client(self, db):
        return redis.Redis(host="127.0.0.1", port=self.port, db=db, socket_timeout=5)

    @property
    def base_url(self):
        return f"redis://127.0.0.1:{self.port}"


@contextlib.contextmanager
def private_redis(directory):
    server = PrivateRedis(free_port(), directory)
    server.start()
    try:
        yield server
    finally:
        server.kill()


def broker_db():
    """The Redis database number this test process (and the workers it starts) uses."""
    return int(urlsplit(settings.CELERY_BROKER_URL).path.strip("/") or 0)
