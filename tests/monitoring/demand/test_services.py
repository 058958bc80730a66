"""Services and rules of hiring demand."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from monitoring.models import DemandDeclaration, DemandSource
from monitoring.permissions.demand import can_declare_demand, can_edit_declaration, can_manage_demand
from monitoring.services import demand as services
from tests.factories import SpecialtyFactory

from .factories import DemandDeclarationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def specialty():
    return SpecialtyFactory(code="15.02.16", name="Технология машиностроения")


def test_employer_declaration_is_saved_with_its_conditions(specialty, partner_a, employer_a):
    year = timezone.localdate().year + 1
    declaration = services.declaration_create(
        created_by=employer_a, partner=partner_a, source=DemandSource.PARTNER, specialty=specialty, year=year,
        people=5, salary_from=50_000, salary_to=70_000, housing=True, targeted_training=True,
        offer_number=" 123456 ", comment="  Операторы станков с ЧПУ  ",
    )  # fmt: skip
    declaration.refresh_from_db()
    assert (declaration.partner, declaration.year, declaration.people) == (partner_a, year, 5)
    assert (declaration.salary_from, declaration.salary_to, declaration.housing) == (50_000, 70_000, True)
    assert (declaration.offer_number, declaration.comment) == ("123456", "Операторы станков с ЧПУ")
    assert declaration.created_by == employer_a


def test_salary_to_below_salary_from_is_refused(specialty, partner_a, staff):
    with pytest.raises(ValidationError) as error:
        services.declaration_create(
            created_by=staff, partner=partner_a, source=DemandSource.PARTNER, specialty=specialty,
            year=timezone.localdate().year, people=1, salary_from=60_000, salary_to=40_000,
        )  # fmt: skip
    assert "__all__" in error.value.message_dict
    assert not DemandDeclaration.objects.exists()


def test_year_far_from_today_is_refused(specialty, staff):
    year = timezone.localdate().year + services.YEARS_AHEAD + 1
    with pytest.raises(ValidationError) as error:
        services.declaration_create(
            created_by=staff, source=DemandSource.EMPLOYMENT_CENTRE, specialty=specialty, year=year, people=1
        )
    assert list(error.value.message_dict) == ["year"]


def test_other_source_needs_its_name_and_partner_source_needs_the_partner(specialty, staff):
    year = timezone.localdate().year
    with pytest.raises(ValidationError):
        services.declaration_create(created_by=staff, source=DemandSource.OTHER, specialty=specialty, year=year,
                                    people=2)  # fmt: skip
    with pytest.raises(ValidationError):
        services.declaration_create(created_by=staff, source=DemandSource.PARTNER, specialty=specialty, year=year,
                                    people=2)  # fmt: skip
    named = services.declaration_create(created_by=staff, source=DemandSource.OTHER, source_name=" Ярмарка\tвакансий ",
                                        specialty=specialty, year=year, people=2)  # fmt: skip
    assert named.source_name == "Ярмарка вакансий"
    assert named.partner is None


def test_offer_number_is_dropped_without_targeted_training(specialty, partner_a, staff):
    declaration = DemandDeclarationFactory(specialty=specialty, partner=partner_a, targeted_training=True,
                                           offer_number="777")  # fmt: skip
    services.declaration_update(declaration=declaration, targeted_training=False)
    declaration.refresh_from_db()
    assert (declaration.targeted_training, declaration.offer_number) == (False, "")


def test_employment_centre_demand_needs_no_partner(specialty, staff):
    declaration = services.declaration_create(
        created_by=staff, source=DemandSource.EMPLOYMENT_CENTRE, specialty=specialty,
        year=timezone.localdate().year, people=3, employer_name="ООО «Вектор»",
    )  # fmt: skip
    assert declaration.employer_label == "ООО «Вектор»"


def test_delete_removes_the_declaration(partner_a):
    declaration = DemandDeclarationFactory(partner=partner_a)
    services.declaration_delete(declaration=declaration)
    assert not DemandDeclaration.objects.filter(pk=declaration.pk).exists()


def test_rules(staff, teacher, employer_a, employer_b, partner_a):
    own = DemandDeclarationFactory(partner=partner_a)
    recorded = DemandDeclarationFactory(partner=partner_a, source=DemandSource.EMPLOYMENT_CENTRE)
    assert can_manage_demand(staff) and can_manage_demand(teacher)
    assert not can_manage_demand(employer_a)
    assert can_declare_demand(employer_a) and can_declare_demand(staff)
    assert can_edit_declaration(employer_a, own)
    assert not can_edit_declaration(employer_b, own)
    assert not can_edit_declaration(employer_a, recorded)  # staff recorded it from another source
    assert can_edit_declaration(staff, recorded)
