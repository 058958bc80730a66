"""Settings read the environment strictly and production settings pass `check --deploy`."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from partnership_portal.settings import env

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "x7Gq2-production-like-secret-key-for-the-deploy-check-9f8e7d6c5b4a",
    "ALLOWED_HOSTS": "portal.college.example",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/partnership_portal",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
}


def run_manage(*args, extra_env=None):
    """Runs manage.py with only the given variables (the test settings' own are left out)."""
    environment = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    environment.update(extra_env or {})
    environment["DJANGO_SETTINGS_MODULE"] = "partnership_portal.settings.base"
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_with_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", extra_env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_is_clean_with_rabbitmq_as_the_broker():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING",
        extra_env={**PRODUCTION_ENV, "CELERY_BROKER_URL": "amqp://portal:secret@mq.college.example:5672/portal"},
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", extra_env={**PRODUCTION_ENV, "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("DEBUG", "maybe", "DEBUG='maybe' is not a boolean"),
        ("DATABASE_URL", "mysql://db/portal", "must be a sqlite:/// or postgres:// URL"),
        ("CELERY_BROKER_URL", "kafka://localhost:9092", "must be a redis://, rediss:// (Redis) or amqp://"),
        ("TIME_ZONE", "Moscow", "is not a known time zone"),
        ("LANGUAGE_CODE", "de", "is not one of: en, ru"),
        ("SECURE_HSTS_SECONDS", "a year", "is not an integer"),
        ("CACHE_URL", "memcached://127.0.0.1:11211", "must be a redis:// or rediss:// URL"),
    ],
)
def test_a_bad_value_stops_start_up_with_a_clear_message(variable, value, message):
    result = run_manage("check", extra_env={**PRODUCTION_ENV, variable: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_development_defaults_need_no_variables(tmp_path):
    result = run_manage(
        "check",
        extra_env={"DEBUG": "true", "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"},
    )
    assert result.returncode == 0, result.stderr


def test_env_readers(monkeypatch):
    monkeypatch.setenv("X_BOOL", "Yes")
    monkeypatch.setenv("X_LIST", "a.example, b.example,,")
    monkeypatch.setenv("X_INT", "-1")
    assert env.env_bool("X_BOOL") is True
    assert env.env_list("X_LIST") == ["a.example", "b.example"]
    with pytest.raises(ImproperlyConfigured, match="X_INT=-1 must be at least 0"):
        env.env_int("X_INT", minimum=0)
    with pytest.raises(ImproperlyConfigured, match="X_MISSING is required"):
        env.env_str("X_MISSING")
    assert env.env_db("X_UNSET_DB", "sqlite:////tmp/x.sqlite3")["ENGINE"] == "django.db.backends.sqlite3"


def test_cache_url_puts_the_cache_in_a_redis_database_every_process_shares():
    import redis

    key = f"portal-settings-test-{os.getpid()}"
    database = redis.Redis(host="127.0.0.1", port=6379, db=13)
    database.delete(f":1:{key}")
    code = f"from django.core.cache import caches; caches['default'].set('{key}', 'ok', 30); print(type(caches['default']).__name__)"
    result = run_manage("shell", "-c", code, extra_env={**PRODUCTION_ENV, "CACHE_URL": "redis://127.0.0.1:6379/13"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "RedisCache"
    assert database.get(f":1:{key}") is not None  # written by the other process, read here
    database.delete(f":1:{key}")


@pytest.mark.django_db
def test_postgres_connections_plan_with_a_join_collapse_limit_of_three():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW join_collapse_limit")
        assert cursor.fetchone() == ("3",)


@pytest.mark.parametrize(("value", "expected"), [("0", "None"), ("5", "-c join_collapse_limit=5")])
def test_join_collapse_limit_can_be_set_or_left_to_the_server(value, expected):
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DATABASES['default'].get('OPTIONS', {}).get('options'))",
        extra_env={**PRODUCTION_ENV, "DATABASE_JOIN_COLLAPSE_LIMIT": value},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == expected
