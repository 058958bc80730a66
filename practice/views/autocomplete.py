"""Autocomplete endpoints of the practice app (``partnership_portal.widgets``): at most 20
matches as JSON, for staff only (anyone else: 404, like every staff page)."""

from django.db.models import Q
from django.views.decorators.http import require_GET

from partnership_portal.accounts.decorators import staff_required
from partnership_portal.widgets import autocomplete_query, autocomplete_response

from .. import selectors
from ..forms_theses import student_label
from ..models import Teacher


@staff_required
@require_GET
def group_autocomplete(request):
    """Study groups whose name contains every typed word."""
    groups = selectors.group_choices(request.user, autocomplete_query(request))
    return autocomplete_response(groups, label=str)


@staff_required
@require_GET
def student_autocomplete(request):
    """Students (not expelled) whose name contains every typed word, labelled with their group."""
    students = selectors.student_choices(request.user, autocomplete_query(request))
    return autocomplete_response(students, label=student_label)


@staff_required
@require_GET
def teacher_autocomplete(request):
    """Active teachers whose name contains every typed word, by name."""
    query = autocomplete_query(request)
    teachers = Teacher.objects.filter(is_active=True) if query else Teacher.objects.none()
    for word in query.split():
        teachers = teachers.filter(
            Q(last_name__icontains=word) | Q(first_name__icontains=word) | Q(middle_name__icontains=word)
        )
    return autocomplete_response(teachers.order_by("last_name", "first_name", "pk"), label=str)
