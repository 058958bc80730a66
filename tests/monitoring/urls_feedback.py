"""URL-by-role rows and world objects of monitoring: feedback (employers' requirements for the
programmes, the competences they rate, the per-specialty summaries)."""

from monitoring.models import Competence, CompetenceRating, Requirement, RequirementKind
from tests.url_table import ANY_USER, EMPLOYER_ONLY, LOGIN, OWN_ORGANISATION, STAFF_ACTION, STAFF_ONLY, Row, expect

# The employer's own pages on organisation A's objects: staff and admin have no business there.
OWN_ORGANISATION_EMPLOYER = expect(LOGIN, 404, 200, 404, 404)

ROWS = {
    "monitoring:requirement_list": Row(ANY_USER),
    "monitoring:requirement_create": Row(EMPLOYER_ONLY),
    "monitoring:requirement_detail": Row(OWN_ORGANISATION, kwargs=lambda w: {"pk": w.requirement_a.pk}),
    "monitoring:requirement_edit": Row(OWN_ORGANISATION_EMPLOYER, kwargs=lambda w: {"pk": w.requirement_a.pk}),
    "monitoring:requirement_decide": Row(STAFF_ACTION, kwargs=lambda w: {"pk": w.requirement_a.pk}),
    "monitoring:competence_list": Row(STAFF_ONLY),
    "monitoring:competence_create": Row(STAFF_ONLY),
    "monitoring:competence_edit": Row(STAFF_ONLY, kwargs=lambda w: {"pk": w.competence_a.pk}),
    "monitoring:rating_list": Row(EMPLOYER_ONLY),
    "monitoring:rating_form": Row(OWN_ORGANISATION_EMPLOYER, kwargs=lambda w: {"pk": w.placement_a.pk}),
    "monitoring:feedback_specialty_list": Row(STAFF_ONLY),
    "monitoring:feedback_specialty_detail": Row(STAFF_ONLY, kwargs=lambda w: {"pk": w.group_a.specialty_id}),
}


def world(base):
    """A pending requirement of organisation A, a rated competence of group A's specialty and
    A's rating of the student placed with it."""
    specialty = base.group_a.specialty
    requirement = Requirement.objects.create(
        partner=base.partner_a,
        specialty=specialty,
        kind=RequirementKind.SOFTWARE,
        text="Работа в САПР «Компас-3D»",
        justification="Конструкторское бюро завода работает в «Компас-3D».",
        submitted_by=base.employer_a,
    )
    competence = Competence.objects.create(specialty=specialty, name="Чтение чертежей")
    rating = CompetenceRating.objects.create(
        placement=base.placement_a, competence=competence, score=4, comment="Уверенно", rated_by=base.employer_a
    )
    return {
        "requirement_a": requirement,
        "competence_a": competence,
        "admin_objects": [competence, requirement, rating],
    }
