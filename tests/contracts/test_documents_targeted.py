"""The targeted-training contract (model form of decree 555 of 27.04.2024) as a college lawyer
reads it: real PDFs rendered from the frozen snapshot and read back with pypdf."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from contracts.forms.targeted import TargetedTrainingForm
from contracts.models import ContractState, ContractType
from tests.contracts import (
    contract_of,
    file_bytes,
    pdf_text,
    placement_at,
    rendered,
    sent,
    signatory_of,
    today,
    years_ago,
)
from tests.pdf_pages import dump, page_lines, page_print_lines

DETAILS = {
    "passport": "6520 123456, выдан ГУ МВД России по Свердловской области 15.06.2022, код подразделения 660-001",
    "address": "620075, г. Екатеринбург, ул. Ленина, д. 10, кв. 5",
    "bank_details": "р/с 40817810000000000042 в ПАО «Сбербанк», БИК 046577674",
    "form_of_study": "full_time",
    "education_base": "basic",
    "support_measures": "ежемесячная стипендия 5 000 рублей; оплачиваемая производственная практика",
    "okved": "28.41 Производство металлообрабатывающего оборудования",
    "future_place": "механический цех № 3, 620012, г. Екатеринбург, пл. Первой Пятилетки, д. 1",
    "future_position": "техник-технолог",
    "pay_conditions": "оклад не ниже 55 000 рублей в месяц по штатному расписанию заказчика",
    "employment_months": 3,
    "work_years": 3,
    "employment_deadline": "2027-09-30",
    "portal_offer_number": "2026-ЦО-000042",
}


def targeted(partner, staff, *, signatory=None, details=None, guardian_name="", **student_fields):
    student = placement_at(partner, **student_fields).student
    return contract_of(
        ContractType.TARGETED_TRAINING, partner, staff, student=student, guardian_name=guardian_name,
        partner_signatory=signatory or signatory_of(partner), details={**DETAILS, **(details or {})},
    )  # fmt: skip


@pytest.fixture
def female_citizen(partner_a, staff):
    """An adult female citizen; the customer's signatory is a man."""
    contract = targeted(partner_a, staff, last_name="Шилова", first_name="Валентина", middle_name="Николаевна",
                        birth_date=years_ago(19))  # fmt: skip
    return rendered(sent(contract, staff))


def test_the_targeted_contract_follows_the_model_form_of_decree_555(female_citizen, partner_a):
    data = dump("targeted_training", file_bytes(female_citizen.pdf))
    text = pdf_text(data)
    for title in (
        "I. Предмет настоящего договора",
        "II. Характеристики обучения гражданина",
        "III. Место осуществления гражданином трудовой деятельности в соответствии с квалификацией, полученной в "
        "результате освоения образовательной программы, срок трудоустройства и осуществления трудовой деятельности",
        "IV. Права и обязанности заказчика",
        "V. Права и обязанности гражданина",
        "VI. Права и обязанности образовательной организации",
        "VII. Ответственность сторон",
        "VIII. Заключительные положения",
        "IX. Адреса и платёжные реквизиты сторон",
    ):
        assert title in text
    for clause in (
        "форма обучения: очная;",
        "код и наименование специальности среднего профессионального образования: 15.02.16 Технология машиностроения;",
        "на базе основного общего образования;",
        f"устанавливается в организации, являющейся заказчиком по настоящему договору: {partner_a.name}; "
        "вид (виды) экономической деятельности по ОКВЭД: 28.41 Производство металлообрабатывающего оборудования.",
        "Должность (профессия, специальность), на которую будет трудоустроен гражданин: техник-технолог.",
        "Условия оплаты труда в период осуществления трудовой деятельности: оклад не ниже 55 000 рублей в месяц",
        "в срок не более 3 месяцев после отчисления гражданина из организации, осуществляющей образовательную "
        "деятельность, в связи с получением образования (завершением обучения)",
        "составляет 3 года (не менее 3 лет)",
        "следующие меры поддержки: ежемесячная стипендия 5 000 рублей; оплачиваемая производственная практика;",
        "в том числе в соответствии с частью 6 статьи 71.1 Федерального закона «Об образовании в Российской Федерации»",
        "возмещает заказчику расходы, связанные с предоставлением ему мер поддержки",
        "Гражданин освобождается от исполнения обязательств по трудоустройству",
        "«Работа в России» (номер предложения 2026-ЦО-000042)",
        f"вступает в силу с {female_citizen.start_date:%d.%m.%Y} и действует по {female_citizen.end_date:%d.%m.%Y}",
        "составлен в трёх экземплярах",
    ):
        assert clause in text
    # The employment deadline is a term after graduation, never a date.
    assert "30.09.2027" not in text


