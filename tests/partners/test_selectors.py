import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from partners.models import Partner
from partners.selectors import get_partner_for, partner_search, partners_visible_to
from tests.factories import PartnerFactory


def test_staff_see_every_partner(staff, partner_a, partner_b):
    assert set(partners_visible_to(staff)) == {partner_a, partner_b}


def test_employer_sees_only_own_organisation(employer_a, partner_a, partner_b):
    assert list(partners_visible_to(employer_a)) == [partner_a]


def test_anonymous_sees_nothing(partner_a):
    assert not partners_visible_to(AnonymousUser()).exists()


def test_employer_gets_404_for_another_organisation(employer_a, partner_a, partner_b):
    assert get_partner_for(employer_a, partner_a.pk) == partner_a
    with pytest.raises(Http404):
        get_partner_for(employer_a, partner_b.pk)
    with pytest.raises(Http404):
        get_partner_for(employer_a, 999_999)


def test_search_by_name_is_case_insensitive_in_russian(db):
    uralmash = PartnerFactory(name="АО «Уралмашзавод»")
    PartnerFactory(name="ООО «Сибэнергомонтаж»")
    assert list(partner_search(Partner.objects.all(), "УРАЛМАШ")) == [uralmash]
    assert list(partner_search(Partner.objects.all(), "уралмаш")) == [uralmash]
    assert list(partner_search(Partner.objects.all(), uralmash.inn)) == [uralmash]
