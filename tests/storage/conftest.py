"""The storage tests run the portal on a private bucket of a real S3-compatible server (moto in
server mode, started once per test process); each test gets a bucket of its own."""

import os

import pytest

from partnership_portal.settings.storage import default_storage_setting, parse_storage_url
from tests.storage.s3_server import running_s3_server


@pytest.fixture(scope="session")
def s3_server():
    from tests.celery_worker import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)
    log = ARTIFACTS / f"s3-server-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}.log"
    with running_s3_server(log_path=log) as server:
        yield server


class Bucket:
    """The test's bucket: its name, its STORAGE_URL, and what the server holds in it."""

    def __init__(self, server, name):
        self.server, self.name = server, name
        self.url = server.storage_url(name)

    def keys(self):
        return self.server.keys(self.name)

    def read(self, key):
        return self.server.read(self.name, key)


@pytest.fixture
def bucket(s3_server, settings):
    """Points the portal's default storage at a new private bucket (the files of this test go
    there, none to MEDIA_ROOT). Changing STORAGES resets ``default_storage``, which every file
    field uses, so the models write to the bucket from here on."""
    bucket = Bucket(s3_server, s3_server.new_private_bucket())
    settings.STORAGES = {**settings.STORAGES, "default": default_storage_setting(parse_storage_url(bucket.url))}
    return bucket


def files_under(folder):
    """Every file below ``folder`` (none if it does not exist)."""
    return sorted(path for path in folder.rglob("*") if path.is_file()) if folder.exists() else []
