"""Practice forms choose partners, contacts, teachers and groups by typing (issue 11): a prefill
shows the chosen value's label, bad input shows it again, the contact chooser follows the chosen
organisation, and a forged value is refused, not a 500."""

import re

from django.urls import reverse

from partners.views.autocomplete import contact_label
from practice.models import Offer, Placement
from tests.factories import (
    ContactFactory,
    PartnerFactory,
    PracticePeriodFactory,
    SpecialtyFactory,
    StudentFactory,
    TeacherFactory,
)


def text_box(html, name):
    match = re.search(rf'<input type="text" id="id_{name}"[^>]*data-autocomplete-input>', html)
    assert match, f"no autocomplete text box for {name}"
    return match.group(0)


def test_an_offer_from_the_partner_card_shows_the_organisation_by_name(staff_client, partner_a):
    html = staff_client.get(reverse("practice:offer_create"), {"partner": partner_a.pk}).content.decode()
    assert f'value="{partner_a.display_name}"' in text_box(html, "partner")
    assert f'<input type="hidden" name="partner" value="{partner_a.pk}"' in html
    assert 'data-autocomplete-forward="partner"' in text_box(html, "contact")
    assert reverse("partners:contact_autocomplete") in html


def test_bad_offer_input_shows_the_chosen_organisation_and_contact_again(staff_client, partner_a):
    contact = ContactFactory(partner=partner_a, position="Мастер участка")
    response = staff_client.post(
        reverse("practice:offer_create"),
        {
            "partner": partner_a.pk,
            "contact": contact.pk,
            "title": "",
            "places": "2",
            "specialty": SpecialtyFactory().pk,
        },
    )
    assert response.status_code == 200 and not Offer.objects.exists()
    html = response.content.decode()
    assert f'value="{partner_a.display_name}"' in text_box(html, "partner")
    assert f'value="{contact_label(contact)}"' in text_box(html, "contact")


def test_a_contact_of_another_organisation_is_refused(staff_client, partner_a, partner_b):
    foreign = ContactFactory(partner=partner_b)
    response = staff_client.post(
        reverse("practice:offer_create"), {"partner": partner_a.pk, "contact": foreign.pk, "title": "Практика"}
    )
    assert response.status_code == 200 and "contact" in response.context["form"].errors


def test_the_employers_own_offer_form_keeps_the_list_of_their_people(employer_a_client, employer_a):
    html = employer_a_client.get(reverse("practice:offer_create")).content.decode()
    assert '<select name="contact"' in html and 'name="partner"' not in html


def test_a_new_placement_shows_the_periods_supervisor_by_name(staff_client):
    teacher = TeacherFactory(last_name="Николаева", first_name="Анна")
    period = PracticePeriodFactory(college_supervisor=teacher)
    StudentFactory(group=period.group)
    html = staff_client.get(reverse("practice:placement_create", args=[period.pk])).content.decode()
    assert f'value="{teacher.full_name}"' in text_box(html, "college_supervisor")
    assert 'data-autocomplete-forward="partner"' in text_box(html, "employer_supervisor")


def test_a_forged_partner_or_teacher_on_a_placement_is_refused(staff_client):
    period = PracticePeriodFactory()
    student = StudentFactory(group=period.group)
    for data in (
        {"partner": "999999"},
        {"partner": "abc"},
        {"partner": PartnerFactory().pk, "college_supervisor": "x"},
    ):
        response = staff_client.post(
            reverse("practice:placement_create", args=[period.pk]), {"student": student.pk, **data}
        )
        assert response.status_code == 200
        assert response.context["form"].errors
    assert not Placement.objects.exists()


def test_the_period_form_shows_the_chosen_group_and_teacher_by_name(staff_client):
    period = PracticePeriodFactory()
    html = staff_client.get(reverse("practice:period_edit", args=[period.pk])).content.decode()
    group = period.group
    assert f'value="{group.name} · {group.specialty.code}"' in text_box(html, "group")
    assert f'value="{period.college_supervisor.full_name}"' in text_box(html, "college_supervisor")


def test_the_internship_form_shows_the_teacher_and_partner_after_bad_input(staff_client, partner_a):
    teacher = TeacherFactory(last_name="Николаева")
    response = staff_client.post(
        reverse("practice:internship_create"),
        {"teacher": teacher.pk, "partner": partner_a.pk, "start_date": "2026-06-10", "end_date": "2026-06-01"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f'value="{teacher.full_name}"' in text_box(html, "teacher")
    assert f'value="{partner_a.display_name}"' in text_box(html, "partner")


def test_the_internship_list_filters_by_a_typed_teacher_not_a_list_of_all(staff_client):
    chosen = TeacherFactory(last_name="Николаева")
    TeacherFactory(last_name="Педагогов")
    html = staff_client.get(reverse("practice:internship_list"), {"teacher": chosen.pk}).content.decode()
    assert '<select name="teacher"' not in html
    assert f'value="{chosen.full_name}"' in text_box(html, "teacher")
    assert reverse("practice:teacher_autocomplete") in html
