"""Acceptance journey of the partner register in a real headless Chromium."""

import re

import pytest
from playwright.sync_api import expect

from partners.models import Contact, Partner
from partnership_portal.accounts.models import StaffGroup
from tests.conftest import PASSWORD, with_groups
from tests.e2e.conftest import log_in
from tests.factories import (
    ContactFactory,
    InteractionFactory,
    PartnerFactory,
    SpecialtyFactory,
    StaffFactory,
    ThesisFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

GOOD_INN = "7707083893"  # Сбербанк: a real, valid ИНН
BAD_INN = "7707083894"


def test_staff_register_a_partner_invite_a_contact_and_the_employer_joins(page, browser, live_server, mailoutbox):
    manager = with_groups(StaffFactory(email="manager@college.example"), StaffGroup.PARTNERSHIP_MANAGER)
    SpecialtyFactory(code="15.02.16", name="Технология машиностроения")
    other = PartnerFactory(name="ООО «Чужая организация»")
    other_contact = ContactFactory(partner=other)
    log_in(page, manager.email, PASSWORD)

    # A wrong ИНН: a Russian error, and every other field keeps what was typed.
    page.goto("/partners/")
    page.click("a[href='/partners/new/']")
    page.fill("input[name=name]", "Акционерное общество «Уральский турбинный завод»")
    page.fill("input[name=short_name]", "АО «УТЗ»")
    page.fill("input[name=inn]", BAD_INN)
    page.fill("input[name=legal_address]", "620017, г. Екатеринбург, ул. Фронтовых бригад, д. 18")
    page.fill("input[name=phone]", "+7 343 326-45-00")
    page.check("input[name=specialties] >> nth=0")
    page.click("main form button[type=submit]")
    expect(page.locator("#id_inn")).to_have_class(re.compile("is-invalid"))
    expect(page.locator("main")).to_contain_text("Неверная контрольная цифра ИНН")
    expect(page.locator("input[name=name]")).to_have_value("Акционерное общество «Уральский турбинный завод»")
    expect(page.locator("input[name=short_name]")).to_have_value("АО «УТЗ»")
    expect(page.locator("input[name=legal_address]")).to_have_value(
        "620017, г. Екатеринбург, ул. Фронтовых бригад, д. 18"
    )
    expect(page.locator("input[name=phone]")).to_have_value("+7 343 326-45-00")
    expect(page.locator("input[name=specialties] >> nth=0")).to_be_checked()
    assert not Partner.objects.filter(short_name="АО «УТЗ»").exists()

    page.fill("input[name=inn]", GOOD_INN)
    page.click("main form button[type=submit]")
    expect(page.locator("h1")).to_contain_text("АО «УТЗ»")
    partner = Partner.objects.get(inn=GOOD_INN)

    # A contact, invited to the portal.
    page.click(f"a[href='/partners/{partner.pk}/contacts/new/']")
    page.fill("input[name=last_name]", "Соколова")
    page.fill("input[name=first_name]", "Елена")
    page.fill("input[name=middle_name]", "Викторовна")
    page.fill("input[name=position]", "Начальник отдела кадров")
    page.fill("input[name=email]", "sokolova@utz.example")
    page.check("input[name=roles][value=hr]")
    page.check("input[name=roles][value=thesis_reviewer]")
    page.click("main form button[type=submit]")
    expect(page.locator("#contacts")).to_contain_text("Соколова Елена Викторовна")
    page.click("#contacts form[action$='/invite/'] button")
    expect(page.locator(".alert-success")).to_contain_text("sokolova@utz.example")

    # The employer follows the link from the letter, sets a password and is in.
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["sokolova@utz.example"]
    link = re.search(r"https?://\S+/partners/invitation/\S+/", mailoutbox[0].body).group(0)
    path = link.split("/partners/", 1)[1]
    employer = browser.new_context(base_url=live_server.url).new_page()
    employer.goto(f"/partners/{path}")
    expect(employer.get_by_test_id("invitation-email")).to_have_text("sokolova@utz.example")
    employer.fill("input[name=password1]", "Turbina-2026-utz")
    employer.fill("input[name=password2]", "Turbina-2026-utz")
    employer.click("main form button[type=submit]")
    expect(employer.get_by_test_id("dashboard-title")).to_have_text("Кабинет работодателя")
    expect(employer.locator("main")).to_contain_text("АО «УТЗ»")
    assert Contact.objects.get(email="sokolova@utz.example").user.partner == partner

    # Their own organisation, and nothing of another: 404 for its URLs.
    employer.click("a[href='/partners/profile/']")
    expect(employer.locator("h1")).to_contain_text("АО «УТЗ»")
    for url in (f"/partners/{other.pk}/", f"/partners/contacts/{other_contact.pk}/edit/", f"/partners/{partner.pk}/"):
        response = employer.goto(url)
        assert response.status == 404, url
        expect(employer.locator("main")).to_contain_text("Страница не найдена")
        expect(employer.locator("main")).not_to_contain_text("Чужая организация")

    # Logging out and in again with the new password works.
    employer.click("[data-testid=user-menu]")
    employer.click("form[action='/accounts/logout/'] button")
    log_in(employer, "sokolova@utz.example", "Turbina-2026-utz")
    expect(employer.get_by_test_id("dashboard-title")).to_have_text("Кабинет работодателя")


def test_the_partner_card_fills_its_sections_as_it_loads(page, live_server, staff):
    """The card comes with a placeholder per section; htmx fetches each as the page loads."""
    partner = PartnerFactory(name="ООО «Уральские станки»")
    ThesisFactory(ordered_by=partner, topic="Модернизация участка покраски")
    InteractionFactory(partner=partner, author=staff, summary="Обсудили набор на практику")
    log_in(page, staff.email, PASSWORD)
    page.goto(f"/partners/{partner.pk}/")
    expect(page.locator("#interactions")).to_contain_text("Обсудили набор на практику")
    expect(page.locator("#practice")).to_contain_text("Модернизация участка покраски")
    expect(page.locator("#contracts h2")).to_have_text("Договоры")
    expect(page.locator("[data-card-section]")).to_have_count(0)  # every placeholder replaced
