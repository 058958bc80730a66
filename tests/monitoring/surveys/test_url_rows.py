"""The surveys rows of the URL-by-role table, checked on their own world (the shared table test
builds every app's world; this one fails only for a surveys URL)."""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from tests import url_table  # first: it gathers the monitoring rows, which import it back
from tests.factories import StudentFactory
from tests.monitoring import urls_surveys

ALLOWED, FOREIGN, LOGIN, ROLES = url_table.ALLOWED, url_table.FOREIGN, url_table.LOGIN, url_table.ROLES


def requests_for(row, role):
    expected = row.expected[role]
    if not row.is_post_only:
        return [("get", expected)]
    if expected in (ALLOWED, FOREIGN):
        return [("get", 405)] + ([("post", 404)] if expected == FOREIGN else [])
    return [("get", expected), ("post", expected)]


@pytest.mark.django_db
def test_surveys_urls_give_each_role_the_status_of_its_row(client, staff, admin_user, employer_a, employer_b,
                                                           partner_a, partner_b):  # fmt: skip
    base = SimpleNamespace(staff=staff, employer_a=employer_a, employer_b=employer_b, partner_a=partner_a,
                           partner_b=partner_b, group_a=StudentFactory().group)  # fmt: skip
    world = SimpleNamespace(**{k: v for k, v in urls_surveys.world(base).items() if k != "admin_objects"})
    users = {"anon": None, "staff": staff, "employer_a": employer_a, "employer_b": employer_b, "admin": admin_user}
    failures = []
    for key, row in urls_surveys.ROWS.items():
        url = reverse(key, kwargs=row.kwargs(world) if row.kwargs else {})
        for role in ROLES:
            client.logout()
            if users[role]:
                client.force_login(users[role])
            for method, expected in requests_for(row, role):
                response = getattr(client, method)(url)
                if expected == LOGIN:
                    ok = response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
                else:
                    ok = response.status_code == expected
                if not ok:
                    failures.append(f"{method.upper()} {url} {role}: expected {expected}, got {response.status_code}")
    assert not failures, "\n".join(failures)
