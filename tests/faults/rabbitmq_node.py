"""A private RabbitMQ node for tests that need settings the shared broker does not have (a
short ``consumer_timeout``) or that kill the broker. It has a name, ports, data folder and Erlang
cookie of its own (so the machine's RabbitMQ on 5672 is never touched), runs the Erlang VM as
this process's child in a process group of its own (killed by the kernel if the test process
dies), and is stopped at the end of the test."""

import contextlib
import functools
import os
import signal
import subprocess
import time
import uuid

from kombu import Connection

from tests.celery_worker import die_with_parent
from tests.faults.redis_server import free_port

RABBITMQ_SERVER = os.environ.get("TEST_RABBITMQ_SERVER", "/usr/lib/rabbitmq/bin/rabbitmq-server")
RABBITMQCTL = os.environ.get("TEST_RABBITMQ_PRIVATE_CTL", "/usr/lib/rabbitmq/bin/rabbitmqctl")


class PrivateRabbitMQ:
    """``rabbitmq-server`` with ``config`` lines (rabbitmq.conf syntax) on a free port."""

    def __init__(self, directory, config=()):
        self.directory, self.config = directory, list(config)
        self.port, self.dist_port = free_port(), free_port()
        self.node = f"portal-test-{uuid.uuid4().hex[:8]}@localhost"
        self.process = None

    @property
    def url(self):
        return f"amqp://guest:guest@127.0.0.1:{self.port}//"

    def env(self):
        d = self.directory
        return {
            **os.environ,
            # The Erlang cookie is made in HOME: a folder of this node's own.
            "HOME": str(d),
            "RABBITMQ_NODENAME": self.node,
            "RABBITMQ_NODE_PORT": str(self.port),
            "RABBITMQ_DIST_PORT": str(self.dist_port),
            "RABBITMQ_CONFIG_FILE": str(d / "rabbitmq.conf"),
            "RABBITMQ_MNESIA_BASE": str(d / "mnesia"),
            "RABBITMQ_LOG_BASE": str(d / "log"),
            "RABBITMQ_ENABLED_PLUGINS_FILE": str(d / "enabled_plugins"),
            # Makes the start script exec the VM itself (no shell in between), so the VM is the
            # process started here and dies with this test process.
            "RUNNING_UNDER_SYSTEMD": "true",
        }

    def start(self, timeout=180):
        d = self.directory
        (d / "mnesia").mkdir(parents=True, exist_ok=True)
        (d / "log").mkdir(parents=True, exist_ok=True)
        (d / "rabbitmq.conf").write_text(
            "\n".join([f"listeners.tcp.local = 127.0.0.1:{self.port}", *self.config]) + "\n"
        )
        (d / "enabled_plugins").write_text("[].\n")
        log = open(d / "server.log", "ab")  # noqa: SIM115 (kept by the child)
        self.process = subprocess.Popen(
            [RABBITMQ_SERVER], env=self.env(), cwd=d, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True, preexec_fn=functools.partial(die_with_parent, os.getpid()),
        )  # fmt: skip
        log.close()
        deadline = time.monotonic() + timeout
        while not self.answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the private RabbitMQ did not start: see {d / 'server.log'}")
            time.sleep(0.5)

    def answers(self):
        try:
            with Connection(self.url, connect_timeout=1) as connection:
                connection.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=1)
        except Exception:
            return False
        return True

    def kill(self):
        """``kill -9`` of the VM: no clean shutdown, whatever was not on disk is lost."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        with contextlib.suppress(subprocess.TimeoutExpired):
            subprocess.run([RABBITMQCTL, "-n", self.node, "stop"], env=self.env(), capture_output=True, timeout=60)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=30)
        self.kill()

    def queued(self, queue="portal"):
        """Tasks waiting in ``queue`` (0 if it does not exist)."""
        with Connection(self.url, connect_timeout=2) as connection:
            try:
                return connection.default_channel.queue_declare(queue, passive=True).message_count
            except Exception:
                return 0


@contextlib.contextmanager
def private_rabbitmq(directory, config=()):
    node = PrivateRabbitMQ(directory, config)
    try:
        node.start()
        yield node
    finally:
        node.stop()
