"""The college's reference data: study groups with their students, the student card, teachers.

Staff read everything; practice coordinators add students. An employer opens the card of a
student placed with their organisation (or whose thesis they review) and sees only what the
placement needs; every such view is logged.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from partnership_portal.accounts.decorators import login_required, staff_required
from partnership_portal.accounts.permissions import is_college_staff
from partnership_portal.web import add_service_errors, paginate

from .. import selectors
from ..forms_reference import GroupFilterForm, StudentForm, TeacherFilterForm
from ..permissions import can_manage_practice
from ..services import reference
from ..services.audit import Action, log_student_access


@staff_required
def group_list(request):
    form = GroupFilterForm(request.GET)
    filters = form.filters()
    groups = selectors.groups_visible_to(request.user)
    for word in filters["query"].split():
        groups = groups.filter(name__icontains=word)
    if filters["specialty"]:
        groups = groups.filter(specialty=filters["specialty"])
    if filters["graduation_year"]:
        groups = groups.filter(graduation_year=filters["graduation_year"])
    return render(
        request,
        "practice/group_list.html",
        {
            "form": form,
            "page_obj": paginate(request, groups.order_by("name")),
            "filtered": any(value for key, value in request.GET.items() if key != "page"),
            "can_manage": can_manage_practice(request.user),
        },
    )


@staff_required
def group_detail(request, pk):
    group = selectors.get_group_for(request.user, pk)
    can_manage = can_manage_practice(request.user)
    form = StudentForm(request.POST or None) if can_manage else None
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                student = reference.student_create(group=group, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("%(name)s added to the group.") % {"name": student.full_name})
                return redirect("practice:group_detail", pk=group.pk)
    return render(
        request,
        "practice/group_detail.html",
        {
            "group": group,
            "students": selectors.students_visible_to(request.user).filter(group=group),
            "periods": selectors.periods_visible_to(request.user).filter(group=group),
            "form": form,
            "can_manage": can_manage,
        },
    )


@login_required
def student_detail(request, pk):
    student = selectors.get_student_for(request.user, pk)
    placements = selectors.placements_visible_to(request.user).filter(student=student).order_by("-start_date")
    theses = selectors.theses_visible_to(request.user).filter(student=student)
    staff = is_college_staff(request.user)
    if not staff:
        log_student_access(
            user=request.user,
            students=[student],
            action=Action.VIEW,
            detail=_("Student card: %(name)s") % {"name": student},
        )
    return render(
        request,
        "practice/student_detail.html",
        {"student": student, "placements": placements, "theses": theses, "show_personal_data": staff},
    )


@staff_required
def teacher_list(request):
    form = TeacherFilterForm(request.GET)
    filters = form.filters()
    overdue = selectors.teachers_without_recent_internship(request.user)
    teachers = selectors.teachers_visible_to(request.user).filter(is_active=True)
    for word in filters["query"].split():
        teachers = teachers.filter(
            Q(last_name__icontains=word) | Q(first_name__icontains=word) | Q(middle_name__icontains=word)
        )
    if filters["overdue"]:
        teachers = teachers.filter(pk__in=overdue.values("pk"))
    teachers = teachers.annotate(last_internship=Max("internships__end_date")).order_by("last_name", "first_name")
    page_obj = paginate(request, teachers)
    overdue_ids = set(overdue.filter(pk__in=[teacher.pk for teacher in page_obj]).values_list("pk", flat=True))
    return render(
        request,
        "practice/teacher_list.html",
        {
            "form": form,
            "page_obj": page_obj,
            "overdue_ids": overdue_ids,
            "overdue_count": overdue.count(),
            "filtered": any(value for key, value in request.GET.items() if key != "page"),
        },
    )
