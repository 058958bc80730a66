"""Theses and their reviews.

Staff keep the register of theses with the review state of each, assign reviewers and upload
the files. An employer reviewer sees only the theses assigned to them (everything else is 404),
downloads the file through a checked view, writes the review as a draft and submits it.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, IntegerField, Q, Value, When
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from partnership_portal.accounts.decorators import employer_required, login_required, staff_with
from partnership_portal.accounts.permissions import is_college_staff, is_employer
from partnership_portal.idempotency import submit_once
from partnership_portal.pagination import paginate_lean
from partnership_portal.web import add_service_errors, paginate

from .. import documents, selectors
from ..forms_theses import REVIEW_STATES, ReviewForm, ThesisFilterForm, ThesisForm
from ..models import DocumentStatus, Review
from ..permissions import can_manage_theses, can_write_review, is_assigned_reviewer
from ..services import theses as services
from ..services.audit import Action, log_student_access
from ..services.reviews import review_save

STATE_LABELS = dict(REVIEW_STATES)


def _review_of(thesis):
    """The thesis's review or None (the selectors fetch it with the thesis: no extra query)."""
    try:
        return thesis.review
    except Review.DoesNotExist:
        return None


def review_state(thesis, today):
    """One of the keys of ``REVIEW_STATES``."""
    review = _review_of(thesis)
    if review is not None and review.status == DocumentStatus.SUBMITTED:
        return "submitted"
    if not thesis.reviewer_id:
        return "none"
    if thesis.review_due and thesis.review_due < today:
        return "overdue"
    return "draft" if review is not None else "assigned"


def _with_states(theses, today):
    for thesis in theses:
        thesis.review_state = review_state(thesis, today)
        thesis.review_state_label = STATE_LABELS[thesis.review_state]
        thesis.review_or_none = _review_of(thesis)
    return theses


def _filtered(theses, *, q, group, state, today, supervisor=None):
    theses = selectors.thesis_search(theses, q)
    if group is not None:
        theses = theses.filter(student__group=group)
    if supervisor is not None:
        theses = theses.filter(supervisor=supervisor)
    not_late = Q(review_due__isnull=True) | Q(review_due__gte=today)
    submitted = Q(review__status=DocumentStatus.SUBMITTED)
    if state == "none":
        theses = theses.filter(reviewer__isnull=True)
    elif state == "assigned":
        theses = theses.filter(not_late, reviewer__isnull=False, review__isnull=True)
    elif state == "draft":
        theses = theses.filter(not_late, reviewer__isnull=False, review__status=DocumentStatus.DRAFT)
    elif state == "overdue":
        theses = theses.filter(reviewer__isnull=False, review_due__lt=today).exclude(submitted)
    elif state == "submitted":
        theses = theses.filter(submitted)
    return theses


def _log_view(user, theses, detail):
    """Employers are shown students' names: that access is logged (152-ФЗ)."""
    if is_employer(user) and theses:
        log_student_access(user=user, students=[thesis.student for thesis in theses], action=Action.VIEW, detail=detail)


@login_required
def thesis_list(request):
    """Staff: every thesis with its review state, filtered. An employer: the theses they review."""
    user, today = request.user, timezone.localdate()
    theses = selectors.theses_visible_to(user)
    if is_college_staff(user):
        form = ThesisFilterForm(request.GET, teacher=selectors.teacher_of(user))
        theses = _filtered(theses, today=today, **form.filters()).order_by(*selectors.THESIS_LIST_ORDER)
        page_obj = paginate_lean(request, theses)
        _with_states(page_obj, today)
        return render(
            request,
            "practice/thesis_list.html",
            {
                "form": form,
                "page_obj": page_obj,
                "filtered": any(value for key, value in request.GET.items() if key != "page"),
                "can_manage": can_manage_theses(user),
            },
        )
    # The reviewer's own list: what is still to do first, by due date.
    theses = theses.order_by(
        Case(
            When(review__status=DocumentStatus.SUBMITTED, then=Value(1)), default=Value(0), output_field=IntegerField()
        ),
        "review_due",
        "pk",
    )
    page_obj = paginate(request, theses)
    _with_states(page_obj, today)
    _log_view(user, list(page_obj), _("List of theses to review"))
    return render(request, "practice/thesis_list.html", {"page_obj": page_obj})


def _save_error_or_redirect(request, form, save, success_message):
    """Runs ``save()`` (one transaction): a redirect to the thesis, or None with the errors on the form."""
    try:
        with transaction.atomic():
            thesis = save()
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    messages.success(request, success_message)
    return redirect("practice:thesis_detail", pk=thesis.pk)


def _form_page(request, form, thesis=None):
    return render(
        request,
        "practice/thesis_form.html",
        {
            "form": form,
            "thesis": thesis,
            # A browser cannot keep a chosen file across a re-displayed form: say so.
            "file_to_choose_again": bool(form.is_bound and form.errors and request.FILES.get("file")),
        },
    )


