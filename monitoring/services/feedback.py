"""Writes of employers' feedback on the programmes: requirements and the college's decisions,
the rated competences of each specialty, and employers' ratings of students' competences."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnership_portal.validators import clean_name

from ..models import Competence, CompetenceRating, Requirement, RequirementKind, RequirementStatus
from ..permissions.feedback import RATABLE_PLACEMENT_STATES

# A programme year is this year's or one of the next few: a decision is about a curriculum being
# revised now, not about the past or a far future.
PROGRAMME_YEARS_BACK, PROGRAMME_YEARS_AHEAD = 1, 5
EDITABLE_FIELDS = ("specialty", "kind", "text", "justification")


def programme_years(today=None):
    today = today or timezone.localdate()
    return range(today.year - PROGRAMME_YEARS_BACK, today.year + PROGRAMME_YEARS_AHEAD + 1)


def _clean_requirement(requirement):
    requirement.text = (requirement.text or "").strip()
    requirement.justification = (requirement.justification or "").strip()
    requirement.decision_note = (requirement.decision_note or "").strip()
    if requirement.kind not in RequirementKind.values:
        raise ValidationError({"kind": _("Choose what the requirement is about.")})
    requirement.full_clean()


@transaction.atomic
def requirement_submit(*, partner, specialty, kind, text, justification, submitted_by):
    """An employer's requirement for a specialty's training content, pending the college's decision."""
    requirement = Requirement(
        partner=partner,
        specialty=specialty,
        kind=kind,
        text=text,
        justification=justification,
        submitted_by=submitted_by,
    )
    _clean_requirement(requirement)
    requirement.save()
    return requirement


@transaction.atomic
def requirement_update(*, requirement, **fields):
    """The employer corrects its requirement; refused once the college has decided on it."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    locked = Requirement.objects.select_for_update().get(pk=requirement.pk)
    if locked.status != RequirementStatus.PENDING:
        raise ValidationError(_("The college has decided on this requirement: it can no longer be changed."))
    for name, value in fields.items():
        setattr(locked, name, value)
    _clean_requirement(locked)
    locked.save()
    return locked


@transaction.atomic
def requirement_decide(*, requirement, status, note, by, programme_year=None, today=None):
    """Takes the requirement into the programme of ``programme_year`` (``note``: what changes) or
    declines it (``note``: the reason, required). A decision may be revised. After commit, the
    partner is told by e-mail (task ``monitoring.feedback.notify_requirement_decision``)."""
    from ..tasks.feedback import notify_requirement_decision

    note = (note or "").strip()
    errors = {}
    if status == RequirementStatus.TAKEN:
        if programme_year is None:
            errors["programme_year"] = _("Say which year's programme takes it in.")
        elif programme_year not in programme_years(today):
            years = programme_years(today)
            errors["programme_year"] = _("Choose a year from %(first)s to %(last)s.") % {
                "first": years[0],
                "last": years[-1],
            }
        if not note:
            errors["note"] = _("Say what changes in the programme.")
    elif status == RequirementStatus.DECLINED:
        programme_year = None
        if not note:
            errors["note"] = _("Say why the requirement is declined: the partner will read it.")
    else:
        errors["status"] = _("Choose a decision: taken into the programme or declined.")
    if errors:
        raise ValidationError(errors)
    locked = Requirement.objects.select_for_update().get(pk=requirement.pk)
    locked.status = status
    locked.programme_year = programme_year
    locked.decision_note = note
    locked.decided_by = by
    locked.decided_at = timezone.now()
    _clean_requirement(locked)
    locked.save()
    notify_requirement_decision.delay(requirement_id=locked.pk)
    return locked


def requirement_recipients(requirement):
    """Who hears of a decision: the employer who submitted it, while their account is active; else
    every active employer account of the organisation."""
    from partnership_portal.accounts.models import Role, User

    submitter = requirement.submitted_by
    if (
        submitter is not None
        and submitter.is_active
        and submitter.email
        and submitter.role == Role.EMPLOYER
        and submitter.partner_id == requirement.partner_id
    ):
        return [submitter.email]
    return list(
        User.objects.filter(partner_id=requirement.partner_id, role=Role.EMPLOYER, is_active=True)
        .exclude(email="")
        .order_by("pk")
        .values_list("email", flat=True)
    )


def requirement_notify(*, requirement_id):
    """Sends the latest decision on the requirement to the partner, once: nothing if it is pending,
    already notified of this decision, or gone. Returns True if a letter went out."""
    from django.urls import reverse

    from partnership_portal.emails import absolute_url, send_templated_email

    with transaction.atomic():
        requirement = (
            Requirement.objects.select_for_update(of=("self",))
            .select_related("partner", "specialty", "submitted_by")
            .filter(pk=requirement_id)
            .first()
        )
        if requirement is None or requirement.status == RequirementStatus.PENDING or requirement.decided_at is None:
            return False
        if requirement.notified_at is not None and requirement.notified_at >= requirement.decided_at:
            return False
        recipients = requirement_recipients(requirement)
        if not recipients:
            return False
        send_templated_email(
            to=recipients,
            template="monitoring/feedback/emails/requirement_decided",
            context={
                "requirement": requirement,
                "taken": requirement.status == RequirementStatus.TAKEN,
                "link": absolute_url(reverse("monitoring:requirement_detail", args=[requirement.pk])),
            },
        )
        Requirement.objects.filter(pk=requirement.pk).update(notified_at=timezone.now())
    return True


# --- Competences ------------------------------------------------------------------------------


def _clean_competence(competence):
    competence.name = clean_name(competence.name or "")
    competence.full_clean()


@transaction.atomic
def competence_create(*, specialty, name, is_active=True):
    """Adds a competence employers rate for the specialty."""
    competence = Competence(specialty=specialty, name=name, is_active=is_active)
    _clean_competence(competence)
    competence.save()
    return competence


@transaction.atomic
def competence_update(*, competence, **fields):
    """Renames or retires a competence. A rated competence keeps its specialty: moving it would
    carry its ratings to another specialty's averages."""
    unknown = set(fields) - {"specialty", "name", "is_active"}
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    specialty = fields.get("specialty")
    if (
        specialty is not None
        and specialty.pk != competence.specialty_id
        and CompetenceRating.objects.filter(competence_id=competence.pk).exists()
    ):
        raise ValidationError({"specialty": _("Employers have rated this competence: its specialty stays.")})
    for name, value in fields.items():
        setattr(competence, name, value)
    _clean_competence(competence)
    competence.save()
    return competence


