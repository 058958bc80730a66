"""Strict readers for environment variables.

Every reader fails at start-up with ``ImproperlyConfigured`` naming the variable and the
bad value, so a typo in a deployment never silently becomes a default.
"""

import os
import zoneinfo
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}
_UNSET = object()


def _raw(name, default):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        if default is _UNSET:
            raise ImproperlyConfigured(f"Environment variable {name} is required but not set.")
        return None
    return value.strip()


def env_str(name, default=_UNSET):
    value = _raw(name, default)
    return default if value is None else value


def env_bool(name, default=_UNSET):
    value = _raw(name, default)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"Environment variable {name}={value!r} is not a boolean; use true/false, 1/0, yes/no or on/off."
    )


def env_int(name, default=_UNSET, *, minimum=None):
    value = _raw(name, default)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"Environment variable {name}={value!r} is not an integer.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"Environment variable {name}={number} must be at least {minimum}.")
    return number


def env_list(name, default=_UNSET):
    value = _raw(name, default)
    if value is None:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def env_choice(name, choices, default=_UNSET):
    value = env_str(name, default)
    if value not in choices:
        raise ImproperlyConfigured(
            f"Environment variable {name}={value!r} is not one of: {', '.join(sorted(choices))}."
        )
    return value


def env_timezone(name, default=_UNSET):
    value = env_str(name, default)
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ImproperlyConfigured(
            f"Environment variable {name}={value!r} is not a known time zone, e.g. Europe/Moscow."
        ) from None
    return value


def env_db(name, default=_UNSET):
    value = env_str(name, default)
    scheme = urlsplit(value).scheme
    if scheme not in {"sqlite", "postgres", "postgresql", "pgsql"}:
        raise ImproperlyConfigured(
            f"Environment variable {name} must be a sqlite:/// or postgres:// URL, got scheme {scheme!r}."
        )
    try:
        return environ.Env.db_url_config(value)
    except Exception as exc:  # environ raises several kinds on malformed URLs
        raise ImproperlyConfigured(f"Environment variable {name} is not a valid database URL: {exc}") from None


def env_email(name, default=_UNSET):
    value = env_str(name, default)
    try:
        return environ.Env.email_url_config(value)
    except Exception as exc:
        raise ImproperlyConfigured(f"Environment variable {name} is not a valid e-mail URL: {exc}") from None


def env_broker_url(name, default=_UNSET):
    value = env_str(name, default)
    if value is None:
        return None
    scheme = urlsplit(value).scheme
    if scheme not in {"redis", "rediss", "amqp", "amqps", "pyamqp"}:
        raise ImproperlyConfigured(
            f"Environment variable {name} must be a redis://, rediss:// (Redis) or amqp://, amqps:// "
            f"(RabbitMQ) URL, got scheme {scheme!r}."
        )
    return value
