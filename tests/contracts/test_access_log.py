"""Employers are shown students' personal data in contracts: every page and file that shows it
writes exactly one entry per student to the access log (152-ФЗ), naming what was shown; staff
access is not logged."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from contracts import services
from contracts.models import ContractType, Party, SignatureKind
from practice.models import StudentDataAccess
from tests.contracts import PDF, contract_of, rendered, sent, signatory_of, today
from tests.helpers import ru

VIEW, DOWNLOAD = StudentDataAccess.Action.VIEW, StudentDataAccess.Action.DOWNLOAD


def new_entries(since):
    """The log entries written after entry ``since`` (a pk), as (user, student, action, detail)."""
    rows = StudentDataAccess.objects.filter(pk__gt=since).order_by("pk")
    return list(rows.values_list("user", "student", "action", "detail"))


def last_pk():
    return StudentDataAccess.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def fetched(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    if response.streaming:
        b"".join(response.streaming_content)
    return response


@pytest.fixture
def tripartite_a(partner_a, staff):
    """A tripartite contract of organisation A, sent for signatures, with its PDF and a signed scan."""
    signatory_of(partner_a)
    contract = rendered(sent(contract_of(ContractType.TRIPARTITE_PRACTICE, partner_a, staff), staff))
    signature = services.signature_record(
        contract=contract, party=Party.ORGANISATION, signer_name="Громов И. О.", signed_on=today(),
        kind=SignatureKind.SCAN, recorded_by=staff, file=SimpleUploadedFile("scan.pdf", PDF),
    )  # fmt: skip
    return contract, signature


def test_each_contract_page_and_file_an_employer_opens_is_logged_once_per_student(
    client, staff, employer_a, tripartite_a
):
    contract, signature = tripartite_a
    student = contract.student_id
    expected = {
        reverse("contracts:list"): (VIEW, ru("List of contracts")),
        reverse("contracts:detail", args=[contract.pk]): (VIEW, ru("Contract № %(number)s", number=contract.number)),
        reverse("contracts:pdf", args=[contract.pk]): (
            DOWNLOAD,
            ru("PDF of contract № %(number)s", number=contract.number),
        ),
        reverse("contracts:signature_file", args=[signature.pk]): (
            DOWNLOAD,
            ru("Signed file of contract № %(number)s", number=contract.number),
        ),
    }
    client.force_login(employer_a)
    for url, (action, detail) in expected.items():
        before = last_pk()
        fetched(client, url)
        assert new_entries(before) == [(employer_a.pk, student, action, detail)], url

    client.force_login(staff)
    before = last_pk()
    for url in expected:
        fetched(client, url)
    assert new_entries(before) == []


def test_the_obligation_list_an_employer_opens_is_logged_once_per_student(client, staff, employer_a, partner_a):
    signatory_of(partner_a)
    contract = sent(contract_of(ContractType.TARGETED_TRAINING, partner_a, staff), staff)
    url = reverse("contracts:obligation_list")

    client.force_login(employer_a)
    before = last_pk()
    assert [row.contract for row in fetched(client, url).context["page_obj"]] == [contract]
    assert new_entries(before) == [
        (employer_a.pk, contract.student_id, VIEW, ru("List of targeted-training obligations"))
    ]

    client.force_login(staff)
    before = last_pk()
    fetched(client, url)
    assert new_entries(before) == []
