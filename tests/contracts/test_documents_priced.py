"""The priced contracts — consulting (гл. 39 ГК РФ), contract work (гл. 37), research (гл. 38) —
and the donation (ст. 582) as a college lawyer reads them, with the acceptance act as its own PDF:
real PDFs rendered from the frozen snapshot and read back with pypdf."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from contracts.documents import priced
from contracts.forms.priced import ContractWorkForm, DonationForm, ResearchForm
from contracts.models import ContractType
from partners.models import College
from tests.contracts import contract_of, file_bytes, pdf_text, rendered, sent, signatory_of, today
from tests.factories import ContactFactory
from tests.pdf_pages import dump, page_lines

STATEMENT = (
    "Цель работы: изготовление оснастки для участка механической обработки.\n"
    "Объём: 12 комплектов кондукторов по чертежам Заказчика № КД-101…КД-112.\n"
    "Требования к результату: точность изготовления по 7 квалитету, материал — сталь 40Х.\n"
    "Отчётная документация: паспорта на каждый комплект, протокол испытаний."
)
BASE = {"direction": priced.COLLEGE_PERFORMS, "vat": "22", "payment_days": 10}
DETAILS = {
    ContractType.CONSULTING: BASE,
    ContractType.CONTRACT_WORK: {**BASE, "statement_of_work": STATEMENT},
    ContractType.RESEARCH: {**BASE, "vat": "research", "rights_holder": "customer", "statement_of_work": STATEMENT},
    ContractType.SPONSORSHIP: {
        "donation_kind": "property",
        "purpose": "оснащение лаборатории сварочных технологий",
        "payment_days": 15,
    },  # fmt: skip
}
SUBJECTS = {
    ContractType.CONSULTING: "по внедрению системы бережливого производства на участке сборки",
    ContractType.CONTRACT_WORK: "изготовление технологической оснастки для участка механической обработки",
    ContractType.RESEARCH: "Разработка технологии аддитивного восстановления изношенных валов",
    ContractType.SPONSORSHIP: "Сварочный инвертор Сварог REAL ARC 200, 4 шт.\nВытяжная установка ФВУ-1200, 2 шт.",
}
TITLES = {
    ContractType.CONSULTING: "ДОГОВОР ВОЗМЕЗДНОГО ОКАЗАНИЯ КОНСУЛЬТАЦИОННЫХ УСЛУГ",
    ContractType.CONTRACT_WORK: "ДОГОВОР ПОДРЯДА",
    ContractType.RESEARCH: "ДОГОВОР НА ВЫПОЛНЕНИЕ НАУЧНО-ИССЛЕДОВАТЕЛЬСКИХ И ОПЫТНО-КОНСТРУКТОРСКИХ РАБОТ",
    ContractType.SPONSORSHIP: "ДОГОВОР ПОЖЕРТВОВАНИЯ",
}
AMOUNT_WORDS = "1 200 000,00 руб. (один миллион двести тысяч рублей 00 копеек)"
MALE_IN_PERSON = "в лице генерального директора Громова Игоря Олеговича, действующего на основании Устава"


def priced_contract(contract_type, partner, staff, *, details=None, signatory=None, **fields):
    """A draft of ``contract_type`` filled as staff would: a price of 1 200 000 roubles."""
    contract_type = ContractType(contract_type)
    values = {
        "amount": Decimal("1200000.00"),
        "subject": SUBJECTS[contract_type],
        "details": {**DETAILS[contract_type], **(details or {})},
        "partner_signatory": signatory or signatory_of(partner),
    }
    if contract_type == ContractType.CONTRACT_WORK:
        values["details"].setdefault("work_start", (today() + timedelta(days=10)).isoformat())
        values["details"].setdefault("work_end", (today() + timedelta(days=100)).isoformat())
    return contract_of(contract_type, partner, staff, **{**values, **fields})


def issued(contract_type, partner, staff, **kwargs):
    contract = rendered(sent(priced_contract(contract_type, partner, staff, **kwargs), staff))
    return contract, dump(contract_type.value if hasattr(contract_type, "value") else contract_type,
                          file_bytes(contract.pdf))  # fmt: skip


@pytest.fixture
def english():
    """Messages are compared in English, the catalogue's msgids."""
    with translation.override("en"):
        yield


