"""The practical-training contract (model form 885/390), the tripartite contract built on it and
amendments, as a college lawyer reads them: real PDFs rendered from the frozen snapshot and
read back with pypdf."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from contracts import services
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
from tests.factories import PlacementFactory, PracticePeriodFactory, StudentFactory
from tests.pdf_pages import dump, page_lines


@pytest.fixture
def female_signatory(partner_a):
    return signatory_of(partner_a, last_name="Рябова", first_name="Валерия", middle_name="Николаевна",
                        position="Директор по персоналу", authority_basis="доверенности № 12 от 01.02.2026")  # fmt: skip


@pytest.fixture
def training(partner_a, staff):
    signatory = signatory_of(partner_a)
    placements = [placement_at(partner_a, last_name=name) for name in ("Андреев", "Борисова")]
    contract = contract_of(
        ContractType.PRACTICAL_TRAINING, partner_a, staff, partner_signatory=signatory, placements=placements,
        details={"premises": "Механический цех № 3: токарные станки с ЧПУ\nУчебный класс, 2 этаж"},
    )  # fmt: skip
    return rendered(sent(contract, staff))


def test_the_practical_training_contract_follows_the_model_form(training, partner_a):
    data = dump("practical_training", file_bytes(training.pdf))
    text = pdf_text(data)
    # The model form's defined names, the other way round from before: the college is «Организация».
    assert (
        "именуемое в дальнейшем «Организация», в лице директора Смирновой Ольги Викторовны, действующей на основании Устава"
        in text
    )
    assert (
        f"{partner_a.name}, именуемое в дальнейшем «Профильная организация», в лице генерального директора Громова Игоря Олеговича, действующего на основании Устава"
        in text
    )
    assert "Организация, осуществляющая образовательную деятельность" not in text
    for title in ("1. Предмет Договора", "2. Права и обязанности Сторон", "3. Срок действия договора",
                  "4. Заключительные положения", "5. Адреса, реквизиты и подписи Сторон"):  # fmt: skip
        assert title in text
    for clause in (
        "2.2.2. назначить ответственное лицо, соответствующее требованиям трудового законодательства Российской Федерации о допуске к педагогической деятельности",
        "2.2.5. проводить оценку условий труда на рабочих местах",
        "2.2.7. провести инструктаж обучающихся по охране труда и технике безопасности и осуществлять надзор",
        "в том числе о качестве и объёме выполненных обучающимися работ",
        "2.4.2. в случае установления факта нарушения обучающимися своих обязанностей",
        "режима конфиденциальности",
        "совместно с работниками Профильной организации",
        "организует участие обучающихся в выполнении определённых видов работ",
    ):
        assert clause in text, clause
    assert "Приложение № 1" in text and "Андреев" in text and "Борисова" in text
    assert "Приложение № 2" in text and "Механический цех № 3: токарные станки с ЧПУ" in text
    # Signature lines name the signatory as «И. О. Фамилия» under each appendix too.
    assert text.count("И. О. Громов") == 3 and text.count("О. В. Смирнова") == 3
    assert "М. П. (при наличии)" in text
    assert min(page_lines(data)) >= 3


def test_a_female_signatory_is_declined_and_agrees(partner_a, staff, female_signatory):
    contract = contract_of(ContractType.TRIPARTITE_PRACTICE, partner_a, staff, partner_signatory=female_signatory)
    text = pdf_text(file_bytes(rendered(sent(contract, staff)).pdf))
    assert (
        "в лице директора по персоналу Рябовой Валерии Николаевны, действующей на основании доверенности № 12 от 01.02.2026"
        in text
    )


def test_the_tripartite_contract_agrees_with_a_female_student(partner_a, staff):
    placement = placement_at(partner_a, last_name="Шилова", first_name="Валентина", middle_name="Николаевна")
    contract = contract_of(ContractType.TRIPARTITE_PRACTICE, partner_a, staff, partner_signatory=signatory_of(partner_a),
                           placement=placement)  # fmt: skip
    data = dump("tripartite_adult", file_bytes(rendered(sent(contract, staff)).pdf))
    text = pdf_text(data)
    assert "Шилова Валентина Николаевна, 17.05.2006 года рождения, обучающаяся группы" in text
    assert "именуемая в дальнейшем «Обучающийся»" in text
    assert "обучающийся группы" not in text and "именуемый в дальнейшем «Обучающийся»" not in text
    assert "выдать Обучающемуся аттестационный лист (характеристику)" in text
    assert "вести дневник практики" in text and "не разглашать сведения" in text
    assert "В. Н. Шилова" in text
    assert min(page_lines(data)) >= 3


def test_a_minor_student_signs_with_the_legal_representative(partner_a, staff):
    placement = placement_at(partner_a, last_name="Рябова", first_name="Валерия", middle_name="Николаевна",
                             birth_date=years_ago(16), guardian_name="Рябов Николай Петрович",
                             guardian_document="свидетельство о рождении серии IIАИ № 123456")  # fmt: skip
    contract = contract_of(ContractType.TRIPARTITE_PRACTICE, partner_a, staff, partner_signatory=signatory_of(partner_a),
                           placement=placement)  # fmt: skip
    data = dump("tripartite_minor", file_bytes(rendered(sent(contract, staff)).pdf))
    text = pdf_text(data)
    assert (
        "обучающаяся группы" in text
        and "именуемая в дальнейшем «Обучающийся», действующая с письменного согласия законного представителя "
        "Рябова Николая Петровича (свидетельство о рождении серии IIАИ № 123456)"
        in text
    )
    # Both sign: the student and the representative.
    assert "В. Н. Рябова" in text and "Н. П. Рябов" in text and "Законный представитель" in text
    assert services.required_parties(contract) == ["college", "organisation", "student"]


def test_a_minor_without_a_representative_cannot_be_issued(partner_a, staff):
    placement = placement_at(partner_a, birth_date=years_ago(15))
    contract = contract_of(ContractType.TRIPARTITE_PRACTICE, partner_a, staff, partner_signatory=signatory_of(partner_a),
                           placement=placement)  # fmt: skip
    with pytest.raises(ValidationError) as error:
        sent(contract, staff)
    assert error.value.messages == [
        f"{placement.student.full_name} на дату договора нет 18 лет: укажите ФИО законного представителя."
    ]
    contract.refresh_from_db()
    assert contract.state == ContractState.DRAFT and not contract.snapshot


def test_a_contract_with_holes_cannot_leave_the_draft(partner_a, staff):
    partner_a.ogrn = ""
    partner_a.save()
    contract = contract_of(ContractType.COOPERATION, partner_a, staff, partner_signatory=None)
    with pytest.raises(ValidationError) as error:
        sent(contract, staff)
    assert error.value.messages == [
        "У организации АО «Уралмашзавод» в карточке не указан ОГРН.",
        "Выберите подписанта от организации.",
    ]


def test_a_signatory_with_no_basis_is_named_as_the_missing_field(partner_a, staff):
    signatory = signatory_of(partner_a)
    contract = contract_of(ContractType.COOPERATION, partner_a, staff, partner_signatory=signatory)
    contract.partner_basis = ""
    contract.save()
    with pytest.raises(ValidationError) as error:
        sent(contract, staff)
    assert error.value.messages == ["Укажите, на основании чего действует подписант («действующего на основании»)."]


def test_a_typed_in_person_phrase_wins_over_the_generated_one(partner_a, staff):
    signatory = signatory_of(partner_a)
    contract = contract_of(ContractType.TRIPARTITE_PRACTICE, partner_a, staff, partner_signatory=signatory,
                           partner_in_person="управляющего директора Громова И. О.")  # fmt: skip
    text = pdf_text(file_bytes(rendered(sent(contract, staff)).pdf))
    assert "в лице управляющего директора Громова И. О., действующего на основании Устава" in text


def test_an_amendment_keeps_the_parents_parties_and_replaces_an_appendix(training, partner_a, staff):
    new_placement = placement_at(partner_a, last_name="Васильев")
    amendment = contract_of(
        ContractType.AMENDMENT, partner_a, staff, parent=training, partner_signatory=training.partner_signatory,
        subject="Пункт 3.1 Договора изложить в следующей редакции: «Настоящий Договор действует по 31.12.2028».",
        placements=[new_placement], details={"replace_appendix_1": True},
    )  # fmt: skip
    data = dump("amendment", file_bytes(rendered(sent(amendment, staff)).pdf))
    text = pdf_text(data)
    assert f"ДОПОЛНИТЕЛЬНОЕ СОГЛАШЕНИЕ № {amendment.number} к договору № {training.number}" in text
    assert "именуемое в дальнейшем «Организация»" in text and "именуемое в дальнейшем «Профильная организация»" in text
    assert "заключили настоящее дополнительное соглашение о нижеследующем" in text
    assert "заключили настоящий договор" not in text.lower()
    assert "1.1. Пункт 3.1 Договора изложить в следующей редакции" in text
    assert (
        "1.2. Приложение № 1 к Договору изложить в редакции приложения № 1 к настоящему дополнительному соглашению."
        in text
    )
    assert "к дополнительному соглашению №" in text and "Васильев" in text
    assert min(page_lines(data)) >= 3


def test_an_amendment_to_a_tripartite_contract_keeps_the_student(partner_a, staff):
    signatory = signatory_of(partner_a)
    parent = sent(contract_of(ContractType.TRIPARTITE_PRACTICE, partner_a, staff, partner_signatory=signatory), staff)
    amendment = contract_of(ContractType.AMENDMENT, partner_a, staff, parent=parent, partner_signatory=signatory,
                            subject="Срок практики продлить до конца месяца.")  # fmt: skip
    text = pdf_text(file_bytes(rendered(sent(amendment, staff)).pdf))
    assert parent.student.full_name in text and "именуемый в дальнейшем «Обучающийся»" in text
    assert services.required_parties(amendment) == ["college", "organisation", "student"]


def test_a_period_batch_prints_declined_signatories_and_a_minor_with_both_signatures(partner_a, partner_b, staff):
    """Batch contracts leave «в лице» empty: the snapshot declines the signatory itself."""
    signatory_of(partner_a)
    signatory_of(partner_b, last_name="Лебедева", first_name="Ирина", middle_name="Сергеевна", position="Директор")
    period = PracticePeriodFactory(start_date=today(), end_date=today() + dt.timedelta(days=20))
    adult = PlacementFactory(period=period, partner=partner_a, student=StudentFactory(
        group=period.group, last_name="Ермаков", first_name="Епифан", middle_name="Анисимович"))  # fmt: skip
    minor = PlacementFactory(period=period, partner=partner_b, student=StudentFactory(
        group=period.group, last_name="Шилова", first_name="Валентина", middle_name="Николаевна",
        birth_date=years_ago(16), guardian_name="Шилов Николай Петрович",
        guardian_document="свидетельство о рождении серии IVАИ № 654321"))  # fmt: skip
    batch = services.batch_create(period=period, created_by=staff)
    texts = {}
    for contract in batch.contracts.all():
        data = file_bytes(rendered(contract).pdf)
        texts[contract.placement_id] = pdf_text(data)
        assert min(page_lines(data)) >= 3
    assert "в лице генерального директора Громова Игоря Олеговича, действующего на основании Устава" in texts[adult.pk]
    assert "Ермаков Епифан Анисимович, 17.05.2006 года рождения, обучающийся группы" in texts[adult.pk]
    assert "в лице директора Лебедевой Ирины Сергеевны, действующей на основании Устава" in texts[minor.pk]
    assert (
        "обучающаяся группы" in texts[minor.pk]
        and "действующая с письменного согласия законного представителя Шилова Николая Петровича" in texts[minor.pk]
    )
    assert "В. Н. Шилова" in texts[minor.pk] and "Н. П. Шилов" in texts[minor.pk]
    for text in texts.values():
        assert "в лице генеральный" not in text and "в лице директор " not in text
