"""The partner register's pages: list, card, forms, employer profile, invitations, follow-ups."""

import re
from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from partners.models import ChangeRequest, Contact, Interaction, Invitation, Partner, PartnerStatus
from partnership_portal.validators import inn_with_check_digits
from tests.factories import ContactFactory, PartnerFactory, SpecialtyFactory
from tests.helpers import assert_constant_queries, ru

NEW_INN = inn_with_check_digits("665800001")


def partner_post(**overrides):
    data = {
        "name": "Акционерное общество «Уралхиммаш»",
        "short_name": "АО «Уралхиммаш»",
        "type": "base",
        "status": "active",
        "inn": NEW_INN,
        "legal_address": "620010, г. Екатеринбург, Хибиногорский пер., д. 33",
        "phone": "+7 343 221-00-00",
        "email": "info@uhm.example",
    }
    return {**data, **overrides}


def test_partner_list_shows_partners_and_paginates(staff_client, settings):
    settings.PAGINATE_BY = 10
    PartnerFactory.create_batch(25)
    first = staff_client.get(reverse("partners:list"))
    assert len(first.context["page_obj"].object_list) == 10
    third = staff_client.get(reverse("partners:list"), {"page": 3})
    assert len(third.context["page_obj"].object_list) == 5
    assert "Показаны 21–25 из 25" in third.content.decode()
    # A page number out of range shows the last page instead of an error.
    assert staff_client.get(reverse("partners:list"), {"page": 99}).context["page_obj"].number == 3


def test_partner_list_keeps_the_filters_in_the_form_and_pages(staff_client, settings):
    settings.PAGINATE_BY = 2
    PartnerFactory.create_batch(3, name="Завод", status=PartnerStatus.ACTIVE)
    response = staff_client.get(reverse("partners:list"), {"q": "завод", "status": "active"})
    html = response.content.decode()
    assert 'value="завод"' in html
    assert '<option value="active" selected>' in html
    assert "q=%D0%B7%D0%B0%D0%B2%D0%BE%D0%B4&amp;status=active&amp;page=2" in html


def test_bad_filter_values_are_ignored_not_an_error(staff_client, partner_a):
    response = staff_client.get(
        reverse("partners:list"), {"status": "nonsense", "specialty": "x", "sort": "drop table"}
    )
    assert response.status_code == 200
    assert list(response.context["page_obj"]) == [partner_a]


def test_partner_list_query_count_is_the_same_for_5_and_50_partners(staff_client):
    specialty = SpecialtyFactory(code="15.02.16")

    def add(count):
        for partner in PartnerFactory.create_batch(count):
            partner.specialties.add(specialty)
            ContactFactory(partner=partner)

    add(5)
    assert_constant_queries(staff_client, reverse("partners:list"), lambda: add(45))


def test_staff_create_a_partner(staff_client, staff):
    response = staff_client.post(reverse("partners:create"), partner_post())
    partner = Partner.objects.get(inn=NEW_INN)
    assert response["Location"] == reverse("partners:detail", args=[partner.pk])
    assert partner.short_name == "АО «Уралхиммаш»" and partner.phone == "+7 343 221-00-00"
    assert "уралхиммаш" in partner.search_text
    assert partner.history.first().history_user == staff


