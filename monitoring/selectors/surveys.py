"""Selectors: surveys, campaigns, their links and aggregated results (staff reads).

Surveys and campaigns are the college's own: staff see all of them, nobody else any.
"""

import io

from django.db.models import Avg, Count, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from partnership_portal.accounts.permissions import is_college_staff, is_employer
from partnership_portal.tabular import xlsx_append

from ..models.surveys import (
    SCALE_MAX,
    SCALE_MIN,
    Answer,
    Campaign,
    CampaignState,
    QuestionKind,
    Recipient,
    Response,
    Survey,
)

SCALE_VALUES = range(SCALE_MIN, SCALE_MAX + 1)


def surveys_visible_to(user):
    if not is_college_staff(user):
        return Survey.objects.none()
    return Survey.objects.select_related("created_by").annotate(
        question_count=Count("questions", distinct=True), campaign_count=Count("campaigns", distinct=True)
    )


def survey_list(user, *, q="", kind=""):
    surveys = surveys_visible_to(user)
    if q:
        surveys = surveys.filter(title__icontains=q)
    if kind == "templates":
        surveys = surveys.filter(is_template=True)
    elif kind == "surveys":
        surveys = surveys.filter(is_template=False)
    return surveys.order_by("-is_template", "title", "pk")


def get_survey_for(user, pk):
    return get_object_or_404(surveys_visible_to(user), pk=pk)


def campaigns_visible_to(user):
    if not is_college_staff(user):
        return Campaign.objects.none()
    return Campaign.objects.select_related("survey").annotate(
        recipient_count=Count("recipients", distinct=True), response_count=Count("responses", distinct=True)
    )


def campaign_list(user, *, q="", state=""):
    campaigns = campaigns_visible_to(user)
    if q:
        campaigns = campaigns.filter(Q(title__icontains=q) | Q(survey__title__icontains=q))
    if state:
        campaigns = campaigns.filter(state=state)
    return campaigns.order_by("-created_at", "-pk")


def get_campaign_for(user, pk):
    return get_object_or_404(campaigns_visible_to(user).prefetch_related("groups", "partners"), pk=pk)


def unsent_links(campaign):
    """The links staff hand out: unused links of people with no e-mail address."""
    return Recipient.objects.filter(campaign=campaign, email="", used=False).select_related("student__group")


def response_rate(recipients, responses):
    """Percent of recipients who answered, one decimal; None with no recipients."""
    return round(100 * responses / recipients, 1) if recipients else None


# --- Results -------------------------------------------------------------------------------


def _share(count, total):
    return round(100 * count / total, 1) if total else 0.0


def campaign_results(campaign):
    """Per question of the campaign's survey: how many answered and, for scale and choice
    questions, the count (and share of those who answered) per value, in one aggregate query."""
    questions = list(campaign.survey.questions.all())
    aggregates = {f"s{value}": Count("pk", filter=Q(scale=value)) for value in SCALE_VALUES}
    answers = Answer.objects.filter(response__campaign=campaign)
    rows = {
        row["question_id"]: row
        for row in answers.values("question_id").annotate(answered=Count("pk"), average=Avg("scale"), **aggregates)
        .order_by()
    }  # fmt: skip
    # The options chosen are a JSON list per answer (portable to SQLite): tallied here, one query.
    chosen = answers.filter(question__kind__in=[QuestionKind.SINGLE, QuestionKind.MULTIPLE])
    for question_id, choices in chosen.values_list("question_id", "choices").order_by().iterator(chunk_size=5000):
        row = rows.setdefault(question_id, {})
        for index in choices or ():
            row[f"o{index}"] = row.get(f"o{index}", 0) + 1
    results = []
    for question in questions:
        row = rows.get(question.pk, {})
        answered = row.get("answered", 0)
        item = {"question": question, "answered": answered, "bars": [], "average": None}
        if question.kind == QuestionKind.SCALE:
            labels = [str(value) for value in SCALE_VALUES]
            counts = [row.get(f"s{value}", 0) for value in SCALE_VALUES]
            item["average"] = round(row["average"], 2) if row.get("average") is not None else None
        elif question.is_choice:
            labels = list(question.options)
            counts = [row.get(f"o{index}", 0) for index in range(len(labels))]
        else:
            labels, counts = [], []
        item["bars"] = [
            {"label": label, "count": count, "share": _share(count, answered)}
            for label, count in zip(labels, counts, strict=True)
        ]
        item["chart"] = {"labels": labels, "values": counts}
        item["chart_id"] = f"survey-chart-{question.pk}"
        item["chart_type"] = "doughnut" if question.kind == QuestionKind.SINGLE else "bar"
        results.append(item)
    return results


