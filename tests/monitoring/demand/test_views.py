"""Views of hiring demand: employers reach only their own organisation's declarations."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from monitoring.models import DemandDeclaration, DemandSource
from monitoring.services.demand import YEARS_AHEAD
from partners import card
from tests.factories import PartnerFactory, SpecialtyFactory, StudentFactory, StudyGroupFactory
from tests.helpers import assert_constant_queries, card_section, ru

from .factories import DemandDeclarationFactory

pytestmark = pytest.mark.django_db

LIST = reverse("monitoring:demand_list")
CREATE = reverse("monitoring:demand_create")
SUPPLY = reverse("monitoring:demand_supply")


@pytest.fixture
def specialty():
    return SpecialtyFactory(code="15.02.16", name="Технология машиностроения")


def form_data(specialty, **changes):
    return {"specialty": specialty.pk, "year": timezone.localdate().year + 1, "people": 4, "salary_from": "50000",
            "salary_to": "65000", "comment": "Операторы станков", **changes}  # fmt: skip


# --- Employers ---------------------------------------------------------------------------------


def test_employer_list_shows_only_own_organisation(client, employer_a, partner_a, partner_b, specialty):
    DemandDeclarationFactory(partner=partner_a, specialty=specialty, comment="Наша потребность")
    DemandDeclarationFactory(partner=partner_b, specialty=specialty, comment="Чужая потребность")
    DemandDeclarationFactory(partner=None, source=DemandSource.EMPLOYMENT_CENTRE, comment="Центр занятости")
    client.force_login(employer_a)
    response = client.get(LIST)
    assert [d.comment for d in response.context["page_obj"]] == ["Наша потребность"]
    assert "Чужая потребность" not in response.content.decode()


def test_employer_declares_for_own_organisation_whatever_the_post_says(client, employer_a, partner_b, specialty):
    client.force_login(employer_a)
    response = client.post(CREATE, form_data(specialty, partner=partner_b.pk, source=DemandSource.OTHER))
    assert response.status_code == 302
    declaration = DemandDeclaration.objects.get()
    assert (declaration.partner, declaration.source, declaration.people) == (
        employer_a.partner,
        DemandSource.PARTNER,
        4,
    )
    assert (declaration.salary_from, declaration.salary_to, declaration.created_by) == (50_000, 65_000, employer_a)


def test_bad_input_re_displays_the_form_with_what_was_typed(client, employer_a, specialty):
    client.force_login(employer_a)
    too_far = timezone.localdate().year + YEARS_AHEAD + 5
    response = client.post(CREATE, form_data(specialty, year=too_far, salary_from="80000", salary_to="60000",
                                             offer_number="12345"))  # fmt: skip
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"year", "salary_to", "offer_number"}
    assert form.errors["salary_to"] == [ru("The salary «to» cannot be less than the salary «from».")]
    assert 'value="80000"' in response.content.decode()
    assert 'value="Операторы станков"' not in response.content.decode()  # a textarea
    assert "Операторы станков" in response.content.decode()
    assert not DemandDeclaration.objects.exists()


@pytest.mark.parametrize("people", ["0", "-3", "abc", "100000000000"])
def test_nonsense_number_of_people_is_a_form_error_not_a_500(client, employer_a, specialty, people):
    client.force_login(employer_a)
    response = client.post(CREATE, form_data(specialty, people=people))
    assert response.status_code == 200
    assert "people" in response.context["form"].errors


def test_employer_edits_own_declaration(client, employer_a, partner_a, specialty):
    declaration = DemandDeclarationFactory(partner=partner_a, specialty=specialty, people=2)
    client.force_login(employer_a)
    response = client.post(reverse("monitoring:demand_edit", args=[declaration.pk]), form_data(specialty, people=9))
    assert response.status_code == 302
    declaration.refresh_from_db()
    assert (declaration.people, declaration.partner, declaration.source) == (9, partner_a, DemandSource.PARTNER)


def test_other_organisations_declaration_is_404_to_edit_and_delete(client, employer_b, partner_a, specialty):
    declaration = DemandDeclarationFactory(partner=partner_a, specialty=specialty, people=2)
    client.force_login(employer_b)
    assert client.get(reverse("monitoring:demand_edit", args=[declaration.pk])).status_code == 404
    assert (
        client.post(reverse("monitoring:demand_edit", args=[declaration.pk]), form_data(specialty)).status_code == 404
    )
    assert client.post(reverse("monitoring:demand_delete", args=[declaration.pk])).status_code == 404
    declaration.refresh_from_db()
    assert declaration.people == 2


def test_employer_withdraws_own_declaration(client, employer_a, partner_a):
    declaration = DemandDeclarationFactory(partner=partner_a)
    client.force_login(employer_a)
    response = client.post(reverse("monitoring:demand_delete", args=[declaration.pk]))
    assert response.status_code == 302
    assert not DemandDeclaration.objects.exists()


def test_employer_cannot_change_what_staff_recorded_about_it(client, employer_a, partner_a):
    recorded = DemandDeclarationFactory(partner=partner_a, source=DemandSource.EMPLOYMENT_CENTRE)
    client.force_login(employer_a)
    assert client.get(reverse("monitoring:demand_edit", args=[recorded.pk])).status_code == 403
    assert client.post(reverse("monitoring:demand_delete", args=[recorded.pk])).status_code == 403
    assert DemandDeclaration.objects.filter(pk=recorded.pk).exists()


def test_create_form_sent_twice_makes_one_declaration(client, employer_a, specialty):
    client.force_login(employer_a)
    assert 'name="submission_token"' in client.get(CREATE).content.decode()
    data = form_data(specialty, submission_token="6f1c2b1e-8d0a-4c44-9a57-0d1c2e3f4a5b")
    first = client.post(CREATE, data)
    second = client.post(CREATE, data)
    assert first.status_code == second.status_code == 302
    assert DemandDeclaration.objects.count() == 1


# --- Staff -------------------------------------------------------------------------------------


def test_staff_record_demand_from_another_source(staff_client, specialty):
    response = staff_client.post(
        CREATE, form_data(specialty, source=DemandSource.OTHER, source_name="Ярмарка вакансий", people=12)
    )
    assert response.status_code == 302
    declaration = DemandDeclaration.objects.get()
    assert (declaration.source, declaration.source_name, declaration.partner, declaration.people) == (
        DemandSource.OTHER,
        "Ярмарка вакансий",
        None,
        12,
    )


def test_staff_form_asks_the_partner_for_partner_source(staff_client, specialty):
    response = staff_client.post(CREATE, form_data(specialty, source=DemandSource.PARTNER))
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["partner"]


def test_staff_see_all_and_filter_by_source(staff_client, partner_a, partner_b, specialty):
    DemandDeclarationFactory(partner=partner_a, comment="А")
    DemandDeclarationFactory(partner=partner_b, comment="Б")
    DemandDeclarationFactory(partner=None, source=DemandSource.EMPLOYMENT_CENTRE, comment="Ц")
    everything = staff_client.get(LIST).context["page_obj"]
    assert sorted(d.comment for d in everything) == ["А", "Б", "Ц"]
    centre = staff_client.get(LIST, {"source": DemandSource.EMPLOYMENT_CENTRE}).context["page_obj"]
    assert [d.comment for d in centre] == ["Ц"]
    nonsense = staff_client.get(LIST, {"year": "abc", "specialty": "x", "source": "?"})
    assert nonsense.status_code == 200
    assert len(nonsense.context["page_obj"]) == 3


def test_staff_edit_and_delete_any(staff_client, partner_b, specialty):
    declaration = DemandDeclarationFactory(partner=partner_b, specialty=specialty)
    url = reverse("monitoring:demand_edit", args=[declaration.pk])
    response = staff_client.post(url, form_data(specialty, source=DemandSource.PARTNER, partner=partner_b.pk, people=7))
    assert response.status_code == 302
    declaration.refresh_from_db()
    assert declaration.people == 7
    staff_client.post(reverse("monitoring:demand_delete", args=[declaration.pk]))
    assert not DemandDeclaration.objects.exists()


def test_list_query_count_does_not_grow_with_rows(staff_client, client, employer_a, partner_a, specialty):
    DemandDeclarationFactory(partner=partner_a, specialty=specialty)

    def add_rows():
        for n in range(20):
            DemandDeclarationFactory(partner=PartnerFactory() if n % 2 else partner_a,
                                     specialty=SpecialtyFactory(code=f"{30 + n}.02.01"))  # fmt: skip

    assert_constant_queries(staff_client, LIST, add_rows)
    client.force_login(employer_a)
    assert_constant_queries(client, LIST, lambda: DemandDeclarationFactory.create_batch(5, partner=partner_a))


# --- Demand against supply ---------------------------------------------------------------------


def test_supply_page_shows_the_table_and_the_chart_data(staff_client, partner_a, specialty):
    year = timezone.localdate().year
    group = StudyGroupFactory(specialty=specialty, admission_year=year - 3, graduation_year=year + 1)
    StudentFactory.create_batch(3, group=group)
    DemandDeclarationFactory(partner=partner_a, specialty=specialty, year=year + 1, people=5)
    response = staff_client.get(SUPPLY, {"year_from": year, "year_to": year + 2})
    rows = response.context["rows"]
    assert [(row.year, row.demand, row.supply) for row in rows] == [(year + 1, 5, 3)]
    chart = json.loads(response.content.decode().split('id="demand-chart" type="application/json">')[1].split("<")[0])
    assert chart["labels"] == [str(year), str(year + 1), str(year + 2)]
    assert [dataset["data"] for dataset in chart["datasets"]] == [[0, 5, 0], [0, 3, 0]]
    assert 'data-testid="demand-supply-row"' in response.content.decode()
    assert f'name="year_to" min="1990" max="2100" value="{year + 2}"' in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"year_from": "abc"},
        {"year_from": "2030", "year_to": "2020"},
        {"year_from": "1", "year_to": "99999"},
        {"year_from": "2000", "year_to": "2099"},
        {"specialty": "nonsense"},
    ],  # fmt: skip
)
def test_supply_page_survives_bad_filters(staff_client, params):
    response = staff_client.get(SUPPLY, params)
    assert response.status_code == 200
    assert len(response.context["years"]) <= 15


def test_supply_page_query_count_does_not_grow(staff_client, partner_a, specialty):
    year = timezone.localdate().year
    DemandDeclarationFactory(partner=partner_a, specialty=specialty, year=year)

    def add_rows():
        for n in range(20):
            other = SpecialtyFactory(code=f"{40 + n}.02.02")
            DemandDeclarationFactory(partner=partner_a, specialty=other, year=year + n % 4)
            StudentFactory(group=StudyGroupFactory(specialty=other, admission_year=year - 2, graduation_year=year + 1))

    assert_constant_queries(staff_client, SUPPLY, add_rows)


# --- Partner card ------------------------------------------------------------------------------


def test_partner_card_lists_its_demand_for_staff(staff, employer_a, partner_a, partner_b, specialty):
    DemandDeclarationFactory(partner=partner_a, specialty=specialty, year=2030, people=4)
    DemandDeclarationFactory(partner=partner_a, specialty=specialty, year=2030, people=2)
    DemandDeclarationFactory(partner=partner_b, specialty=specialty, year=2030, people=9)
    demand = card.get_section("demand")
    section = card.build_section(demand, staff, partner_a)["section"]
    assert (section["count"], section["per_year"]) == (2, [(2030, 6)])
    assert card.build_section(demand, employer_a, partner_a) is None


def test_partner_page_renders_the_demand_section(staff_client, partner_a, specialty):
    DemandDeclarationFactory(partner=partner_a, specialty=specialty, people=4, comment="x")
    card = staff_client.get(reverse("partners:detail", args=[partner_a.pk])).content.decode()
    assert reverse("partners:card_section", args=[partner_a.pk, "demand"]) in card
    assert 'data-testid="partner-demand"' in card_section(staff_client, partner_a, "demand").content.decode()


def test_record_demand_from_the_partner_card_preselects_the_partner(staff_client, partner_a):
    form = staff_client.get(CREATE, {"partner": partner_a.pk}).context["form"]
    assert (form["partner"].value(), form["source"].value()) == (partner_a.pk, DemandSource.PARTNER)
    assert staff_client.get(CREATE, {"partner": "x"}).context["form"]["source"].value() == DemandSource.OTHER


def test_supply_export_holds_the_same_rows_as_the_page(staff_client, partner_a, specialty):
    import io

    from openpyxl import load_workbook

    year = timezone.localdate().year
    group = StudyGroupFactory(specialty=specialty, admission_year=year - 3, graduation_year=year + 1)
    StudentFactory.create_batch(2, group=group)
    DemandDeclarationFactory(partner=partner_a, specialty=specialty, year=year + 1, people=5)
    DemandDeclarationFactory(partner=partner_a, specialty=specialty, year=year + 2, people=1)
    params = {"year_from": year, "year_to": year + 2, "specialty": specialty.pk}
    page_rows = staff_client.get(SUPPLY, params).context["rows"]
    response = staff_client.get(reverse("monitoring:demand_supply_export"), params)
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    exported = [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert exported == [[r.specialty_label, r.year, r.demand, r.supply, r.gap] for r in page_rows]
    assert exported == [
        ["15.02.16 Технология машиностроения", year + 1, 5, 2, 3],
        ["15.02.16 Технология машиностроения", year + 2, 1, 0, 1],
    ]