def act_of(contract):
    return priced.act_pdf(contract.snapshot)


# --- Every priced type: parties, price, pages ----------------------------------------------


@pytest.mark.parametrize("contract_type", list(DETAILS))
def test_every_priced_type_prints_its_parties_price_and_no_short_page(contract_type, partner_a, staff):
    contract, data = issued(contract_type, partner_a, staff)
    text = pdf_text(data)
    assert TITLES[contract_type] in text
    assert MALE_IN_PERSON in text
    assert AMOUNT_WORDS in text
    assert "руб.." not in text
    assert College.current().name in text and partner_a.name in text
    assert all(lines >= 3 for lines in page_lines(data)), page_lines(data)
    act = dump(f"act-{contract_type.value}", act_of(contract))
    assert all(lines >= 3 for lines in page_lines(act)), page_lines(act)


def test_the_college_performing_is_the_performer_and_the_partner_the_customer(partner_a, staff):
    contract, data = issued(ContractType.CONSULTING, partner_a, staff)
    text = pdf_text(data)
    college = College.current()
    assert f"{partner_a.name}, именуемое в дальнейшем «Заказчик», {MALE_IN_PERSON}" in text
    assert f"{college.name}, именуемое в дальнейшем «Исполнитель»" in text
    assert [party["role"] for party in contract.snapshot["parties"]] == ["Заказчик", "Исполнитель"]
    assert "Исполнитель обязуется по заданию Заказчика оказать консультационные услуги: по внедрению системы " \
           "бережливого производства на участке сборки (далее — Услуги)" in text  # fmt: skip
    assert "в течение 10 (десяти) рабочих дней со дня подписания Сторонами акта" in text
    assert (
        f"3.1. Стоимость Услуг по настоящему Договору составляет {AMOUNT_WORDS}, в том числе НДС 22 % — 216 393,44 руб."
        in text
    )
    assert "статья 782 Гражданского кодекса" in text


def test_the_partner_performing_for_the_college_makes_the_college_the_customer(partner_a, staff):
    contract, data = issued(ContractType.CONTRACT_WORK, partner_a, staff,
                            details={"direction": priced.PARTNER_PERFORMS})  # fmt: skip
    text = pdf_text(data)
    assert f"{College.current().name}, именуемое в дальнейшем «Заказчик»" in text
    assert f"{partner_a.name}, именуемое в дальнейшем «Подрядчик», {MALE_IN_PERSON}" in text
    assert {party["key"]: party["role"] for party in contract.snapshot["parties"]} == {
        "college": "Заказчик",
        "organisation": "Подрядчик",
    }


def test_a_female_signatory_acts_in_the_feminine(partner_a, staff):
    signatory = signatory_of(partner_a, last_name="Лебедева", first_name="Марина", middle_name="Сергеевна",
                             position="Директор по персоналу", authority_basis="доверенности № 15 от 10.01.2026")  # fmt: skip
    _contract, data = issued(ContractType.RESEARCH, partner_a, staff, signatory=signatory)
    text = pdf_text(data)
    assert (
        "в лице директора по персоналу Лебедевой Марины Сергеевны, действующей на основании доверенности № 15 "
        "от 10.01.2026" in text
    )


# --- The VAT line --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("vat", "ground", "line"),
    [
        ("22", "", "в том числе НДС 22 % — 216 393,44 руб."),
        ("20", "", "в том числе НДС 20 % — 200 000,00 руб."),
        ("10", "", "в том числе НДС 10 % — 109 090,91 руб."),
        ("usn", "", "НДС не облагается в связи с применением упрощённой системы налогообложения (п. 2 ст. 346.11"),
        ("research", "", "НДС не облагается на основании пп. 16 п. 3 ст. 149 НК РФ."),
        ("other", "ст. 145 НК РФ.", "НДС не облагается на основании ст. 145 НК РФ."),
    ],
)
def test_the_vat_line_is_computed_from_the_price_or_names_the_ground(vat, ground, line):
    assert line in priced.vat_line({"vat": vat, "vat_ground": ground}, Decimal("1200000.00"))