def text_answers(campaign, *, question_id=None):
    answers = (
        Answer.objects.filter(response__campaign=campaign, question__kind=QuestionKind.TEXT)
        .exclude(text="")
        .select_related("question", "response__recipient")
        .order_by("question__order", "pk")
    )
    if question_id:
        answers = answers.filter(question_id=question_id)
    return answers


def results_xlsx(campaign):
    """The results as a workbook: a summary sheet (per question and value) and one row per
    response (the respondent named only for a campaign that is not anonymous)."""
    questions = list(campaign.survey.questions.all())
    workbook = Workbook(write_only=True)
    summary = workbook.create_sheet(_("Summary")[:31])
    recipients = campaign.recipients.count()
    responses = campaign.responses.count()
    xlsx_append(summary, [campaign.title])
    xlsx_append(summary, [_("Links sent"), recipients])
    xlsx_append(summary, [_("Responses"), responses])
    xlsx_append(summary, [_("Response rate, %"), response_rate(recipients, responses)])
    xlsx_append(summary, [])
    xlsx_append(summary, [_("Question"), _("Answer"), _("Count"), _("Share of those who answered, %")])
    for item in campaign_results(campaign):
        question = item["question"]
        if question.kind == QuestionKind.TEXT:
            xlsx_append(summary, [question.text, _("Text answers"), item["answered"], None])
            continue
        for bar in item["bars"]:
            xlsx_append(summary, [question.text, bar["label"], bar["count"], bar["share"]])
        if item["average"] is not None:
            xlsx_append(summary, [question.text, _("Average score"), item["average"], None])

    sheet = workbook.create_sheet(_("Answers")[:31])
    header = [_("No."), _("Date")]
    if not campaign.anonymous:
        header.append(_("Respondent"))
    xlsx_append(sheet, header + [question.text for question in questions])
    responses = (
        Response.objects.filter(campaign=campaign).select_related("recipient").prefetch_related("answers")
    ).order_by("pk")
    for number, response in enumerate(responses.iterator(chunk_size=500), start=1):
        by_question = {answer.question_id: answer for answer in response.answers.all()}
        row = [number, response.submitted_on]
        if not campaign.anonymous:
            row.append(response.recipient.name if response.recipient else "")
        for question in questions:
            row.append(_answer_text(question, by_question.get(question.pk)))
        xlsx_append(sheet, row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _answer_text(question, answer):
    if answer is None:
        return ""
    if question.kind == QuestionKind.SCALE:
        return answer.scale
    if question.is_choice:
        return "; ".join(question.options[index] for index in answer.choices if index < len(question.options))
    return answer.text


# --- Indicators ----------------------------------------------------------------------------


def survey_counts(*, start, end):
    """For the indicators dashboard: campaigns opened in [start, end] (dates, inclusive) and the
    answers they received (whenever received)."""
    campaigns = Campaign.objects.filter(
        opened_at__date__gte=start, opened_at__date__lte=end, state__in=(CampaignState.OPEN, CampaignState.CLOSED)
    )
    return {
        "campaigns": campaigns.count(),
        "responses": Response.objects.filter(campaign__in=campaigns).count(),
    }


# --- Employers -----------------------------------------------------------------------------


def open_campaigns_for_employer(user):
    """Open campaigns addressed to contacts of the employer's organisation, each with
    ``own_links``: the employer's own link (as its contact), if it was sent one."""
    if not is_employer(user):
        return Campaign.objects.none()
    return (
        Campaign.objects.filter(
            state=CampaignState.OPEN,
            closes_on__gte=timezone.localdate(),
            recipients__contact__partner_id=user.partner_id,
        )
        .distinct()
        .select_related("survey")
        .prefetch_related(
            Prefetch("recipients", queryset=Recipient.objects.filter(contact__user=user), to_attr="own_links")
        )
        .order_by("closes_on", "pk")
    )
