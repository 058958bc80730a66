"""URL-by-role rows and world objects of monitoring: surveys."""

from tests.url_table import EMPLOYER_ONLY, STAFF_ACTION, STAFF_ONLY, Row, same

from .surveys.factories import make_campaign, make_survey, open_campaign, tokens

ROWS = {
    "monitoring:survey_list": Row(STAFF_ONLY),
    "monitoring:survey_create": Row(STAFF_ONLY),
    "monitoring:survey_templates_install": Row(STAFF_ACTION),
    "monitoring:survey_detail": Row(STAFF_ONLY, kwargs=lambda w: {"pk": w.survey_sent.pk}),
    "monitoring:survey_edit": Row(STAFF_ONLY, kwargs=lambda w: {"pk": w.survey_draft.pk}),
    "monitoring:survey_copy": Row(STAFF_ACTION, kwargs=lambda w: {"pk": w.survey_sent.pk}),
    "monitoring:survey_delete": Row(STAFF_ACTION, kwargs=lambda w: {"pk": w.survey_draft.pk}),
    "monitoring:survey_campaign_create": Row(STAFF_ONLY, kwargs=lambda w: {"survey_pk": w.survey_draft.pk}),
    "monitoring:survey_campaign_list": Row(STAFF_ONLY),
    "monitoring:survey_campaign_detail": Row(STAFF_ONLY, kwargs=lambda w: {"pk": w.survey_campaign.pk}),
    "monitoring:survey_campaign_edit": Row(STAFF_ONLY, kwargs=lambda w: {"pk": w.survey_campaign_draft.pk}),
    "monitoring:survey_campaign_open": Row(STAFF_ACTION, kwargs=lambda w: {"pk": w.survey_campaign_draft.pk}),
    "monitoring:survey_campaign_close": Row(STAFF_ACTION, kwargs=lambda w: {"pk": w.survey_campaign.pk}),
    "monitoring:survey_campaign_delete": Row(STAFF_ACTION, kwargs=lambda w: {"pk": w.survey_campaign_draft.pk}),
    "monitoring:survey_campaign_links_csv": Row(STAFF_ONLY, kwargs=lambda w: {"pk": w.survey_campaign.pk}),
    "monitoring:survey_campaign_results": Row(STAFF_ONLY, kwargs=lambda w: {"pk": w.survey_campaign.pk}),
    "monitoring:survey_campaign_results_xlsx": Row(STAFF_ONLY, kwargs=lambda w: {"pk": w.survey_campaign.pk}),
    "monitoring:survey_mine": Row(EMPLOYER_ONLY),
    # The personal link is the credential: whoever holds a fresh one sees the form (a GET uses nothing up).
    "monitoring:survey_answer": Row(same(200), kwargs=lambda w: {"token": w.survey_token}),
}


def world(base):
    """An open campaign to group A's students (a fresh link for the answer page) of a sent survey,
    and a draft campaign of a survey still being edited."""
    survey_sent = make_survey(by=base.staff, title="Мотивация студентов")
    campaign = open_campaign(make_campaign(survey=survey_sent, by=base.staff, groups=[base.group_a]), by=base.staff)
    survey_draft = make_survey(by=base.staff, title="Черновик опроса")
    draft = make_campaign(survey=survey_draft, by=base.staff, groups=[base.group_a], title="Черновая кампания")
    return {
        "survey_sent": survey_sent,
        "survey_draft": survey_draft,
        "survey_campaign": campaign,
        "survey_campaign_draft": draft,
        "survey_token": tokens(campaign)[0],
        "admin_objects": [survey_sent, campaign, survey_sent.questions.first()],
    }