def test_the_price_sentence_ends_with_one_full_stop(partner_a, staff):
    _contract, data = issued(ContractType.CONTRACT_WORK, partner_a, staff)
    text = pdf_text(data)
    assert f"4.1. Цена Работы составляет {AMOUNT_WORDS}, в том числе НДС 22 % — 216 393,44 руб. 4.2." in text


# --- Each type's own clauses --------------------------------------------------------------


def test_contract_work_prints_the_dates_of_the_work_and_the_statement_of_work(partner_a, staff):
    details = {"work_start": "2026-09-01", "work_end": "2026-11-30"}
    contract, data = issued(ContractType.CONTRACT_WORK, partner_a, staff, details=details,
                            start_date=today(), end_date=today() + timedelta(days=400))  # fmt: skip
    text = pdf_text(data)
    assert (
        "Начальный срок выполнения Работы — 01.09.2026, конечный срок выполнения Работы — 30.11.2026 "
        "(статья 708 Гражданского кодекса Российской Федерации)" in text
    )
    assert "Подрядчик обязуется по заданию Заказчика выполнить работу: изготовление технологической оснастки" in text
    assert "Приложение № 1 к договору № " + contract.number in text
    assert "ТЕХНИЧЕСКОЕ ЗАДАНИЕ" in text
    assert "Объём: 12 комплектов кондукторов по чертежам Заказчика" in text
    assert "статья 717 Гражданского кодекса" in text and "Гарантийный срок" in text
    # The appendix is signed by both parties.
    appendix = PdfReader(io.BytesIO(data)).pages[-1].extract_text()
    assert "ТЕХНИЧЕСКОЕ ЗАДАНИЕ" in appendix and appendix.count("подпись / И. О. Фамилия") == 2


@pytest.mark.parametrize(
    ("holder", "clause"),
    [
        ("customer", "в том числе право на получение патента, принадлежат Заказчику"),
        ("performer", "безвозмездной простой (неисключительной) лицензии"),
        ("joint", "принадлежат Заказчику и Исполнителю совместно"),
    ],
)
def test_research_prints_the_rights_to_the_results_and_confidentiality(holder, clause, partner_a, staff):
    _contract, data = issued(ContractType.RESEARCH, partner_a, staff, details={"rights_holder": holder})
    text = pdf_text(data)
    assert "5. Права на результаты работ" in text
    assert "(статья 772 Гражданского кодекса Российской Федерации)" in text
    assert clause in text
    assert text.count("5.2.") == 1  # one variant only
    assert "6. Конфиденциальность" in text and "(статья 771 Гражданского кодекса Российской Федерации)" in text
    assert "по теме: Разработка технологии аддитивного восстановления изношенных валов (далее — Работы)" in text
    assert "ТЕХНИЧЕСКОЕ ЗАДАНИЕ" in text


def test_a_donation_of_property_has_a_purpose_and_no_price_of_work(partner_a, staff):
    contract, data = issued(ContractType.SPONSORSHIP, partner_a, staff)
    text = pdf_text(data)
    assert f"{partner_a.name}, именуемое в дальнейшем «Жертвователь», {MALE_IN_PERSON}" in text
    assert f"{College.current().name}, именуемое в дальнейшем «Одаряемый»" in text
    assert (
        "Жертвователь обязуется безвозмездно передать Одаряемому в качестве пожертвования имущество: Сварочный "
        "инвертор Сварог REAL ARC 200, 4 шт.; Вытяжная установка ФВУ-1200, 2 шт. (далее — Пожертвование) общей "
        f"стоимостью {AMOUNT_WORDS}." in text
    )
    assert "по следующему назначению: оснащение лаборатории сварочных технологий (пункт 3 статьи 582" in text
    assert "обособленный учёт" in text and "пункт 5 статьи 582" in text
    assert "актом приёма-передачи" in text and "в течение 15 (пятнадцати) рабочих дней" in text
    for wrong in ("стоимость работ", "Стоимость работ", "сдачи-приёмки", "НДС", "Исполнитель", "Заказчик"):
        assert wrong not in text


