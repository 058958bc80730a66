"""The URL-by-role table: every URL pattern of the project and the status each role gets.

Roles: anonymous, college staff, an employer of organisation A, an employer of organisation
B, and the administrator. Object URLs point at organisation A's objects, so employer B must
get 404 where employer A gets 200. ``LOGIN`` means a redirect to the portal's login page,
``ADMIN_LOGIN`` a redirect to the admin's. Every later issue adds its URLs here; the test
fails for a pattern that has no row (and for a row whose pattern is gone).
"""

from dataclasses import dataclass, field
from typing import Any

ROLES = ("anon", "staff", "employer_a", "employer_b", "admin")
LOGIN = "login"
ADMIN_LOGIN = "admin-login"


def expect(anon, staff, employer_a, employer_b, admin):
    return dict(zip(ROLES, (anon, staff, employer_a, employer_b, admin), strict=True))


def same(status):
    return expect(status, status, status, status, status)


STAFF_ONLY = expect(LOGIN, 200, 404, 404, 200)
ANY_USER = expect(LOGIN, 200, 200, 200, 200)
OWN_ORGANISATION = expect(LOGIN, 200, 200, 404, 200)  # object of organisation A
EMPLOYER_ONLY = expect(LOGIN, 404, 200, 200, 404)
# POST-only URLs: the row gives what a POST gets as each role, and the test sends a GET and
# a POST. Outside the role both get 404 (anonymous: the login page), the same as any other page;
# ``ALLOWED`` is a role the action is for: its GET gets 405 and its POST is left to the feature
# tests (here it would change the world the other rows share); ``FOREIGN`` is a role that may
# use the URL but not on organisation A's object: its GET gets 405 and its POST 404.
ALLOWED = "allowed"
FOREIGN = "foreign"

STAFF_ACTION = expect(LOGIN, ALLOWED, 404, 404, ALLOWED)
OWN_ORGANISATION_ACTION = expect(LOGIN, ALLOWED, ALLOWED, FOREIGN, ALLOWED)


@dataclass
class Row:
    expected: dict
    kwargs: Any = None  # callable(world) -> dict of URL kwargs
    path: str | None = None  # for unnamed patterns
    settings: dict = field(default_factory=dict)

    @property
    def is_post_only(self):
        return any(value in (ALLOWED, FOREIGN) for value in self.expected.values())


