"""Contributions and joint financing: services, access, totals, the XLSX export, the partner
card section, the activity source and the query count of the list."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from contracts.models import Contract, ContractState, ContractType
from events.models import Contribution, ContributionKind, Programme
from events.selectors import contributions as selectors
from events.services import contributions as services
from partners import activity
from partners.models import Partner
from tests.contracts import contract_of, priced_details
from tests.factories import PartnerFactory, SpecialtyFactory
from tests.helpers import assert_constant_queries, card_section, ru

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def give(partner, staff, *, kind=ContributionKind.MONEY, value="1000.00", date=None, **fields):
    fields.setdefault("document", "Письмо № 1")
    if kind == ContributionKind.EQUIPMENT:
        fields.setdefault("inventory_number", "ОС-0001")
    return services.contribution_create(partner=partner, kind=kind, value=Decimal(value), date=date or today(),
                                        description=fields.pop("description", "Пожертвование"), created_by=staff,
                                        **fields)  # fmt: skip


# --- Services -------------------------------------------------------------------------------


def test_contribution_create_records_the_partners_activity(partner_a, staff):
    day = today() - dt.timedelta(days=10)
    contribution = give(partner_a, staff, value="250000.00", date=day)
    partner_a.refresh_from_db()
    assert contribution.created_by == staff
    assert partner_a.last_activity_on == day


def test_a_future_dated_contribution_moves_activity_only_to_today(partner_a, staff):
    give(partner_a, staff, date=today() + dt.timedelta(days=30))
    partner_a.refresh_from_db()
    assert partner_a.last_activity_on == today()


def test_equipment_needs_an_inventory_number(partner_a, staff):
    with pytest.raises(ValidationError) as error:
        give(partner_a, staff, kind=ContributionKind.EQUIPMENT, inventory_number="  ")
    assert error.value.message_dict == {"inventory_number": [ru("Equipment is recorded with its inventory number.")]}


def test_a_contribution_rests_on_a_contract_or_a_document(partner_a, staff):
    with pytest.raises(ValidationError) as error:
        give(partner_a, staff, document="")
    assert list(error.value.message_dict) == ["document"]
    assert not Contribution.objects.exists()


def test_the_contract_must_be_the_partners_own(partner_a, partner_b, staff):
    donation_of_b = contract_of(ContractType.SPONSORSHIP, partner_b, staff)
    with pytest.raises(ValidationError) as error:
        give(partner_a, staff, contract=donation_of_b, document="")
    assert error.value.message_dict == {"contract": [ru("Choose a contract of this partner.")]}
    donation_of_a = contract_of(ContractType.SPONSORSHIP, partner_a, staff)
    assert give(partner_a, staff, contract=donation_of_a, document="").contract == donation_of_a


def test_contribution_update_recomputes_activity_when_the_date_moves_back(partner_a, staff):
    contribution = give(partner_a, staff, date=today())
    services.contribution_update(contribution=contribution, date=today() - dt.timedelta(days=40))
    partner_a.refresh_from_db()
    assert partner_a.last_activity_on == today() - dt.timedelta(days=40)


def test_contributions_are_an_activity_source(partner_a, partner_b, staff):
    give(partner_a, staff, date=today() - dt.timedelta(days=100))
    give(partner_a, staff, date=today() - dt.timedelta(days=5))
    Contribution.objects.create(partner=partner_b, kind=ContributionKind.PRIZES, value=1, description="Позже",
                                date=today() + dt.timedelta(days=10))  # fmt: skip
    assert selectors.contributions_activity_source() == {partner_a.pk: today() - dt.timedelta(days=5)}
    assert selectors.contributions_activity_source([partner_b.pk]) == {}
    Partner.objects.update(last_activity_on=None)
    activity.refresh_activity()
    partner_a.refresh_from_db()
    assert partner_a.last_activity_on == today() - dt.timedelta(days=5)


# --- Access ---------------------------------------------------------------------------------


def test_employer_sees_only_its_organisations_contributions(client, partner_a, partner_b, employer_a, staff):
    give(partner_a, staff, description="Станок от А")
    give(partner_b, staff, description="Призы от Б")
    assert list(selectors.contributions_visible_to(employer_a).values_list("description", flat=True)) == ["Станок от А"]
    client.force_login(employer_a)
    page = client.get(reverse("events:contribution_list")).content.decode()
    assert "Станок от А" in page and "Призы от Б" not in page
    # Searching for the other organisation's gift finds nothing either.
    page = client.get(reverse("events:contribution_list"), {"q": "Призы"}).content.decode()
    assert "Призы от Б" not in page


def test_employer_of_b_gets_404_on_a_contribution_of_a(client, partner_a, employer_b, staff):
    contribution = give(partner_a, staff, description="Станок от А")
    with pytest.raises(Http404):
        selectors.get_contribution_for(employer_b, contribution.pk)
    client.force_login(employer_b)
    assert client.get(reverse("events:contribution_detail", args=[contribution.pk])).status_code == 404
    assert client.get(reverse("events:contribution_edit", args=[contribution.pk])).status_code == 404


def test_employer_a_reads_its_own_contribution(client, partner_a, employer_a, staff):
    contribution = give(partner_a, staff, value="250000.00", description="Станок от А")
    client.force_login(employer_a)
    page = client.get(reverse("events:contribution_detail", args=[contribution.pk])).content.decode()
    assert "Станок от А" in page and "250" in page
    assert reverse("events:contribution_edit", args=[contribution.pk]) not in page


# --- Views ----------------------------------------------------------------------------------


def test_staff_record_a_contribution_resting_on_the_partners_donation(client, partner_a, staff):
    donation = contract_of(ContractType.SPONSORSHIP, partner_a, staff)
    Contract.objects.filter(pk=donation.pk).update(state=ContractState.ACTIVE)
    client.force_login(staff)
    response = client.post(reverse("events:contribution_create"), {
        "partner": partner_a.pk, "kind": ContributionKind.MONEY, "value": "150000.00", "date": today().isoformat(),
        "description": "Пожертвование на ремонт мастерской", "contract": donation.pk,
    })  # fmt: skip
    contribution = Contribution.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("events:contribution_detail", args=[contribution.pk])
    assert (contribution.partner, contribution.contract, contribution.value) == (partner_a, donation, Decimal(150000))


def test_the_form_offers_only_the_chosen_partners_contracts(client, partner_a, partner_b, staff):
    own = contract_of(ContractType.SPONSORSHIP, partner_a, staff)
    other = contract_of(ContractType.SPONSORSHIP, partner_b, staff)
    Contract.objects.filter(pk__in=[own.pk, other.pk]).update(state=ContractState.ACTIVE)
    client.force_login(staff)
    response = client.get(reverse("events:contribution_create"), {"partner": partner_a.pk}, HTTP_HX_REQUEST="true")
    contract_choices = [choice for choice, _label in response.context["form"].fields["contract"].choices if choice]
    assert [choice.value for choice in contract_choices] == [own.pk]
    # A forged post of the other partner's contract is refused on the field.
    response = client.post(reverse("events:contribution_create"), {
        "partner": partner_a.pk, "kind": ContributionKind.MONEY, "value": "1.00", "date": today().isoformat(),
        "description": "Подлог", "contract": other.pk,
    })  # fmt: skip
    assert response.status_code == 200 and "contract" in response.context["form"].errors
    assert not Contribution.objects.exists()


def test_equipment_without_inventory_number_is_refused_on_the_form(client, partner_a, staff):
    client.force_login(staff)
    response = client.post(reverse("events:contribution_create"), {
        "partner": partner_a.pk, "kind": ContributionKind.EQUIPMENT, "value": "100.00", "date": today().isoformat(),
        "description": "Станок", "document": "Акт № 5",
    })  # fmt: skip
    assert response.context["form"].errors == {
        "inventory_number": [ru("Equipment is recorded with its inventory number.")]
    }


def test_programme_share_covered(client, partner_a, partner_b, staff):
    programme = Programme.objects.create(name="Лаборатория ЧПУ", budget=Decimal("1000000.00"), start_year=2026,
                                         end_year=2028)  # fmt: skip
    give(partner_a, staff, value="250000.00", programme=programme)
    give(partner_b, staff, value="125000.50", programme=programme)
    give(partner_b, staff, value="999.00")  # not to the programme
    row = selectors.get_programme_for(staff, programme.pk)
    assert row.covered == Decimal("375000.50")
    assert selectors.share_covered(row.covered, row.budget) == Decimal("37.5")
    client.force_login(staff)
    page = client.get(reverse("events:programme_detail", args=[programme.pk])).content.decode()
    assert 'value="37.5" max="100"' in page
    page = client.get(reverse("events:programme_list")).content.decode()
    assert "<progress" in page and "37,5%" in page


def test_partner_card_shows_the_contributions_section(client, partner_a, staff):
    give(partner_a, staff, value="1000.00", description="Заготовки")
    give(partner_a, staff, kind=ContributionKind.EQUIPMENT, value="2500.00", description="Станок 16К20")
    client.force_login(staff)
    page = card_section(client, partner_a, "contributions").content.decode()
    assert ru("Contribution to the college's development") in page
    assert "Станок 16К20" in page and "Заготовки" in page
    assert "3 500,00" in page.replace("\xa0", " ")


# --- Totals and export ----------------------------------------------------------------------


@pytest.fixture
def ledger(partner_a, partner_b, staff):
    """Contributions over two years and the contracts of the extrabudgetary income."""
    lathe, welding = SpecialtyFactory(code="15.02.16"), SpecialtyFactory(code="15.02.19")
    programme = Programme.objects.create(name="Сварка", specialty=welding, budget=1_000_000, start_year=2024,
                                         end_year=2026)  # fmt: skip
    this, last = today().year, today().year - 1
    give(partner_a, staff, value="100000.00", date=dt.date(last, 3, 1), specialty=lathe)
    give(partner_a, staff, kind=ContributionKind.EQUIPMENT, value="300000.00", date=dt.date(last, 6, 1))
    give(partner_a, staff, value="50000.00", date=dt.date(this, 1, 10), programme=programme)
    give(partner_b, staff, kind=ContributionKind.PRIZES, value="20000.00", date=dt.date(this, 1, 5), specialty=lathe)
    income = {}
    for contract_type, state, direction, amount in [
        (ContractType.CONSULTING, ContractState.ACTIVE, "college_performs", "100000.00"),
        (ContractType.RESEARCH, ContractState.SIGNED, "college_performs", "700000.00"),
        (ContractType.CONTRACT_WORK, ContractState.EXPIRED, "college_performs", "80000.00"),
        (ContractType.CONTRACT_WORK, ContractState.ACTIVE, "partner_performs", "95000.00"),  # the college pays
        (ContractType.CONSULTING, ContractState.DRAFT, "college_performs", "1.00"),
        (ContractType.CONSULTING, ContractState.AWAITING_SIGNATURES, "college_performs", "2.00"),
        (ContractType.CONSULTING, ContractState.TERMINATED, "college_performs", "3.00"),
    ]:
        details = {**priced_details(contract_type), "direction": direction}
        contract = contract_of(contract_type, partner_a, staff, amount=amount, details=details)
        Contract.objects.filter(pk=contract.pk).update(state=state)
        income[contract_type, state, direction] = contract
    return {"this": this, "last": last, "programme": programme}


def test_yearly_totals_per_partner_kind_and_specialty(ledger, partner_a, partner_b, staff):
    totals = selectors.contribution_totals(staff)
    this, last = ledger["this"], ledger["last"]
    assert totals["years"] == [last, this]
    d = Decimal
    assert totals["by_partner"].rows == [
        (partner_a.display_name, [d("400000.00"), d("50000.00")], d("450000.00")),
        (partner_b.display_name, [None, d("20000.00")], d("20000.00")),
    ]
    assert totals["by_partner"].totals == [d("400000.00"), d("70000.00")]
    assert totals["by_partner"].total == d("470000.00")
    assert totals["by_kind"].rows == [  # largest first
        (str(ContributionKind.EQUIPMENT.label), [d("300000.00"), None], d("300000.00")),
        (str(ContributionKind.MONEY.label), [d("100000.00"), d("50000.00")], d("150000.00")),
        (str(ContributionKind.PRIZES.label), [None, d("20000.00")], d("20000.00")),
    ]
    # The programme's specialty counts for the contribution that names none.
    by_specialty = {label.split(" ")[0]: (cells, total) for label, cells, total in totals["by_specialty"].rows}
    assert by_specialty["15.02.16"] == ([d("100000.00"), d("20000.00")], d("120000.00"))
    assert by_specialty["15.02.19"] == ([None, d("50000.00")], d("50000.00"))
    assert totals["by_specialty"].total == d("470000.00")
    # Income: concluded contracts the college performs; the drafts, unsigned and terminated, and
    # the work a partner performs for the college, are not income.
    income = {str(label): total for label, _cells, total in totals["income"].rows}
    assert income == {
        str(ContractType.RESEARCH.label): d("700000.00"),
        str(ContractType.CONSULTING.label): d("100000.00"),
        str(ContractType.CONTRACT_WORK.label): d("80000.00"),
    }
    assert totals["income"].total == d("880000.00")


def test_the_totals_list_the_largest_partners_and_sum_the_rest(partner_a, partner_b, staff):
    give(partner_a, staff, value="300.00")
    give(partner_b, staff, value="200.00")
    give(PartnerFactory(), staff, value="100.00")
    give(PartnerFactory(), staff, value="50.00")
    table = selectors.contribution_totals(staff, limit=2)["by_partner"]
    assert [total for _label, _cells, total in table.rows] == [Decimal(300), Decimal(200), Decimal(150)]
    assert table.rows[-1][0] == ru("Other partners (%(count)d)", count=2)


def test_totals_page_draws_the_chart_from_json(client, ledger, staff):
    client.force_login(staff)
    response = client.get(reverse("events:contribution_totals"))
    page = response.content.decode()
    assert 'id="kind-chart"' in page and "js/stacked-chart.js" in page and "<script>" not in page
    chart = response.context["chart"]
    assert chart["labels"] == [str(ledger["last"]), str(ledger["this"])]
    assert {"label": str(ContributionKind.EQUIPMENT.label), "data": [300000.0, 0.0]} in chart["datasets"]


def test_the_totals_export_reads_back_with_formula_text_neutralised(client, ledger, partner_a, staff):
    give(partner_a, staff, value="10.00", description='=HYPERLINK("http://evil.example","x")', document="@SUM(A1)",
         date=dt.date(ledger["this"], 2, 1))  # fmt: skip
    give(partner_a, staff, value="20.00", description="+7 343 000", document="-1", date=dt.date(ledger["this"], 2, 2))
    client.force_login(staff)
    response = client.get(reverse("events:contribution_totals_export"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [ru("By partner"), ru("By kind"), ru("By specialty"), ru("Extrabudgetary income"),
                                   ru("Contributions")]  # fmt: skip
    by_partner = list(workbook[ru("By partner")].iter_rows(values_only=True))
    assert by_partner[0] == (ru("Partner"), ledger["last"], ledger["this"], ru("Total"))
    assert by_partner[1] == (partner_a.display_name, 400000, 50030, 450030)
    assert by_partner[-1] == (ru("Total"), 400000, 70030, 470030)
    income = list(workbook[ru("Extrabudgetary income")].iter_rows(values_only=True))
    assert income[-1][-1] == 880000
    sheet = workbook[ru("Contributions")]
    cells = {cell.value: cell for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)}
    for text in ('=HYPERLINK("http://evil.example","x")', "@SUM(A1)", "+7 343 000", "-1"):
        assert text not in cells, text
        assert cells["'" + text].data_type == "s", text  # text with the apostrophe, never a formula
    values = [row[4] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert values[-2:] == [10, 20]  # amounts stay numbers
    assert all(isinstance(value, int | float) for value in values)


# --- Query counts ---------------------------------------------------------------------------


def _more_contributions(partners, staff, count=20):
    def add():
        specialty = SpecialtyFactory()
        programme = Programme.objects.create(name="П", budget=1, start_year=2026, end_year=2026)
        donation = contract_of(ContractType.SPONSORSHIP, partners[0], staff)
        for index in range(count):
            give(partners[index % len(partners)], staff, specialty=specialty, programme=programme,
                 contract=None if index % 2 else donation, document="Письмо" if index % 2 else "")  # fmt: skip

    return add


def test_contribution_list_runs_constant_queries_for_staff(client, partner_a, partner_b, staff):
    give(partner_a, staff)
    client.force_login(staff)
    assert_constant_queries(
        client, reverse("events:contribution_list"), _more_contributions([partner_a, partner_b], staff)
    )


def test_contribution_list_runs_constant_queries_for_an_employer(client, partner_a, employer_a, staff):
    give(partner_a, staff)
    client.force_login(employer_a)
    assert_constant_queries(client, reverse("events:contribution_list"), _more_contributions([partner_a], staff))
