"""Loose validation (issue 13, finding 8): dates in plausible years, interactions not in the
future, bounded internship hours, and names without control or bidi characters."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from partners import services as partner_services
from partners.models import Interaction
from practice.models import TeacherInternship
from tests.factories import PartnerFactory, TeacherFactory
from tests.helpers import ru

RLO, LRM = "\u202e", "\u200e"


def test_an_interaction_dated_31_12_9999_is_refused(staff_client, partner_a):
    response = staff_client.post(
        reverse("partners:interaction_create", args=[partner_a.pk]),
        {"kind": "call", "date": "9999-12-31", "summary": "Обсудили практику"},
    )

    assert response.status_code == 200
    errors = response.context["form"].errors["date"]
    assert ru("Enter a date between %(earliest)s and %(latest)s.", earliest=1990, latest=2100) in errors
    assert ru("This date is in the future.") in errors
    assert not Interaction.objects.exists()


def test_an_interaction_tomorrow_is_refused_and_today_is_accepted(staff_client, partner_a):
    url = reverse("partners:interaction_create", args=[partner_a.pk])
    today = timezone.localdate()
    tomorrow = {"kind": "call", "date": (today + timedelta(days=1)).isoformat(), "summary": "Звонок"}
    assert staff_client.post(url, tomorrow).context["form"].errors == {"date": [ru("This date is in the future.")]}

    assert staff_client.post(url, {**tomorrow, "date": today.isoformat()}).status_code == 302
    assert Interaction.objects.get().date == today


def internship(**overrides):
    today = timezone.localdate()
    data = {
        "teacher": TeacherFactory().pk,
        "partner": PartnerFactory().pk,
        "start_date": (today - timedelta(days=30)).isoformat(),
        "end_date": (today - timedelta(days=16)).isoformat(),
        "hours": 72,
        "topic": "Освоение обрабатывающих центров с ЧПУ",
    }
    return {**data, **overrides}


def test_internship_hours_of_99_999_999_999_or_over_2000_are_refused(staff_client):
    url = reverse("practice:internship_create")
    for hours in (99_999_999_999, 2001):
        response = staff_client.post(url, internship(hours=hours))
        assert response.status_code == 200, hours
        assert "hours" in response.context["form"].errors, hours
    assert (
        ru("Ensure this value is less than or equal to %(limit_value)s.", limit_value=2000)
        in (response.context["form"].errors["hours"])
    )
    assert not TeacherInternship.objects.exists()


def test_an_internship_in_the_year_0001_is_refused(staff_client):
    response = staff_client.post(reverse("practice:internship_create"), internship(start_date="0001-01-01"))
    assert response.context["form"].errors["start_date"] == [
        ru("Enter a date between %(earliest)s and %(latest)s.", earliest=1990, latest=2100)
    ]


def test_a_name_with_rlo_and_cr_lf_is_stored_clean(staff):
    partner = partner_services.partner_create(
        created_by=staff, name=f"ООО «{RLO}Ромашка»\r\nДоп.\tстрока{LRM}", inn="7707083893"
    )
    contact = partner_services.contact_create(
        partner=partner, created_by=staff, last_name=f"{RLO}Иванов\r\n", first_name="Иван\x00", middle_name="\u2066Ив"
    )

    partner.refresh_from_db()
    contact.refresh_from_db()
    assert partner.name == "ООО «Ромашка» Доп. строка"
    assert (contact.last_name, contact.first_name, contact.middle_name) == ("Иванов", "Иван", "Ив")
    partner_services.partner_update(partner=partner, updated_by=staff, short_name=f"Ромашка{RLO}\n")
    partner.refresh_from_db()
    assert partner.short_name == "Ромашка"