def test_a_donation_of_money_is_paid_to_the_college_account(partner_a, staff):
    contract, data = issued(ContractType.SPONSORSHIP, partner_a, staff, subject="",
                            details={"donation_kind": "money"})  # fmt: skip
    text = pdf_text(data)
    assert f"денежные средства в сумме {AMOUNT_WORDS} (далее — Пожертвование)." in text
    assert f"«Пожертвование по договору № {contract.number} от {contract.signed_on:%d.%m.%Y}»" in text
    assert "имущество:" not in text


# --- The acceptance act ------------------------------------------------------------------


def test_the_act_of_contract_work_is_handed_over_by_the_contractor(partner_a, staff):
    contract, _data = issued(ContractType.CONTRACT_WORK, partner_a, staff,
                             details={"work_start": "2026-09-01", "work_end": "2026-11-30"},
                             start_date=today(), end_date=today() + timedelta(days=400))  # fmt: skip
    text = pdf_text(act_of(contract))
    assert f"АКТ СДАЧИ-ПРИЁМКИ ВЫПОЛНЕННЫХ РАБОТ № ______ к договору подряда № {contract.number}" in text
    assert f"{partner_a.name}, именуемое в дальнейшем «Заказчик», {MALE_IN_PERSON}" in text
    assert "Подрядчик выполнил и сдал, а Заказчик принял результат работы" in text
    assert "в срок с 01.09.2026 по 30.11.2026" in text
    assert f"Стоимость выполненной работы составляет {AMOUNT_WORDS}, в том числе НДС 22 % — 216 393,44 руб." in text
    assert "Сдал: Подрядчик" in text and "Принял: Заказчик" in text
    assert "Итого 1 200 000,00 руб." in text


def test_the_act_of_a_donation_is_an_act_of_transfer_of_the_property(partner_a, staff):
    contract, _data = issued(ContractType.SPONSORSHIP, partner_a, staff)
    text = pdf_text(act_of(contract))
    assert (
        f"АКТ ПРИЁМА-ПЕРЕДАЧИ ИМУЩЕСТВА (ПОЖЕРТВОВАНИЯ) № ______ к договору пожертвования № {contract.number}" in text
    )
    assert "Сварочный инвертор Сварог REAL ARC 200, 4 шт." in text and "Вытяжная установка ФВУ-1200, 2 шт." in text
    assert "Передал: Жертвователь" in text and "Принял: Одаряемый" in text
    assert "по назначению: оснащение лаборатории сварочных технологий" in text
    assert "НДС" not in text and "работ" not in text


def test_the_act_is_made_from_the_frozen_snapshot(partner_a, staff):
    contract, _data = issued(ContractType.CONSULTING, partner_a, staff)
    before = pdf_text(act_of(contract))
    partner_a.name = "АО «Новое имя»"
    partner_a.save()
    contract.refresh_from_db()
    assert pdf_text(act_of(contract)) == before
    assert "Новое имя" not in before


# --- Downloading the act ------------------------------------------------------------------


@pytest.fixture
def issued_consulting(partner_a, staff):
    return issued(ContractType.CONSULTING, partner_a, staff)[0]


