"""The shared query blocks of partnership_portal.queries: counts in one query, the first rows
of a list chosen by their ids, with the total."""

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from partners.models import Partner, PartnerStatus
from partnership_portal.queries import Tally, counts, first_rows, first_with_total
from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db


def test_counts_of_several_querysets_in_one_query():
    PartnerFactory.create_batch(3, status=PartnerStatus.ACTIVE)
    PartnerFactory(status=PartnerStatus.DORMANT)
    with CaptureQueriesContext(connection) as captured:
        found = counts(
            active=Partner.objects.filter(status=PartnerStatus.ACTIVE),
            dormant=Partner.objects.filter(status=PartnerStatus.DORMANT),
            nothing=Partner.objects.none(),
            ended=Partner.objects.filter(status=PartnerStatus.ENDED),
        )
    assert found == {"active": 3, "dormant": 1, "nothing": 0, "ended": 0}
    assert len(captured) == 1
    assert counts() == {}


def test_the_first_rows_keep_the_order_and_come_with_the_total():
    for name in ["Вектор", "Альфа", "Гранит", "Базис", "Дельта"]:
        PartnerFactory(name=name, short_name="")
    ordered = Partner.objects.order_by("name")
    assert [p.name for p in first_rows(ordered, 3)] == ["Альфа", "Базис", "Вектор"]
    with CaptureQueriesContext(connection) as captured:
        rows, total = first_with_total(ordered.filter(name__gt="Б"), 2)
    assert ([p.name for p in rows], total) == (["Базис", "Вектор"], 4)
    assert len(captured) == 1
    assert first_with_total(Partner.objects.filter(name="нет такого").order_by("name"), 2) == ([], 0)


def test_a_tally_counts_one_queryset_under_several_conditions_in_the_same_query():
    PartnerFactory.create_batch(2, status=PartnerStatus.ACTIVE, short_name="")
    PartnerFactory(status=PartnerStatus.DORMANT, short_name="Краткое")
    partners = Partner.objects.all()
    with CaptureQueriesContext(connection) as captured:
        found = counts(
            total=partners,
            by=Tally(
                partners,
                active=Q(status=PartnerStatus.ACTIVE),
                dormant_short=Q(status=PartnerStatus.DORMANT) & ~Q(short_name=""),
                ended=Q(status=PartnerStatus.ENDED),
            ),
            empty=Tally(Partner.objects.filter(name="нет такого"), active=Q(status=PartnerStatus.ACTIVE)),
            none=Tally(Partner.objects.none(), active=Q(status=PartnerStatus.ACTIVE)),
        )
    assert found == {
        "total": 3,
        "by": {"active": 2, "dormant_short": 1, "ended": 0},
        "empty": {"active": 0},
        "none": {"active": 0},
    }
    assert len(captured) == 1
    assert counts(none=Tally(Partner.objects.none(), a=Q(pk=1), b=Q(pk=2))) == {"none": {"a": 0, "b": 0}}
