"""Acceptance journey of issue 4 in a real headless Chromium: an offer, a bulk placement, the
employer's evaluation sheet with its PDF, a thesis review with its PDF."""

import datetime as dt
import io
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from partnership_portal.accounts.models import StaffGroup
from practice.models import Evaluation, Offer, OfferStatus, Placement, PlacementState, Review, Thesis
from tests.conftest import PASSWORD, employer_with_contact, with_groups
from tests.e2e.conftest import log_in
from tests.factories import (
    PartnerFactory,
    PracticePeriodFactory,
    SpecialtyFactory,
    StaffFactory,
    StudentFactory,
    StudyGroupFactory,
    ThesisFactory,
)
from tests.helpers import wait_until

pytestmark = pytest.mark.django_db(transaction=True)


def pdf_text(field):
    field.open("rb")
    try:
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(field.read())).pages)
    finally:
        field.close()


def accept_dialogs(page):
    page.on("dialog", lambda dialog: dialog.accept())


def test_offer_placement_evaluation_and_review(page, browser, live_server):
    today = timezone.localdate()
    specialty = SpecialtyFactory(code="15.02.16", name="Технология машиностроения")
    group = StudyGroupFactory(name="ТМ-23-1", specialty=specialty)
    students = [
        StudentFactory(group=group, last_name=name, first_name="Иван") for name in ("Андреев", "Борисов", "Власов")
    ]
    other_group_student = StudentFactory(last_name="Чужой")
    period = PracticePeriodFactory(
        group=group, start_date=today - dt.timedelta(days=3), end_date=today + dt.timedelta(days=25)
    )
    partner = PartnerFactory(name="АО «Уральский турбинный завод»")
    employer = employer_with_contact(
        partner, "hr@utz.example", is_hr=True, is_practice_supervisor=True, is_thesis_reviewer=True
    )
    coordinator = with_groups(StaffFactory(email="coordinator@college.example"), StaffGroup.PRACTICE_COORDINATOR)
    thesis = ThesisFactory(student=students[0], topic="Технологический процесс изготовления вала турбины")
    employer_page = browser.new_context(base_url=live_server.url).new_page()
    accept_dialogs(page)
    accept_dialogs(employer_page)

    # 1. The employer posts an offer and sends it to the college; staff publish it.
    log_in(employer_page, employer.email, PASSWORD)
    employer_page.goto("/practice/offers/new/")
    employer_page.fill("input[name=title]", "Производственная практика в механическом цехе")
    employer_page.select_option("select[name=specialty]", str(specialty.pk))
    employer_page.fill("input[name=places]", "3")
    employer_page.fill("input[name=start_date]", period.start_date.isoformat())
    employer_page.fill("input[name=end_date]", period.end_date.isoformat())
    # One step: «Отправить в техникум» saves the offer and sends it to the college.
    employer_page.click("[data-testid=offer-send]")
    expect(employer_page.locator("main")).to_contain_text("Отправлено")
    offer = Offer.objects.get(partner=partner)
    assert offer.status == OfferStatus.SUBMITTED
    log_in(page, coordinator.email, PASSWORD)
    page.goto(f"/practice/offers/{offer.pk}/")
    page.click(f"form[action='/practice/offers/{offer.pk}/publish/'] button")
    wait_until(lambda: Offer.objects.filter(pk=offer.pk, status=OfferStatus.PUBLISHED).exists(), timeout=15)

    # 2. Staff place three students of the group on that offer at once.
    page.goto(f"/practice/periods/{period.pk}/place/")
    for student in students:
        page.select_option(f"select[name=student_{student.pk}]", str(offer.pk))
    page.click("main form button[type=submit]")
    expect(page.locator(".alert-success")).to_contain_text("3")
    placements = Placement.objects.filter(period=period, partner=partner)
    assert sorted(p.student.last_name for p in placements) == ["Андреев", "Борисов", "Власов"]
    placements.update(state=PlacementState.IN_PROGRESS)  # the practice has begun

    # 3. The employer sees exactly those students and fills an evaluation sheet; its PDF is produced.
    employer_page.goto("/practice/my-students/")
    for student in students:
        expect(employer_page.locator("main")).to_contain_text(student.last_name)
    expect(employer_page.locator("main")).not_to_contain_text("Чужой")
    placement = placements.get(student=students[1])
    assert employer_page.goto(f"/practice/students/{other_group_student.pk}/").status == 404
    employer_page.goto(f"/practice/placements/{placement.pk}/evaluation/")
    for radio in employer_page.locator("input[type=radio][value=yes]").all():
        radio.check()
    employer_page.fill("textarea[name=work_done]", "Обработка валов на станках с ЧПУ, контроль размеров.")
    employer_page.fill("textarea[name=quality]", "Работы выполнены качественно.")
    employer_page.check("input[name=grade][value='5']")
    employer_page.click("button[name=submit]")
    # Submitted, and its PDF rendered once the submission committed.
    evaluation = wait_until(
        lambda: Evaluation.objects.filter(placement=placement, status="submitted").exclude(pdf="").first(), timeout=30
    )
    text = pdf_text(evaluation.pdf)
    assert "Борисов Иван" in text and "отлично" in text and "освоена" in text

    # 4. Staff assign the thesis to the employer's specialist as reviewer.
    page.goto(f"/practice/theses/{thesis.pk}/edit/")
    page.select_option("select[name=reviewer]", str(employer.contact.pk))
    page.fill("input[name=review_due]", (today + dt.timedelta(days=7)).isoformat())
    page.click("main form button[type=submit]")
    wait_until(lambda: Thesis.objects.filter(pk=thesis.pk, reviewer=employer.contact).exists(), timeout=15)

    # 5. The reviewer writes the review and submits it.
    employer_page.goto("/practice/theses/")
    expect(employer_page.locator("main")).to_contain_text("Технологический процесс изготовления вала турбины")
    employer_page.goto(f"/practice/theses/{thesis.pk}/review/")
    for name in ("relevance", "assignment_compliance", "structure", "sources", "originality",
                 "economic_justification", "formatting", "practical_value", "shortcomings"):  # fmt: skip
        employer_page.fill(f"textarea[name={name}]", f"Раздел «{name}»: замечаний нет.")
    employer_page.fill("textarea[name=reviewer_qualification]", "высшее, инженер-технолог; стаж работы 12 лет")
    employer_page.fill("input[name=note_pages]", "58")
    employer_page.fill("input[name=drawing_sheets]", "3")
    employer_page.select_option("select[name=grade]", "4")
    employer_page.click("button[name=action][value=submit]")
    expect(employer_page.locator("main")).to_contain_text(re.compile("PDF"))

    # 6. The review PDF names the student and the grade.
    review = Review.objects.get(thesis=thesis)
    assert review.status == "submitted"
    text = pdf_text(review.pdf)
    assert "Андреев Иван" in text
    assert "«хорошо» (4)" in text
    assert "пояснительная записка — 58 страниц" in text and "Подпись рецензента заверяю" in text
