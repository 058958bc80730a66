"""Demonstration-exam experts: nomination refused for a certificate expired by the exam, the
staff dashboard's list of certificates expiring within 60 days, and access by role."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from events.models import Event, EventType, Expert, ExpertNomination
from events.services import experts as services
from tests.factories import ContactFactory
from tests.helpers import assert_constant_queries, ru


def today():
    return timezone.localdate()


@pytest.fixture
def exam(partner_a):
    starts = timezone.now() + timedelta(days=30)
    event = Event.objects.create(type=EventType.DEMO_EXAM, title="Демонстрационный экзамен по ЧПУ",
                                 starts_at=starts, ends_at=starts + timedelta(days=1, hours=6))  # fmt: skip
    event.partners.add(partner_a)
    return event


def expert_until(day, partner, staff, number="Э-1"):
    return services.expert_create(contact=ContactFactory(partner=partner), competence="Токарные работы на станках с ЧПУ",
                                  certificate_number=number, certificate_expires_on=day, created_by=staff)  # fmt: skip


def test_an_expert_whose_certificate_covers_the_exam_is_nominated(exam, partner_a, staff):
    expert = expert_until(services.exam_last_day(exam), partner_a, staff)
    nomination = services.expert_nominate(event=exam, expert=expert, nominated_by=staff)
    assert list(exam.nominations.all()) == [nomination]


def test_an_expert_whose_certificate_expires_before_the_exam_ends_is_refused(exam, partner_a, staff):
    expert = expert_until(services.exam_last_day(exam) - timedelta(days=1), partner_a, staff)
    with pytest.raises(ValidationError) as refused:
        services.expert_nominate(event=exam, expert=expert, nominated_by=staff)
    assert list(refused.value.error_dict) == ["expert"]
    assert not ExpertNomination.objects.exists()


def test_the_nomination_form_shows_the_expired_certificate_error_on_the_expert_field(exam, partner_a, staff,
                                                                                    staff_client):  # fmt: skip
    last_day = services.exam_last_day(exam)
    expert = expert_until(last_day - timedelta(days=1), partner_a, staff, number="Э-77")
    response = staff_client.post(reverse("events:exam_experts", kwargs={"pk": exam.pk}), {"expert": expert.pk},
                                 HTTP_ACCEPT_LANGUAGE="ru")  # fmt: skip
    assert response.status_code == 200
    expected = ru(
        "The expert's certificate № %(number)s is valid until %(expiry)s and the exam ends on %(exam)s: an expert "
        "whose certificate has expired by the exam cannot be nominated.",
        number="Э-77",
        expiry=(last_day - timedelta(days=1)).strftime("%d.%m.%Y"),
        exam=last_day.strftime("%d.%m.%Y"),
    )
    assert response.context["form"].errors["expert"] == [expected]
    assert not ExpertNomination.objects.exists()


def test_experts_are_nominated_to_demonstration_exams_only(partner_a, staff):
    starts = timezone.now() + timedelta(days=5)
    excursion = Event.objects.create(type=EventType.EXCURSION, title="Экскурсия", starts_at=starts, ends_at=starts)
    expert = expert_until(today() + timedelta(days=400), partner_a, staff)
    with pytest.raises(ValidationError):
        services.expert_nominate(event=excursion, expert=expert, nominated_by=staff)


def test_an_expert_is_nominated_to_an_exam_once(exam, partner_a, staff):
    expert = expert_until(today() + timedelta(days=400), partner_a, staff)
    services.expert_nominate(event=exam, expert=expert, nominated_by=staff)
    with pytest.raises(ValidationError):
        services.expert_nominate(event=exam, expert=expert, nominated_by=staff)


def test_certificates_expiring_within_60_days_are_on_the_staff_dashboard(partner_a, staff, staff_client):
    soon = expert_until(today() + timedelta(days=59), partner_a, staff, number="Э-59")
    edge = expert_until(today() + timedelta(days=60), partner_a, staff, number="Э-60")
    expert_until(today() + timedelta(days=61), partner_a, staff, number="Э-61")
    expert_until(today() - timedelta(days=1), partner_a, staff, number="Э-old")
    response = staff_client.get(reverse("home"))
    assert response.context["expiring_certificates"] == [soon, edge]
    assert soon.contact.full_name in response.content.decode()


def test_the_dashboard_runs_as_many_queries_with_many_expiring_certificates(partner_a, staff, staff_client):
    expert_until(today() + timedelta(days=10), partner_a, staff)

    def add_rows():
        for number in range(20):
            expert_until(today() + timedelta(days=number + 1), partner_a, staff, number=f"Э-{number + 10}")

    assert_constant_queries(staff_client, reverse("home"), add_rows)


def test_the_expert_pages_are_staff_only(exam, partner_a, staff, employer_a, client):
    expert = expert_until(today() + timedelta(days=400), partner_a, staff)
    urls = [
        reverse("events:expert_list"),
        reverse("events:expert_edit", kwargs={"pk": expert.pk}),
        reverse("events:exam_experts", kwargs={"pk": exam.pk}),
    ]
    client.force_login(employer_a)
    assert [client.get(url).status_code for url in urls] == [404] * 3
    client.force_login(staff)
    assert [client.get(url).status_code for url in urls] == [200] * 3
    assert Expert.objects.count() == 1
