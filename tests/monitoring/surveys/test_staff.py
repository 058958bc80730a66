"""Staff side of surveys: the builder, ready templates, campaigns and their audiences, results."""

import io
import re
from collections import Counter
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from monitoring.models.surveys import Answer, Audience, Campaign, CampaignState, Question, QuestionKind, Survey
from monitoring.selectors import surveys as selectors
from monitoring.services import surveys as services
from partners.models import PartnerStatus
from practice.models import StudentStatus
from tests.factories import ContactFactory, PartnerFactory, StudentFactory, StudyGroupFactory
from tests.helpers import assert_constant_queries, ru

from .factories import make_campaign, make_survey, open_campaign, tokens

pytestmark = pytest.mark.django_db


def management(count=3, **questions):
    data = {
        "questions-TOTAL_FORMS": str(count),
        "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
    }
    for index in range(count):
        data.update({f"questions-{index}-kind": "scale", f"questions-{index}-required": "on"})
    data.update({f"questions-{key}": value for key, value in questions.items()})
    return data


# --- Builder ---------------------------------------------------------------------------------


def test_builder_creates_a_survey_with_questions_in_the_order_given(staff_client):
    data = {
        "title": "Опрос выпускников",
        **management(
            3,
            **{
                "0-text": "Вторым",
                "0-ORDER": "2",
                "1-text": "Первым",
                "1-kind": "single",
                "1-options": "Да\n\n  Нет  \n",
                "1-ORDER": "1",
            },
        ),
    }
    response = staff_client.post(reverse("monitoring:survey_create"), data)
    survey = Survey.objects.get(title="Опрос выпускников")
    assert response.status_code == 302
    assert [(q.order, q.text, q.kind, q.options) for q in survey.questions.all()] == [
        (1, "Первым", "single", ["Да", "Нет"]),
        (2, "Вторым", "scale", []),
    ]


@pytest.mark.parametrize(
    "questions, message",
    [
        ({"0-text": "Выбор", "0-kind": "single", "0-options": "Один"}, "A choice question needs at least two options, one per line."),
        ({"0-text": "Выбор", "0-kind": "multiple", "0-options": "Да\nда"}, "The options repeat each other."),
        ({"0-text": "Выбор", "0-kind": "single", "0-options": "\n".join(str(n) for n in range(21))}, "At most %(count)d options."),
        ({}, "Add at least one question."),
    ],
    ids=["one-option", "repeated", "too-many", "no-questions"],
)  # fmt: skip
def test_builder_refuses_malformed_questions_and_keeps_the_input(staff_client, questions, message):
    data = {"title": "Новый опрос", **management(3, **questions)}
    response = staff_client.post(reverse("monitoring:survey_create"), data)
    assert response.status_code == 200
    content = response.content.decode()
    expected = ru(message, count=20) if "%(count)d" in message else ru(message)
    assert expected in content
    assert "Новый опрос" in content
    assert not Survey.objects.exists()


def test_options_typed_for_a_scale_question_are_dropped(staff_client):
    data = {"title": "Шкала", **management(1, **{"0-text": "Оцените", "0-options": "лишнее"})}
    staff_client.post(reverse("monitoring:survey_create"), data)
    assert Question.objects.get().options == []


def test_editing_keeps_question_ids_deletes_unticked_and_adds_new(staff, staff_client):
    survey = make_survey(by=staff)
    first, second, third, fourth = survey.questions.all()
    data = {"title": survey.title, **management(5)}
    data["questions-INITIAL_FORMS"] = "4"
    for index, question in enumerate([first, second, third, fourth]):
        data.update({
            f"questions-{index}-id": question.pk, f"questions-{index}-text": question.text,
            f"questions-{index}-kind": question.kind, f"questions-{index}-options": "\n".join(question.options),
            f"questions-{index}-ORDER": str(index + 1),
        })  # fmt: skip
    data["questions-1-DELETE"] = "on"
    data.update({"questions-4-text": "Новый вопрос", "questions-4-kind": "text", "questions-4-ORDER": "0"})
    response = staff_client.post(reverse("monitoring:survey_edit", args=[survey.pk]), data)
    assert response.status_code == 302
    questions = list(survey.questions.all())
    assert [q.text for q in questions] == ["Новый вопрос", first.text, third.text, fourth.text]
    assert questions[1].pk == first.pk
    assert not Question.objects.filter(pk=second.pk).exists()


def test_a_sent_survey_cannot_be_edited(staff, staff_client):
    survey = make_survey(by=staff)
    group = StudentFactory().group
    open_campaign(make_campaign(survey=survey, by=staff, groups=[group]), by=staff)
    response = staff_client.get(reverse("monitoring:survey_edit", args=[survey.pk]))
    assert response.status_code == 302
    with pytest.raises(ValidationError):
        services.survey_save(survey=survey, title="Другое", questions=[{"kind": "text", "text": "?"}])
    assert survey.questions.count() == 4


