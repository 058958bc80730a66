"""Answering by a personal link: anonymity, single use, refusals that never become a 500."""

import threading
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from monitoring.models.surveys import Answer, Campaign, Question, Recipient, Response
from monitoring.services import surveys as services
from tests.factories import StudentFactory, StudyGroupFactory
from tests.helpers import ru

from .factories import make_campaign, make_survey, open_campaign, tokens

pytestmark = pytest.mark.django_db


@pytest.fixture
def group():
    group = StudyGroupFactory(name="ТМ-24-1")
    StudentFactory.create_batch(3, group=group, email="")
    return group


@pytest.fixture
def survey(staff):
    return make_survey(by=staff)


def answer_url(token):
    return reverse("monitoring:survey_answer", args=[token])


def form_data(survey, *, scale="4", single="1", multiple=("0", "2"), text="Больше практики"):
    questions = list(survey.questions.all())
    return {
        f"q{questions[0].pk}": scale,
        f"q{questions[1].pk}": single,
        f"q{questions[2].pk}": list(multiple),
        f"q{questions[3].pk}": text,
    }


def link_columns(model):
    """The columns of ``model``'s table that reference another table, as the database has them."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
    return {
        column: target
        for constraint in constraints.values()
        if constraint["foreign_key"]
        for column, target in [(constraint["columns"][0], constraint["foreign_key"][0])]
    }


def test_anonymous_campaign_answered_through_three_links_yields_three_answers_with_no_person_linked(
    client, staff, group, survey
):
    campaign = open_campaign(make_campaign(survey=survey, by=staff, groups=[group], anonymous=True), by=staff)
    links = tokens(campaign)
    assert len(links) == 3

    for token, scale in zip(links, ("5", "3", "4"), strict=True):
        response = client.post(answer_url(token), form_data(survey, scale=scale))
        assert response.status_code == 200
        assert ru("Thank you!") in response.content.decode()

    responses = Response.objects.filter(campaign=campaign)
    assert responses.count() == 3
    assert sorted(
        Answer.objects.filter(response__campaign=campaign, scale__isnull=False).values_list("scale", flat=True)
    ) == [3, 4, 5]
    # At the database level: a response row references the campaign and nothing else (no
    # recipient, student, contact or token), and no recipient keeps a time of use.
    columns = link_columns(Response)
    assert set(columns.values()) == {Campaign._meta.db_table, Recipient._meta.db_table}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM {Response._meta.db_table} WHERE campaign_id = %s AND recipient_id IS NULL",
            [campaign.pk],
        )
        assert cursor.fetchone()[0] == 3
    assert set(link_columns(Answer).values()) == {Response._meta.db_table, Question._meta.db_table}
    recipient_columns = {field.column for field in Recipient._meta.concrete_fields}
    assert not {"used_at", "updated_at", "created_at"} & recipient_columns
    assert list(Recipient.objects.filter(campaign=campaign).values_list("used", flat=True)) == [True] * 3
    assert {response.submitted_on for response in responses} == {timezone.localdate()}


def test_named_campaign_links_each_answer_to_its_recipient(client, staff, group, survey):
    campaign = open_campaign(make_campaign(survey=survey, by=staff, groups=[group], anonymous=False), by=staff)
    recipient = campaign.recipients.order_by("pk").first()
    client.post(answer_url(services.recipient_token(recipient)), form_data(survey))
    response = Response.objects.get(campaign=campaign)
    assert response.recipient == recipient
    assert response.anonymous is False


def test_database_refuses_a_recipient_on_an_anonymous_response(staff, group, survey):
    from django.db import IntegrityError, transaction

    campaign = open_campaign(make_campaign(survey=survey, by=staff, groups=[group], anonymous=True), by=staff)
    recipient = campaign.recipients.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(
            campaign=campaign, anonymous=True, recipient=recipient, submitted_on=timezone.localdate()
        )


def test_used_link_refuses_a_second_answer(client, staff, group, survey):
    campaign = open_campaign(make_campaign(survey=survey, by=staff, groups=[group]), by=staff)
    token = tokens(campaign)[0]
    assert client.post(answer_url(token), form_data(survey)).status_code == 200

    again = client.post(answer_url(token), form_data(survey, scale="1"))
    assert again.status_code == 410
    assert ru("Already answered") in again.content.decode()
    assert client.get(answer_url(token)).status_code == 410
    assert Response.objects.filter(campaign=campaign).count() == 1
    assert not Answer.objects.filter(scale=1).exists()


def test_get_shows_the_form_without_using_the_link(client, staff, group, survey):
    campaign = open_campaign(make_campaign(survey=survey, by=staff, groups=[group]), by=staff)
    token = tokens(campaign)[0]
    for _ in range(2):
        page = client.get(answer_url(token))
        assert page.status_code == 200
        assert survey.questions.first().text in page.content.decode()
    assert page["Referrer-Policy"] == "no-referrer"
    assert not Recipient.objects.filter(campaign=campaign, used=True).exists()


@pytest.mark.parametrize(
    "make_token",
    [
        lambda: "nonsense",
        lambda: "a" * 300,
        lambda: signing.dumps(999_999, salt=services.TOKEN_SALT),  # signed, no such link
        lambda: signing.dumps("x", salt=services.TOKEN_SALT),  # signed, not an id
        lambda: signing.dumps(1, salt="another.salt"),
    ],
    ids=["garbage", "long", "unknown-id", "not-an-id", "other-salt"],
)
def test_wrong_token_gives_a_clear_not_found_page(client, make_token):
    token = make_token()
    response = client.get(answer_url(token))
    assert response.status_code == 404
    assert ru("Link not found") in response.content.decode()
    assert client.post(answer_url(token), {}).status_code == 404


def test_closed_campaign_link_gives_a_gone_page(client, staff, group, survey):
    campaign = open_campaign(make_campaign(survey=survey, by=staff, groups=[group]), by=staff)
    token = tokens(campaign)[0]
    services.campaign_close(campaign=campaign, by=staff)
    response = client.post(answer_url(token), form_data(survey))
    assert response.status_code == 410
    assert ru("The survey is closed") in response.content.decode()
    assert not Response.objects.exists()


def test_link_after_the_closing_day_gives_a_gone_page(client, staff, group, survey):
    campaign = open_campaign(make_campaign(survey=survey, by=staff, groups=[group]), by=staff)
    token = tokens(campaign)[0]
    Campaign.objects.filter(pk=campaign.pk).update(closes_on=timezone.localdate() - timedelta(days=1))
    assert client.get(answer_url(token)).status_code == 410


def test_link_of_a_draft_campaign_is_not_found(client, staff, group, survey):
    campaign = make_campaign(survey=survey, by=staff, groups=[group])
    recipient = Recipient.objects.create(campaign=campaign, name="Тест")
    assert client.get(answer_url(services.recipient_token(recipient))).status_code == 404


def test_bad_input_is_shown_again_with_the_answers_kept(client, staff, group, survey):
    campaign = open_campaign(make_campaign(survey=survey, by=staff, groups=[group]), by=staff)
    token = tokens(campaign)[0]
    data = form_data(survey, scale="", text="Мой подробный ответ")
    response = client.post(answer_url(token), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert ru("This question needs an answer.") in content
    assert "Мой подробный ответ" in content
    assert f'value="2" id="id_q{survey.questions.all()[2].pk}_2" checked' in content
    assert not Response.objects.exists()
    assert not Recipient.objects.filter(used=True).exists()


@pytest.mark.parametrize(
    "override",
    [{"scale": "9"}, {"single": "17"}, {"multiple": ("0", "99")}, {"single": "x"}, {"text": "я" * 5000}],
)
def test_tampered_values_are_refused_without_error(client, staff, group, survey, override):
    campaign = open_campaign(make_campaign(survey=survey, by=staff, groups=[group]), by=staff)
    response = client.post(answer_url(tokens(campaign)[0]), form_data(survey, **override))
    assert response.status_code == 200
    assert not Response.objects.exists()


def test_optional_questions_may_be_left_blank(client, staff, group, survey):
    campaign = open_campaign(make_campaign(survey=survey, by=staff, groups=[group]), by=staff)
    client.post(answer_url(tokens(campaign)[0]), form_data(survey, multiple=(), text=""))
    response = Response.objects.get()
    assert response.answers.count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_parallel_submits_through_one_link_give_one_answer(staff, group, survey):
    campaign = open_campaign(make_campaign(survey=survey, by=staff, groups=[group]), by=staff)
    recipient = Recipient.objects.filter(campaign=campaign).first()
    questions = list(survey.questions.all())
    values = {questions[0].pk: 4, questions[1].pk: 0, questions[2].pk: [1], questions[3].pk: ""}
    barrier = threading.Barrier(2)
    outcomes = []

    def submit():
        try:
            barrier.wait()
            services.response_submit(recipient=Recipient.objects.get(pk=recipient.pk), values=values)
            outcomes.append("ok")
        except services.LinkError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok", "refused"]
    assert Response.objects.filter(campaign=campaign).count() == 1


def test_opening_emails_links_to_people_with_an_address_only(staff, group, survey, django_capture_on_commit_callbacks):
    StudentFactory(group=group, email="ivanova@student.example", last_name="Иванова")
    with django_capture_on_commit_callbacks(execute=True):
        campaign = open_campaign(make_campaign(survey=survey, by=staff, groups=[group]), by=staff)
    assert [message.to for message in mail.outbox] == [["ivanova@student.example"]]
    recipient = campaign.recipients.get(email="ivanova@student.example")
    assert services.recipient_token(recipient) in mail.outbox[0].body
    assert recipient.emailed is True
    assert services.links_send(campaign_id=campaign.pk) == 0  # idempotent
    assert campaign.recipients.filter(email="").count() == 3
