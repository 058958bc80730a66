"""Roles and everyday behaviour in a real Chromium: a double click sends a form once (with the
pressed button's value) and the button comes back after «Back»; the contract card brings its
download button by itself once the PDF is made; the teacher's and the staff dashboards on a phone."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from contracts import documents
from contracts.models import Contract, ContractType
from practice.models import Offer, OfferStatus
from tests.conftest import PASSWORD
from tests.contracts import contract_of, sent
from tests.e2e.conftest import log_in
from tests.factories import SpecialtyFactory, TeacherFactory, ThesisFactory
from tests.helpers import ru

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 390, "height": 844}


def test_a_double_click_on_submit_sends_one_post_with_the_pressed_buttons_value(page, employer_a):
    specialty = SpecialtyFactory(code="15.02.16", name="Технология машиностроения")
    log_in(page, employer_a.email, PASSWORD)
    page.goto("/practice/offers/new/")
    page.fill("input[name=title]", "Практика на участке станков с ЧПУ")
    page.select_option("select[name=specialty]", str(specialty.pk))
    page.fill("input[name=places]", "4")
    today = timezone.localdate()
    page.fill("input[name=start_date]", (today + timedelta(days=10)).isoformat())
    page.fill("input[name=end_date]", (today + timedelta(days=50)).isoformat())
    posts = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
    send = page.get_by_test_id("offer-send")
    send.dblclick()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Практика на участке станков с ЧПУ")
    assert len(posts) == 1, posts
    offer = Offer.objects.get()
    assert offer.status == OfferStatus.SUBMITTED  # «Submit to the college» reached the server

    # The busy state while it was sent is gone after «Back»: the form can be used again.
    page.go_back()
    expect(page.get_by_test_id("offer-send")).to_be_enabled()
    expect(page.get_by_test_id("offer-send")).to_have_text(ru("Submit to the college"))


# Runs after the portal's own submit handler (window is reached last) and notes how the form
# looked as it left; sessionStorage keeps the note across the navigation that follows.
NOTE_THE_SENT_FORM = """
window.addEventListener("submit", (event) => {
  const form = event.target, pressed = event.submitter;
  sessionStorage.setItem("sentForm", JSON.stringify({
    pressedDisabled: pressed.disabled,
    pressedText: pressed.textContent.trim(),
    spinner: pressed.querySelectorAll(".spinner-border").length,
    allDisabled: Array.from(form.querySelectorAll("button[type=submit]")).every((button) => button.disabled),
    carried: Array.from(form.querySelectorAll("input[type=hidden][name=action]")).map((input) => input.value),
  }));
});
"""


def test_the_pressed_button_shows_a_spinner_and_sending_text_and_every_button_waits(page, employer_a):
    log_in(page, employer_a.email, PASSWORD)
    page.goto("/practice/offers/new/")
    page.evaluate(NOTE_THE_SENT_FORM)
    page.get_by_test_id("offer-draft").click()  # the form is empty: it comes back with errors
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    sent = page.evaluate("JSON.parse(sessionStorage.getItem('sentForm'))")
    assert sent == {
        "pressedDisabled": True,
        "pressedText": ru("Sending…"),
        "spinner": 1,
        "allDisabled": True,
        "carried": ["draft"],  # the pressed button's value goes with the form
    }
    # The page that came back is usable again.
    expect(page.get_by_test_id("offer-send")).to_be_enabled()


def test_the_contract_card_shows_the_download_button_once_the_pdf_is_made(page, staff, partner_a):
    contract = sent(contract_of(ContractType.COOPERATION, partner_a, staff), staff)
    Contract.objects.filter(pk=contract.pk).update(pdf="", pdf_hash="")  # as if the worker were behind
    log_in(page, staff.email, PASSWORD)
    page.goto(f"/contracts/{contract.pk}/")
    expect(page.get_by_test_id("pdf-preparing")).to_be_visible()
    expect(page.get_by_test_id("contract-pdf")).to_have_count(0)
    page.evaluate("window.portalTestMarker = 'same page'")

    documents.render_contract_pdf(contract.pk)  # the worker catches up

    expect(page.get_by_test_id("contract-pdf")).to_be_visible(timeout=15_000)
    expect(page.get_by_test_id("pdf-preparing")).to_have_count(0)
    assert page.evaluate("window.portalTestMarker") == "same page"  # no reload
    # Termination is there, but behind «More», not beside the usual steps.
    expect(page.get_by_test_id("terminate")).to_be_hidden()
    summary = page.get_by_test_id("more-actions").locator("summary")
    expect(summary).to_have_text(ru("More actions"))
    summary.click()
    expect(page.get_by_test_id("terminate")).to_be_visible()


def document_width(page):
    return page.evaluate("document.documentElement.scrollWidth")


def test_the_teacher_dashboard_on_a_phone(browser, live_server, teacher, partner_a):
    record = TeacherFactory(user=teacher)
    ThesisFactory(supervisor=record, topic="Проектирование участка механической обработки корпусных деталей " * 3)
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    page = context.new_page()
    log_in(page, teacher.email, PASSWORD)
    expect(page.get_by_test_id("dashboard-title")).to_have_text(ru("Teacher's dashboard"))
    expect(page.get_by_test_id("my-theses")).to_be_visible()
    expect(page.get_by_test_id("my-internship")).to_have_attribute("data-state", "overdue")
    assert document_width(page) <= PHONE["width"]
    context.close()


def test_on_a_phone_the_staff_dashboard_shows_a_to_do_list_on_the_first_screen(browser, live_server, staff):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    page = context.new_page()
    log_in(page, staff.email, PASSWORD)
    expect(page.get_by_test_id("stat-cards")).to_be_visible()
    first_to_do = page.get_by_text(ru("My follow-ups due")).bounding_box()
    assert first_to_do["y"] + first_to_do["height"] <= PHONE["height"], first_to_do
    assert document_width(page) <= PHONE["width"]
    context.close()
