"""Key journeys of the foundation in a real headless Chromium."""

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in
from tests.factories import EmployerFactory, PartnerFactory, StaffFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_log_in_and_see_the_staff_dashboard(page):
    StaffFactory(email="manager@college.example", first_name="Андрей")
    log_in(page, "manager@college.example", PASSWORD)
    expect(page.get_by_test_id("dashboard-title")).to_have_text("Рабочий стол сотрудника")
    expect(page.locator("main")).to_contain_text("Здравствуйте, Андрей.")
    expect(page.locator("html")).to_have_attribute("lang", "ru")


def test_employer_logs_in_and_sees_the_employer_dashboard(page):
    partner = PartnerFactory(name="АО «Уралмашзавод»")
    PartnerFactory(name="ООО «Чужая организация»")
    EmployerFactory(email="hr@uralmash.example", partner=partner)
    log_in(page, "hr@uralmash.example", PASSWORD)
    expect(page.get_by_test_id("dashboard-title")).to_have_text("Кабинет работодателя")
    expect(page.locator("main")).to_contain_text("АО «Уралмашзавод»")
    expect(page.locator("main")).not_to_contain_text("Чужая организация")


def test_five_wrong_passwords_lock_the_account(page):
    StaffFactory(email="manager@college.example")
    for attempt in range(4):
        log_in(page, "manager@college.example", f"wrong-{attempt}")
        expect(page.locator("main form")).to_contain_text("Неверный адрес электронной почты или пароль")
    log_in(page, "manager@college.example", "wrong-5")
    expect(page.get_by_test_id("lockout")).to_contain_text("Слишком много неудачных попыток входа")
    expect(page.get_by_test_id("lockout")).to_contain_text("заблокирован на 15 минут")
    log_in(page, "manager@college.example", PASSWORD)
    expect(page.get_by_test_id("lockout")).to_be_visible()


def test_switching_to_english_and_back(page):
    StaffFactory(email="manager@college.example")
    log_in(page, "manager@college.example", PASSWORD)
    expect(page.get_by_test_id("dashboard-title")).to_have_text("Рабочий стол сотрудника")
    page.get_by_test_id("language-switcher").get_by_role("button", name="EN").click()
    expect(page.get_by_test_id("dashboard-title")).to_have_text("Staff dashboard")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("link", name="Partners", exact=True).click()
    expect(page.get_by_role("heading", name="Partners")).to_be_visible()
    page.get_by_test_id("language-switcher").get_by_role("button", name="RU").click()
    expect(page.get_by_role("heading", name="Партнёры")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "ru")
