"""Factories of employers' feedback (no hidden side effects: no letters, no decisions)."""

import factory

from monitoring.models import Competence, CompetenceRating, Requirement, RequirementKind
from practice.models import PlacementState
from tests.factories import PartnerFactory, PlacementFactory, SpecialtyFactory


class CompetenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Competence

    specialty = factory.SubFactory(SpecialtyFactory, code="15.02.16", name="Технология машиностроения")
    name = factory.Sequence(lambda n: f"Компетенция {n}")


class RequirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Requirement

    partner = factory.SubFactory(PartnerFactory)
    specialty = factory.SubFactory(SpecialtyFactory, code="15.02.16", name="Технология машиностроения")
    kind = RequirementKind.COMPETENCE
    text = factory.Sequence(lambda n: f"Требование {n}: настройка станков с ЧПУ")
    justification = "На участке механообработки работают станки с ЧПУ."


class RatedPlacementFactory(PlacementFactory):
    """A placement whose practice has begun, so its student can be rated."""

    state = PlacementState.IN_PROGRESS


class CompetenceRatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompetenceRating

    placement = factory.SubFactory(RatedPlacementFactory)
    competence = factory.SubFactory(CompetenceFactory)
    score = 4
