"""Loose validation (issue 13, finding 8): dates in plausible years, interactions not in the
future, bounded internship hours, and names without control or bidi characters."""

import copy
import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from contracts.forms import BatchForm, ObligationForm
from contracts.models import Contract, ContractType
from events.forms.councils import DecisionForm, MembershipForm
from events.models import Event, EventType
from events.services import events as event_services
from partners import services as partner_services
from partners.models import Interaction
from partnership_portal.validators import MAX_AMOUNT, PlausibleInputMixin, bound_dates, validate_plausible_date
from practice.forms_placements import PlacementEditForm
from practice.models import TeacherInternship
from tests.contracts import contract_of, sent
from tests.factories import PartnerFactory, TeacherFactory
from tests.helpers import ru
from tests.test_idempotency import FAMILIES, personas  # noqa: F401 (the fixture ``people`` uses)

RLO, LRM = "\u202e", "\u200e"


def test_an_interaction_dated_31_12_9999_is_refused(staff_client, partner_a):
    response = staff_client.post(
        reverse("partners:interaction_create", args=[partner_a.pk]),
        {"kind": "call", "date": "9999-12-31", "summary": "Обсудили практику"},
    )

    assert response.status_code == 200
    errors = response.context["form"].errors["date"]
    assert ru("Enter a date between %(earliest)s and %(latest)s.", earliest=1990, latest=2100) in errors
    assert ru("This date is in the future.") in errors
    assert not Interaction.objects.exists()


def test_an_interaction_tomorrow_is_refused_and_today_is_accepted(staff_client, partner_a):
    url = reverse("partners:interaction_create", args=[partner_a.pk])
    today = timezone.localdate()
    tomorrow = {"kind": "call", "date": (today + timedelta(days=1)).isoformat(), "summary": "Звонок"}
    assert staff_client.post(url, tomorrow).context["form"].errors == {"date": [ru("This date is in the future.")]}

    assert staff_client.post(url, {**tomorrow, "date": today.isoformat()}).status_code == 302
    assert Interaction.objects.get().date == today


def internship(**overrides):
    today = timezone.localdate()
    data = {
        "teacher": TeacherFactory().pk,
        "partner": PartnerFactory().pk,
        "start_date": (today - timedelta(days=30)).isoformat(),
        "end_date": (today - timedelta(days=16)).isoformat(),
        "hours": 72,
        "topic": "Освоение обрабатывающих центров с ЧПУ",
    }
    return {**data, **overrides}


def test_internship_hours_of_99_999_999_999_or_over_2000_are_refused(staff_client):
    url = reverse("practice:internship_create")
    for hours in (99_999_999_999, 2001):
        response = staff_client.post(url, internship(hours=hours))
        assert response.status_code == 200, hours
        assert "hours" in response.context["form"].errors, hours
    assert (
        ru("Ensure this value is less than or equal to %(limit_value)s.", limit_value=2000)
        in (response.context["form"].errors["hours"])
    )
    assert not TeacherInternship.objects.exists()


def test_an_internship_in_the_year_0001_is_refused(staff_client):
    response = staff_client.post(reverse("practice:internship_create"), internship(start_date="0001-01-01"))
    assert response.context["form"].errors["start_date"] == [
        ru("Enter a date between %(earliest)s and %(latest)s.", earliest=1990, latest=2100)
    ]


def test_a_name_with_rlo_and_cr_lf_is_stored_clean(staff):
    partner = partner_services.partner_create(
        created_by=staff, name=f"ООО «{RLO}Ромашка»\r\nДоп.\tстрока{LRM}", inn="7707083893"
    )
    contact = partner_services.contact_create(
        partner=partner, created_by=staff, last_name=f"{RLO}Иванов\r\n", first_name="Иван\x00", middle_name="\u2066Ив"
    )

    partner.refresh_from_db()
    contact.refresh_from_db()
    assert partner.name == "ООО «Ромашка» Доп. строка"
    assert (contact.last_name, contact.first_name, contact.middle_name) == ("Иванов", "Иван", "Ив")
    partner_services.partner_update(partner=partner, updated_by=staff, short_name=f"Ромашка{RLO}\n")
    partner.refresh_from_db()
    assert partner.short_name == "Ромашка"


