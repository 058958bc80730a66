import factory
from django.utils import timezone

from monitoring.models import DemandDeclaration, DemandSource
from tests.factories import PartnerFactory, SpecialtyFactory


class DemandDeclarationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DemandDeclaration

    specialty = factory.SubFactory(SpecialtyFactory, code="15.02.16", name="Технология машиностроения")
    year = factory.LazyFunction(lambda: timezone.localdate().year + 1)
    people = 3
    source = DemandSource.PARTNER
    partner = factory.SubFactory(PartnerFactory)
