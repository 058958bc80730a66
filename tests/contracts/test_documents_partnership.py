"""The cooperation agreement and the joint-project agreement as a college lawyer reads them: one
word («Соглашение») throughout, separate duties per party, no financial obligations, term,
prolongation and termination; the joint project's plan as a signed Appendix 1."""

import pytest
from django.core.exceptions import ValidationError

from contracts.models import ContractState, ContractType
from tests.contracts import contract_of, file_bytes, pdf_text, rendered, sent, signatory_of
from tests.pdf_pages import dump, page_lines, page_print_lines

PROJECT = {
    "college_contribution": "учебная мастерская с оборудованием, преподаватели и обучающиеся группы ТМ-23-1",
    "partner_contribution": "заготовки и инструмент, два инженера-наставника",
    "plan": "Разработка технического задания; 01.09.2026–30.09.2026; Партнёр\n"
    "Изготовление опытного образца | 01.10.2026–15.12.2026 | Техникум\n"
    "Испытания и защита проекта; декабрь 2026; Техникум и Партнёр",
}


@pytest.fixture
def female_signatory(partner_a):
    return signatory_of(partner_a, last_name="Рябова", first_name="Валерия", middle_name="Николаевна",
                        position="Директор по персоналу", authority_basis="доверенности № 12 от 01.02.2026")  # fmt: skip


@pytest.fixture
def cooperation(partner_a, staff):
    contract = contract_of(ContractType.COOPERATION, partner_a, staff, partner_signatory=signatory_of(partner_a),
                           subject="Стороны проводят совместные профориентационные мероприятия для школьников.")  # fmt: skip
    return rendered(sent(contract, staff))


@pytest.fixture
def project(partner_a, staff, female_signatory):
    contract = contract_of(ContractType.JOINT_PROJECT, partner_a, staff, partner_signatory=female_signatory,
                           subject="«Участок станков с ЧПУ для учебных целей»", details=dict(PROJECT))  # fmt: skip
    return rendered(sent(contract, staff))


def test_the_cooperation_agreement_is_an_agreement_throughout(cooperation, partner_a):
    data = dump("cooperation", file_bytes(cooperation.pdf))
    text = pdf_text(data)
    assert f"СОГЛАШЕНИЕ О СОЦИАЛЬНОМ ПАРТНЁРСТВЕ И СОТРУДНИЧЕСТВЕ № {cooperation.number}" in text
    assert f"Соглашение о сотрудничестве № {cooperation.number}" in text  # the running header
    assert "Договор" not in text and "ДОГОВОР" not in text
    assert (
        f"{partner_a.name}, именуемое в дальнейшем «Партнёр», в лице генерального директора Громова Игоря "
        "Олеговича, действующего на основании Устава"
    ) in text
    assert "именуемое в дальнейшем «Техникум», в лице директора Смирновой Ольги Викторовны, действующей" in text
    assert "заключили настоящее Соглашение о нижеследующем" in text


def test_the_cooperation_agreement_has_duties_per_party_term_prolongation_and_termination(cooperation):
    text = pdf_text(file_bytes(cooperation.pdf))
    for title in ("1. Предмет Соглашения", "2. Обязанности Техникума", "3. Обязанности Партнёра",
                  "5. Срок действия, продление и прекращение Соглашения", "7. Адреса, реквизиты и подписи Сторон"):  # fmt: skip
        assert title in text
    assert "2.3. Направлять обучающихся на практическую подготовку к Партнёру" in text
    assert "3.1. Ежегодно сообщать Техникуму о потребности в кадрах" in text
    assert "Настоящее Соглашение не влечёт финансовых обязательств Сторон." in text
    assert f"5.1. Настоящее Соглашение вступает в силу с {cooperation.start_date:%d.%m.%Y} и действует по" in text
    assert (
        "Если ни одна из Сторон не заявит в письменной форме о прекращении настоящего Соглашения не позднее чем "
        "за 30 дней до окончания срока его действия, Соглашение продлевается на тот же срок"
    ) in text
    assert "вправе прекратить настоящее Соглашение, письменно уведомив об этом другую Сторону" in text
    assert "1.3. Стороны договорились также о следующем: Стороны проводят совместные профориентационные" in text


def test_the_joint_project_names_the_contributions_and_prints_the_signed_plan(project, partner_a):
    data = dump("joint_project", file_bytes(project.pdf))
    text = pdf_text(data)
    assert "Договор" not in text and "ДОГОВОР" not in text
    assert (
        f"{partner_a.name}, именуемое в дальнейшем «Партнёр», в лице директора по персоналу Рябовой Валерии "
        "Николаевны, действующей на основании доверенности № 12 от 01.02.2026"
    ) in text
    assert "совместной реализации проекта: «Участок станков с ЧПУ для учебных целей» (далее — Проект)" in text
    assert "2.1. Вклад Техникума в реализацию Проекта: учебная мастерская с оборудованием" in text
    assert "2.2. Вклад Партнёра в реализацию Проекта: заготовки и инструмент, два инженера" in text
    assert "3. Обязанности Техникума" in text and "4. Обязанности Партнёра" in text
    assert "Настоящее Соглашение не влечёт финансовых обязательств Сторон." in text
    assert "Соглашение продлевается на тот же срок" in text
    appendix = text[text.index("Приложение № 1 к Соглашению") :]
    assert "План реализации Проекта" in appendix
    assert "1 Разработка технического задания 01.09.2026–30.09.2026 Партнёр" in appendix
    assert "2 Изготовление опытного образца 01.10.2026–15.12.2026 Техникум" in appendix
    assert "3 Испытания и защита проекта декабрь 2026 Техникум и Партнёр" in appendix
    # The plan is signed by both parties.
    assert "/ В. Н. Рябова" in appendix and "/ О. В. Смирнова" in appendix


@pytest.mark.parametrize(
    ("emptied", "message"),
    [
        ("plan", "Приложение № 1 (план реализации проекта) пусто"),
        ("college_contribution", "Опишите вклад техникума в проект."),
        ("partner_contribution", "Опишите вклад партнёра в проект."),
    ],
)
def test_a_joint_project_without_its_plan_or_contributions_cannot_leave_the_draft(partner_a, staff, emptied, message):
    contract = contract_of(ContractType.JOINT_PROJECT, partner_a, staff, partner_signatory=signatory_of(partner_a),
                           details={**PROJECT, emptied: "  \n "})  # fmt: skip
    with pytest.raises(ValidationError) as error:
        sent(contract, staff)
    assert any(message in text for text in error.value.messages), error.value.messages
    contract.refresh_from_db()
    assert contract.state == ContractState.DRAFT


def test_no_page_of_either_agreement_is_nearly_empty(cooperation, project):
    for contract in (cooperation, project):
        data = file_bytes(contract.pdf)
        assert min(page_lines(data)) >= 3, page_lines(data)
        assert min(page_print_lines(data)) >= 3, page_print_lines(data)
