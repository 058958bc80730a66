"""The shared query blocks of partnership_portal.queries: counts in one query, the first rows
of a list chosen by their ids, with the total."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partners.models import Partner, PartnerStatus
from partnership_portal.queries import counts, first_rows, first_with_total
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
