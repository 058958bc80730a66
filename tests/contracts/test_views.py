"""Contract pages: who sees which contract and file, the list and its filters, the per-type forms,
the state buttons, signatures up to an active contract, batches with their ZIP, obligations, and
the section on the staff partner card."""

import io
import zipfile
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from contracts import services
from contracts.models import (
    Contract,
    ContractBatch,
    ContractState,
    ContractType,
    ObligationStatus,
    Party,
    Signature,
    SignatureKind,
)
from practice.models import PlacementState, StudentDataAccess
from tests.contracts import (
    PDF,
    contract_of,
    file_bytes,
    placement_at,
    rendered,
    sent,
    signatory_of,
    today,
)
from tests.factories import PartnerFactory, PlacementFactory, PracticePeriodFactory, StudentFactory
from tests.helpers import assert_constant_queries, card_section, ru, years_before

HTMX = {"HX-Request": "true"}


def streamed(response):
    return b"".join(response.streaming_content)


def upload(name="scan.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.fixture
def issued_a(partner_a, staff):
    """A tripartite contract of organisation A sent for signatures, with its PDF and a scan."""
    signatory_of(partner_a)
    contract = rendered(sent(contract_of(ContractType.TRIPARTITE_PRACTICE, partner_a, staff), staff))
    signature = services.signature_record(
        contract=contract, party=Party.COLLEGE, signer_name="Смирнова О. В.", signed_on=today(),
        kind=SignatureKind.SCAN, recorded_by=staff, file=upload(),
    )  # fmt: skip
    return contract, signature


# --- Access ---------------------------------------------------------------------------------


def test_employer_sees_and_downloads_their_organisations_contract_pdf_and_signed_scan(client, employer_a, issued_a):
    contract, signature = issued_a
    client.force_login(employer_a)
    page = client.get(reverse("contracts:detail", args=[contract.pk]))
    pdf = client.get(reverse("contracts:pdf", args=[contract.pk]))
    scan = client.get(reverse("contracts:signature_file", args=[signature.pk]))
    assert page.status_code == 200
    assert contract.number in page.content.decode()
    assert streamed(pdf).startswith(b"%PDF")
    assert pdf["Content-Disposition"].startswith("attachment")
    assert streamed(scan) == PDF
    # Employers are shown the student's data: each access is logged (152-ФЗ), one entry per request.
    logged = StudentDataAccess.objects.filter(user=employer_a).order_by("pk")
    assert list(logged.values_list("student", "action")) == [
        (contract.student_id, "view"),
        (contract.student_id, "download"),
        (contract.student_id, "download"),
    ]


def test_employer_of_another_organisation_gets_404_for_the_contract_its_pdf_and_scan(client, employer_b, issued_a):
    contract, signature = issued_a
    client.force_login(employer_b)
    urls = [
        reverse("contracts:detail", args=[contract.pk]),
        reverse("contracts:pdf", args=[contract.pk]),
        reverse("contracts:signature_file", args=[signature.pk]),
        # guessed ids
        reverse("contracts:detail", args=[contract.pk + 1000]),
        reverse("contracts:pdf", args=[contract.pk + 1000]),
        reverse("contracts:signature_file", args=[signature.pk + 1000]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    listing = client.get(reverse("contracts:list")).content.decode()
    assert contract.number not in listing
    assert not StudentDataAccess.objects.filter(user=employer_b).exists()


def test_drafts_are_hidden_from_employers_and_listed_for_staff(client, staff, employer_a, partner_a, issued_a):
    draft = contract_of(ContractType.COOPERATION, partner_a, staff)
    client.force_login(employer_a)
    assert client.get(reverse("contracts:detail", args=[draft.pk])).status_code == 404
    employer_list = [row.pk for row in client.get(reverse("contracts:list")).context["page_obj"]]
    assert employer_list == [issued_a[0].pk]
    client.force_login(staff)
    staff_list = {row.pk for row in client.get(reverse("contracts:list")).context["page_obj"]}
    assert staff_list == {draft.pk, issued_a[0].pk}


def test_a_pdf_the_worker_has_not_made_yet_is_made_on_download(staff_client, partner_a, staff):
    contract = sent(contract_of(ContractType.COOPERATION, partner_a, staff), staff)
    page = staff_client.get(reverse("contracts:detail", args=[contract.pk])).content.decode()
    # The card polls the state rather than offering a download that is not there yet (tests/contracts/test_pdf_status.py).
    assert reverse("contracts:pdf_status", args=[contract.pk]) in page
    assert f'href="{reverse("contracts:pdf", args=[contract.pk])}"' not in page
    response = staff_client.get(reverse("contracts:pdf", args=[contract.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    contract.refresh_from_db()
    assert contract.pdf_ready and contract.render_count == 1
    # A second download serves the same file; nothing is rendered again.
    staff_client.get(reverse("contracts:pdf", args=[contract.pk]))
    contract.refresh_from_db()
    assert contract.render_count == 1


def test_a_draft_has_no_pdf(staff_client, partner_a, staff):
    contract = contract_of(ContractType.COOPERATION, partner_a, staff)
    assert staff_client.get(reverse("contracts:pdf", args=[contract.pk])).status_code == 404


def test_staff_without_the_managers_role_read_contracts_but_cannot_prepare_them(client, teacher, partner_a, staff):
    contract = contract_of(ContractType.COOPERATION, partner_a, staff)
    client.force_login(teacher)
    assert client.get(reverse("contracts:detail", args=[contract.pk])).status_code == 200
    for url in (reverse("contracts:create"), reverse("contracts:edit", args=[contract.pk])):
        assert client.get(url).status_code == 403


def test_employers_get_404_for_staff_pages(employer_a_client, partner_a, staff, issued_a):
    contract, _signature = issued_a
    for url in (
        reverse("contracts:create"),
        reverse("contracts:amend", args=[contract.pk]),
        reverse("contracts:signature_create", args=[contract.pk]),
    ):
        assert employer_a_client.get(url).status_code == 404, url
    response = employer_a_client.post(
        reverse("contracts:transition", args=[contract.pk]), {"to_state": "terminated", "reason": "x"}
    )
    assert response.status_code == 404
    assert Contract.objects.get(pk=contract.pk).state == ContractState.AWAITING_SIGNATURES


def test_the_state_url_accepts_only_post(staff_client, partner_a, staff):
    contract = contract_of(ContractType.COOPERATION, partner_a, staff)
    assert staff_client.get(reverse("contracts:transition", args=[contract.pk])).status_code == 405


# --- The list -------------------------------------------------------------------------------


def _many_contracts(partner, staff, count=20):
    def add():
        for index in range(count):
            contract_type = [ContractType.TRIPARTITE_PRACTICE, ContractType.COOPERATION, ContractType.CONSULTING][
                index % 3
            ]
            contract = sent(contract_of(contract_type, partner, staff), staff)
            services.signature_record(
                contract=contract, party=Party.COLLEGE, signer_name="Смирнова О. В.", signed_on=today(),
                kind=SignatureKind.PAPER, recorded_by=staff,
            )  # fmt: skip

    return add


def test_the_staff_list_runs_a_constant_number_of_queries(staff_client, partner_a, staff):
    sent(contract_of(ContractType.TRIPARTITE_PRACTICE, partner_a, staff), staff)
    assert_constant_queries(staff_client, reverse("contracts:list"), _many_contracts(partner_a, staff))


def test_the_employer_list_runs_a_constant_number_of_queries(employer_a_client, partner_a, staff):
    sent(contract_of(ContractType.TRIPARTITE_PRACTICE, partner_a, staff), staff)
    assert_constant_queries(employer_a_client, reverse("contracts:list"), _many_contracts(partner_a, staff))


def test_the_list_shows_signatures_out_of_those_needed_and_filters(staff_client, staff, partner_a, partner_b):
    tripartite = sent(contract_of(ContractType.TRIPARTITE_PRACTICE, partner_a, staff), staff)
    services.signature_record(contract=tripartite, party=Party.COLLEGE, signer_name="Смирнова О. В.",
                              signed_on=today(), kind=SignatureKind.PAPER, recorded_by=staff)  # fmt: skip
    cooperation = contract_of(ContractType.COOPERATION, partner_b, staff)
    url = reverse("contracts:list")
    rows = {row.pk: row for row in staff_client.get(url).context["page_obj"]}
    assert (rows[tripartite.pk].signature_count, rows[tripartite.pk].signatures_needed) == (1, 3)
    assert (rows[cooperation.pk].signature_count, rows[cooperation.pk].signatures_needed) == (0, 2)

    def listed(**params):
        return [row.pk for row in staff_client.get(url, params).context["page_obj"]]

    assert listed(type="cooperation") == [cooperation.pk]
    assert listed(state="awaiting_signatures") == [tripartite.pk]
    assert listed(q=tripartite.student.last_name) == [tripartite.pk]
    assert listed(q=cooperation.number) == [cooperation.pk]
    assert listed(q="сибэнерго") == [cooperation.pk]
    last_year = date(today().year - 1, 6, 1)
    old = contract_of(ContractType.COOPERATION, partner_b, staff, signed_on=last_year, start_date=last_year,
                      end_date=last_year + timedelta(days=30))  # fmt: skip
    assert listed(year=last_year.year) == [old.pk]
    assert set(listed(year="not-a-year")) == {tripartite.pk, cooperation.pk, old.pk}  # a bad value is ignored


def test_expiring_filter_lists_contracts_in_force_ending_within_30_days(staff_client, staff, partner_a):
    soon = contract_of(ContractType.COOPERATION, partner_a, staff, start_date=today() - timedelta(days=300),
                       end_date=today() + timedelta(days=20))  # fmt: skip
    later = contract_of(ContractType.COOPERATION, partner_a, staff, start_date=today() - timedelta(days=300),
                        end_date=today() + timedelta(days=90))  # fmt: skip
    for contract in (soon, later):
        Contract.objects.filter(pk=contract.pk).update(state=ContractState.ACTIVE)
    response = staff_client.get(reverse("contracts:list"), {"expiring": "on"})
    assert [row.pk for row in response.context["page_obj"]] == [soon.pk]
    assert response.context["page_obj"][0].is_expiring


# --- Creating contracts ---------------------------------------------------------------------


def test_staff_choose_the_type_first(staff_client):
    response = staff_client.get(reverse("contracts:create"))
    content = response.content.decode()
    for contract_type in ContractType:
        if contract_type != ContractType.AMENDMENT:
            assert f"?type={contract_type.value}" in content
    assert "?type=amendment" not in content


def test_a_new_contract_from_the_partner_card_keeps_the_organisation(staff_client, partner_a):
    card = card_section(staff_client, partner_a, "contracts").content.decode()
    link = f"{reverse('contracts:create')}?partner={partner_a.pk}"
    assert link in card
    chooser = staff_client.get(link).content.decode()
    assert f"?type=cooperation&amp;partner={partner_a.pk}" in chooser


def test_a_link_from_a_placement_prefills_the_tripartite_form(staff_client, partner_a):
    signatory = signatory_of(partner_a, authority_basis="доверенности № 7 от 01.02.2026")
    placement = placement_at(partner_a)
    response = staff_client.get(reverse("contracts:create"), {"type": "tripartite_practice", "placement": placement.pk})
    initial = response.context["form"].initial
    assert (int(initial["partner"]), int(initial["student"]), int(initial["partner_signatory"])) == (
        partner_a.pk,
        placement.student_id,
        signatory.pk,
    )
    assert (initial["start_date"], initial["end_date"]) == (
        placement.start_date.isoformat(),
        placement.end_date.isoformat(),
    )
    assert initial["partner_basis"] == "доверенности № 7 от 01.02.2026"
    assert initial["partner_in_person"] == "генерального директора Громова Игоря Олеговича"


def test_a_tripartite_contract_takes_the_student_and_dates_from_its_placement(staff_client, partner_a):
    signatory = signatory_of(partner_a)
    placement = placement_at(partner_a)
    response = staff_client.post(
        reverse("contracts:create") + "?type=tripartite_practice",
        {"partner": partner_a.pk, "placement": placement.pk, "partner_signatory": signatory.pk,
         "partner_in_person": "генерального директора Громова Игоря Олеговича", "signed_on": today().isoformat(),
         "paid_post": "токарь 3 разряда"},
    )  # fmt: skip
    contract = Contract.objects.get()
    assert response["Location"] == reverse("contracts:detail", args=[contract.pk])
    assert (contract.type, contract.state, contract.student, contract.placement) == (
        ContractType.TRIPARTITE_PRACTICE,
        ContractState.DRAFT,
        placement.student,
        placement,
    )
    assert (contract.start_date, contract.end_date) == (placement.start_date, placement.end_date)
    assert contract.partner_basis == "Устава"  # from the signatory
    assert contract.details == {"paid_post": "токарь 3 разряда"}
    assert contract.number == f"1/{today().year}-ТП"


def test_bad_input_re_renders_the_form_with_everything_typed(staff_client, partner_a):
    signatory = signatory_of(partner_a)
    placement = placement_at(partner_a)
    data = {"partner": partner_a.pk, "placement": placement.pk, "student": placement.student_id,
            "partner_signatory": signatory.pk, "partner_in_person": "генерального директора Громова И. О.",
            "partner_basis": "Устава", "signed_on": today().isoformat(), "start_date": "2026-12-20",
            "end_date": "2026-12-01", "paid_post": "слесарь механосборочных работ"}  # fmt: skip
    response = staff_client.post(reverse("contracts:create") + "?type=tripartite_practice", data)
    assert response.status_code == 200
    assert not Contract.objects.exists()
    form = response.context["form"]
    assert form.errors["end_date"] == [ru("The end date cannot be before the start date.")]
    content = response.content.decode()
    for text in ("слесарь механосборочных работ", "генерального директора Громова И. О.", "2026-12-20"):
        assert text in content
    assert f'<option value="{placement.pk}" selected>' in content


def test_a_signatory_of_another_organisation_is_refused(staff_client, partner_a, partner_b):
    foreign = signatory_of(partner_b)
    response = staff_client.post(
        reverse("contracts:create") + "?type=cooperation",
        {"partner": partner_a.pk, "partner_signatory": foreign.pk, "signed_on": today().isoformat(),
         "start_date": today().isoformat(), "end_date": (today() + timedelta(days=365)).isoformat()},
    )  # fmt: skip
    assert response.status_code == 200
    assert "partner_signatory" in response.context["form"].errors
    assert not Contract.objects.exists()


def _minor_and_adult(partner):
    signing = today()
    minor = placement_at(partner, birth_date=years_before(signing, 16))
    adult = placement_at(partner, birth_date=years_before(signing, 19))
    return minor, adult


def test_a_student_under_18_needs_the_legal_guardian(staff_client, partner_a):
    minor, _adult = _minor_and_adult(partner_a)
    data = {"partner": partner_a.pk, "placement": minor.pk, "student": minor.student_id,
            "signed_on": today().isoformat()}  # fmt: skip
    url = reverse("contracts:create") + "?type=tripartite_practice"
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors["guardian_name"] == [ru("This field is required.")]
    assert not Contract.objects.exists()
    staff_client.post(url, {**data, "guardian_name": "Иванова Мария Петровна"})
    assert Contract.objects.get().guardian_name == "Иванова Мария Петровна"


def test_the_guardian_is_not_asked_for_an_adult_student(staff_client, partner_a):
    _minor, adult = _minor_and_adult(partner_a)
    response = staff_client.get(reverse("contracts:create"), {"type": "tripartite_practice", "placement": adult.pk})
    assert "guardian_name" not in response.context["form"].fields
    staff_client.post(
        reverse("contracts:create") + "?type=tripartite_practice",
        {"partner": partner_a.pk, "placement": adult.pk, "signed_on": today().isoformat(),
         "guardian_name": "Не нужен"},
    )  # fmt: skip
    assert Contract.objects.get().guardian_name == ""


def test_a_targeted_contract_keeps_its_terms_and_opens_the_obligation(staff_client, partner_a):
    student = StudentFactory(birth_date=date(2005, 3, 1))
    deadline = today() + timedelta(days=800)  # after the training ends (600 days): relative, never a time bomb
    data = {"partner": partner_a.pk, "student": student.pk, "signed_on": today().isoformat(),
            "start_date": today().isoformat(), "end_date": (today() + timedelta(days=600)).isoformat(),
            "support_measures": "стипендия 5 000 рублей в месяц", "future_place": "цех № 3",
            "future_position": "техник-технолог", "employment_deadline": deadline.isoformat(), "work_years": "2",
            "portal_offer_number": "ЦО-42", "passport": "6520 123456", "address": "г. Екатеринбург, ул. Ленина, 1",
            "form_of_study": "full_time", "okved": "28.41", "pay_conditions": "оклад 55 000 руб.",
            "employment_months": "3"}  # fmt: skip
    url = reverse("contracts:create") + "?type=targeted_training"
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert "work_years" in response.context["form"].errors  # at least 3 years
    staff_client.post(url, {**data, "work_years": "3"})
    contract = Contract.objects.get()
    assert contract.details == {
        "support_measures": "стипендия 5 000 рублей в месяц",
        "future_place": "цех № 3",
        "future_position": "техник-технолог",
        "employment_deadline": deadline.isoformat(),
        "work_years": 3,
        "portal_offer_number": "ЦО-42",
        "passport": "6520 123456",
        "address": "г. Екатеринбург, ул. Ленина, 1",
        "form_of_study": "full_time",
        "okved": "28.41",
        "pay_conditions": "оклад 55 000 руб.",
        "employment_months": 3,
    }
    assert (contract.obligation.employment_deadline, contract.obligation.work_years) == (deadline, 3)


def test_priced_types_need_an_amount_and_the_others_have_none(staff_client, partner_a):
    base = {"partner": partner_a.pk, "signed_on": today().isoformat(), "start_date": today().isoformat(),
            "end_date": (today() + timedelta(days=90)).isoformat(), "subject": "Консультации по наладке станков"}  # fmt: skip
    response = staff_client.post(reverse("contracts:create") + "?type=consulting", base)
    assert response.context["form"].errors["amount"] == [ru("This field is required.")]
    staff_client.post(reverse("contracts:create") + "?type=consulting",
                      {**base, "amount": "120000.50", "direction": "college_performs", "vat": "22", "payment_days": 10})  # fmt: skip
    assert str(Contract.objects.get().amount) == "120000.50"
    cooperation = staff_client.get(reverse("contracts:create"), {"type": "cooperation"})
    assert "amount" not in cooperation.context["form"].fields


def test_a_practical_training_contract_lists_the_organisations_placements_by_period(staff_client, partner_a):
    autumn = placement_at(partner_a)
    spring = placement_at(partner_a, start=today() + timedelta(days=100), end=today() + timedelta(days=130))
    elsewhere = placement_at(PartnerFactory())
    response = staff_client.get(reverse("contracts:create"), {"type": "practical_training", "partner": partner_a.pk})
    field = response.context["form"].fields["placements"]
    groups = {label: [value for value, _label in choices] for label, choices in field.widget.choices}
    assert groups == {str(autumn.period): [autumn.pk], str(spring.period): [spring.pk]}
    url = reverse("contracts:create") + "?type=practical_training"
    data = {"partner": partner_a.pk, "signed_on": today().isoformat(), "start_date": today().isoformat(),
            "end_date": (today() + timedelta(days=365)).isoformat(), "premises": "Механический цех № 3\nУчасток ЧПУ"}  # fmt: skip
    refused = staff_client.post(url, {**data, "placements": [autumn.pk, elsewhere.pk]})
    assert "placements" in refused.context["form"].errors
    staff_client.post(url, {**data, "placements": [autumn.pk, spring.pk]})
    contract = Contract.objects.get()
    assert set(contract.placements.all()) == {autumn, spring}
    assert contract.details == {"premises": "Механический цех № 3\nУчасток ЧПУ"}


def test_choosing_the_organisation_refreshes_the_form_with_its_signatory(staff_client, partner_a):
    signatory = signatory_of(partner_a, authority_basis="Устава")
    response = staff_client.get(
        reverse("contracts:create"),
        {"type": "cooperation", "partner": partner_a.pk, "subject": "Уже набранный текст"},
        headers={**HTMX, "HX-Trigger-Name": "partner"},
    )
    assert [template.name for template in response.templates][0] == "contracts/_contract_form.html"
    form = response.context["form"]
    assert int(form.initial["partner_signatory"]) == signatory.pk
    assert form.initial["partner_basis"] == "Устава"
    assert list(form.fields["partner_signatory"].queryset) == [signatory]
    assert "Уже набранный текст" in response.content.decode()


def test_staff_edit_a_draft_but_a_frozen_contract_sends_them_to_its_page(staff_client, partner_a, staff):
    draft = contract_of(ContractType.COOPERATION, partner_a, staff)
    response = staff_client.post(
        reverse("contracts:edit", args=[draft.pk]),
        {"partner": partner_a.pk, "signed_on": draft.signed_on.isoformat(), "start_date": draft.start_date.isoformat(),
         "end_date": draft.end_date.isoformat(), "subject": "Новые условия", "partner_signatory": draft.partner_signatory_id,
         "partner_basis": "Устава"},
    )  # fmt: skip
    assert response["Location"] == reverse("contracts:detail", args=[draft.pk])
    assert Contract.objects.get(pk=draft.pk).subject == "Новые условия"
    sent(draft, staff)
    response = staff_client.get(reverse("contracts:edit", args=[draft.pk]), follow=True)
    assert response.redirect_chain == [(reverse("contracts:detail", args=[draft.pk]), 302)]
    assert [str(message) for message in response.context["messages"]][-1:] == [
        ru(
            "The contract is no longer a draft, so what it prints is frozen. Return it to draft while it is "
            "on approval, or make an amendment."
        )
    ]


def test_an_amendment_is_made_from_its_contracts_page(staff_client, partner_a, staff):
    signatory = signatory_of(partner_a)
    parent = sent(contract_of(ContractType.COOPERATION, partner_a, staff, partner_signatory=signatory), staff)
    form = staff_client.get(reverse("contracts:amend", args=[parent.pk])).context["form"]
    assert "partner" not in form.fields
    assert form.initial["partner_signatory"] == signatory.pk
    response = staff_client.post(
        reverse("contracts:amend", args=[parent.pk]),
        {"partner_signatory": signatory.pk, "partner_basis": "Устава", "signed_on": today().isoformat(),
         "start_date": today().isoformat(), "end_date": parent.end_date.isoformat(),
         "subject": "Срок действия продлить до 31.12.2028."},
    )  # fmt: skip
    amendment = Contract.objects.get(type=ContractType.AMENDMENT)
    assert response["Location"] == reverse("contracts:detail", args=[amendment.pk])
    assert (amendment.parent, amendment.partner, amendment.subject) == (
        parent,
        partner_a,
        "Срок действия продлить до 31.12.2028.",
    )
    page = staff_client.get(reverse("contracts:detail", args=[parent.pk]))
    assert list(page.context["amendments"]) == [amendment]


def test_a_draft_is_not_amended(staff_client, partner_a, staff):
    draft = contract_of(ContractType.COOPERATION, partner_a, staff)
    response = staff_client.get(reverse("contracts:amend", args=[draft.pk]))
    assert response["Location"] == reverse("contracts:detail", args=[draft.pk])


# --- The page and the state -----------------------------------------------------------------


def test_sending_for_signatures_freezes_the_contract_and_renders_its_pdf(
    staff_client, partner_a, staff, django_capture_on_commit_callbacks
):
    draft = contract_of(ContractType.COOPERATION, partner_a, staff)
    page = staff_client.get(reverse("contracts:detail", args=[draft.pk]))
    assert [button["state"] for button in page.context["state_buttons"]] == [
        ContractState.ON_APPROVAL,
        ContractState.AWAITING_SIGNATURES,
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("contracts:transition", args=[draft.pk]), {"to_state": "awaiting_signatures"}
        )
    assert response["Location"] == reverse("contracts:detail", args=[draft.pk])
    contract = Contract.objects.get(pk=draft.pk)
    assert contract.state == ContractState.AWAITING_SIGNATURES
    assert contract.snapshot["parties"][1]["name"] == partner_a.name
    assert contract.pdf_ready


def test_termination_needs_a_reason(staff_client, partner_a, staff):
    contract = sent(contract_of(ContractType.COOPERATION, partner_a, staff), staff)
    url = reverse("contracts:transition", args=[contract.pk])
    response = staff_client.post(url, {"to_state": "terminated", "reason": "  "})
    assert response.status_code == 200
    assert ru("Say why the contract is terminated.") in response.content.decode()
    assert Contract.objects.get(pk=contract.pk).state == ContractState.AWAITING_SIGNATURES
    staff_client.post(url, {"to_state": "terminated", "reason": "Организация ликвидирована"})
    contract.refresh_from_db()
    assert (contract.state, contract.terminated_reason) == (ContractState.TERMINATED, "Организация ликвидирована")


def test_an_impossible_transition_is_refused_with_a_message(staff_client, partner_a, staff):
    draft = contract_of(ContractType.COOPERATION, partner_a, staff)
    response = staff_client.post(reverse("contracts:transition", args=[draft.pk]), {"to_state": "active"})
    assert response.status_code == 200
    message = ru("A contract cannot go from «%(from)s» to «%(to)s».", **{"from": ru(ContractState.DRAFT.label),
                                                                        "to": ru(ContractState.ACTIVE.label)})  # fmt: skip
    assert response.context["transition_form"].errors == {"__all__": [message]}
    assert message in response.content.decode()
    assert Contract.objects.get(pk=draft.pk).state == ContractState.DRAFT


def test_the_page_shows_the_history_to_staff_only(client, staff, employer_a, partner_a):
    contract = sent(contract_of(ContractType.COOPERATION, partner_a, staff), staff)
    client.force_login(staff)
    history = client.get(reverse("contracts:detail", args=[contract.pk])).context["history"]
    state_changes = [change for entry in history for change in entry["changes"] if change["name"] == "state"]
    assert [(change["old"], change["new"]) for change in state_changes] == [
        (ContractState.DRAFT.label, ContractState.AWAITING_SIGNATURES.label)
    ]
    assert history[0]["record"].history_user == staff
    client.force_login(employer_a)
    assert client.get(reverse("contracts:detail", args=[contract.pk])).context["history"] is None


# --- Signatures -----------------------------------------------------------------------------


def test_every_party_signs_and_the_contract_becomes_active(staff_client, partner_a, staff):
    signatory_of(partner_a)
    contract = sent(contract_of(ContractType.TRIPARTITE_PRACTICE, partner_a, staff), staff)
    url = reverse("contracts:signature_create", args=[contract.pk])
    form = staff_client.get(url).context["form"]
    assert [value for value, _label in form.fields["party"].choices] == ["college", "organisation", "student"]
    assert form.initial["signer_name"] == "Смирнова Ольга Викторовна"  # the college's director
    for party, kind, file in (
        ("college", "paper", None),
        ("organisation", "scan", upload("Скан договора.pdf")),
        ("student", "electronic", upload("student.p7s", b"0\x82\x01\x00signature")),
    ):
        data = {"party": party, "signer_name": f"Подписант {party}", "signed_on": today().isoformat(), "kind": kind}
        if file:
            data["file"] = file
        response = staff_client.post(url, data)
        assert response.status_code == 302, response.context["form"].errors
    contract.refresh_from_db()
    assert contract.state == ContractState.ACTIVE
    signatures = {signature.party: signature for signature in contract.signatures.all()}
    assert file_bytes(signatures["organisation"].file) == PDF
    assert signatures["organisation"].file.name.endswith("signed-organisation.pdf")
    assert signatures["student"].file.name.endswith(".p7s")
    assert staff_client.get(url)["Location"] == reverse("contracts:detail", args=[contract.pk])


def test_the_form_offers_only_the_parties_still_to_sign(staff_client, partner_a, staff):
    contract = sent(contract_of(ContractType.COOPERATION, partner_a, staff), staff)
    services.signature_record(contract=contract, party=Party.COLLEGE, signer_name="Смирнова О. В.",
                              signed_on=today(), kind=SignatureKind.PAPER, recorded_by=staff)  # fmt: skip
    url = reverse("contracts:signature_create", args=[contract.pk])
    assert [value for value, _label in staff_client.get(url).context["form"].fields["party"].choices] == [
        "organisation"
    ]
    response = staff_client.post(
        url, {"party": "student", "signer_name": "X", "signed_on": today().isoformat(), "kind": "paper"}
    )
    assert "party" in response.context["form"].errors


def test_choosing_the_party_suggests_its_signer_and_keeps_a_name_typed_by_hand(staff_client, partner_a, staff):
    signatory = signatory_of(partner_a)
    contract = sent(contract_of(ContractType.COOPERATION, partner_a, staff, partner_signatory=signatory), staff)
    url = reverse("contracts:signature_create", args=[contract.pk])
    headers = {**HTMX, "HX-Trigger-Name": "party"}
    suggested = staff_client.get(
        url, {"party": "organisation", "signer_name": "Смирнова Ольга Викторовна"}, headers=headers
    )
    assert [template.name for template in suggested.templates][0] == "contracts/_signature_form.html"
    assert suggested.context["form"].initial["signer_name"] == signatory.full_name
    typed = staff_client.get(
        url, {"party": "organisation", "signer_name": "Петров П. П. по доверенности"}, headers=headers
    )
    assert typed.context["form"].initial["signer_name"] == "Петров П. П. по доверенности"


def test_a_contract_starting_later_becomes_signed_not_active(staff_client, partner_a, staff):
    contract = sent(
        contract_of(ContractType.COOPERATION, partner_a, staff, start_date=today() + timedelta(days=10)), staff
    )
    url = reverse("contracts:signature_create", args=[contract.pk])
    for party in ("college", "organisation"):
        staff_client.post(url, {"party": party, "signer_name": "X", "signed_on": today().isoformat(), "kind": "paper"})
    assert Contract.objects.get(pk=contract.pk).state == ContractState.SIGNED


@pytest.mark.parametrize(
    ("kind", "name", "content", "code"),
    [
        ("scan", None, None, "missing"),
        ("scan", "scan.pdf", b"MZ\x90\x00 not a pdf", "wrong_kind"),
        ("electronic", "contract.exe", b"MZ\x90\x00", "wrong_kind"),
        ("electronic", "contract.sig", b"", "empty"),
        ("electronic", "contract.p7s", b"0" * (20 * 1024 * 1024 + 1), "too_large"),
    ],
)
def test_signed_files_are_checked_by_kind_content_and_size(staff_client, partner_a, staff, kind, name, content, code):
    contract = sent(contract_of(ContractType.COOPERATION, partner_a, staff), staff)
    data = {"party": "college", "signer_name": "Смирнова О. В.", "signed_on": today().isoformat(), "kind": kind}
    if name:
        data["file"] = upload(name, content)
    response = staff_client.post(reverse("contracts:signature_create", args=[contract.pk]), data)
    assert response.status_code == 200
    (error,) = response.context["form"].errors.as_data()["file"]
    if code == "missing":
        assert error.messages == [ru("Upload the signed file.")]
    else:
        assert error.code == code
    if kind == "electronic" and code == "wrong_kind":
        assert error.messages == [ru("«%(name)s» is neither a PDF nor a signature file (.sig, .p7s).", name=name)]
    assert not Signature.objects.exists()
    # What was typed is kept.
    assert response.context["form"]["signer_name"].value() == "Смирнова О. В."


def test_a_contract_not_sent_yet_takes_no_signatures(staff_client, partner_a, staff):
    draft = contract_of(ContractType.COOPERATION, partner_a, staff)
    response = staff_client.get(reverse("contracts:signature_create", args=[draft.pk]))
    assert response["Location"] == reverse("contracts:detail", args=[draft.pk])


# --- Batches --------------------------------------------------------------------------------


@pytest.fixture
def period_with_placements(partner_a, partner_b, staff):
    """Three placements in one period: one already has its contract, one is cancelled."""
    signatory_of(partner_a)
    signatory_of(partner_b, last_name="Лебедева", first_name="Ирина", middle_name="Сергеевна")
    period = PracticePeriodFactory(start_date=today(), end_date=today() + timedelta(days=30))
    placements = [
        PlacementFactory(period=period, student=StudentFactory(group=period.group), partner=partner)
        for partner in (partner_a, partner_b, partner_a)
    ]
    contract_of(ContractType.TRIPARTITE_PRACTICE, partner_a, staff, placement=placements[2])
    PlacementFactory(period=period, student=StudentFactory(group=period.group), partner=partner_a,
                     state=PlacementState.CANCELLED, cancel_reason="Болезнь")  # fmt: skip
    return period, placements


def test_a_batch_makes_the_missing_contracts_renders_them_and_zips_them(
    staff_client, period_with_placements, django_capture_on_commit_callbacks
):
    period, placements = period_with_placements
    url = reverse("contracts:batch_create", args=[period.pk])
    page = staff_client.get(url)
    assert [placement for placement, _signatory in page.context["placements"]] == placements[:2]
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url, {})
    batch = ContractBatch.objects.get()
    assert response["Location"] == reverse("contracts:batch_detail", args=[batch.pk])
    contracts = list(batch.contracts.order_by("seq"))
    assert {contract.placement for contract in contracts} == set(placements[:2])
    assert all(contract.state == ContractState.AWAITING_SIGNATURES and contract.pdf_ready for contract in contracts)
    progress = staff_client.get(reverse("contracts:batch_progress", args=[batch.pk]))
    content = progress.content.decode()
    assert (progress.context["rendered"], progress.context["total"]) == (2, 2)
    assert "hx-trigger" not in content  # done: polling stops
    assert reverse("contracts:batch_zip", args=[batch.pk]) in content
    archive = zipfile.ZipFile(io.BytesIO(streamed(staff_client.get(reverse("contracts:batch_zip", args=[batch.pk])))))
    assert sorted(archive.namelist()) == sorted(f"{contract.number.replace('/', '-')}.pdf" for contract in contracts)
    for contract in contracts:
        assert archive.read(f"{contract.number.replace('/', '-')}.pdf") == file_bytes(contract.pdf)


def test_while_pdfs_are_rendering_the_progress_keeps_polling_and_there_is_no_zip(staff_client, period_with_placements):
    period, _placements = period_with_placements
    staff_client.post(reverse("contracts:batch_create", args=[period.pk]), {})  # tasks wait for a commit
    batch = ContractBatch.objects.get()
    first = batch.contracts.order_by("seq").first()
    rendered(first)
    detail = staff_client.get(reverse("contracts:batch_detail", args=[batch.pk]))
    assert (detail.context["rendered"], detail.context["total"]) == (1, 2)
    progress = staff_client.get(reverse("contracts:batch_progress", args=[batch.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in progress
    assert reverse("contracts:batch_progress", args=[batch.pk]) in progress
    assert staff_client.get(reverse("contracts:batch_zip", args=[batch.pk])).status_code == 404


def test_a_period_whose_placements_all_have_contracts_gets_no_batch(staff_client, period_with_placements, staff):
    period, placements = period_with_placements
    for placement in placements[:2]:
        contract_of(ContractType.TRIPARTITE_PRACTICE, placement.partner, staff, placement=placement)
    assert staff_client.get(reverse("contracts:batch_create", args=[period.pk])).context["placements"] == []
    response = staff_client.post(reverse("contracts:batch_create", args=[period.pk]), {})
    assert response.status_code == 200
    assert ru("Every placement of this period already has its tripartite contract.") in response.content.decode()
    assert not ContractBatch.objects.exists()


# --- Obligations ----------------------------------------------------------------------------


def test_obligations_are_listed_for_staff_and_for_the_customer_only(client, staff, employer_a, employer_b, partner_a):
    contract = sent(contract_of(ContractType.TARGETED_TRAINING, partner_a, staff), staff)
    client.force_login(staff)
    assert [row.contract for row in client.get(reverse("contracts:obligation_list")).context["page_obj"]] == [contract]
    client.force_login(employer_a)
    assert [row.contract for row in client.get(reverse("contracts:obligation_list")).context["page_obj"]] == [contract]
    client.force_login(employer_b)
    assert list(client.get(reverse("contracts:obligation_list")).context["page_obj"]) == []
    assert client.get(reverse("contracts:obligation_edit", args=[contract.obligation.pk])).status_code == 404


def test_staff_record_the_graduates_employment(staff_client, partner_a, staff):
    obligation = contract_of(ContractType.TARGETED_TRAINING, partner_a, staff).obligation
    url = reverse("contracts:obligation_edit", args=[obligation.pk])
    response = staff_client.post(url, {"status": "working", "employed_on": "", "notes": "Принят в цех № 3"})
    assert response.status_code == 200
    assert response.context["form"].errors["employed_on"] == [ru("Give the date the graduate was employed.")]
    assert "Принят в цех № 3" in response.content.decode()
    response = staff_client.post(url, {"status": "working", "employed_on": "2028-08-15", "notes": "Принят в цех № 3"})
    assert response["Location"] == reverse("contracts:obligation_list")
    obligation.refresh_from_db()
    assert (obligation.status, obligation.employed_on, obligation.work_until) == (
        ObligationStatus.WORKING,
        date(2028, 8, 15),
        date(2031, 8, 15),
    )


def test_the_obligation_list_runs_a_constant_number_of_queries(staff_client, partner_a, staff):
    contract_of(ContractType.TARGETED_TRAINING, partner_a, staff)

    def add():
        for _index in range(15):
            contract_of(ContractType.TARGETED_TRAINING, partner_a, staff)

    assert_constant_queries(staff_client, reverse("contracts:obligation_list"), add)


def test_an_overdue_obligation_is_marked(staff_client, partner_a, staff):
    contract = contract_of(ContractType.TARGETED_TRAINING, partner_a, staff)
    contract.obligation.employment_deadline = today() - timedelta(days=1)
    contract.obligation.save()
    row = staff_client.get(reverse("contracts:obligation_list")).context["page_obj"][0]
    assert row.is_overdue


# --- The partner card -----------------------------------------------------------------------


def test_the_partner_card_lists_the_partners_contracts_with_those_expiring_highlighted(
    staff_client, partner_a, partner_b, staff
):
    expiring = contract_of(ContractType.COOPERATION, partner_a, staff, start_date=today() - timedelta(days=300),
                           end_date=today() + timedelta(days=10))  # fmt: skip
    Contract.objects.filter(pk=expiring.pk).update(state=ContractState.ACTIVE)
    draft = contract_of(ContractType.CONSULTING, partner_a, staff)
    other = contract_of(ContractType.COOPERATION, partner_b, staff)
    response = card_section(staff_client, partner_a, "contracts")
    section = response.context["section"]
    assert {contract.pk for contract in section["contracts"]} == {expiring.pk, draft.pk}
    assert {contract.pk: contract.is_expiring for contract in section["contracts"]} == {
        expiring.pk: True,
        draft.pk: False,
    }
    assert (section["counts"]["total"], section["counts"]["in_force"], section["counts"]["expiring"]) == (2, 1, 1)
    content = response.content.decode()
    assert expiring.number in content and other.number not in content
