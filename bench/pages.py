"""What the bench measures: every list page with its bare view and admin changelist, and the
single pages (dashboards, the partner card) with their targets.

A list row names the portal URL, who asks, the columns its table shows (dotted attribute paths on
the rows, for the bare view's plain table), a search, and the admin changelist of the same model.
"""

from dataclasses import dataclass, field

# Demo logins (seed_demo) by role; the superuser for the admin is made by the bench itself.
USERS = {
    "staff": "manager@college.example",
    "employer": "employer@partner.example",
    "teacher": "teacher@college.example",
}
SUPERUSER = "bench-admin@bench.example"


@dataclass(frozen=True)
class ListPage:
    key: str
    title: str
    url: str
    role: str
    model: str  # app_label.ModelName of the rows: the admin changelist compared with
    columns: tuple
    search: str = ""  # query string of the page's search ("q=урал"), "" for none
    admin_search: str = ""  # the admin's search for the same rows ("q=урал")
    admin: bool = True


@dataclass(frozen=True)
class SinglePage:
    key: str
    title: str
    url: str  # may hold {partner} for the partner card's primary key
    role: str
    admin_url: str = ""  # the admin page of the same object, if any
    extra: dict = field(default_factory=dict)


LISTS = [
    ListPage(
        "partners", "partner list", "/partners/", "staff", "partners.Partner",
        ("display_name", "name", "get_type_display", "get_status_display", "inn", "specialties", "contact_count",
         "last_activity_on"),
        search="q=урал", admin_search="q=урал",
    ),
    ListPage(
        "contracts", "contract list", "/contracts/", "staff", "contracts.Contract",
        ("number", "signed_on", "get_type_display", "parent.number", "partner.display_name", "student.full_name",
         "student.group.name", "start_date", "end_date", "get_state_display", "signature_count", "snapshot_hash"),
        search="q=иванов", admin_search="q=иванов",
    ),
    ListPage(
        "theses", "thesis list", "/practice/theses/", "staff", "practice.Thesis",
        ("student.full_name", "student.group.name", "topic", "ordered_by.name", "supervisor.full_name", "defence_date",
         "reviewer.full_name", "reviewer.partner.display_name", "review_due"),
        search="q=иванов", admin_search="q=иванов",
    ),
    ListPage(
        "periods", "practice period list", "/practice/periods/", "staff", "practice.PracticePeriod",
        ("get_kind_display", "module", "group.name", "group.specialty.name", "group.specialty.code", "start_date",
         "end_date", "hours", "college_supervisor.full_name", "evaluated_count", "placement_count"),
        search="kind=work", admin_search="kind__exact=work",
    ),
    ListPage(
        "placements", "employer's placements", "/practice/my-students/", "employer", "practice.Placement",
        ("student.full_name", "student.group.name", "student.group.specialty.code", "period.get_kind_display",
         "start_date", "end_date", "employer_supervisor.full_name", "get_state_display"),
    ),
    ListPage(
        "offers", "offer list", "/practice/offers/", "staff", "practice.Offer",
        ("title", "location", "partner.display_name", "specialty.name", "specialty.code", "start_date", "end_date",
         "taken", "places", "get_status_display"),
        search="q=урал", admin_search="q=урал",
    ),
    ListPage(
        "internships", "teacher internship list", "/practice/internships/", "staff", "practice.TeacherInternship",
        ("teacher.full_name", "partner.display_name", "start_date", "end_date", "hours", "topic"),
        search="partner=урал", admin_search="q=урал",
    ),
    ListPage(
        "events", "event list", "/events/", "staff", "events.Event",
        ("title", "get_type_display", "starts_at", "ends_at", "site_partner.display_name", "get_place_display",
         "partners", "participant_count", "visitors", "get_status_display"),
        search="q=экскурсия", admin_search="q=экскурсия",
    ),
    ListPage(
        "demand", "demand declarations", "/monitoring/demand/", "staff", "monitoring.DemandDeclaration",
        ("year", "specialty.code", "specialty.name", "partner.display_name", "employer_name", "source_label", "people",
         "comment"),
        search="q=урал", admin_search="q=урал",
    ),
    ListPage(
        "requirements", "employers' requirements", "/monitoring/feedback/requirements/", "staff",
        "monitoring.Requirement",
        ("created_at", "partner.display_name", "specialty.name", "specialty.code", "text", "get_kind_display",
         "get_status_display"),
        search="q=урал", admin_search="q=урал",
    ),
    ListPage(
        "ratings", "employer's students to rate", "/monitoring/feedback/ratings/", "employer", "practice.Placement",
        ("student.full_name", "student.group.name", "student.group.specialty.name", "student.group.specialty.code",
         "period.get_kind_display", "start_date", "end_date", "rating_count", "rating_average"),
        admin=False,
    ),
    ListPage(
        "graduates", "employment: groups of graduates", "/monitoring/employment/", "staff", "practice.StudyGroup",
        ("name", "specialty", "graduation_year", "graduate_count"),
    ),
]  # fmt: skip

SINGLES = [
    SinglePage("staff_dashboard", "staff dashboard", "/", "staff"),
    SinglePage("employer_dashboard", "employer dashboard", "/", "employer"),
    SinglePage("teacher_dashboard", "teacher dashboard", "/", "teacher"),
    SinglePage(
        "partner_card",
        "partner card",
        "/partners/{partner}/",
        "staff",
        admin_url="/admin/partners/partner/{partner}/change/",
    ),
    SinglePage("indicator_dashboard", "indicator dashboard (monitoring)", "/monitoring/", "staff"),
] + [
    # The card's sections come by their own requests (measured as pages of their own, which is
    # more than the htmx fragment the card asks for).
    SinglePage(f"card_{key}", f"partner card: {key}", f"/partners/{{partner}}/sections/{key}/", "staff")
    for key in ("practice", "contracts", "events", "councils", "contributions", "demand")
]

LIST_KEYS = [page.key for page in LISTS]
