"""Who sees what in the partner register, and the list's search, filters and sorting."""

from datetime import datetime, time, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.utils import timezone

from partners import selectors, services
from partners.models import Partner, PartnerStatus, PartnerType, quiet_cutoff, quiet_partners_q
from partnership_portal.validators import inn_with_check_digits
from tests.factories import ContactFactory, InteractionFactory, PartnerFactory, SpecialtyFactory


def test_staff_see_every_partner(staff, partner_a, partner_b):
    assert set(selectors.partners_visible_to(staff)) == {partner_a, partner_b}


def test_employer_sees_only_own_organisation(employer_a, partner_a, partner_b):
    assert list(selectors.partners_visible_to(employer_a)) == [partner_a]


def test_anonymous_sees_nothing(partner_a):
    assert not selectors.partners_visible_to(AnonymousUser()).exists()


def test_employer_gets_404_for_another_organisation(employer_a, partner_a, partner_b):
    assert selectors.get_partner_for(employer_a, partner_a.pk) == partner_a
    with pytest.raises(Http404):
        selectors.get_partner_for(employer_a, partner_b.pk)
    with pytest.raises(Http404):
        selectors.get_partner_for(employer_a, 999_999)


def test_employer_sees_only_own_contacts_invitations_and_requests(staff, employer_a, partner_a, partner_b):
    own = ContactFactory(partner=partner_a)
    foreign = ContactFactory(partner=partner_b)
    foreign_invitation = services.invitation_send(contact=foreign, invited_by=staff)
    foreign_request = services.change_request_submit(partner=partner_b, requested_by=staff, values={"short_name": "Б"})
    assert own in selectors.contacts_visible_to(employer_a)
    assert foreign not in selectors.contacts_visible_to(employer_a)
    for getter, obj in [
        (selectors.get_contact_for, foreign),
        (selectors.get_invitation_for, foreign_invitation),
        (selectors.get_change_request_for, foreign_request),
        (selectors.get_employer_account_for, partner_b.users.first() or staff),
    ]:
        with pytest.raises(Http404):
            getter(employer_a, obj.pk)


def test_interaction_log_is_for_staff_only(staff, employer_a, partner_a):
    interaction = InteractionFactory(partner=partner_a, author=staff)
    assert list(selectors.interactions_visible_to(staff)) == [interaction]
    assert not selectors.interactions_visible_to(employer_a).exists()


def _names(queryset):
    return [partner.display_name for partner in queryset]


URALMASH_INN = inn_with_check_digits("667308131")


def test_search_is_case_insensitive_in_russian_and_finds_contacts(staff):
    uralmash = services.partner_create(created_by=staff, name="АО «Уралмашзавод»", inn=URALMASH_INN)
    services.contact_create(
        partner=uralmash, created_by=staff, last_name="Семёнова", first_name="Ольга", email="o.semenova@uzm.example"
    )
    PartnerFactory(name="ООО «Сибэнергомонтаж»")
    for query in ("УРАЛМАШ", "уралмаш", URALMASH_INN, "семёнова", "СЕМЕНОВА", "o.semenova@", "уралмаш семенова"):
        assert _names(selectors.partner_list(staff, query=query)) == ["АО «Уралмашзавод»"], query
    assert _names(selectors.partner_list(staff, query="уралмаш сибирь")) == []


def test_filters_by_type_status_specialty_and_quiet(staff):
    welding = SpecialtyFactory(code="22.02.06")
    today = timezone.localdate()
    base = PartnerFactory(name="База", type=PartnerType.BASE, status=PartnerStatus.ACTIVE, last_activity_on=today)
    base.specialties.add(welding)
    quiet = PartnerFactory(name="Тихий", type=PartnerType.EMPLOYER, last_activity_on=today - timedelta(days=400))
    PartnerFactory(
        name="Завершён",
        type=PartnerType.EMPLOYER,
        status=PartnerStatus.ENDED,
        last_activity_on=today - timedelta(days=400),
    )
    assert _names(selectors.partner_list(staff, types=[PartnerType.BASE])) == ["База"]
    assert _names(selectors.partner_list(staff, statuses=[PartnerStatus.ENDED])) == ["Завершён"]
    assert _names(selectors.partner_list(staff, specialty=welding)) == ["База"]
    # Ended partnerships are not "quiet": nobody needs to revive them.
    assert _names(selectors.partner_list(staff, quiet=True)) == [quiet.name]
    assert set(_names(selectors.partner_list(staff, quiet=False))) == {"База"}


def test_sorting_by_name_and_activity(staff):
    today = timezone.localdate()
    PartnerFactory(name="Бета", short_name="", last_activity_on=today)
    PartnerFactory(name="Акционерное общество «Гамма»", short_name="АО «Гамма»", last_activity_on=None)
    PartnerFactory(name="Альфа", last_activity_on=today - timedelta(days=10))
    assert _names(selectors.partner_list(staff, sort="name")) == ["АО «Гамма»", "Альфа", "Бета"]
    assert _names(selectors.partner_list(staff, sort="-activity")) == ["Бета", "Альфа", "АО «Гамма»"]
    assert _names(selectors.partner_list(staff, sort="activity")) == ["АО «Гамма»", "Альфа", "Бета"]


def test_partners_needing_attention_are_dormant_or_quiet_active(staff):
    today = timezone.localdate()
    dormant = PartnerFactory(status=PartnerStatus.DORMANT, last_activity_on=today - timedelta(days=30))
    quiet = PartnerFactory(status=PartnerStatus.ACTIVE, last_activity_on=today - timedelta(days=300))
    PartnerFactory(status=PartnerStatus.ACTIVE, last_activity_on=today)
    PartnerFactory(status=PartnerStatus.PROSPECT, last_activity_on=today - timedelta(days=300))
    assert list(selectors.partners_needing_attention(staff)) == [quiet, dormant]


def test_a_partner_never_active_is_quiet_from_the_local_day_it_was_created(staff):
    """Created late on the day before the cutoff (Moscow time, already the day before in UTC
    terms too) is quiet; created just after midnight of the cutoff day is not."""
    cutoff = quiet_cutoff()
    midnight = timezone.make_aware(datetime.combine(cutoff, time.min))
    before = PartnerFactory(status=PartnerStatus.ACTIVE, last_activity_on=None)
    after = PartnerFactory(status=PartnerStatus.ACTIVE, last_activity_on=None)
    Partner.objects.filter(pk=before.pk).update(created_at=midnight - timedelta(minutes=30))
    Partner.objects.filter(pk=after.pk).update(created_at=midnight + timedelta(minutes=30))
    assert list(selectors.partners_needing_attention(staff)) == [before]
    assert list(Partner.objects.filter(quiet_partners_q())) == [before]


def test_history_shows_who_changed_which_field(staff, partner_a):
    services.partner_update(partner=partner_a, updated_by=staff, phone="+7 343 111-11-11")
    contact = services.contact_create(partner=partner_a, created_by=staff, last_name="Иванов", first_name="Иван")
    services.contact_update(contact=contact, updated_by=staff, position="Мастер")
    entries = selectors.partner_history(Partner.objects.get(pk=partner_a.pk))
    changes = [(entry["subject"], change["new"]) for entry in entries for change in entry["changes"]]
    assert ("Партнёр", "+7 343 111-11-11") in changes
    assert ("Контактное лицо Иванов Иван", "Мастер") in changes
    assert all(entry["record"].history_user == staff for entry in entries if entry["changes"])
