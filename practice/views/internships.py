"""Teacher internships at enterprises: the list with the 3-year compliance block, the form,
and the result document (streamed through a permission-checked view only)."""

import os

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from partners.models import Partner
from partners.selectors import partner_search
from partnership_portal.accounts.decorators import staff_required, staff_with
from partnership_portal.idempotency import submit_once
from partnership_portal.queries import first_with_total
from partnership_portal.web import add_service_errors, paginate

from .. import selectors
from ..forms_reference import InternshipFilterForm, InternshipForm
from ..permissions import can_manage_internships
from ..services import internships as services

# The teachers with no recent internship listed above the list; the count says how many in all.
COMPLIANCE_LIST_SIZE = 10


@staff_required
def internship_list(request):
    form = InternshipFilterForm(request.GET)
    filters = form.filters()
    internships = selectors.internships_visible_to(request.user)
    if filters["teacher"]:
        internships = internships.filter(teacher=filters["teacher"])
    if filters["partner_query"].strip():
        internships = internships.filter(
            partner__in=partner_search(Partner.objects.all(), filters["partner_query"]).values("pk")
        )
    if filters["year"]:
        internships = internships.filter(start_date__year=filters["year"])
    # The first few, with how many there are: a region's college has hundreds of teachers.
    without_internship, without_count = first_with_total(
        selectors.teachers_without_recent_internship(request.user), COMPLIANCE_LIST_SIZE
    )
    return render(
        request,
        "practice/internship_list.html",
        {
            "form": form,
            "page_obj": paginate(request, internships.order_by("-start_date", "teacher__last_name")),
            "filtered": any(value for key, value in request.GET.items() if key != "page"),
            "without_internship": without_internship,
            "without_internship_count": without_count,
            "can_manage": can_manage_internships(request.user),
        },
    )


@staff_with(can_manage_internships)
@submit_once
def internship_create(request):
    form = InternshipForm(request.POST or None, request.FILES or None, initial=_initial(request))
    if request.method == "POST" and form.is_valid():
        try:
            internship = services.internship_create(**form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Internship of %(teacher)s recorded.") % {"teacher": internship.teacher})
            return redirect("practice:internship_list")
    return render(request, "practice/internship_form.html", {"form": form})


def _initial(request):
    """A link from the compliance block pre-selects the teacher."""
    teacher = request.GET.get("teacher")
    return {"teacher": teacher} if teacher and teacher.isdigit() else {}


@staff_with(can_manage_internships)
def internship_edit(request, pk):
    internship = selectors.get_internship_for(request.user, pk)
    has_document = bool(internship.result_document)
    form = InternshipForm(request.POST or None, request.FILES or None, instance=internship)
    if request.method == "POST" and form.is_valid():
        try:
            services.internship_update(internship=internship, **form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("practice:internship_list")
    return render(
        request,
        "practice/internship_form.html",
        {"form": form, "internship": internship, "has_document": has_document},
    )


@staff_required
def internship_document(request, pk):
    internship = selectors.get_internship_for(request.user, pk)
    if not internship.result_document:
        raise Http404
    try:
        document = internship.result_document.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    extension = os.path.splitext(internship.result_document.name)[1] or ".pdf"
    filename = f"{_('internship')}-{internship.teacher.last_name}-{internship.start_date:%Y-%m-%d}{extension}"
    return FileResponse(document, as_attachment=True, filename=filename)
