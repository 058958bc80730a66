"""Every URL of the project, requested as every role, gives the status in tests/url_table.py."""

from types import SimpleNamespace

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.test import override_settings
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
)

from partners.models import Partner
from tests.url_table import ADMIN_FORBIDDEN, ADMIN_LOGIN, LOGIN, ROLES, TABLE, Row, expect


def project_patterns(resolver=None, prefix="", namespace=None):
    """(key, route) of every URL pattern; key is 'namespace:name', or the route if unnamed."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace) if part) or None
            yield from project_patterns(pattern, prefix + str(pattern.pattern), inner)
        else:
            route = prefix + str(pattern.pattern)
            name = ":".join(part for part in (namespace, pattern.name) if part) if pattern.name else None
            yield (name or route), route


def admin_rows():
    """Rows for the per-model admin URLs: only the administrator gets in."""
    rows = {}
    locked = expect(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, None)
    for model in admin.site._registry:
        app, name = model._meta.app_label, model._meta.model_name

        def obj_kwargs(world, model=model):
            return {"object_id": world.objects[model].pk}

        for action, kwargs in [
            ("changelist", None),
            ("add", None),
            ("change", obj_kwargs),
            ("delete", obj_kwargs),
            ("history", obj_kwargs),
        ]:
            status = ADMIN_FORBIDDEN.get((app, name, action), 200)
            rows[f"admin:{app}_{name}_{action}"] = Row({**locked, "admin": status}, kwargs=kwargs)
        # The bare object URL redirects to its change page.
        rows[f"admin/{app}/{name}/<path:object_id>/"] = Row(
            {**locked, "admin": 302}, path=f"/admin/{app}/{name}/{{pk}}/", kwargs=obj_kwargs
        )
    return rows


ALL_ROWS = {**TABLE, **admin_rows()}


def test_every_url_pattern_has_a_row():
    keys = {key for key, _route in project_patterns()}
    missing = sorted(keys - set(ALL_ROWS))
    stale = sorted(set(ALL_ROWS) - keys)
    assert not missing, f"URL patterns missing from tests/url_table.py: {missing}"
    assert not stale, f"Rows for URL patterns that no longer exist: {stale}"


@pytest.fixture
def world(db, staff, admin_user, employer_a, employer_b, partner_a, partner_b):
    """One object of every model the admin registers, plus the named users."""
    now = timezone.now()
    interval = IntervalSchedule.objects.create(every=10, period=IntervalSchedule.MINUTES)
    objects = {
        Partner: partner_a,
        type(staff): staff,
        Group: Group.objects.first(),
        AccessAttempt: AccessAttempt.objects.create(
            username="x@example.com", ip_address="10.0.0.1", failures_since_start=1, attempt_time=now
        ),
        AccessLog: AccessLog.objects.create(username="x@example.com", ip_address="10.0.0.1", attempt_time=now),
        AccessFailureLog: AccessFailureLog.objects.create(
            username="x@example.com", ip_address="10.0.0.1", attempt_time=now
        ),
        IntervalSchedule: interval,
        CrontabSchedule: CrontabSchedule.objects.create(minute="0", hour="3"),
        SolarSchedule: SolarSchedule.objects.create(event="sunrise", latitude=56.84, longitude=60.6),
        ClockedSchedule: ClockedSchedule.objects.create(clocked_time=now),
        PeriodicTask: PeriodicTask.objects.create(
            name="demo", task="accounts.purge_expired_sessions", interval=interval
        ),
    }
    unknown = set(admin.site._registry) - set(objects)
    assert not unknown, f"add an object of each newly registered model to the world fixture: {unknown}"
    return SimpleNamespace(
        staff=staff,
        admin=admin_user,
        employer_a=employer_a,
        employer_b=employer_b,
        partner_a=partner_a,
        partner_b=partner_b,
        objects=objects,
        partner_content_type_id=ContentType.objects.get_for_model(Partner).pk,
    )


def url_for(key, row, world):
    kwargs = row.kwargs(world) if row.kwargs else {}
    if row.path:
        return row.path.format(**{"pk": kwargs.get("object_id", "")})
    return reverse(key, kwargs=kwargs)


@pytest.mark.parametrize("key", sorted(ALL_ROWS))
def test_url_gives_the_expected_status_to_each_role(key, world, client):
    row = ALL_ROWS[key]
    url = url_for(key, row, world)
    users = {
        "anon": None,
        "staff": world.staff,
        "employer_a": world.employer_a,
        "employer_b": world.employer_b,
        "admin": world.admin,
    }
    failures = []
    with override_settings(**row.settings):
        for role in ROLES:
            client.logout()
            if users[role]:
                client.force_login(users[role])
            response = client.get(url)
            expected = row.expected[role]
            if expected == LOGIN:
                ok = response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
            elif expected == ADMIN_LOGIN:
                ok = response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))
            else:
                ok = response.status_code == expected
            if not ok:
                failures.append(
                    f"{role}: expected {expected}, got {response.status_code} {response.get('Location', '')}"
                )
    assert not failures, f"{url}: " + "; ".join(failures)
