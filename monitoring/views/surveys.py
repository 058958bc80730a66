"""Views: the survey builder, campaigns, results (staff) and the public answer page (a personal link).

Staff pages are 404 to everyone else; building and sending need ``can_manage_surveys`` (other
staff get 403). The answer page needs no account: the signed link is the credential. A GET only
shows the form; the link is used up by the POST that records the answer.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from partnership_portal.accounts.decorators import employer_required, staff_required, staff_with
from partnership_portal.idempotency import submit_once
from partnership_portal.tabular import csv_bytes
from partnership_portal.web import add_service_errors, paginate

from ..forms.surveys import (
    AnswerForm,
    CampaignFilterForm,
    CampaignForm,
    QuestionFormSet,
    SurveyFilterForm,
    SurveyForm,
    question_initial,
)
from ..models.surveys import Audience, CampaignState, QuestionKind
from ..permissions.surveys import can_manage_surveys
from ..selectors import surveys as selectors
from ..services import surveys as services

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- Surveys and the builder ---------------------------------------------------------------


@staff_required
def survey_list(request):
    form = SurveyFilterForm(request.GET)
    surveys = selectors.survey_list(request.user, **form.filters())
    return render(
        request,
        "monitoring/surveys/survey_list.html",
        {
            "form": form,
            "page_obj": paginate(request, surveys),
            "filtered": any(value for key, value in request.GET.items() if key != "page"),
            "can_manage": can_manage_surveys(request.user),
            "templates_missing": services.ready_templates_missing(),
        },
    )


@staff_with(can_manage_surveys)
@require_POST
def survey_templates_install(request):
    added = services.survey_templates_install(created_by=request.user)
    if added:
        messages.success(request, _("Ready templates added: %(count)d.") % {"count": len(added)})
    else:
        messages.info(request, _("The ready templates are already there."))
    return redirect("monitoring:survey_list")


def _builder(request, *, survey=None):
    if request.method == "POST":
        form = SurveyForm(request.POST, instance=survey)
        formset = QuestionFormSet(request.POST, prefix="questions")
        if form.is_valid() and formset.is_valid():
            try:
                saved = services.survey_save(
                    survey=survey,
                    created_by=request.user,
                    title=form.cleaned_data["title"],
                    description=form.cleaned_data["description"],
                    is_template=form.cleaned_data["is_template"],
                    questions=formset.questions(),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Survey saved."))
                if "continue" in request.POST:
                    return redirect("monitoring:survey_edit", pk=saved.pk)
                return redirect("monitoring:survey_detail", pk=saved.pk)
    else:
        form = SurveyForm(instance=survey)
        formset = QuestionFormSet(prefix="questions", initial=question_initial(survey) if survey else None)
    return render(
        request,
        "monitoring/surveys/survey_form.html",
        {"form": form, "formset": formset, "survey": survey, "kinds": QuestionKind},
    )


@staff_with(can_manage_surveys)
@submit_once
def survey_create(request):
    return _builder(request)


@staff_with(can_manage_surveys)
def survey_edit(request, pk):
    survey = selectors.get_survey_for(request.user, pk)
    if services.survey_is_locked(survey):
        messages.warning(
            request, _("This survey has been sent: its questions can no longer change. Make a copy to edit.")
        )
        return redirect("monitoring:survey_detail", pk=survey.pk)
    return _builder(request, survey=survey)


@staff_required
def survey_detail(request, pk):
    survey = selectors.get_survey_for(request.user, pk)
    campaigns = selectors.campaigns_visible_to(request.user).filter(survey=survey).order_by("-created_at", "-pk")
    return render(
        request,
        "monitoring/surveys/survey_detail.html",
        {
            "survey": survey,
            "questions": survey.questions.all(),
            "campaigns": campaigns[:50],
            "locked": services.survey_is_locked(survey),
            "can_manage": can_manage_surveys(request.user),
        },
    )


@staff_with(can_manage_surveys)
@require_POST
def survey_copy(request, pk):
    survey = selectors.get_survey_for(request.user, pk)
    title = survey.title if survey.is_template else _("%(title)s (copy)") % {"title": survey.title}
    copy = services.survey_copy(survey=survey, created_by=request.user, title=title[:300])
    messages.success(request, _("A new survey was created from «%(title)s»; edit it as needed.") % {"title": survey})
    return redirect("monitoring:survey_edit", pk=copy.pk)


@staff_with(can_manage_surveys)
@require_POST
def survey_delete(request, pk):
    survey = selectors.get_survey_for(request.user, pk)
    try:
        services.survey_delete(survey=survey)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("monitoring:survey_detail", pk=survey.pk)
    messages.success(request, _("Survey deleted."))
    return redirect("monitoring:survey_list")


# --- Campaigns -----------------------------------------------------------------------------


@staff_required
def survey_campaign_list(request):
    form = CampaignFilterForm(request.GET)
    campaigns = selectors.campaign_list(request.user, **form.filters())
    return render(
        request,
        "monitoring/surveys/campaign_list.html",
        {
            "form": form,
            "page_obj": paginate(request, campaigns),
            "filtered": any(value for key, value in request.GET.items() if key != "page"),
        },
    )


@staff_with(can_manage_surveys)
@submit_once
def survey_campaign_create(request, survey_pk):
    survey = selectors.get_survey_for(request.user, survey_pk)
    if survey.is_template:
        messages.warning(request, _("A template is not sent itself: create a survey from it first."))
        return redirect("monitoring:survey_detail", pk=survey.pk)
    form = CampaignForm(request.POST or None, initial={"title": survey.title})
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_create(survey=survey, created_by=request.user, **form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Campaign created as a draft. Check it and open it to send the links."))
            return redirect("monitoring:survey_campaign_detail", pk=campaign.pk)
    return render(request, "monitoring/surveys/campaign_form.html", {"form": form, "survey": survey})


@staff_with(can_manage_surveys)
def survey_campaign_edit(request, pk):
    campaign = selectors.get_campaign_for(request.user, pk)
    if not campaign.is_draft:
        messages.warning(request, _("The campaign has been opened: its audience and anonymity are fixed."))
        return redirect("monitoring:survey_campaign_detail", pk=campaign.pk)
    form = CampaignForm(request.POST or None, instance=campaign)
    if request.method == "POST" and form.is_valid():
        try:
            services.campaign_update(campaign=campaign, **form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("monitoring:survey_campaign_detail", pk=campaign.pk)
    return render(
        request,
        "monitoring/surveys/campaign_form.html",
        {"form": form, "survey": campaign.survey, "campaign": campaign},
    )


@staff_required
def survey_campaign_detail(request, pk):
    campaign = selectors.get_campaign_for(request.user, pk)
    counts = campaign.recipients.aggregate(
        emailed=Count("pk", filter=Q(emailed=True)), without_email=Count("pk", filter=Q(email=""))
    )
    links = selectors.unsent_links(campaign)
    links_page = paginate(request, links)
    for recipient in links_page:
        recipient.link = services.recipient_link(recipient)
    return render(
        request,
        "monitoring/surveys/campaign_detail.html",
        {
            "campaign": campaign,
            "counts": counts,
            "rate": selectors.response_rate(campaign.recipient_count, campaign.response_count),
            "links_page": links_page,
            "can_manage": can_manage_surveys(request.user),
            "audience": Audience,
            "states": CampaignState,
        },
    )


def _campaign_action(request, pk, action, success):
    campaign = selectors.get_campaign_for(request.user, pk)
    try:
        action(campaign=campaign, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect("monitoring:survey_campaign_detail", pk=campaign.pk)


@staff_with(can_manage_surveys)
@require_POST
def survey_campaign_open(request, pk):
    return _campaign_action(
        request,
        pk,
        services.campaign_open,
        _("The campaign is open: the links are being e-mailed. Hand out the links of people without an e-mail."),
    )


@staff_with(can_manage_surveys)
@require_POST
def survey_campaign_close(request, pk):
    return _campaign_action(request, pk, services.campaign_close, _("The campaign is closed."))


@staff_with(can_manage_surveys)
@require_POST
def survey_campaign_delete(request, pk):
    campaign = selectors.get_campaign_for(request.user, pk)
    try:
        services.campaign_delete(campaign=campaign)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("monitoring:survey_campaign_detail", pk=campaign.pk)
    messages.success(request, _("Draft campaign deleted."))
    return redirect("monitoring:survey_detail", pk=campaign.survey_id)


@require_GET
@staff_with(can_manage_surveys)
def survey_campaign_links_csv(request, pk):
    """The unused links of people without an e-mail, to print and hand out."""
    campaign = selectors.get_campaign_for(request.user, pk)
    rows = [[_("Name"), _("Group"), _("Link")]]
    for recipient in selectors.unsent_links(campaign).iterator(chunk_size=500):
        group = recipient.student.group.name if recipient.student_id else ""
        rows.append([recipient.name, group, services.recipient_link(recipient)])
    response = HttpResponse(csv_bytes(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="survey-links-{campaign.pk}.csv"'
    return response


@staff_required
def survey_campaign_results(request, pk):
    campaign = selectors.get_campaign_for(request.user, pk)
    results = selectors.campaign_results(campaign)
    text_questions = [item["question"] for item in results if item["question"].kind == QuestionKind.TEXT]
    question_id = request.GET.get("question", "")
    question_id = int(question_id) if question_id.isdigit() else None
    text_page = paginate(request, selectors.text_answers(campaign, question_id=question_id))
    return render(
        request,
        "monitoring/surveys/campaign_results.html",
        {
            "campaign": campaign,
            "results": results,
            "rate": selectors.response_rate(campaign.recipient_count, campaign.response_count),
            "text_questions": text_questions,
            "question_id": question_id,
            "text_page": text_page,
        },
    )


@require_GET
@staff_required
def survey_campaign_results_xlsx(request, pk):
    campaign = selectors.get_campaign_for(request.user, pk)
    response = HttpResponse(selectors.results_xlsx(campaign), content_type=XLSX)
    filename = f"survey-results-{campaign.pk}-{timezone.localdate():%Y-%m-%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@employer_required
def survey_mine(request):
    """The employer's open surveys: those sent to its organisation's contacts, with its own link."""
    page_obj = paginate(request, selectors.open_campaigns_for_employer(request.user))
    for campaign in page_obj:
        own = campaign.own_links[0] if campaign.own_links else None
        campaign.own_link = services.recipient_link(own) if own and not own.used else None
        campaign.own_answered = bool(own and own.used)
    return render(request, "monitoring/surveys/survey_mine.html", {"page_obj": page_obj})


# --- The public answer page ------------------------------------------------------------------


def _private(response):
    # The link is the credential: keep it out of caches and of Referer headers.
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _link_problem(request, error):
    return _private(
        render(
            request,
            "monitoring/surveys/answer_unavailable.html",
            {"title": error.title, "message": error.message},
            status=error.status,
        )
    )


@never_cache
def survey_answer(request, token):
    try:
        recipient = services.recipient_from_token(token)
    except services.LinkError as error:
        return _link_problem(request, error)
    campaign = recipient.campaign
    questions = list(campaign.survey.questions.all())
    form = AnswerForm(request.POST or None, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            services.response_submit(recipient=recipient, values=form.values())
        except services.LinkError as error:
            return _link_problem(request, error)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _private(render(request, "monitoring/surveys/answer_thanks.html", {"campaign": campaign}))
    return _private(render(request, "monitoring/surveys/answer_form.html", {"campaign": campaign, "form": form}))