# --- Every other date input of the forms, money and counts (issue 13, findings 8, continued) ----


@pytest.fixture
def people(request):
    """The staff member and A's employer with their clients (``tests.test_idempotency.personas``)."""
    return request.getfixturevalue("personas")


PLAUSIBLE = ("Enter a date between %(earliest)s and %(latest)s.", {"earliest": 1990, "latest": 2100})

# (form family from tests/test_idempotency.py, field, an implausible value as the browser sends it)
IMPLAUSIBLE_DATES = [
    ("period", "start_date", "0001-01-01"),
    ("placement", "start_date", "9999-12-31"),
    ("thesis", "defence_date", "2101-01-01"),
    ("amendment", "end_date", "9999-12-31"),
    ("event", "ends_at", "9999-12-31T12:00"),
    ("proposal", "starts_at", "0001-01-01T00:00"),
    ("expert", "certificate_expires_on", "9999-12-31"),
    ("contribution", "date", "1989-12-31"),
    ("meeting", "date", "0001-01-01"),
]


@pytest.mark.parametrize(("family", "field", "value"), IMPLAUSIBLE_DATES)
def test_an_implausible_date_is_refused_on_its_field_and_the_input_comes_back(family, field, value, people):
    client, url, data, created = FAMILIES[family](people)
    before = created.count()

    response = client.post(url, {**data, field: value})

    assert response.status_code == 200
    assert ru(PLAUSIBLE[0], **PLAUSIBLE[1]) in response.context["form"].errors[field]
    assert f'value="{value}"' in response.content.decode()
    assert created.count() == before


def test_date_pickers_offer_only_plausible_dates(people):
    client, url, _data, _created = FAMILIES["event"](people)
    html = client.get(url).content.decode()
    assert re.search(r'name="starts_at"[^>]*min="1990-01-01T00:00"', html)
    client, url, _data, _created = FAMILIES["period"](people)
    assert re.search(r'name="start_date"[^>]*max="2100-12-31"', client.get(url).content.decode())


@pytest.mark.parametrize(
    ("form_class", "fields"),
    [
        (PlacementEditForm, ["start_date", "end_date"]),
        (BatchForm, ["start_date", "end_date"]),
        (ObligationForm, ["employed_on"]),
        (MembershipForm, ["term_start", "term_end"]),
        (DecisionForm, ["due_date"]),
    ],
)
def test_the_other_date_fields_carry_the_plausible_date_check(form_class, fields):
    """Forms whose pages need more setup: the check is on the field itself."""
    form = form_class.__new__(form_class)
    form.fields = {name: copy.deepcopy(form_class.base_fields[name]) for name in fields}
    bound_dates(form)
    for name in fields:
        assert validate_plausible_date in form.fields[name].validators, name
    assert issubclass(form_class, PlausibleInputMixin)


def test_a_signature_dated_1900_or_tomorrow_is_refused(staff_client, partner_a, staff):
    contract = sent(contract_of(ContractType.COOPERATION, partner_a, staff), staff)
    url = reverse("contracts:signature_create", args=[contract.pk])
    data = {"party": "college", "signer_name": "Смирнова О. В.", "kind": "paper"}

    old = staff_client.post(url, {**data, "signed_on": "1900-01-01"})
    tomorrow = staff_client.post(url, {**data, "signed_on": (timezone.localdate() + timedelta(days=1)).isoformat()})

    assert ru(PLAUSIBLE[0], **PLAUSIBLE[1]) in old.context["form"].errors["signed_on"]
    assert tomorrow.context["form"].errors["signed_on"] == [ru("The date of a signature cannot be in the future.")]
    assert not contract.signatures.exists()


def test_the_models_refuse_an_implausible_date_too(staff, partner_a):
    """Whatever the path (a form, an import, the admin), ``full_clean`` refuses the year 9999."""
    with pytest.raises(ValidationError) as error:
        event_services.event_create(
            created_by=staff, type=EventType.EXCURSION, title="Экскурсия", partners=[partner_a],
            starts_at=timezone.now(), ends_at=timezone.now().replace(year=9999, month=1, day=1),
        )  # fmt: skip
    assert "ends_at" in error.value.message_dict
    assert not Event.objects.exists()


