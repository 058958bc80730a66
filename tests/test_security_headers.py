"""Security headers: a strict Content-Security-Policy and a Permissions-Policy on every page, and
``Cache-Control: private, no-store`` on what a signed-in user sees and on every download."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from events.models import CalendarFeed, Event, EventFile, EventFileKind, EventType

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def directives(response):
    policy = response["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in policy.split(";") if part.strip())}


def assert_strict_csp(response):
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]


def assert_private(response):
    directives_ = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives_
    assert "public" not in directives_


def assert_permissions_policy(response):
    assert response["Permissions-Policy"] == "camera=(), microphone=(), geolocation=(), payment=()"


def test_a_staff_page_has_the_csp_the_permissions_policy_and_no_store(staff_client):
    response = staff_client.get(reverse("partners:list"))
    assert response.status_code == 200
    assert_strict_csp(response)
    assert_permissions_policy(response)
    assert_private(response)


def test_an_employer_page_has_the_csp_the_permissions_policy_and_no_store(employer_a_client):
    response = employer_a_client.get(reverse("partners:profile"))
    assert response.status_code == 200
    assert_strict_csp(response)
    assert_permissions_policy(response)
    assert_private(response)


def test_the_page_tells_htmx_not_to_inject_its_indicator_styles(employer_a_client):
    response = employer_a_client.get(reverse("partners:profile"))
    assert b'<meta name="htmx-config" content=\'{"includeIndicatorStyles": false}\'>' in response.content


def test_a_pdf_download_is_not_stored(staff, partner_a, employer_a_client):
    now = timezone.now()
    event = Event.objects.create(type=EventType.EXCURSION, title="Экскурсия", starts_at=now + timedelta(days=3),
                                 ends_at=now + timedelta(days=3, hours=2), created_by=staff)  # fmt: skip
    event.partners.add(partner_a)
    event_file = EventFile(event=event, kind=EventFileKind.DOCUMENT, original_name="программа.pdf", size=len(PDF),
                           uploaded_by=staff)  # fmt: skip
    event_file.file.save("programme.pdf", ContentFile(PDF))
    response = employer_a_client.get(reverse("events:event_file", args=[event_file.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert_private(response)
    assert_permissions_policy(response)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_an_export_is_not_stored(staff_client, partner_a, fmt):
    response = staff_client.get(reverse("partners:export", args=[fmt]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert_private(response)
    assert_permissions_policy(response)


def test_the_calendar_feed_is_not_stored_although_it_has_no_session(client, employer_a):
    """The feed is fetched by a calendar app with its secret token, not a session."""
    feed = CalendarFeed.objects.create(user=employer_a)
    response = client.get(reverse("events:feed", args=[feed.token]))
    assert response.status_code == 200
    assert_private(response)


def test_an_anonymous_page_has_the_csp_and_may_be_cached(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert_strict_csp(response)
    assert_permissions_policy(response)
    assert "no-store" not in response.get("Cache-Control", "")