def test_staff_download_the_act(staff_client, issued_consulting):
    response = staff_client.get(reverse("contracts:act", args=[issued_consulting.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert "АКТ СДАЧИ-ПРИЁМКИ ОКАЗАННЫХ УСЛУГ" in pdf_text(b"".join(response.streaming_content))


def test_the_partners_own_employer_downloads_the_act(employer_a_client, issued_consulting):
    response = employer_a_client.get(reverse("contracts:act", args=[issued_consulting.pk]))
    assert response.status_code == 200
    assert issued_consulting.partner.name in pdf_text(b"".join(response.streaming_content))


def test_another_employer_cannot_download_the_act(client, employer_b, issued_consulting):
    client.force_login(employer_b)
    assert client.get(reverse("contracts:act", args=[issued_consulting.pk])).status_code == 404


def test_anonymous_is_sent_to_log_in(client, issued_consulting):
    response = client.get(reverse("contracts:act", args=[issued_consulting.pk]))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_a_draft_or_an_unpriced_contract_has_no_act(staff_client, partner_a, staff):
    draft = priced_contract(ContractType.CONSULTING, partner_a, staff)
    cooperation = sent(contract_of(ContractType.COOPERATION, partner_a, staff, partner_signatory=signatory_of(partner_a)),
                       staff)  # fmt: skip
    for contract in (draft, cooperation):
        assert staff_client.get(reverse("contracts:act", args=[contract.pk])).status_code == 404


def test_the_contract_page_links_the_act_once_past_the_draft(staff_client, partner_a, staff):
    draft = priced_contract(ContractType.CONSULTING, partner_a, staff)
    url = reverse("contracts:act", args=[draft.pk])
    assert url not in staff_client.get(reverse("contracts:detail", args=[draft.pk])).content.decode()
    sent(draft, staff)
    assert url in staff_client.get(reverse("contracts:detail", args=[draft.pk])).content.decode()


# --- Nothing leaves the draft with a hole ------------------------------------------------


@pytest.mark.parametrize(
    ("contract_type", "details", "fields", "message"),
    [
        (ContractType.CONSULTING, {"direction": ""}, {}, "who performs"),
        (ContractType.CONSULTING, {"vat": ""}, {}, "VAT rate"),
        (ContractType.CONSULTING, {"vat": "other", "vat_ground": ""}, {}, "ground of exemption"),
        (ContractType.CONSULTING, {}, {"amount": None}, "price of the contract"),
        (ContractType.CONTRACT_WORK, {"work_start": "", "work_end": ""}, {}, "art. 708"),
        (ContractType.CONTRACT_WORK, {"statement_of_work": ""}, {}, "statement of work"),
        (ContractType.RESEARCH, {"statement_of_work": ""}, {}, "statement of work"),
        (ContractType.SPONSORSHIP, {"purpose": ""}, {}, "purpose"),
        (ContractType.SPONSORSHIP, {"donation_kind": ""}, {}, "money or property"),
        (ContractType.SPONSORSHIP, {}, {"subject": ""}, "donated property"),
    ],
)
def test_a_priced_contract_with_a_hole_cannot_leave_the_draft(contract_type, details, fields, message, partner_a,
                                                             staff, english):  # fmt: skip
    contract = priced_contract(contract_type, partner_a, staff, details=details, **fields)
    with pytest.raises(ValidationError) as error:
        sent(contract, staff)
    assert any(message in text for text in error.value.messages), error.value.messages


def test_a_priced_contract_needs_the_partners_bank_details(partner_a, staff, english):
    partner_a.bank_details = ""
    partner_a.save()
    with pytest.raises(ValidationError) as error:
        sent(priced_contract(ContractType.RESEARCH, partner_a, staff), staff)
    assert any("bank details" in text for text in error.value.messages)


# --- The forms --------------------------------------------------------------------------


def form_data(partner, signatory, **extra):
    return {
        "partner": partner.pk, "partner_signatory": signatory.pk, "partner_basis": "Устава",
        "signed_on": today().isoformat(), "start_date": today().isoformat(),
        "end_date": (today() + timedelta(days=365)).isoformat(), "subject": "изготовление оснастки",
        "amount": "1200000", "direction": priced.COLLEGE_PERFORMS, "vat": "22", "payment_days": "10", **extra,
    }  # fmt: skip


def test_the_contract_work_form_keeps_its_terms_in_details(partner_a, staff):
    signatory = signatory_of(partner_a)
    start, end = today() + timedelta(days=5), today() + timedelta(days=60)
    form = ContractWorkForm(form_data(partner_a, signatory, work_start=start.isoformat(), work_end=end.isoformat(),
                                      statement_of_work=STATEMENT))  # fmt: skip
    assert form.is_valid(), form.errors
    fields, _placements = form.service_fields()
    assert fields["details"] == {
        "direction": priced.COLLEGE_PERFORMS, "vat": "22", "payment_days": 10, "work_start": start.isoformat(),
        "work_end": end.isoformat(), "statement_of_work": STATEMENT,
    }  # fmt: skip
    assert "vat_ground" not in form.fields  # asked only for «another ground»
    assert [field.name for field in form.date_fields()][-2:] == ["work_start", "work_end"]
    assert "direction" in [field.name for field in form.party_fields()]


def test_the_contract_work_form_keeps_the_work_within_the_contract(partner_a, staff, english):
    signatory = signatory_of(partner_a)
    form = ContractWorkForm(form_data(partner_a, signatory, work_start=(today() + timedelta(days=50)).isoformat(),
                                      work_end=(today() + timedelta(days=400)).isoformat(), statement_of_work="x"))  # fmt: skip
    assert not form.is_valid()
    assert form.errors["work_end"] == ["The work cannot end after the contract expires."]
    form = ContractWorkForm(form_data(partner_a, signatory, statement_of_work="x"))
    assert not form.is_valid() and "work_start" in form.errors and "work_end" in form.errors


def test_another_vat_ground_must_be_given(partner_a, staff, english):
    signatory = signatory_of(partner_a)
    form = ResearchForm(form_data(partner_a, signatory, vat="other", rights_holder="customer", statement_of_work="x"))
    assert not form.is_valid()
    assert form.errors["vat_ground"] == ["This field is required."]
    form = ResearchForm(form_data(partner_a, signatory, vat="other", vat_ground="ст. 145 НК РФ",
                                  rights_holder="customer", statement_of_work="x"))  # fmt: skip
    assert form.is_valid(), form.errors


def test_the_donation_form_asks_for_a_purpose_and_the_property_not_for_vat(partner_a, staff, english):
    signatory = signatory_of(partner_a)
    form = DonationForm(form_data(partner_a, signatory, donation_kind="property", subject="", purpose=""))
    assert not form.is_valid()
    assert set(form.errors) == {"subject", "purpose"}
    assert not {"direction", "vat", "vat_ground"} & set(form.fields)
    form = DonationForm(form_data(partner_a, signatory, donation_kind="money", subject="", purpose="ремонт мастерской"))
    assert form.is_valid(), form.errors
    assert form.service_fields()[0]["details"] == {"donation_kind": "money", "purpose": "ремонт мастерской",
                                                   "payment_days": 10}  # fmt: skip


def test_the_form_page_shows_the_priced_fields(staff_client, partner_a):
    ContactFactory(partner=partner_a, is_signatory=True)
    response = staff_client.get(reverse("contracts:create"), {"type": "contract_work", "partner": partner_a.pk})
    content = response.content.decode()
    for name in ("direction", "vat", "payment_days", "work_start", "work_end", "statement_of_work", "amount"):
        assert f'name="{name}"' in content


def test_an_amendment_to_a_priced_contract_keeps_its_defined_names(partner_a, staff):
    parent, _data = issued(ContractType.CONTRACT_WORK, partner_a, staff, details={"direction": priced.PARTNER_PERFORMS})
    amendment = rendered(sent(contract_of(ContractType.AMENDMENT, partner_a, staff, parent=parent,
                                          partner_signatory=parent.partner_signatory,
                                          subject="Пункт 2.1 изложить в новой редакции."), staff))  # fmt: skip
    text = pdf_text(file_bytes(amendment.pdf))
    assert f"{College.current().name}, именуемое в дальнейшем «Заказчик»" in text
    assert f"{partner_a.name}, именуемое в дальнейшем «Подрядчик», {MALE_IN_PERSON}" in text