# Amounts: at most 100 billion roubles, never negative, within the column's 14 digits.
TOO_MUCH = "100000000000.01"
LIMIT = ("Ensure this value is less than or equal to %(limit_value)s.", {"limit_value": MAX_AMOUNT})


@pytest.mark.parametrize(
    ("family", "field", "value"),
    [("programme", "budget", TOO_MUCH), ("contribution", "value", TOO_MUCH), ("contribution", "value", "-1.00")],
)
def test_an_amount_over_100_billion_or_negative_is_refused(family, field, value, people):
    client, url, data, created = FAMILIES[family](people)
    before = created.count()
    response = client.post(url, {**data, field: value})
    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    if value == TOO_MUCH:
        assert ru(LIMIT[0], **LIMIT[1]) in errors
    assert created.count() == before


def test_a_contract_amount_over_100_billion_is_refused_and_100_billion_is_accepted(staff_client, partner_a):
    url = reverse("contracts:create") + "?type=consulting"
    today = timezone.localdate()
    data = {"partner": partner_a.pk, "signed_on": today.isoformat(), "start_date": today.isoformat(),
            "end_date": (today + timedelta(days=90)).isoformat(), "subject": "Консультации по наладке станков",
            "amount": TOO_MUCH, "direction": "college_performs", "vat": "22", "payment_days": 10}  # fmt: skip
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert ru(LIMIT[0], **LIMIT[1]) in response.context["form"].errors["amount"]

    assert staff_client.post(url, {**data, "amount": "100000000000.00"}).status_code == 302
    assert Contract.objects.get().amount == MAX_AMOUNT


def test_programme_years_outside_1990_2100_are_refused(people):
    client, url, data, created = FAMILIES["programme"](people)
    response = client.post(url, {**data, "start_year": "1989", "end_year": "32767"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"start_year", "end_year"}
    assert not created.exists()


# Counts the system sets itself (numbering, import tallies, file sizes, ordering).
SYSTEM_COUNTS = {
    ("PartnerImport", "created_count"), ("PartnerImport", "updated_count"), ("StudentImport", "created_count"),
    ("StudentImport", "updated_count"), ("NumberCounter", "year"), ("NumberCounter", "last"),
    ("ContractBatch", "total"), ("Contract", "year"), ("Contract", "seq"), ("ClauseText", "order"),
    ("EventFile", "size"), ("Meeting", "number"), ("AgendaItem", "order"),
}  # fmt: skip


def test_every_number_people_type_has_an_explicit_maximum_that_sqlite_also_applies():
    """A maximum stated on the field, not the database's: SQLite accepts 99,999,999,999 in a
    small integer column and any number of digits in a decimal one."""
    unbounded = []
    for app in ("partners", "practice", "contracts", "events"):
        for model in apps.get_app_config(app).get_models():
            if model.__name__.startswith("Historical"):
                continue
            for field in model._meta.concrete_fields:
                if not isinstance(field, models.IntegerField | models.DecimalField) or field.is_relation:
                    continue
                if isinstance(field, models.AutoField) or not field.editable or field.choices:
                    continue
                if (model.__name__, field.name) in SYSTEM_COUNTS:
                    continue
                maxima = [v.limit_value for v in field._validators if isinstance(v, MaxValueValidator)]
                minima = [v.limit_value for v in field._validators if isinstance(v, MinValueValidator)]
                if not maxima:
                    unbounded.append(f"{model.__name__}.{field.name}")
                if isinstance(field, models.DecimalField):
                    assert maxima == [MAX_AMOUNT] and minima == [0], field
                    assert field.max_digits - field.decimal_places >= len(str(int(MAX_AMOUNT))), field
    assert unbounded == []


def test_a_partnership_may_go_back_to_1975_but_not_to_1899_or_tomorrow(people):
    """The start of a partnership is history, not a plan: from 1900 to today."""
    client, url, data, created = FAMILIES["partner"](people)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    for value in ("1899-12-31", tomorrow):
        response = client.post(url, {**data, "partner_since": value})
        assert response.context["form"].errors["partner_since"] == [
            ru("Enter a date between %(earliest)s and today.", earliest=1900)
        ], value
    assert not created.exists()

    assert client.post(url, {**data, "partner_since": "1975-09-01"}).status_code == 302
    assert str(created.get().partner_since) == "1975-09-01"
