"""Printed documents of the practice app: the evaluation sheet and the thesis review.

Freeze, then render: when a sheet or review is submitted, everything it prints is copied into
its ``snapshot`` (names, organisation, dates, texts, grade); the PDF is rendered only from the
snapshot, so re-rendering later gives the same document even if a name or an address changed.
"""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import override

from partners.models import College
from partnership_portal.files import replace_file
from partnership_portal.pdf import render_pdf

from .models import Review

GRADE_WORDS = {
    5: "отлично",
    4: "хорошо",
    3: "удовлетворительно",
    2: "неудовлетворительно",
}


def _day(value):
    return value.strftime("%d.%m.%Y") if value else ""


def _day_in_words(value):
    """«26» ноября 2026 г., as Russian documents date a signature."""
    return f"«{value.day}» {date_format(value, 'E')} {value.year} г."


def _person(contact_or_teacher):
    if contact_or_teacher is None:
        return {"name": "", "position": ""}
    return {"name": contact_or_teacher.full_name, "position": contact_or_teacher.position}


def _specialty(specialty):
    return f"{specialty.code} {specialty.name}"


def evaluation_snapshot(evaluation):
    """What the evaluation sheet prints, frozen (a JSON-ready dict)."""
    placement = evaluation.placement
    period, student, partner = placement.period, placement.student, placement.partner
    with override("ru"):
        return {
            "college": College.current().name,
            "student": student.full_name,
            "group": student.group.name,
            "specialty": _specialty(student.group.specialty),
            "practice_kind": str(period.get_kind_display()),
            "module": period.module,
            "hours": period.hours,
            "organisation": partner.name,
            "organisation_address": partner.actual_address or partner.legal_address,
            "start": _day(placement.start_date),
            "end": _day(placement.end_date),
            "competences": [
                {"name": item["name"], "mastered": bool(item["mastered"])} for item in evaluation.competences
            ],
            "work_done": evaluation.work_done,
            "quality": evaluation.quality,
            "grade": evaluation.grade,
            "grade_words": GRADE_WORDS.get(evaluation.grade, ""),
            "comment": evaluation.comment,
            "employer_supervisor": _person(placement.employer_supervisor),
            "college_supervisor": _person(placement.college_supervisor),
            "date": _day(timezone.localdate(evaluation.submitted_at) if evaluation.submitted_at else None),
        }


def review_snapshot(review):
    """What the review prints, frozen (a JSON-ready dict)."""
    thesis = review.thesis
    student, reviewer = thesis.student, review.reviewer
    with override("ru"):
        sections = [
            {"title": str(Review._meta.get_field(name).verbose_name).capitalize(), "text": getattr(review, name)}
            for name in Review.SECTIONS
        ]
        return {
            "college": College.current().name,
            "student": student.full_name,
            "group": student.group.name,
            "specialty": _specialty(student.group.specialty),
            "topic": thesis.topic,
            "ordered_by": thesis.ordered_by.name if thesis.ordered_by else "",
            "supervisor": thesis.supervisor.full_name if thesis.supervisor else "",
            "reviewer": {
                "name": reviewer.full_name,
                "position": reviewer.position,
                "organisation": reviewer.partner.name,
            },
            "sections": sections,
            "grade": review.grade,
            "grade_words": GRADE_WORDS.get(review.grade, ""),
            "recommended": review.recommended_for_production,
            "date": _day(timezone.localdate(review.submitted_at) if review.submitted_at else None),
            "date_words": _day_in_words(timezone.localdate(review.submitted_at)) if review.submitted_at else "",
        }


def render_evaluation_pdf(evaluation):
    """Renders the sheet from its snapshot into ``evaluation.pdf`` (replacing the old file)."""
    data = render_pdf("pdf/practice/evaluation.html", {"doc": evaluation.snapshot})
    replace_file(evaluation, "pdf", f"evaluation-{evaluation.pk}.pdf", data, save_fields=["updated_at"])
    return data


def render_review_pdf(review):
    """Renders the review from its snapshot into ``review.pdf`` (replacing the old file)."""
    data = render_pdf("pdf/practice/review.html", {"doc": review.snapshot})
    replace_file(review, "pdf", f"review-{review.pk}.pdf", data, save_fields=["updated_at"])
    return data


def ensure_evaluation_pdf(evaluation):
    """The sheet's PDF, rendered now if the task has not done it yet (False if it cannot be)."""
    if evaluation.pdf:
        return True
    if evaluation.status != "submitted" or not evaluation.snapshot:
        return False
    render_evaluation_pdf(evaluation)
    return True


def ensure_review_pdf(review):
    """The review's PDF, rendered now if the task has not done it yet (False if it cannot be)."""
    if review.pdf:
        return True
    if review.status != "submitted" or not review.snapshot:
        return False
    render_review_pdf(review)
    return True