TABLE = {
    "home": Row(same(200)),
    # Health is public; with no broker configured the checks do not depend on a worker.
    "healthz": Row(same(200), settings={"CELERY_BROKER_URL": None}),
    "set_language": Row(same(302)),
    "favicon": Row(same(302)),  # to the static favicon
    # accounts
    "accounts:login": Row(expect(200, 302, 302, 302, 302)),
    "accounts:logout": Row(same(405)),  # POST only
    "accounts:password_change": Row(ANY_USER),
    "accounts:password_change_done": Row(ANY_USER),
    "accounts:password_reset": Row(same(200)),
    "accounts:password_reset_done": Row(same(200)),
    "accounts:password_reset_confirm": Row(same(200), kwargs=lambda w: {"uidb64": "MQ", "token": "bad-token"}),
    "accounts:password_reset_complete": Row(same(200)),
    # partners: the register (staff; "staff" is a partnership manager)
    "partners:list": Row(STAFF_ONLY),
    "partners:export": Row(STAFF_ONLY, kwargs=lambda w: {"fmt": "xlsx"}),
    # Autocomplete: staff search the register, an employer finds only their own organisation.
    "partners:autocomplete": Row(ANY_USER),
    "partners:autocomplete_current": Row(ANY_USER),
    "partners:autocomplete_active": Row(ANY_USER),
    # contacts: staff search everyone's, an employer their own organisation's (tested apart)
    "partners:contact_autocomplete": Row(ANY_USER),
    "partners:signatory_autocomplete": Row(ANY_USER),
    "partners:create": Row(STAFF_ONLY),
    "partners:detail": Row(STAFF_ONLY, kwargs=lambda w: {"pk": w.partner_a.pk}),
    "partners:card_section": Row(STAFF_ONLY, kwargs=lambda w: {"pk": w.partner_a.pk, "key": "practice"}),
    "partners:edit": Row(STAFF_ONLY, kwargs=lambda w: {"pk": w.partner_a.pk}),
    "partners:history": Row(STAFF_ONLY, kwargs=lambda w: {"pk": w.partner_a.pk}),
    # partners: contacts, invitations, accounts
    "partners:contact_create": Row(STAFF_ONLY, kwargs=lambda w: {"partner_pk": w.partner_a.pk}),
    "partners:contact_edit": Row(OWN_ORGANISATION, kwargs=lambda w: {"pk": w.contact_a.pk}),
    "partners:contact_invite": Row(OWN_ORGANISATION_ACTION, kwargs=lambda w: {"pk": w.contact_a.pk}),
    "partners:account_deactivate": Row(STAFF_ACTION, kwargs=lambda w: {"user_pk": w.employer_a.pk}),
    "partners:account_activate": Row(STAFF_ACTION, kwargs=lambda w: {"user_pk": w.employer_a.pk}),
    "partners:invitation_list": Row(STAFF_ONLY),
    "partners:invitation_revoke": Row(OWN_ORGANISATION_ACTION, kwargs=lambda w: {"pk": w.invitation_a.pk}),
    "partners:invitation_resend": Row(OWN_ORGANISATION_ACTION, kwargs=lambda w: {"pk": w.invitation_a.pk}),
    # The link itself is the credential: whoever holds it sees the form.
    "partners:invitation_accept": Row(same(200), kwargs=lambda w: {"token": w.invitation_token}),
    # partners: interactions (the college's own log)
    "partners:interaction_create": Row(STAFF_ONLY, kwargs=lambda w: {"partner_pk": w.partner_a.pk}),
    "partners:interaction_edit": Row(STAFF_ONLY, kwargs=lambda w: {"pk": w.interaction_a.pk}),
    "partners:follow_up_done": Row(STAFF_ACTION, kwargs=lambda w: {"pk": w.interaction_a.pk}),
    "partners:follow_up_list": Row(STAFF_ONLY),
    # partners: import
    "partners:import_start": Row(STAFF_ONLY),
    "partners:import_template": Row(STAFF_ONLY),
    "partners:import_detail": Row(STAFF_ONLY, kwargs=lambda w: {"pk": w.partner_import.pk}),
    # partners: requisites change requests
    "partners:change_request_list": Row(STAFF_ONLY),
    "partners:change_request_detail": Row(STAFF_ONLY, kwargs=lambda w: {"pk": w.change_request_a.pk}),
    "partners:change_request_withdraw": Row(
        expect(LOGIN, 404, ALLOWED, FOREIGN, 404), kwargs=lambda w: {"pk": w.change_request_a.pk}
    ),
    # partners: the employer's own organisation
    "partners:profile": Row(EMPLOYER_ONLY),
    "partners:requisites_request": Row(EMPLOYER_ONLY),
    "partners:colleague_invite": Row(EMPLOYER_ONLY),
    # practice: reference data (staff)
    "practice:group_list": Row(STAFF_ONLY),
    "practice:group_autocomplete": Row(STAFF_ONLY),
    "practice:student_autocomplete": Row(STAFF_ONLY),
    "practice:teacher_autocomplete": Row(STAFF_ONLY),
    "practice:group_detail": Row(STAFF_ONLY, kwargs=lambda w: {"pk": w.group_a.pk}),
    "practice:student_detail": Row(OWN_ORGANISATION, kwargs=lambda w: {"pk": w.student_a.pk}),
    "practice:teacher_list": Row(STAFF_ONLY),
    "practice:import_start": Row(STAFF_ONLY),
    "practice:import_template": Row(STAFF_ONLY),
    "practice:import_detail": Row(STAFF_ONLY, kwargs=lambda w: {"pk": w.student_import.pk}),
    # practice: periods and placements
    "practice:period_list": Row(STAFF_ONLY),
    "practice:period_create": Row(STAFF_ONLY),
    "practice:period_detail": Row(STAFF_ONLY, kwargs=lambda w: {"pk": w.period_a.pk}),
    "practice:period_edit": Row(STAFF_ONLY, kwargs=lambda w: {"pk": w.period_a.pk}),
    "practice:bulk_place": Row(STAFF_ONLY, kwargs=lambda w: {"pk": w.period_a.pk}),
    "practice:placement_create": Row(STAFF_ONLY, kwargs=lambda w: {"period_pk": w.period_a.pk}),
    "practice:placement_detail": Row(OWN_ORGANISATION, kwargs=lambda w: {"pk": w.placement_a.pk}),
    "practice:placement_edit": Row(STAFF_ONLY, kwargs=lambda w: {"pk": w.placement_a.pk}),
    "practice:placement_transition": Row(STAFF_ACTION, kwargs=lambda w: {"pk": w.placement_a.pk}),
    "practice:employer_placements": Row(EMPLOYER_ONLY),
    # practice: offers (employers post their own, staff publish)
    "practice:offer_list": Row(ANY_USER),
    "practice:offer_create": Row(ANY_USER),
    "practice:offer_detail": Row(OWN_ORGANISATION, kwargs=lambda w: {"pk": w.offer_a.pk}),
    "practice:offer_edit": Row(OWN_ORGANISATION, kwargs=lambda w: {"pk": w.offer_a.pk}),
    "practice:offer_submit": Row(OWN_ORGANISATION_ACTION, kwargs=lambda w: {"pk": w.offer_a.pk}),
    "practice:offer_publish": Row(STAFF_ACTION, kwargs=lambda w: {"pk": w.offer_a.pk}),
    "practice:offer_close": Row(STAFF_ACTION, kwargs=lambda w: {"pk": w.offer_a.pk}),
    # practice: evaluation sheets (the employer supervisor fills; staff read them as PDFs)
    "practice:evaluation_form": Row(expect(LOGIN, 404, 200, 404, 404), kwargs=lambda w: {"pk": w.placement_a.pk}),
    "practice:evaluation_pdf": Row(OWN_ORGANISATION, kwargs=lambda w: {"pk": w.evaluated_placement_a.pk}),
    # practice: theses (the reviewer sees only the theses assigned to them)
    "practice:thesis_list": Row(ANY_USER),
    "practice:thesis_create": Row(STAFF_ONLY),
    "practice:thesis_detail": Row(OWN_ORGANISATION, kwargs=lambda w: {"pk": w.thesis_a.pk}),
    "practice:thesis_edit": Row(STAFF_ONLY, kwargs=lambda w: {"pk": w.thesis_a.pk}),
    "practice:thesis_file": Row(OWN_ORGANISATION, kwargs=lambda w: {"pk": w.thesis_a.pk}),
    "practice:review_form": Row(expect(LOGIN, 404, 200, 404, 404), kwargs=lambda w: {"pk": w.thesis_a.pk}),
    "practice:review_pdf": Row(OWN_ORGANISATION, kwargs=lambda w: {"pk": w.reviewed_thesis_a.pk}),
    # practice: teacher internships (staff)
    "practice:internship_list": Row(STAFF_ONLY),
    "practice:internship_create": Row(STAFF_ONLY),
    "practice:internship_edit": Row(STAFF_ONLY, kwargs=lambda w: {"pk": w.internship.pk}),
    "practice:internship_document": Row(STAFF_ONLY, kwargs=lambda w: {"pk": w.internship.pk}),
    # contracts (an employer sees its organisation's once they left the draft)
    "contracts:list": Row(ANY_USER),
    "contracts:create": Row(STAFF_ONLY),
    "contracts:detail": Row(OWN_ORGANISATION, kwargs=lambda w: {"pk": w.contract_a.pk}),
    "contracts:edit": Row(STAFF_ONLY, kwargs=lambda w: {"pk": w.draft_contract_a.pk}),
    "contracts:amend": Row(STAFF_ONLY, kwargs=lambda w: {"pk": w.contract_a.pk}),
    "contracts:transition": Row(STAFF_ACTION, kwargs=lambda w: {"pk": w.contract_a.pk}),
    "contracts:pdf": Row(OWN_ORGANISATION, kwargs=lambda w: {"pk": w.contract_a.pk}),
    "contracts:pdf_status": Row(OWN_ORGANISATION, kwargs=lambda w: {"pk": w.contract_a.pk}),
    # The world's contract is a tripartite one, which has no act: 404 to everyone. Access to the
    # act of a priced contract (staff, own employer 200; other employer 404) is tested in
    # tests/contracts/test_documents_priced.py.
    "contracts:act": Row(OWN_ORGANISATION, kwargs=lambda w: {"pk": w.priced_contract_a.pk}),
    "contracts:signature_create": Row(STAFF_ONLY, kwargs=lambda w: {"pk": w.contract_a.pk}),
    "contracts:signature_file": Row(OWN_ORGANISATION, kwargs=lambda w: {"pk": w.signature_a.pk}),
    "contracts:batch_create": Row(STAFF_ONLY, kwargs=lambda w: {"period_pk": w.period_a.pk}),
    "contracts:batch_detail": Row(STAFF_ONLY, kwargs=lambda w: {"pk": w.batch.pk}),
    "contracts:batch_progress": Row(STAFF_ONLY, kwargs=lambda w: {"pk": w.batch.pk}),
    "contracts:batch_zip": Row(STAFF_ONLY, kwargs=lambda w: {"pk": w.batch.pk}),
    "contracts:obligation_list": Row(ANY_USER),
    "contracts:obligation_edit": Row(STAFF_ONLY, kwargs=lambda w: {"pk": w.obligation_a.pk}),
    # events: joint events (an employer sees its organisation's, proposes, registers its people)
    "events:event_list": Row(ANY_USER),
    "events:event_create": Row(STAFF_ONLY),
    "events:event_propose": Row(EMPLOYER_ONLY),
    "events:event_detail": Row(OWN_ORGANISATION, kwargs=lambda w: {"pk": w.event_a.pk}),
    "events:event_edit": Row(STAFF_ONLY, kwargs=lambda w: {"pk": w.event_a.pk}),
    "events:event_transition": Row(STAFF_ACTION, kwargs=lambda w: {"pk": w.event_a.pk}),
    "events:event_report": Row(STAFF_ACTION, kwargs=lambda w: {"pk": w.event_a.pk}),
    "events:result_add": Row(STAFF_ACTION, kwargs=lambda w: {"pk": w.event_a.pk}),
    "events:result_delete": Row(STAFF_ACTION, kwargs=lambda w: {"pk": w.event_a.pk}),
    "events:participant_add": Row(OWN_ORGANISATION, kwargs=lambda w: {"pk": w.event_a.pk}),
    "events:participant_remove": Row(OWN_ORGANISATION_ACTION, kwargs=lambda w: {"pk": w.participant_a.pk}),
    "events:event_file_add": Row(STAFF_ACTION, kwargs=lambda w: {"pk": w.event_a.pk}),
    "events:event_file": Row(OWN_ORGANISATION, kwargs=lambda w: {"pk": w.event_file_a.pk}),
    "events:event_file_delete": Row(STAFF_ACTION, kwargs=lambda w: {"pk": w.event_file_a.pk}),
    # events: the calendar; the feed's secret token is the credential (no login)
    "events:calendar": Row(ANY_USER),
    "events:feed_settings": Row(ANY_USER),
    "events:feed_reissue": Row(expect(LOGIN, ALLOWED, ALLOWED, ALLOWED, ALLOWED)),
    "events:feed": Row(same(200), kwargs=lambda w: {"token": w.feed_a.token}),
    # events: contributions (an employer sees its organisation's; programmes and totals are staff pages)
    "events:contribution_list": Row(ANY_USER),
    "events:contribution_create": Row(STAFF_ONLY),
    "events:contribution_detail": Row(OWN_ORGANISATION, kwargs=lambda w: {"pk": w.contribution_a.pk}),
    "events:contribution_edit": Row(STAFF_ONLY, kwargs=lambda w: {"pk": w.contribution_a.pk}),
    "events:contribution_totals": Row(STAFF_ONLY),
    "events:contribution_totals_export": Row(STAFF_ONLY),
    "events:programme_list": Row(STAFF_ONLY),
    "events:programme_create": Row(STAFF_ONLY),
    "events:programme_detail": Row(STAFF_ONLY, kwargs=lambda w: {"pk": w.programme.pk}),
    "events:programme_edit": Row(STAFF_ONLY, kwargs=lambda w: {"pk": w.programme.pk}),
    # events: demonstration-exam experts (staff pages; an exam's experts at /events/<pk>/experts/)
    "events:expert_list": Row(STAFF_ONLY),
    "events:expert_create": Row(STAFF_ONLY),
    "events:expert_edit": Row(STAFF_ONLY, kwargs=lambda w: {"pk": w.expert_a.pk}),
    "events:exam_experts": Row(STAFF_ONLY, kwargs=lambda w: {"pk": w.exam_a.pk}),
    "events:nomination_withdraw": Row(STAFF_ACTION, kwargs=lambda w: {"pk": w.nomination_a.pk}),
    # events: councils (an employer reads the bodies one of its people sits on; meeting_a is
    # closed with its protocol, the forms of an open meeting use other_meeting)
    "events:body_list": Row(ANY_USER),
    "events:body_create": Row(STAFF_ONLY),
    "events:body_detail": Row(OWN_ORGANISATION, kwargs=lambda w: {"pk": w.body_a.pk}),
    "events:body_edit": Row(STAFF_ONLY, kwargs=lambda w: {"pk": w.body_a.pk}),
    "events:body_charter": Row(OWN_ORGANISATION, kwargs=lambda w: {"pk": w.body_a.pk}),
    "events:membership_create": Row(STAFF_ONLY, kwargs=lambda w: {"pk": w.body_a.pk}),
    "events:membership_edit": Row(STAFF_ONLY, kwargs=lambda w: {"pk": w.membership_a.pk}),
    "events:meeting_create": Row(STAFF_ONLY, kwargs=lambda w: {"pk": w.body_a.pk}),
    "events:meeting_list": Row(ANY_USER),
    "events:meeting_detail": Row(OWN_ORGANISATION, kwargs=lambda w: {"pk": w.meeting_a.pk}),
    "events:meeting_edit": Row(STAFF_ONLY, kwargs=lambda w: {"pk": w.other_meeting.pk}),
    "events:attendance_edit": Row(STAFF_ONLY, kwargs=lambda w: {"pk": w.other_meeting.pk}),
    "events:item_create": Row(STAFF_ONLY, kwargs=lambda w: {"pk": w.other_meeting.pk}),
    "events:item_edit": Row(STAFF_ONLY, kwargs=lambda w: {"pk": w.other_item.pk}),
    "events:decision_create": Row(STAFF_ONLY, kwargs=lambda w: {"pk": w.other_meeting.pk}),
    "events:meeting_close": Row(STAFF_ACTION, kwargs=lambda w: {"pk": w.meeting_a.pk}),
    "events:meeting_protocol": Row(OWN_ORGANISATION, kwargs=lambda w: {"pk": w.meeting_a.pk}),
    "events:decision_list": Row(ANY_USER),
    "events:decision_status": Row(STAFF_ACTION, kwargs=lambda w: {"pk": w.decision_a.pk}),
    # admin site (per-model rows are generated in test_urls_by_role.admin_rows)
    "admin:index": Row(expect(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 200)),
    "admin:login": Row(expect(200, 200, 200, 200, 302)),
    "admin:logout": Row(expect(302, 302, 302, 302, 405)),  # POST only; non-admins bounce to the index
    "admin:password_change": Row(expect(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 200)),
    "admin:password_change_done": Row(expect(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 200)),
    "admin:autocomplete": Row(expect(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 403)),
    "admin:jsi18n": Row(expect(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 200)),
    "admin:view_on_site": Row(
        expect(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 404),  # partners have no public page
        kwargs=lambda w: {"content_type_id": w.partner_content_type_id, "object_id": w.partner_a.pk},
    ),
    "admin:app_list": Row(
        expect(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 200), kwargs=lambda w: {"app_label": "partners"}
    ),
    "admin:auth_user_password_change": Row(
        expect(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 200), kwargs=lambda w: {"id": w.staff.pk}
    ),
    "admin/(?P<url>.*)$": Row(
        expect(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 404), path="/admin/no-such-page/"
    ),
}

# Admin actions a ModelAdmin forbids even to the administrator (read-only logs).
ADMIN_FORBIDDEN = {
    ("axes", "accessattempt", "add"): 403,
    ("axes", "accesslog", "add"): 403,
    ("axes", "accessfailurelog", "add"): 403,
    ("partners", "college", "add"): 403,  # one college row, edited not added
    ("practice", "studentdataaccess", "add"): 403,  # the access log is written by the portal only
    ("contracts", "numbercounter", "add"): 403,  # counters are kept by the portal
    ("contracts", "contract", "delete"): 403,  # a numbered contract is terminated, never deleted
}

# monitoring: a module per subject in tests/monitoring/urls_<subject>.py, which imports the names above
from tests.monitoring.url_rows import ROWS as MONITORING_ROWS  # noqa: E402

TABLE.update(MONITORING_ROWS)
