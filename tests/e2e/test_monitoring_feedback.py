"""Acceptance journey of issue 10 (employer feedback) in a real headless Chromium: an employer
submits a requirement, staff decline it without a reason (refused, the note kept) and then take it
into next year's programme; the employer sees the decision and has the letter. The staff summary
draws a chart per rated competence with no CSP violation."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from monitoring.models import Requirement, RequirementStatus
from partnership_portal.accounts.models import StaffGroup
from tests.conftest import PASSWORD, employer_with_contact, with_groups
from tests.e2e.conftest import ARTIFACTS, log_in
from tests.factories import PartnerFactory, SpecialtyFactory, StaffFactory, StudentFactory, StudyGroupFactory
from tests.helpers import ru, wait_until
from tests.monitoring.feedback.factories import CompetenceFactory, CompetenceRatingFactory, RatedPlacementFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TEXT = "Обучение наладке обрабатывающих центров с ЧПУ Haas"


def test_an_employer_submits_a_requirement_and_sees_the_colleges_decision(page, live_server):
    partner = PartnerFactory(name="АО «Уральский турбинный завод»")
    employer = employer_with_contact(partner, "hr@utz.example", is_hr=True)
    specialty = SpecialtyFactory(code="15.02.16", name="Технология машиностроения")
    staff = with_groups(StaffFactory(email="manager@college.example"), StaffGroup.PARTNERSHIP_MANAGER)

    log_in(page, employer.email, PASSWORD)
    page.goto("/monitoring/feedback/requirements/new/")
    page.select_option("select[name=specialty]", str(specialty.pk))
    page.select_option("select[name=kind]", "equipment")
    page.fill("textarea[name=text]", TEXT)
    page.fill("textarea[name=justification]", "Цех переходит на станки Haas в следующем году.")
    page.get_by_role("button", name=ru("Send to the college")).click()
    expect(page.get_by_test_id("decision")).to_contain_text(ru("Under consideration: the college has not decided yet."))
    requirement = Requirement.objects.get()
    assert (requirement.partner_id, requirement.text) == (partner.pk, TEXT)

    page.context.clear_cookies()
    log_in(page, staff.email, PASSWORD)
    page.goto(f"/monitoring/feedback/requirements/{requirement.pk}/")
    form = page.get_by_test_id("decision-form")
    form.get_by_label(ru("Decline")).check()
    form.get_by_role("button", name=ru("Save the decision")).click()
    expect(page.get_by_test_id("decision-form")).to_contain_text("Обязательное поле")
    next_year = timezone.localdate().year + 1
    form = page.get_by_test_id("decision-form")
    form.get_by_label(ru("Take into the programme")).check()
    form.locator("select[name=programme_year]").select_option(str(next_year))
    form.locator("textarea[name=note]").fill("Добавлены 24 часа наладки в ПМ.02 на площадке завода.")
    form.get_by_role("button", name=ru("Save the decision")).click()
    expect(page.get_by_test_id("decision")).to_contain_text(ru("Taken into the programme of %(year)s.", year=next_year))
    wait_until(lambda: len(mail.outbox) == 1, message="the decision letter was not sent")
    assert mail.outbox[0].to == [employer.email]

    page.context.clear_cookies()
    log_in(page, employer.email, PASSWORD)
    page.goto("/monitoring/feedback/requirements/")
    expect(page.get_by_test_id("requirement-table")).to_contain_text(str(next_year))
    page.get_by_role("link", name=TEXT).click()
    expect(page.get_by_test_id("decision")).to_contain_text("Добавлены 24 часа наладки в ПМ.02")
    requirement.refresh_from_db()
    assert requirement.status == RequirementStatus.TAKEN


def test_the_specialty_summary_draws_a_chart_per_competence(page, live_server):
    partner = PartnerFactory(name="АО «Уралмашзавод»")
    specialty = SpecialtyFactory(code="15.02.16", name="Технология машиностроения")
    staff = with_groups(StaffFactory(email="manager@college.example"), StaffGroup.PARTNERSHIP_MANAGER)
    today = timezone.localdate()
    for name in ("Чтение чертежей", "Работа на станках с ЧПУ"):
        competence = CompetenceFactory(specialty=specialty, name=name)
        for years_ago, score in ((0, 5), (1, 4), (2, 3)):
            end = dt.date(today.year - years_ago, 5, 31)
            placement = RatedPlacementFactory(
                partner=partner,
                student=StudentFactory(group=StudyGroupFactory(specialty=specialty)),
                period__start_date=end - dt.timedelta(days=20),
                period__end_date=end,
            )
            CompetenceRatingFactory(placement=placement, competence=competence, score=score)
    log_in(page, staff.email, PASSWORD)
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"/monitoring/feedback/specialties/{specialty.pk}/")
    expect(page.get_by_test_id("rating-averages")).to_contain_text("Работа на станках с ЧПУ")
    canvases = page.locator("canvas[data-chart]")
    expect(canvases).to_have_count(2)
    # Chart.js has drawn on each canvas (it sizes the canvas to its box).
    wait_until(
        lambda: page.evaluate(
            "() => [...document.querySelectorAll('canvas[data-chart]')].every((c) => Chart.getChart(c))"
        )
    )
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "feedback-specialty-1366.png", full_page=True)
