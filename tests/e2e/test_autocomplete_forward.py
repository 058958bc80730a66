"""A dependent search-as-you-type chooser in a real headless Chromium (issue 11): the contact
chooser of the offer form sends the organisation chosen in the form along
(``data-autocomplete-forward``), so it offers that organisation's people only."""

import pytest
from playwright.sync_api import expect

from partnership_portal.accounts.models import StaffGroup
from practice.models import Offer
from tests.conftest import PASSWORD, with_groups
from tests.e2e.conftest import log_in
from tests.factories import ContactFactory, PartnerFactory, SpecialtyFactory, StaffFactory

pytestmark = pytest.mark.django_db(transaction=True)


def options(page, name):
    listbox = page.locator(f"#id_{name}_listbox")
    expect(listbox).to_be_visible()
    return listbox.locator("[role=option]")


def test_the_contact_chooser_offers_the_people_of_the_chosen_organisation(page):
    ours = PartnerFactory(name="АО «Уралмашзавод»")
    theirs = PartnerFactory(name="ООО «Сибэнергомонтаж»")
    master = ContactFactory(partner=ours, last_name="Иванов", first_name="Олег", position="Мастер участка")
    ContactFactory(partner=theirs, last_name="Иваницкий", first_name="Пётр", position="Мастер")
    specialty = SpecialtyFactory()
    staff = with_groups(StaffFactory(email="coordinator@college.example"), StaffGroup.PRACTICE_COORDINATOR)
    log_in(page, staff.email, PASSWORD)
    page.goto("/practice/offers/new/")

    # Nothing chosen yet: everyone's people match.
    page.fill("#id_contact", "иван")
    expect(options(page, "contact")).to_have_count(2)
    page.keyboard.press("Escape")
    page.fill("#id_contact", "")

    # The organisation chosen: only its people.
    page.fill("#id_partner", "уралмаш")
    options(page, "partner").filter(has_text="Уралмашзавод").click()
    expect(page.locator("input[name=partner]")).to_have_value(str(ours.pk))
    page.fill("#id_contact", "иван")
    expect(options(page, "contact")).to_have_count(1)
    expect(options(page, "contact")).to_contain_text("Иванов Олег")
    options(page, "contact").click()
    expect(page.locator("input[name=contact]")).to_have_value(str(master.pk))

    page.fill("input[name=title]", "Практика в механическом цехе")
    page.select_option("select[name=specialty]", str(specialty.pk))
    page.fill("input[name=places]", "2")
    page.fill("input[name=start_date]", "2026-11-02")
    page.fill("input[name=end_date]", "2026-12-12")
    page.locator("main form[method=post] button[type=submit]").first.click()
    expect(page.locator("main h1")).to_contain_text("Практика в механическом цехе")
    offer = Offer.objects.get()
    assert (offer.partner, offer.contact) == (ours, master)
