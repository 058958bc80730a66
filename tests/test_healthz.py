"""/healthz reports the database, Redis and Celery workers: 200 when all are fine, else 503."""

import uuid

import pytest


def test_health_is_ok_with_tasks_in_process(client, settings, db):
    settings.CELERY_BROKER_URL = None
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == {"ok": True}
    assert body["checks"]["celery"]["workers"] == 0


def test_health_fails_when_redis_does_not_answer(client, settings, db):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["redis"]["ok"] is False
    assert body["checks"]["celery"] == {"ok": False, "workers": 0, "error": "broker unavailable"}


def test_health_fails_when_no_worker_runs(client, db, settings):
    # A key prefix of its own on the test broker: no worker can listen there, not even one of
    # `make bench` or of another test run on the same Redis database.
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {
        **settings.CELERY_BROKER_TRANSPORT_OPTIONS,
        "global_keyprefix": f"healthz-{uuid.uuid4().hex}:",
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["redis"] == {"ok": True}
    assert response.json()["checks"]["celery"]["workers"] == 0


@pytest.mark.celery_worker
@pytest.mark.xdist_group("celery")
@pytest.mark.django_db(transaction=True)
def test_health_is_ok_with_a_running_worker(client, celery_worker):
    # A busy machine (the browser tests run alongside) may delay one ping reply past the
    # 2-second limit; the state is read again, as a load balancer would.
    for _attempt in range(3):
        response = client.get("/healthz")
        if response.status_code == 200:
            break
    assert response.status_code == 200, response.json()
    assert response.json()["checks"]["celery"] == {"ok": True, "workers": 1}


def test_health_response_is_never_cached(client, settings, db):
    settings.CELERY_BROKER_URL = None
    assert "no-cache" in client.get("/healthz")["Cache-Control"]


def test_health_reports_the_local_storage_and_leaves_no_probe_behind(client, settings, db):
    settings.CELERY_BROKER_URL = None
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"]["storage"] == {"ok": True, "backend": "filesystem"}
    leftovers = [path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file()]
    assert leftovers == []


def test_health_fails_when_the_media_folder_cannot_be_written(client, settings, db, tmp_path):
    settings.CELERY_BROKER_URL = None
    blocker = tmp_path / "not-a-folder"
    blocker.write_bytes(b"a file where the media folder should be")
    settings.MEDIA_ROOT = blocker
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["storage"]["ok"] is False
    assert response.json()["checks"]["database"] == {"ok": True}


def test_health_fails_when_the_object_storage_does_not_answer(client, settings, db):
    from partnership_portal.settings.storage import default_storage_setting, parse_storage_url

    settings.CELERY_BROKER_URL = None
    # Port 1 on this host: nothing listens, so every request is refused at once.
    options = parse_storage_url("s3://key:secret@127.0.0.1:1/portal-files?secure=false")
    settings.STORAGES = {**settings.STORAGES, "default": default_storage_setting(options)}
    response = client.get("/healthz")
    assert response.status_code == 503
    storage = response.json()["checks"]["storage"]
    assert storage == {"ok": False, "backend": "s3", "error": "EndpointConnectionError"}