def test_the_parties_agree_with_their_gender_and_the_signatories_are_declined(female_citizen, partner_a):
    text = pdf_text(file_bytes(female_citizen.pdf))
    assert (
        f"{partner_a.name}, именуемое в дальнейшем «Заказчик», в лице генерального директора Громова Игоря "
        "Олеговича, действующего на основании Устава, с одной стороны, гражданка Шилова Валентина Николаевна"
    ) in text
    assert "обучающаяся группы" in text and "именуемая в дальнейшем «Гражданин», с другой стороны" in text
    assert (
        "именуемое в дальнейшем «Образовательная организация», в лице директора Смирновой Ольги Викторовны, "
        "действующей на основании Устава, с третьей стороны"
    ) in text
    assert "гражданин Шилова" not in text and "в лице генеральный" not in text


def test_the_citizens_passport_address_and_bank_details_are_printed(female_citizen):
    text = pdf_text(file_bytes(female_citizen.pdf))
    assert "Паспорт: 6520 123456, выдан ГУ МВД России по Свердловской области 15.06.2022" in text
    assert "Адрес регистрации: 620075, г. Екатеринбург, ул. Ленина, д. 10, кв. 5" in text
    assert "р/с 40817810000000000042 в ПАО «Сбербанк», БИК 046577674" in text


def test_a_male_citizen_and_a_female_signatory(partner_a, staff):
    signatory = signatory_of(partner_a, last_name="Рябова", first_name="Валерия", middle_name="Николаевна",
                             position="Директор по персоналу", authority_basis="доверенности № 12 от 01.02.2026")  # fmt: skip
    contract = targeted(partner_a, staff, signatory=signatory, last_name="Ермаков", first_name="Епифан",
                        middle_name="Анисимович", birth_date=years_ago(20), details={"employment_months": 1})  # fmt: skip
    text = pdf_text(file_bytes(rendered(sent(contract, staff)).pdf))
    assert (
        "в лице директора по персоналу Рябовой Валерии Николаевны, действующей на основании доверенности № 12 от "
        "01.02.2026, с одной стороны, гражданин Ермаков Епифан Анисимович"
    ) in text
    assert "обучающийся группы" in text and "именуемый в дальнейшем «Гражданин»" in text
    assert "в срок не более 1 месяца после отчисления гражданина" in text


def test_a_minor_citizen_acts_with_the_representatives_consent_and_both_sign(partner_a, staff):
    contract = targeted(partner_a, staff, last_name="Кузнецова", first_name="Дарья", middle_name="Сергеевна",
                        birth_date=years_ago(16), guardian_name="Кузнецов Сергей Петрович",
                        details={"guardian_document": "паспорт 6510 654321, выдан 01.02.2015"})  # fmt: skip
    contract = rendered(sent(contract, staff))
    data = dump("targeted_training_minor", file_bytes(contract.pdf))
    text = pdf_text(data)
    assert (
        "именуемая в дальнейшем «Гражданин», действующая с письменного согласия законного представителя "
        "Кузнецова Сергея Петровича (паспорт 6510 654321, выдан 01.02.2015)"
    ) in text
    assert "Гражданин, не достигший возраста 18 лет, заключает настоящий договор с письменного согласия" in text
    assert "Законный представитель Кузнецов Сергей Петрович" in text
    # Two signature lines in the citizen's column: the citizen's and the representative's.
    assert "/ Д. С. Кузнецова" in text and "/ С. П. Кузнецов" in text


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("passport", "Укажите паспортные данные: "),
        ("address", "Укажите адрес регистрации: "),
        ("okved", "В договоре о целевом обучении не указано: код ОКВЭД заказчика."),
        ("employment_months", "В договоре о целевом обучении не указано: срок трудоустройства в месяцах."),
    ],
)
def test_a_targeted_contract_without_the_citizens_data_cannot_leave_the_draft(partner_a, staff, missing, message):
    contract = targeted(partner_a, staff, birth_date=years_ago(19), details={missing: ""})
    with pytest.raises(ValidationError) as error:
        sent(contract, staff)
    assert any(message in text for text in error.value.messages), error.value.messages
    contract.refresh_from_db()
    assert contract.state == ContractState.DRAFT


def test_no_page_of_the_targeted_contract_is_nearly_empty(female_citizen):
    data = file_bytes(female_citizen.pdf)
    assert min(page_lines(data)) >= 3, page_lines(data)
    assert min(page_print_lines(data)) >= 3, page_print_lines(data)


def test_the_form_counts_the_estimated_deadline_from_the_graduation(partner_a, staff, db):
    student = placement_at(partner_a, birth_date=years_ago(19)).student
    data = {"partner": partner_a.pk, "student": student.pk, "signed_on": today().isoformat(),
            "start_date": today().isoformat(), "end_date": (today() + dt.timedelta(days=900)).isoformat(),
            **{key: value for key, value in DETAILS.items() if key != "employment_deadline"},
            "employment_months": 4}  # fmt: skip
    form = TargetedTrainingForm(data)
    assert form.is_valid(), form.errors
    fields, _placements = form.service_fields()
    graduation = student.group.graduation_year
    assert fields["details"]["employment_deadline"] == f"{graduation}-10-30"
    assert fields["details"]["employment_months"] == 4
