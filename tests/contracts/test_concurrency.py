"""Contract numbers are consecutive and gapless per type and year, also when many are created at once."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from contracts import services
from contracts.models import Contract, ContractType
from tests.factories import PartnerFactory, StaffFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_twenty_contracts_created_at_once_get_twenty_consecutive_numbers():
    partner, staff = PartnerFactory(), StaffFactory()
    today = timezone.localdate()
    start = threading.Barrier(20)

    def create(_index):
        try:
            start.wait(timeout=30)  # all twenty threads ask for a number at the same moment
            contract = services.contract_create(
                type=ContractType.COOPERATION, partner=partner, created_by=staff,
                start_date=today, end_date=today + timedelta(days=365),
            )  # fmt: skip
            return contract.seq, contract.number
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(create, range(20)))
    seqs = sorted(seq for seq, _number in results)
    assert seqs == list(range(1, 21))
    assert len({number for _seq, number in results}) == 20
    assert {number for _seq, number in results} == {f"{n}/{today.year}-СП" for n in range(1, 21)}
    assert Contract.objects.count() == 20


def test_a_rolled_back_creation_gives_its_number_back():
    partner, staff = PartnerFactory(), StaffFactory()
    today = timezone.localdate()
    kwargs = {
        "type": ContractType.CONSULTING,
        "partner": partner,
        "created_by": staff,
        "start_date": today,
        "end_date": today,
    }
    first = services.contract_create(**kwargs)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.contract_create(**kwargs)
        raise RuntimeError("the form failed later")
    second = services.contract_create(**kwargs)
    assert (first.seq, second.seq) == (1, 2)


def test_numbers_restart_each_year_and_are_per_type():
    partner, staff = PartnerFactory(), StaffFactory()
    day = timezone.localdate()
    next_year = day.replace(year=day.year + 1, month=1, day=15)
    make = lambda contract_type, signed_on: services.contract_create(  # noqa: E731
        type=contract_type,
        partner=partner,
        created_by=staff,
        signed_on=signed_on,
        start_date=signed_on,
        end_date=signed_on,
    )
    assert make(ContractType.COOPERATION, day).number == f"1/{day.year}-СП"
    assert make(ContractType.COOPERATION, day).number == f"2/{day.year}-СП"
    assert make(ContractType.CONSULTING, day).number == f"1/{day.year}-КУ"
    assert make(ContractType.COOPERATION, next_year).number == f"1/{next_year.year}-СП"