@staff_with(can_manage_theses)
@submit_once
def thesis_create(request):
    form = ThesisForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        fields, reviewer, review_due, file = form.service_fields()

        def save():
            thesis = services.thesis_create(created_by=request.user, file=file, **fields)
            if reviewer is not None:
                thesis = services.thesis_assign_reviewer(
                    thesis=thesis, reviewer=reviewer, review_due=review_due, assigned_by=request.user
                )
            elif review_due:
                thesis = services.thesis_update(thesis=thesis, updated_by=request.user, review_due=review_due)
            return thesis

        response = _save_error_or_redirect(request, form, save, _("The thesis is added."))
        if response:
            return response
    return _form_page(request, form)


@staff_with(can_manage_theses)
def thesis_edit(request, pk):
    thesis = selectors.get_thesis_for(request.user, pk)
    review = _review_of(thesis)
    submitted = review is not None and review.status == DocumentStatus.SUBMITTED
    form = ThesisForm(request.POST or None, request.FILES or None, instance=thesis, review_submitted=submitted)
    if request.method == "POST" and form.is_valid():
        fields, reviewer, review_due, file = form.service_fields()

        def save():
            updated = services.thesis_update(
                thesis=thesis, updated_by=request.user, reviewer=reviewer, review_due=review_due, **fields
            )
            if file is not None:
                updated = services.thesis_upload_file(thesis=updated, file=file, uploaded_by=request.user)
            return updated

        response = _save_error_or_redirect(request, form, save, _("Changes saved."))
        if response:
            return response
    return _form_page(request, form, thesis)


@login_required
def thesis_detail(request, pk):
    """Staff see everything; the assigned reviewer sees the topic and the student's name, group
    and specialty only."""
    thesis = selectors.get_thesis_for(request.user, pk)
    _with_states([thesis], timezone.localdate())
    _log_view(request.user, [thesis], _("Thesis «%(topic)s»") % {"topic": thesis.topic})
    return render(
        request,
        "practice/thesis_detail.html",
        {
            "thesis": thesis,
            "review": thesis.review_or_none,
            "can_manage": can_manage_theses(request.user),
            "is_reviewer": is_assigned_reviewer(request.user, thesis),
            "can_write": can_write_review(request.user, thesis),
        },
    )


def _download(request, thesis, field, filename, detail):
    """Streams a stored PDF as an attachment; 404 if it is missing. Employers' downloads are logged."""
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    if is_employer(request.user):
        log_student_access(user=request.user, students=[thesis.student], action=Action.DOWNLOAD, detail=detail)
    return FileResponse(handle, as_attachment=True, filename=filename, content_type="application/pdf")


@login_required
def thesis_file(request, pk):
    thesis = selectors.get_thesis_for(request.user, pk)
    return _download(
        request,
        thesis,
        thesis.file,
        f"ВКР {thesis.student.full_name}.pdf",
        _("Thesis file «%(topic)s»") % {"topic": thesis.topic},
    )


@login_required
def review_pdf(request, pk):
    thesis = selectors.get_thesis_for(request.user, pk)
    review = _review_of(thesis)
    if review is None or review.status != DocumentStatus.SUBMITTED or not documents.ensure_review_pdf(review):
        raise Http404
    return _download(
        request,
        thesis,
        review.pdf,
        f"Рецензия {thesis.student.full_name}.pdf",
        _("Review of the thesis «%(topic)s»") % {"topic": thesis.topic},
    )


def _sections(review):
    return [(Review._meta.get_field(name).verbose_name, getattr(review, name)) for name in Review.SECTIONS]


@employer_required
def review_form(request, pk):
    """The assigned reviewer writes the review: "Save draft" keeps it editable, "Submit" freezes it
    and has its PDF rendered. A submitted review is shown read-only."""
    thesis = selectors.get_thesis_for(request.user, pk)
    if not is_assigned_reviewer(request.user, thesis):
        raise Http404
    review = _review_of(thesis)
    context = {"thesis": thesis, "review": review}
    if review is not None and review.status == DocumentStatus.SUBMITTED:
        _log_view(request.user, [thesis], _("Review of the thesis «%(topic)s»") % {"topic": thesis.topic})
        return render(request, "practice/review_form.html", {**context, "sections": _sections(review)})
    form = ReviewForm(request.POST or None, instance=review, reviewer=thesis.reviewer)
    if request.method == "POST" and form.is_valid():
        submit = request.POST.get("action") == "submit"
        try:
            review_save(thesis=thesis, by=request.user, submit=submit, **form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if submit:
                messages.success(request, _("The review is submitted. Its PDF will be ready in a minute."))
            else:
                messages.success(request, _("The draft is saved. You can come back to it at any time."))
            return redirect("practice:review_form", pk=thesis.pk)
    _log_view(request.user, [thesis], _("Review of the thesis «%(topic)s»") % {"topic": thesis.topic})
    return render(request, "practice/review_form.html", {**context, "form": form})
