"""Event, contribution, council-member and expert forms choose partners and their people by typing
(issue 11): chosen values come back with their labels after bad input, forged ones are refused."""

import re

from django.urls import reverse

from events.models import Body, BodyKind, Event, Expert, Membership
from tests.factories import ContactFactory, PartnerFactory


def text_box(html, name):
    match = re.search(rf'<input type="text" id="id_{name}"[^>]*data-autocomplete-input>', html)
    assert match, f"no autocomplete text box for {name}"
    return match.group(0)


def test_bad_event_input_shows_the_site_and_the_partners_involved_again(staff_client, partner_a, partner_b):
    response = staff_client.post(
        reverse("events:event_create"),
        {"type": "excursion", "title": "", "place": "partner", "site_partner": partner_a.pk,
         "partners": [partner_a.pk, partner_b.pk], "starts_at": "2026-12-10T10:00", "ends_at": "2026-12-10T12:00"},
    )  # fmt: skip
    assert response.status_code == 200 and not Event.objects.exists()
    html = response.content.decode()
    assert f'value="{partner_a.display_name}"' in text_box(html, "site_partner")
    for partner in (partner_a, partner_b):  # the chosen partners are chips with their hidden inputs
        assert f'<input type="hidden" name="partners" value="{partner.pk}"><span>{partner.display_name}</span>' in html
    assert '<select name="partners"' not in html and '<select name="site_partner"' not in html


def test_a_forged_partner_of_an_event_is_refused(staff_client):
    for data in ({"site_partner": "999999"}, {"partners": ["abc"]}, {"partners": ["999999"]}):
        response = staff_client.post(
            reverse("events:event_create"),
            {"type": "excursion", "title": "Экскурсия", "place": "college", "starts_at": "2026-12-10T10:00", **data},
        )
        assert response.status_code == 200 and response.context["form"].errors


def test_the_contribution_partner_still_re_renders_the_form_on_a_choice(staff_client, partner_a):
    html = staff_client.get(reverse("events:contribution_create"), {"partner": partner_a.pk}).content.decode()
    assert f'value="{partner_a.display_name}"' in text_box(html, "partner")
    hidden = re.search(r'<input type="hidden" name="partner"[^>]*>', html).group(0)
    assert "hx-get=" in hidden and 'hx-trigger="change"' in hidden


def test_bad_expert_input_shows_the_chosen_employee_again(staff_client, partner_a):
    contact = ContactFactory(partner=partner_a, last_name="Громов")
    response = staff_client.post(reverse("events:expert_create"), {"contact": contact.pk, "competence": ""})
    assert response.status_code == 200 and not Expert.objects.exists()
    assert f'value="{contact.full_name} · {partner_a.display_name}"' in text_box(response.content.decode(), "contact")


def test_a_council_member_is_typed_and_an_inactive_contact_refused(staff_client):
    body = Body.objects.create(kind=BodyKind.EMPLOYERS_COUNCIL, name="Совет работодателей")
    gone = ContactFactory(partner=PartnerFactory(), is_active=False)
    url = reverse("events:membership_create", args=[body.pk])
    assert reverse("partners:contact_autocomplete") in staff_client.get(url).content.decode()
    response = staff_client.post(url, {"contact": gone.pk, "role": "member", "term_start": "2026-01-01"})
    assert response.status_code == 200 and "contact" in response.context["form"].errors
    assert not Membership.objects.exists()


def test_the_event_list_filters_by_a_typed_partner_not_a_list_of_all(staff_client, partner_a):
    from tests.monitoring.dashboard.factories import EventFactory

    EventFactory(site_partner=partner_a).partners.add(partner_a)
    html = staff_client.get(reverse("events:event_list"), {"partner": partner_a.pk}).content.decode()
    assert '<select name="partner"' not in html
    assert f'value="{partner_a.display_name}"' in text_box(html, "partner")