def test_ready_templates_are_installed_once_and_copied_into_new_surveys(staff, staff_client):
    staff_client.post(reverse("monitoring:survey_templates_install"))
    staff_client.post(reverse("monitoring:survey_templates_install"))
    templates = Survey.objects.filter(is_template=True)
    assert sorted(templates.values_list("template_key", flat=True)) == ["employer-satisfaction", "student-motivation"]
    motivation = templates.get(template_key="student-motivation")
    texts = " ".join(motivation.questions.values_list("text", flat=True))
    for factor in ("дохода", "карьерный рост", "престиж работодателя", "самореализация", "выборе работодателя"):
        assert factor in texts
    satisfaction = " ".join(
        templates.get(template_key="employer-satisfaction").questions.values_list("text", flat=True)
    )
    for topic in ("подготовки выпускников", "организацией практики", "взаимодействием с колледжем"):
        assert topic in satisfaction

    response = staff_client.post(reverse("monitoring:survey_copy", args=[motivation.pk]))
    copy = Survey.objects.exclude(pk__in=templates).get()
    assert response["Location"] == reverse("monitoring:survey_edit", args=[copy.pk])
    assert copy.is_template is False and copy.template_key == ""
    assert list(copy.questions.values_list("kind", "text", "options", "required")) == list(
        motivation.questions.values_list("kind", "text", "options", "required")
    )


def test_a_template_is_not_sent_itself(staff):
    services.survey_templates_install()
    template = Survey.objects.filter(is_template=True).first()
    with pytest.raises(ValidationError):
        make_campaign(survey=template, by=staff, groups=[StudentFactory().group])


def test_survey_with_campaigns_cannot_be_deleted(staff, staff_client):
    survey = make_survey(by=staff)
    make_campaign(survey=survey, by=staff, groups=[StudentFactory().group])
    staff_client.post(reverse("monitoring:survey_delete", args=[survey.pk]))
    assert Survey.objects.filter(pk=survey.pk).exists()


# --- Campaigns and audiences -------------------------------------------------------------------


def test_campaign_to_partner_contacts_reaches_active_contacts_with_an_email(staff):
    active = PartnerFactory(status=PartnerStatus.ACTIVE)
    dormant = PartnerFactory(status=PartnerStatus.DORMANT)
    with_mail = ContactFactory(partner=active, email="hr@a.example")
    ContactFactory(partner=active, email="")
    ContactFactory(partner=active, email="gone@a.example", is_active=False)
    ContactFactory(partner=dormant, email="hr@dormant.example")
    campaign = make_campaign(survey=make_survey(by=staff), by=staff, audience=Audience.CONTACTS, anonymous=False)
    open_campaign(campaign, by=staff)
    assert list(campaign.recipients.values_list("contact_id", "email")) == [(with_mail.pk, "hr@a.example")]

    chosen = make_campaign(survey=make_survey(by=staff), by=staff, audience=Audience.CONTACTS, partners=[dormant])
    open_campaign(chosen, by=staff)
    assert list(chosen.recipients.values_list("email", flat=True)) == ["hr@dormant.example"]


def test_campaign_to_graduates_reaches_the_groups_of_that_year_except_the_expelled(staff):
    year = timezone.localdate().year - 1
    group = StudyGroupFactory(admission_year=year - 4, graduation_year=year)
    graduate = StudentFactory(group=group, status=StudentStatus.GRADUATED)
    StudentFactory(group=group, status=StudentStatus.EXPELLED)
    StudentFactory()  # another year
    campaign = make_campaign(survey=make_survey(by=staff), by=staff, audience=Audience.GRADUATES, graduation_year=year)
    open_campaign(campaign, by=staff)
    assert list(campaign.recipients.values_list("student_id", flat=True)) == [graduate.pk]


def test_campaign_form_requires_what_its_audience_needs(staff, staff_client):
    survey = make_survey(by=staff)
    url = reverse("monitoring:survey_campaign_create", args=[survey.pk])
    response = staff_client.post(url, {"title": "Весна", "audience": "students", "anonymous": "on",
                                       "closes_on": (timezone.localdate() - timedelta(days=1)).isoformat()})  # fmt: skip
    content = response.content.decode()
    assert response.status_code == 200
    assert ru("Choose at least one group.") in content
    assert ru("The closing day cannot be in the past.") in content
    assert "Весна" in content
    assert not Campaign.objects.exists()


