"""Acceptance journey of contracts in a real headless Chromium: staff prepare a tripartite
contract for a placement, send it for signatures, record the three signatures (one a scanned
PDF) and the contract is active; the employer then downloads its PDF."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from contracts.forms import signer_names
from contracts.models import Contract, ContractState, ContractType, Party, SignatureKind
from tests.conftest import PASSWORD
from tests.contracts import PDF, placement_at, signatory_of
from tests.e2e.conftest import log_in, select_and_wait_for_swap
from tests.helpers import ru

pytestmark = pytest.mark.django_db(transaction=True)


def choose_and_wait_for_swap(page, name, typed, swapped):
    """Type into the search-as-you-type chooser of field ``name`` (static/js/autocomplete.js),
    pick the match, and wait until htmx has replaced ``swapped`` (see select_and_wait_for_swap)."""
    page.locator(swapped).evaluate("element => element.setAttribute('data-before-swap', '')")
    page.fill(f"#id_{name}", typed)
    page.locator(f"#id_{name}_listbox [role=option]").first.click()
    expect(page.locator(f"{swapped}:not([data-before-swap])")).to_be_attached()


def test_staff_issue_a_tripartite_contract_it_is_signed_and_the_employer_downloads_it(
    page, browser, live_server, staff, partner_a, employer_a
):
    signatory = signatory_of(partner_a)
    placement = placement_at(partner_a)
    page.on("dialog", lambda dialog: dialog.accept())  # the confirmation before freezing
    log_in(page, staff.email, PASSWORD)

    # The type, then the organisation and the placement: htmx fills the signatory, the student, the dates.
    page.goto("/contracts/")
    page.click("a[href='/contracts/new/']")
    page.click("[data-testid=type-tripartite_practice]")
    choose_and_wait_for_swap(page, "partner", "Уралмаш", "#contract-form")
    expect(page.locator("#id_partner")).to_have_value(partner_a.display_name)
    expect(page.locator("input[name=partner_signatory]")).to_have_value(str(signatory.pk))
    expect(page.locator("input[name=partner_basis]")).to_have_value("Устава")
    page.select_option("select[name=placement]", str(placement.pk))
    expect(page.locator("input[name=student]")).to_have_value(str(placement.student_id))
    expect(page.locator("#id_student")).to_have_value(re.compile(placement.student.last_name))
    expect(page.locator("input[name=start_date]")).to_have_value(placement.start_date.isoformat())
    page.fill("input[name=partner_in_person]", "генерального директора Громова Игоря Олеговича")
    page.click("[data-testid=contract-save]")
    expect(page.get_by_test_id("contract-number")).to_contain_text("1/")
    contract = Contract.objects.get()
    assert (contract.type, contract.student, contract.partner_signatory) == (
        ContractType.TRIPARTITE_PRACTICE,
        placement.student,
        signatory,
    )

    # Sent for signatures: frozen, and its PDF rendered once the transaction commits.
    page.click("[data-testid=to-awaiting_signatures]")
    expect(page.get_by_test_id("contract-pdf")).to_be_visible()
    contract.refresh_from_db()
    assert contract.state == ContractState.AWAITING_SIGNATURES and contract.pdf_ready

    # Three signatures: the college and the student on paper, the organisation's scan uploaded.
    not_signed = ru("has not signed yet")  # the page is in Russian: the English text is never there
    for party, kind in ((Party.COLLEGE, SignatureKind.PAPER), (Party.ORGANISATION, SignatureKind.SCAN),
                        (Party.STUDENT, SignatureKind.PAPER)):  # fmt: skip
        row = page.get_by_test_id(f"signature-{party.value}")
        expect(row).to_contain_text(not_signed)
        page.click("[data-testid=record-signature]")
        # Choosing the party re-renders the form (htmx) with that party's signer: wait for the new
        # form, or the kind ticked next is lost with the replaced one.
        select_and_wait_for_swap(page, "select[name=party]", party.value, "#signature-form")
        expect(page.locator("input[name=signer_name]")).to_have_value(signer_names(contract)[party])
        page.check(f"input[name=kind][value={kind.value}]")
        if kind == SignatureKind.SCAN:
            page.set_input_files(
                "input[name=file]", files=[{"name": "Скан.pdf", "mimeType": "application/pdf", "buffer": PDF}]
            )
        page.click("[data-testid=signature-save]")
        expect(row).to_contain_text(ru(kind.label))
        expect(row).not_to_contain_text(not_signed)
    expect(page.get_by_test_id("signature-file")).to_have_count(1)
    contract.refresh_from_db()
    assert contract.state == ContractState.ACTIVE
    expect(page.get_by_test_id("contract-state")).to_have_text(str(ContractState.ACTIVE.label))

    # The employer finds the contract among its organisation's and downloads the PDF.
    employer = browser.new_context(base_url=live_server.url, accept_downloads=True).new_page()
    log_in(employer, employer_a.email, PASSWORD)
    employer.goto("/contracts/")
    employer.click(f"a[href='/contracts/{contract.pk}/']")
    expect(employer.get_by_test_id("parties")).to_contain_text(placement.student.full_name)
    with employer.expect_download() as download_info:
        employer.click("[data-testid=contract-pdf]")
    download = download_info.value
    assert re.fullmatch(r"1-\d{4}-ТП\.pdf", download.suggested_filename)
    assert Path(download.path()).read_bytes().startswith(b"%PDF")