# --- Ratings ----------------------------------------------------------------------------------


@transaction.atomic
def ratings_save(*, placement, scores, rated_by):
    """Saves an employer's ratings of a placed student: ``scores`` maps each competence to
    ``(score, comment)``, a score of None removing that competence's rating. Only the active
    competences of the student's specialty may be rated, once the practice has begun.
    Returns the number of competences rated after the save."""
    from practice.models import Placement

    placement = Placement.objects.select_for_update().select_related("student__group").get(pk=placement.pk)
    if placement.state not in RATABLE_PLACEMENT_STATES:
        raise ValidationError(_("A student is rated once the practice has begun."))
    specialty_id = placement.student.group.specialty_id
    allowed = set(Competence.objects.filter(specialty_id=specialty_id, is_active=True).values_list("pk", flat=True))
    existing = {rating.competence_id: rating for rating in CompetenceRating.objects.filter(placement=placement)}
    for competence, (score, comment) in scores.items():
        if competence.pk not in allowed:
            raise ValidationError(_("«%(name)s» is not rated for this specialty.") % {"name": competence.name})
        comment = (comment or "").strip()
        rating = existing.get(competence.pk)
        if score is None:
            if comment:
                raise ValidationError(
                    {f"comment_{competence.pk}": _("Give a rating from 1 to 5 with the comment, or clear the comment.")}
                )
            if rating is not None:
                rating.delete()
            continue
        if rating is None:
            rating = CompetenceRating(placement=placement, competence=competence)
        rating.score, rating.comment, rating.rated_by = score, comment, rated_by
        rating.full_clean()
        rating.save()
    return CompetenceRating.objects.filter(placement=placement).count()