def test_wrong_inn_shows_a_russian_error_and_keeps_every_field(staff_client):
    response = staff_client.post(reverse("partners:create"), partner_post(inn="6658000011"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Неверная контрольная цифра ИНН" in html
    for value in (
        "Акционерное общество «Уралхиммаш»",
        "620010, г. Екатеринбург, Хибиногорский пер., д. 33",
        "+7 343 221-00-00",
    ):
        assert f'value="{value}"' in html
    assert not Partner.objects.exists()


def test_an_existing_inn_points_to_the_existing_partner(staff_client, partner_a):
    response = staff_client.post(reverse("partners:create"), partner_post(inn=partner_a.inn))
    html = response.content.decode()
    assert response.context["existing_partner"] == partner_a
    assert reverse("partners:detail", args=[partner_a.pk]) in html
    assert Partner.objects.count() == 1


def test_a_teacher_reads_the_register_but_cannot_change_it(client, teacher, partner_a):
    client.force_login(teacher)
    assert client.get(reverse("partners:detail", args=[partner_a.pk])).status_code == 200
    assert client.get(reverse("partners:create")).status_code == 403
    assert client.post(reverse("partners:edit", args=[partner_a.pk]), partner_post()).status_code == 403
    assert client.get(reverse("partners:interaction_create", args=[partner_a.pk])).status_code == 200


def test_card_shows_contacts_interactions_and_the_quiet_warning(staff_client, staff, partner_a):
    Partner.objects.filter(pk=partner_a.pk).update(last_activity_on=timezone.localdate() - timezone.timedelta(days=365))
    ContactFactory(partner=partner_a, last_name="Волков", is_signatory=True, authority_basis="Устава")
    Interaction.objects.create(
        partner=partner_a,
        author=staff,
        summary="Экскурсия на производство",
        date=timezone.localdate() - timezone.timedelta(days=365),
    )
    html = staff_client.get(reverse("partners:detail", args=[partner_a.pk])).content.decode()
    assert "Волков" in html and "Устава" in html
    assert "Экскурсия на производство" in html
    assert "alert-warning" in html


def test_export_keeps_the_filters(staff_client):
    PartnerFactory(name="Активный", status=PartnerStatus.ACTIVE)
    PartnerFactory(name="Завершённый", status=PartnerStatus.ENDED)
    response = staff_client.get(reverse("partners:export", args=["csv"]), {"status": "ended"})
    text = response.content.decode("utf-8-sig")
    assert response["Content-Disposition"].startswith('attachment; filename="partners-')
    assert "Завершённый" in text and "Активный" not in text
    assert staff_client.get(reverse("partners:export", args=["pdf"])).status_code == 404


def test_interaction_with_a_follow_up_needs_an_owner_and_keeps_the_input(staff_client, partner_a):
    response = staff_client.post(
        reverse("partners:interaction_create", args=[partner_a.pk]),
        {
            "kind": "call",
            "date": timezone.localdate().isoformat(),
            "summary": "Обсудили практику",
            "follow_up": "Отправить договор",
            "follow_up_due": (timezone.localdate() + timedelta(days=10)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"follow_up_owner": [ru("A follow-up with a due date needs an owner.")]}
    assert "Обсудили практику" in response.content.decode()
    assert not Interaction.objects.exists()


def test_interaction_moves_the_last_activity_and_shows_in_my_follow_ups(staff_client, staff, partner_a):
    due = timezone.localdate() + timezone.timedelta(days=2)
    staff_client.post(
        reverse("partners:interaction_create", args=[partner_a.pk]),
        {"kind": "meeting", "date": timezone.localdate().isoformat(), "summary": "Встреча с директором",
         "follow_up": "Отправить проект договора", "follow_up_due": due.isoformat(), "follow_up_owner": staff.pk},
    )  # fmt: skip
    partner_a.refresh_from_db()
    assert partner_a.last_activity_on == timezone.localdate()
    home = staff_client.get(reverse("home"))
    assert [i.follow_up for i in home.context["follow_ups"]] == ["Отправить проект договора"]
    interaction = Interaction.objects.get()
    staff_client.post(reverse("partners:follow_up_done", args=[interaction.pk]))
    assert staff_client.get(reverse("home")).context["follow_ups"] == []


def test_employer_edits_the_profile_but_requisites_go_through_a_request(employer_a_client, partner_a):
    employer_a_client.post(
        reverse("partners:profile"),
        {
            "phone": "+7 343 000-11-22",
            "email": "hr@uralmash.example",
            "website": "uralmash.ru",
            "description": "Завод заводов",
        },
    )
    partner_a.refresh_from_db()
    assert partner_a.phone == "+7 343 000-11-22" and partner_a.website == "https://uralmash.ru"
    old_name = partner_a.name
    values = {
        field: getattr(partner_a, field)
        for field in ("name", "short_name", "inn", "ogrn", "kpp", "legal_address", "actual_address", "bank_details")
    }
    response = employer_a_client.post(
        reverse("partners:requisites_request"), {**values, "name": "ПАО «Уралмашзавод»", "comment": "Смена формы"}
    )
    assert response["Location"] == reverse("partners:profile")
    partner_a.refresh_from_db()
    assert partner_a.name == old_name
    request = ChangeRequest.objects.get()
    assert request.changes == {"name": {"old": old_name, "new": "ПАО «Уралмашзавод»"}}


def test_staff_approve_a_change_request(staff_client, employer_a, partner_a):
    from partners import services

    request = services.change_request_submit(
        partner=partner_a,
        requested_by=employer_a,
        values={"legal_address": "620012, г. Екатеринбург, пл. Первой пятилетки"},
    )
    staff_client.post(reverse("partners:change_request_detail", args=[request.pk]), {"decision": "approve"})
    partner_a.refresh_from_db()
    assert partner_a.legal_address == "620012, г. Екатеринбург, пл. Первой пятилетки"
    request.refresh_from_db()
    assert request.status == "approved"


def test_rejecting_without_a_comment_is_refused_with_a_message(staff_client, employer_a, partner_a):
    from partners import services

    request = services.change_request_submit(partner=partner_a, requested_by=employer_a, values={"short_name": "УЗТМ"})
    response = staff_client.post(
        reverse("partners:change_request_detail", args=[request.pk]), {"decision": "reject", "decision_comment": ""}
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "decision_comment": [ru("Say why the request is rejected: the employer will see it.")]
    }
    request.refresh_from_db()
    assert request.status == "pending"


def test_employer_invites_a_colleague_of_their_own_organisation(
    employer_a_client, partner_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = employer_a_client.post(
            reverse("partners:colleague_invite"),
            {
                "last_name": "Петров",
                "first_name": "Игорь",
                "email": "petrov@uralmash.example",
                "roles": ["thesis_reviewer"],
            },
        )
    assert response.status_code == 302
    contact = Contact.objects.get(email="petrov@uralmash.example")
    assert contact.partner == partner_a and contact.is_thesis_reviewer
    assert Invitation.objects.get().contact == contact
    assert mail.outbox[0].to == ["petrov@uralmash.example"]
    assert re.search(r"/partners/invitation/\S+/", mail.outbox[0].body)


def test_employer_cannot_touch_another_organisations_contacts(employer_a_client, partner_b):
    foreign = ContactFactory(partner=partner_b)
    assert employer_a_client.get(reverse("partners:contact_edit", args=[foreign.pk])).status_code == 404
    assert employer_a_client.post(reverse("partners:contact_invite", args=[foreign.pk])).status_code == 404
    assert not Invitation.objects.exists()


def test_invitation_link_sets_a_password_and_logs_in(client, staff, partner_a, django_capture_on_commit_callbacks):
    from partners import services

    contact = ContactFactory(partner=partner_a, email="new@uralmash.example")
    invitation = services.invitation_send(contact=contact, invited_by=staff)
    url = reverse("partners:invitation_accept", args=[services.invitation_token(invitation)])
    weak = client.post(url, {"password1": "12345", "password2": "12345"})
    assert weak.status_code == 200 and weak.context["form"].errors
    response = client.post(url, {"password1": "Zavod-Uralmash-1933", "password2": "Zavod-Uralmash-1933"})
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).context["organisation"] == partner_a
    # The link is single-use.
    assert client.get(url).status_code == 410


def test_a_forged_invitation_link_is_refused(client, db):
    response = client.get(reverse("partners:invitation_accept", args=["not-a-real-token"]))
    assert response.status_code == 410
    assert "недействительна" in response.content.decode()


def test_deactivated_employer_is_logged_out(client, staff, employer_a):
    client.force_login(employer_a)
    assert client.get(reverse("partners:profile")).status_code == 200
    staff_client = client.__class__()
    staff_client.force_login(staff)
    staff_client.post(reverse("partners:account_deactivate", args=[employer_a.pk]))
    response = client.get(reverse("partners:profile"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
