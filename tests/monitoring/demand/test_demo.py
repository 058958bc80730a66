"""Demo data of hiring demand."""

import pytest

from monitoring.demo import demand as demo
from monitoring.models import DemandDeclaration, DemandSource
from monitoring.selectors.demand import demand_vs_supply
from partnership_portal.demo import SCALES
from tests.factories import PartnerFactory, SpecialtyFactory

pytestmark = pytest.mark.django_db


def test_demo_seeds_partner_and_employment_centre_demand_once(staff):
    partners = PartnerFactory.create_batch(8)
    for n in range(5):
        SpecialtyFactory(code=f"1{n}.02.01", name=f"Специальность {n}")
    demo.seed(SCALES["small"], staff=staff)
    count = DemandDeclaration.objects.count()
    assert DemandDeclaration.objects.filter(partner=partners[0], source=DemandSource.PARTNER).count() == 5
    assert DemandDeclaration.objects.filter(source=DemandSource.EMPLOYMENT_CENTRE, partner=None).count() >= 6
    assert DemandDeclaration.objects.filter(source=DemandSource.OTHER).exclude(source_name="").count() == 1
    for declaration in DemandDeclaration.objects.all():
        declaration.full_clean()  # every row passes the model's own checks
    years = sorted(set(DemandDeclaration.objects.values_list("year", flat=True)))
    assert sum(row.demand for row in demand_vs_supply(years=years)) == sum(
        DemandDeclaration.objects.values_list("people", flat=True)
    )
    demo.seed(SCALES["small"], staff=staff)
    assert DemandDeclaration.objects.count() == count