def test_anonymity_is_fixed_once_the_campaign_is_opened(staff, staff_client):
    group = StudentFactory().group
    campaign = open_campaign(make_campaign(survey=make_survey(by=staff), by=staff, groups=[group]), by=staff)
    response = staff_client.post(
        reverse("monitoring:survey_campaign_edit", args=[campaign.pk]),
        {"title": "x", "audience": "students", "groups": [group.pk], "closes_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.anonymous is True
    with pytest.raises(ValidationError):
        services.campaign_update(campaign=campaign, title="x", audience="students", anonymous=False,
                                 closes_on=timezone.localdate(), groups=[group])  # fmt: skip


def test_opening_an_empty_audience_is_refused(staff, staff_client):
    group = StudyGroupFactory()
    campaign = make_campaign(survey=make_survey(by=staff), by=staff, groups=[group])
    staff_client.post(reverse("monitoring:survey_campaign_open", args=[campaign.pk]))
    campaign.refresh_from_db()
    assert campaign.state == CampaignState.DRAFT
    assert not campaign.recipients.exists()


def test_links_of_students_without_email_are_listed_and_exported(staff, staff_client):
    group = StudyGroupFactory(name="ТМ-24-9")
    StudentFactory(group=group, email="", last_name="Безпочтов")
    StudentFactory(group=group, email="s@students.example", last_name="Спочтой")
    campaign = open_campaign(make_campaign(survey=make_survey(by=staff), by=staff, groups=[group]), by=staff)
    recipient = campaign.recipients.get(email="")
    page = staff_client.get(reverse("monitoring:survey_campaign_detail", args=[campaign.pk])).content.decode()
    assert "Безпочтов" in page and "Спочтой" not in page
    [token] = re.findall(r"/monitoring/s/([^/<\s]+)/", page)
    assert services.recipient_from_token(token) == recipient
    csv = staff_client.get(reverse("monitoring:survey_campaign_links_csv", args=[campaign.pk])).content.decode("utf-8")
    lines = csv.lstrip("\ufeff").splitlines()
    assert len(lines) == 2
    name, group_name, link = lines[1].split(";")
    assert (name, group_name) == (recipient.name, "ТМ-24-9")
    assert services.recipient_from_token(re.search(r"/s/([^/]+)/", link).group(1)) == recipient


# --- Results -----------------------------------------------------------------------------------


@pytest.fixture
def answered(client, staff):
    """A campaign of 6 students, 5 of whom answered with known values."""
    group = StudyGroupFactory()
    StudentFactory.create_batch(6, group=group)
    survey = make_survey(by=staff)
    campaign = open_campaign(make_campaign(survey=survey, by=staff, groups=[group]), by=staff)
    q = list(survey.questions.all())
    rows = [("5", "0", ["0", "1"], "Больше практики"), ("4", "0", ["1"], ""), ("5", "2", [], "Стипендия"),
            ("2", "1", ["0", "1", "2"], ""), ("4", "0", ["2"], "Общежитие")]  # fmt: skip
    for token, (scale, single, multiple, text) in zip(tokens(campaign), rows, strict=False):
        data = {f"q{q[0].pk}": scale, f"q{q[1].pk}": single, f"q{q[2].pk}": multiple, f"q{q[3].pk}": text}
        assert client.post(reverse("monitoring:survey_answer", args=[token]), data).status_code == 200
    return campaign


def test_results_equal_the_answers_counted_in_python(answered):
    results = {item["question"].pk: item for item in selectors.campaign_results(answered)}
    answers = list(Answer.objects.filter(response__campaign=answered).select_related("question"))
    for question in answered.survey.questions.all():
        mine = [answer for answer in answers if answer.question_id == question.pk]
        item = results[question.pk]
        assert item["answered"] == len(mine)
        if question.kind == QuestionKind.SCALE:
            counted = Counter(answer.scale for answer in mine)
            assert [bar["count"] for bar in item["bars"]] == [counted[value] for value in range(1, 6)]
            assert item["average"] == round(sum(answer.scale for answer in mine) / len(mine), 2)
        elif question.is_choice:
            counted = Counter(index for answer in mine for index in answer.choices)
            assert [bar["count"] for bar in item["bars"]] == [counted[i] for i in range(len(question.options))]
            assert [bar["share"] for bar in item["bars"]] == [
                round(100 * counted[i] / len(mine), 1) for i in range(len(question.options))
            ]
    assert selectors.response_rate(answered.recipients.count(), answered.responses.count()) == round(100 * 5 / 6, 1)
    # The values themselves, known from the fixture:
    scale = results[answered.survey.questions.first().pk]
    assert [bar["count"] for bar in scale["bars"]] == [0, 1, 0, 2, 2] and scale["average"] == 4.0


def test_results_page_shows_rate_charts_tables_and_text_answers(staff_client, answered):
    response = staff_client.get(reverse("monitoring:survey_campaign_results", args=[answered.pk]))
    content = response.content.decode()
    assert "83,3%" in content  # 5 of 6, as the Russian page writes it
    assert content.count("data-chart=") == 3
    assert "Больше практики" in content and "Общежитие" in content
    assert "js/charts.js" in content
    assert "<script>" not in content  # no inline JS: data goes through json_script only


def test_results_export_is_an_xlsx_matching_the_results(staff_client, answered):
    response = staff_client.get(reverse("monitoring:survey_campaign_results_xlsx", args=[answered.pk]))
    workbook = load_workbook(io.BytesIO(response.content))
    summary, rows = workbook.worksheets
    values = list(summary.values)
    assert values[1][1] == 6 and values[2][1] == 5
    assert ("Насколько важен доход?", "5", 2, 40.0) in values
    answers = list(rows.values)
    assert len(answers) == 6  # header + 5 responses
    assert ru("Respondent") not in answers[0]  # anonymous: nobody named
    assert answers[1][2:] == (5, "Доход", "Жильё; График", "Больше практики")


@pytest.mark.parametrize("name", ["monitoring:survey_list", "monitoring:survey_campaign_list"])
def test_staff_lists_keep_their_query_count(staff, staff_client, name):
    group = StudentFactory().group
    make_campaign(survey=make_survey(by=staff), by=staff, groups=[group])

    def add_rows():
        for number in range(20):
            make_campaign(survey=make_survey(by=staff, title=f"Опрос {number}"), by=staff, groups=[group])

    assert_constant_queries(staff_client, reverse(name), add_rows)


def test_employers_get_404_on_staff_survey_pages(client, employer_a, answered):
    client.force_login(employer_a)
    for url in (
        reverse("monitoring:survey_list"),
        reverse("monitoring:survey_detail", args=[answered.survey_id]),
        reverse("monitoring:survey_campaign_results", args=[answered.pk]),
        reverse("monitoring:survey_campaign_results_xlsx", args=[answered.pk]),
    ):
        assert client.get(url).status_code == 404
    assert client.post(reverse("monitoring:survey_campaign_close", args=[answered.pk])).status_code == 404
    answered.refresh_from_db()
    assert answered.state == CampaignState.OPEN


def test_teacher_reads_results_but_cannot_run_campaigns(client, teacher, answered):
    client.force_login(teacher)
    assert client.get(reverse("monitoring:survey_campaign_results", args=[answered.pk])).status_code == 200
    assert client.post(reverse("monitoring:survey_campaign_close", args=[answered.pk])).status_code == 403


def test_survey_counts_count_campaigns_opened_in_the_period_and_their_answers(answered, staff):
    today = timezone.localdate()
    draft = make_campaign(survey=make_survey(by=staff), by=staff, groups=[StudentFactory().group])
    assert draft.state == CampaignState.DRAFT
    old = open_campaign(
        make_campaign(survey=make_survey(by=staff), by=staff, groups=[StudentFactory().group]), by=staff
    )
    Campaign.objects.filter(pk=old.pk).update(opened_at=timezone.now() - timedelta(days=400))
    assert selectors.survey_counts(start=today - timedelta(days=30), end=today) == {"campaigns": 1, "responses": 5}
    assert selectors.survey_counts(start=today - timedelta(days=500), end=today) == {"campaigns": 2, "responses": 5}
    assert selectors.survey_counts(start=today + timedelta(days=1), end=today + timedelta(days=2)) == {
        "campaigns": 0,
        "responses": 0,
    }


def test_results_page_keeps_its_query_count_as_answers_grow(staff, staff_client):
    group = StudyGroupFactory()
    StudentFactory.create_batch(21, group=group)
    survey = make_survey(by=staff)
    campaign = open_campaign(make_campaign(survey=survey, by=staff, groups=[group], anonymous=False), by=staff)
    q = list(survey.questions.all())
    recipients = iter(campaign.recipients.order_by("pk"))

    def answer(count):
        for number in range(count):
            values = {q[0].pk: 1 + number % 5, q[1].pk: number % 3, q[2].pk: [0, 2], q[3].pk: f"Ответ {number}"}
            services.response_submit(recipient=next(recipients), values=values)

    answer(1)
    url = reverse("monitoring:survey_campaign_results", args=[campaign.pk])
    assert_constant_queries(staff_client, url, lambda: answer(20))
    page = staff_client.get(url, {"question": q[3].pk}).content.decode()
    assert "Ответ 19" in page  # named campaign: the text answers list who wrote them
    assert campaign.recipients.order_by("pk").last().name in page
