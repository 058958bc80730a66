"""Two hosts simulated on one machine: a web process (gunicorn) and a worker process, each with
its own empty MEDIA_ROOT, sharing only the database, the broker and the bucket. A contract PDF the
worker renders is downloaded from the web process by staff logged in over HTTP, and neither host
keeps a file of its own."""

import contextlib
import functools
import http.cookiejar
import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.urls import reverse

from contracts.models import Contract, ContractType
from tests.celery_worker import (
    ROOT,
    consumer_paused,
    die_with_parent,
    running_worker,
    stop_group,
    tasks_sent_to_broker,
    worker_env,
)
from tests.conftest import PASSWORD
from tests.contracts import contract_of, pdf_text, sent
from tests.helpers import wait_until
from tests.storage.conftest import files_under
from tests.storage.s3_server import free_port

pytestmark = [pytest.mark.celery_worker, pytest.mark.xdist_group("celery"), pytest.mark.django_db(transaction=True)]


@contextlib.contextmanager
def running_web(env, log_path):
    """A gunicorn web process as in the Procfile, on a free port; yields its base URL."""
    port = free_port()
    log = open(log_path, "wb")  # noqa: SIM115 (closed in the finally below)
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "partnership_portal.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", "1", "--access-logfile", "-"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True, preexec_fn=functools.partial(die_with_parent, os.getpid()),
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        login = f"{base}{reverse('accounts:login')}"
        wait_until(lambda: answers(login, process), timeout=60, message="the web process did not start")
        yield base
    finally:
        stop_group(process, timeout=10)
        log.close()


def answers(url, process):
    if process.poll() is not None:
        raise RuntimeError(f"the web process exited with {process.returncode}")
    try:
        urllib.request.urlopen(url, timeout=2).close()
    except OSError:
        return False
    return True


class Browser:
    """An HTTP client with a cookie jar: logs in through the login form, as a person does."""

    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path):
        return self.opener.open(f"{self.base}{path}", timeout=30)

    def log_in(self, email, password):
        path = reverse("accounts:login")
        page = self.get(path).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
        form = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": email, "password": password})
        request = urllib.request.Request(
            f"{self.base}{path}", data=form.encode(), headers={"Referer": f"{self.base}{path}"}
        )
        landed = self.opener.open(request, timeout=30)
        assert not landed.url.endswith(path), "the login form was shown again: the login failed"


def test_a_pdf_rendered_on_the_worker_host_is_served_by_the_web_host(
    celery_worker, bucket, settings, staff, partner_a, tmp_path
):
    web_media, worker_media = tmp_path / "web-host-media", tmp_path / "worker-host-media"
    web_media.mkdir()
    worker_media.mkdir()
    shared = {"PORTAL_TEST_STORAGE_URL": bucket.url}
    web_env = {**worker_env(), **shared, "MEDIA_ROOT": str(web_media)}
    with (
        running_web(web_env, tmp_path / "web.log") as web,
        consumer_paused(celery_worker),
        tasks_sent_to_broker(),
        running_worker(extra_env={**shared, "MEDIA_ROOT": str(worker_media)}, log_path=tmp_path / "worker.log"),
    ):
        with urllib.request.urlopen(f"{web}/healthz", timeout=30) as health:
            assert json.load(health)["checks"]["storage"] == {"ok": True, "backend": "s3"}
        contract = sent(contract_of(ContractType.COOPERATION, partner_a, staff), staff)  # queued on commit

        def rendered():
            return Contract.objects.filter(pk=contract.pk, render_count=1, pdf_hash=contract.snapshot_hash).first()

        contract = wait_until(rendered, timeout=90, message="the worker did not render the contract PDF")
        browser = Browser(web)
        browser.log_in(staff.email, PASSWORD)
        started = time.monotonic()
        with browser.get(reverse("contracts:pdf", args=[contract.pk])) as download:
            assert download.status == 200
            assert download.headers["Content-Type"] == "application/pdf"
            data = download.read()
        served_in = time.monotonic() - started
    assert data.startswith(b"%PDF-") and data == bucket.read(contract.pdf.name)
    assert contract.number in pdf_text(data)
    contract.refresh_from_db()
    assert contract.render_count == 1  # the web host served the worker's PDF, it did not render one
    assert bucket.keys() == [contract.pdf.name]  # and the health probes left nothing behind
    assert files_under(web_media) == [] and files_under(worker_media) == []
    assert files_under(settings.MEDIA_ROOT) == []
    assert served_in < 10, f"the download through the web host took {served_in:.1f} s"
