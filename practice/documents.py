"""Printed documents of the practice app: the evaluation sheet and the thesis review.

Freeze, then render: when a sheet or review is submitted, everything it prints is copied into
its ``snapshot`` (names, organisation, dates, texts, grade); the PDF is rendered only from the
snapshot, so re-rendering later gives the same document even if a name or an address changed.
"""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import override

from partners.models import College
from partners.permissions import employer_contact
from partnership_portal.files import replace_file
from partnership_portal.pdf import render_pdf
from partnership_portal.russian import agree, detect_gender, initials

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
    """A signatory: full name, position and the «И. О. Фамилия» of the signature line."""
    if contact_or_teacher is None:
        return {"name": "", "position": "", "initials": ""}
    person = contact_or_teacher
    return {
        "name": person.full_name,
        "position": person.position,
        "initials": initials(person.last_name, person.first_name, person.middle_name),
    }


def _student_words(student):
    """The words that agree with the student's gender, as the documents print them."""
    gender = detect_gender(student.first_name, student.middle_name, student.gender)
    return {
        "student_label": agree(gender, "Обучающийся", "Обучающаяся"),
        "student_by": agree(gender, "обучающимся", "обучающейся"),
        "acquainted": agree(gender, "ознакомлен", "ознакомлена"),
    }


def _count(number, one, few, many):
    """«1 лист», «3 листа», «12 листов»."""
    rest = number % 100
    word = many if 11 <= rest <= 14 else {1: one, 2: few, 3: few, 4: few}.get(number % 10, many)
    return f"{number} {word}"


def _volume(review):
    """«пояснительная записка — 62 страницы, графическая часть — 4 листа», or "" if not stated."""
    if review.note_pages is None:
        return ""
    note = f"пояснительная записка — {_count(review.note_pages, 'страница', 'страницы', 'страниц')}"
    if not review.drawing_sheets:
        return f"{note}, графическая часть не предусмотрена"
    return f"{note}, графическая часть — {_count(review.drawing_sheets, 'лист', 'листа', 'листов')}"


def _marks(items):
    return [{"name": item["name"], "mastered": bool(item["mastered"])} for item in items]


def _specialty(specialty):
    return f"{specialty.code} {specialty.name}"


def evaluation_snapshot(evaluation):
    """What the evaluation sheet prints, frozen (a JSON-ready dict)."""
    placement = evaluation.placement
    period, student, partner = placement.period, placement.student, placement.partner
    # The sheet is signed by the placement's supervisor; if none was named, by the supervisor
    # of that organisation who filled it in.
    supervisor = placement.employer_supervisor or (
        employer_contact(evaluation.submitted_by) if evaluation.submitted_by else None
    )
    with override("ru"):
        return {
            "college": College.current().name,
            "student": student.full_name,
            **_student_words(student),
            "group": student.group.name,
            "course": student.group.course_on(placement.start_date),
            "specialty": _specialty(student.group.specialty),
            "practice_kind": str(period.get_kind_display()),
            "module": period.module,
            "hours": period.hours,
            "organisation": partner.name,
            "organisation_address": partner.actual_address or partner.legal_address,
            "start": _day(placement.start_date),
            "end": _day(placement.end_date),
            "competences": _marks(evaluation.competences),
            "general_competences": _marks(evaluation.general_competences),
            "work_done": evaluation.work_done,
            "quality": evaluation.quality,
            "grade": evaluation.grade,
            "grade_words": GRADE_WORDS.get(evaluation.grade, ""),
            "comment": evaluation.comment,
            "employer_supervisor": _person(supervisor),
            "college_supervisor": _person(placement.college_supervisor),
            "date": _day(timezone.localdate(evaluation.submitted_at) if evaluation.submitted_at else None),
            "date_words": _day_in_words(timezone.localdate(evaluation.submitted_at)) if evaluation.submitted_at else "",
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
            **_student_words(student),
            "group": student.group.name,
            "specialty": _specialty(student.group.specialty),
            "topic": thesis.topic,
            "volume": _volume(review),
            "ordered_by": thesis.ordered_by.name if thesis.ordered_by else "",
            "supervisor": thesis.supervisor.full_name if thesis.supervisor else "",
            "reviewer": {
                "name": reviewer.full_name,
                "position": reviewer.position,
                "organisation": reviewer.partner.name,
                "initials": initials(reviewer.last_name, reviewer.first_name, reviewer.middle_name),
                "qualification": review.reviewer_qualification,
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
