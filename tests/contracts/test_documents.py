"""The printed contract: real PDFs rendered from the frozen snapshot and read back with pypdf."""

import io
import re

import pytest
from django.conf import settings
from pypdf import PdfReader

from contracts import documents
from contracts.models import ClauseText, Contract, ContractType
from partners import services as partner_services
from partners.models import College
from tests.contracts import contract_of, file_bytes, pdf_text, rendered, sent, signatory_of
from tests.pdf_pages import page_print_lines


def render_again(contract):
    """Renders the PDF once more from the same snapshot (as after a lost file or a re-run)."""
    Contract.objects.filter(pk=contract.pk).update(pdf_hash="")
    return rendered(contract)


@pytest.fixture
def tripartite(partner_a, staff):
    partner_a = partner_services.partner_update(
        partner=partner_a, updated_by=staff, legal_address="620012, г. Екатеринбург, пл. Первой Пятилетки, д. 1"
    )
    signatory = signatory_of(partner_a)
    contract = contract_of(ContractType.TRIPARTITE_PRACTICE, partner_a, staff, partner_signatory=signatory)
    return rendered(sent(contract, staff))


def test_the_tripartite_contract_names_the_three_parties_the_specialty_and_its_number(tripartite, partner_a):
    text = pdf_text(file_bytes(tripartite.pdf))
    student = tripartite.student
    assert College.current().name in text
    assert partner_a.name in text
    assert student.full_name in text
    assert student.group.specialty.code == "15.02.16" and "15.02.16" in text
    assert f"№ {tripartite.number}" in text
    # No «в лице» phrase was typed: the signatory's position and name are declined, the basis follows.
    assert "в лице генерального директора Громова Игоря Олеговича, действующего на основании Устава" in text


def test_editing_the_partner_after_issue_does_not_change_the_issued_pdf(tripartite, partner_a, staff):
    issued = pdf_text(file_bytes(tripartite.pdf))
    partner_services.partner_update(
        partner=partner_a,
        updated_by=staff,
        name="АО «Новое имя»",
        legal_address="630000, г. Новосибирск, ул. Ленина, 1",
    )
    again = pdf_text(file_bytes(render_again(tripartite).pdf))
    assert again == issued
    assert "630000, г. Новосибирск" not in again and "Новое имя" not in again
    assert "620012, г. Екатеринбург, пл. Первой Пятилетки, д. 1" in again


def test_rendering_again_gives_the_same_bytes(tripartite):
    first = file_bytes(tripartite.pdf)
    again = render_again(tripartite)
    assert file_bytes(again.pdf) == first
    assert again.render_count == 2


def test_a_rendered_pdf_is_not_rendered_twice(tripartite):
    assert documents.render_contract_pdf(tripartite.pk) is False
    tripartite.refresh_from_db()
    assert tripartite.render_count == 1


# «в лице» followed by a word in the nominative (директор, генеральный, начальник, управляющий …).
NOMINATIVE_AFTER_IN_PERSON = re.compile(r"в лице \S+(?:ор|ер|ель|ник|ый|ий|ой)[\s,]")


@pytest.mark.parametrize("contract_type", list(ContractType))
def test_every_contract_type_renders_whole_pages_with_its_title(contract_type, partner_a, staff):
    """Every type, filled as staff fill it: its title, its number, the declined «в лице» phrase,
    and no page that holds only a date or a signature block (at least 3 lines of print on the
    page image, and of text in the text layer)."""
    contract = rendered(sent(contract_of(contract_type, partner_a, staff), staff))
    data = file_bytes(contract.pdf)
    text = pdf_text(data)
    assert documents.TITLES[contract_type] in text
    assert contract.number in text
    assert "в лице генерального директора Громова Игоря Олеговича" in text
    assert not NOMINATIVE_AFTER_IN_PERSON.search(text), NOMINATIVE_AFTER_IN_PERSON.search(text)
    print_lines = page_print_lines(data)
    assert min(print_lines) >= 3, print_lines
    text_lines = [
        len([line for line in page.extract_text().splitlines() if line.strip()])
        for page in PdfReader(io.BytesIO(data)).pages
    ]
    assert min(text_lines) >= 3, text_lines


def test_a_clause_text_set_by_an_administrator_is_printed_with_its_placeholders(partner_a, staff):
    ClauseText.objects.create(
        type=ContractType.COOPERATION,
        key="subject",
        title="Особый предмет",
        text="Стороны {organisation} и {college} сотрудничают по договору № {number}.",
    )
    contract = rendered(sent(contract_of(ContractType.COOPERATION, partner_a, staff), staff))
    text = pdf_text(file_bytes(contract.pdf))
    assert "Особый предмет" in text
    assert f"Стороны {partner_a.name} и {College.current().name} сотрудничают по договору № {contract.number}." in text


def test_template_code_in_a_clause_text_is_printed_as_written_never_run(partner_a, staff):
    ClauseText.objects.create(
        type=ContractType.COOPERATION,
        key="obligations",
        title="Обязательства",
        text="Проверка {student.__class__} и {{ settings.SECRET_KEY }} и {% now 'Y' %} и <b>жирный</b>.",
    )
    contract = rendered(sent(contract_of(ContractType.COOPERATION, partner_a, staff), staff))
    text = pdf_text(file_bytes(contract.pdf))
    # (pypdf may break the line anywhere, so spaces are ignored in the comparison)
    assert "Проверка {student.__class__} и {{ settings.SECRET_KEY }} и {% now 'Y' %} и <b>жирный</b>.".replace(
        " ", ""
    ) in text.replace(" ", "")
    assert settings.SECRET_KEY not in text
    assert "class" not in text.replace("{student.__class__}", "")
