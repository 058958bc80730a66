"""The demo tells the documents' story: a college with full requisites, at least one contract of
every type past the draft (a male and a female signatory among them, a minor student), and every
issued demo contract prints without a blank."""

import io

import pytest
from django.core.management import call_command

from contracts import documents
from contracts.models import Contract, ContractState, ContractType
from partners.models import College
from partnership_portal import russian
from tests.contracts import file_bytes, pdf_text, rendered
from tests.pdf_pages import page_print_lines


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True  # seed_demo refuses a live server
    call_command("seed_demo", scale="small", stdout=io.StringIO())


def test_the_demo_college_has_full_requisites(demo):
    college = College.current()
    for field in ("name", "inn", "kpp", "ogrn", "legal_address", "bank_details", "director_name", "director_basis"):
        assert getattr(college, field).strip(), field


def test_every_issued_demo_contract_prints_without_a_blank(demo):
    issued = Contract.objects.exclude(state=ContractState.DRAFT).select_related(
        "partner", "partner_signatory", "student__group", "parent", "placement"
    )
    assert {contract.type for contract in issued} == set(ContractType)
    assert [contract.number for contract in issued if documents.problems(contract)] == []
    genders = {
        russian.detect_gender(
            c.partner_signatory.first_name, c.partner_signatory.middle_name, c.partner_signatory.gender
        )
        for c in issued
    }
    assert genders == {russian.Gender.MALE, russian.Gender.FEMALE}
    minors = [c for c in issued if c.type == ContractType.TRIPARTITE_PRACTICE and c.student.age_on(c.signed_on) < 18]
    assert minors, "the demo has no tripartite contract of a minor student"


def test_one_demo_contract_of_every_type_renders_cleanly(demo):
    for contract_type in ContractType:
        contract = Contract.objects.exclude(state=ContractState.DRAFT).filter(type=contract_type).order_by("pk").first()
        data = file_bytes(rendered(contract).pdf)
        text = pdf_text(data)
        assert documents.TITLES[contract_type] in text
        assert "в лице" in text and "_____" not in text  # no blank left for a name or a basis
        assert min(page_print_lines(data)) >= 3, (contract_type, page_print_lines(data))
