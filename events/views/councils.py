"""Councils and other bodies: the list, a body's page with its members and meetings, its charter
(through this permission-checked view only), meetings with their agenda, attendance and
decisions, and the protocol PDF. Staff read everything and partnership managers write; an
employer reads the bodies where one of their organisation's people is a member."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partnership_portal.accounts.decorators import login_required, staff_with
from partnership_portal.idempotency import submit_once
from partnership_portal.web import add_service_errors, paginate, redirect_back

from .. import documents
from ..forms.councils import (
    AgendaItemForm,
    AttendanceForm,
    BodyForm,
    DecisionForm,
    DecisionStatusForm,
    MeetingForm,
    MembershipForm,
)
from ..models import DecisionStatus, active_memberships_q
from ..permissions import can_manage_councils
from ..selectors import councils as selectors
from ..services import councils as services

# --- Bodies ---------------------------------------------------------------------------------


@login_required
def body_list(request):
    return render(
        request,
        "events/councils/body_list.html",
        {"bodies": list(selectors.body_list(request.user)), "can_manage": can_manage_councils(request.user)},
    )


@staff_with(can_manage_councils)
@submit_once
def body_create(request):
    form = BodyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            body = services.body_create(**form.cleaned_data, created_by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Body created. Now add its members."))
            return redirect("events:body_detail", pk=body.pk)
    return render(request, "events/councils/body_form.html", {"form": form})


@staff_with(can_manage_councils)
def body_edit(request, pk):
    body = selectors.get_body_for(request.user, pk)
    form = BodyForm(request.POST or None, request.FILES or None, instance=body)
    if request.method == "POST" and form.is_valid():
        try:
            services.body_update(body=body, updated_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Body updated."))
            return redirect("events:body_detail", pk=body.pk)
    return render(request, "events/councils/body_form.html", {"form": form, "body": body})


@login_required
def body_detail(request, pk):
    body = selectors.get_body_for(request.user, pk)
    today = timezone.localdate()
    members = list(selectors.members_of(body))
    for membership in members:
        membership.is_current = membership.covers(today)
    return render(
        request,
        "events/councils/body_detail.html",
        {
            "body": body,
            "members": members,
            "meetings": list(selectors.meeting_list(request.user, body=body)),
            "can_manage": can_manage_councils(request.user),
        },
    )


@login_required
def body_charter(request, pk):
    body = selectors.get_body_for(request.user, pk)
    if not body.charter:
        raise Http404
    try:
        handle = body.charter.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=f"charter-{body.pk}.pdf", content_type="application/pdf")


# --- Members --------------------------------------------------------------------------------


@staff_with(can_manage_councils)
@submit_once
def membership_create(request, pk):
    body = selectors.get_body_for(request.user, pk)
    form = MembershipForm(request.POST or None, initial={"term_start": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_add(body=body, added_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Member added."))
            return redirect("events:body_detail", pk=body.pk)
    return render(request, "events/councils/membership_form.html", {"form": form, "body": body})


@staff_with(can_manage_councils)
def membership_edit(request, pk):
    membership = selectors.get_membership_for(request.user, pk)
    form = MembershipForm(request.POST or None, instance=membership)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_update(membership=membership, updated_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Membership updated."))
            return redirect("events:body_detail", pk=membership.body_id)
    return render(
        request,
        "events/councils/membership_form.html",
        {"form": form, "body": membership.body, "membership": membership},
    )


# --- Meetings -------------------------------------------------------------------------------


@login_required
def meeting_list(request):
    page_obj = paginate(request, selectors.meeting_list(request.user))
    return render(
        request,
        "events/councils/meeting_list.html",
        {"page_obj": page_obj, "can_manage": can_manage_councils(request.user)},
    )


@staff_with(can_manage_councils)
@submit_once
def meeting_create(request, pk):
    body = selectors.get_body_for(request.user, pk)
    form = MeetingForm(request.POST or None, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(body=body, created_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Meeting № %(number)s planned.") % {"number": meeting.number})
            return redirect("events:meeting_detail", pk=meeting.pk)
    return render(request, "events/councils/meeting_form.html", {"form": form, "body": body})


def _open_meeting_for(user, pk):
    meeting = selectors.get_meeting_for(user, pk)
    if services.is_closed(meeting):
        raise Http404  # a closed meeting has no forms: its protocol is issued
    return meeting


@staff_with(can_manage_councils)
def meeting_edit(request, pk):
    meeting = _open_meeting_for(request.user, pk)
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(meeting=meeting, updated_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Meeting updated."))
            return redirect("events:meeting_detail", pk=meeting.pk)
    return render(
        request, "events/councils/meeting_form.html", {"form": form, "body": meeting.body, "meeting": meeting}
    )


@login_required
def meeting_detail(request, pk):
    meeting = selectors.get_meeting_for(request.user, pk)
    items = list(meeting.items.prefetch_related("decisions").order_by("order", "pk"))
    today = timezone.localdate()
    for item in items:
        for decision in item.decisions.all():
            decision.overdue = decision.is_overdue(today)
    members = list(
        meeting.body.memberships.filter(active_memberships_q(meeting.date)).select_related("contact__partner", "user")
    )
    present = set(meeting.attendees.values_list("pk", flat=True))
    for membership in members:
        membership.present = membership.pk in present
    return render(
        request,
        "events/councils/meeting_detail.html",
        {
            "meeting": meeting,
            "body": meeting.body,
            "items": items,
            "members": members,
            "quorum": services.quorum(meeting),
            "closed": services.is_closed(meeting),
            "can_manage": can_manage_councils(request.user),
        },
    )


@staff_with(can_manage_councils)
def attendance_edit(request, pk):
    meeting = _open_meeting_for(request.user, pk)
    members = meeting.body.memberships.filter(active_memberships_q(meeting.date)).select_related(
        "contact__partner", "user"
    )
    form = AttendanceForm(request.POST or None, members=members, initial={"present": meeting.attendees.all()})
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_set(meeting=meeting, present=form.cleaned_data["present"], marked_by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Attendance recorded."))
            return redirect("events:meeting_detail", pk=meeting.pk)
    return render(request, "events/councils/attendance_form.html", {"form": form, "meeting": meeting})


@staff_with(can_manage_councils)
@submit_once
def item_create(request, pk):
    meeting = _open_meeting_for(request.user, pk)
    form = AgendaItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_add(meeting=meeting, added_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Question added to the agenda."))
            return redirect("events:meeting_detail", pk=meeting.pk)
    return render(request, "events/councils/item_form.html", {"form": form, "meeting": meeting})


@staff_with(can_manage_councils)
def item_edit(request, pk):
    item = selectors.get_agenda_item_for(request.user, pk)
    meeting = _open_meeting_for(request.user, item.meeting_id)
    form = AgendaItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_update(item=item, updated_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Question updated."))
            return redirect("events:meeting_detail", pk=meeting.pk)
    return render(request, "events/councils/item_form.html", {"form": form, "meeting": meeting, "item": item})


@staff_with(can_manage_councils)
@submit_once
def decision_create(request, pk):
    """Records a decision; without a quorum the form says so at once and refuses."""
    meeting = _open_meeting_for(request.user, pk)
    form = DecisionForm(request.POST or None, meeting=meeting)
    quorum = services.quorum(meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_record(meeting=meeting, recorded_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Decision recorded."))
            return redirect("events:meeting_detail", pk=meeting.pk)
    return render(
        request,
        "events/councils/decision_form.html",
        {
            "form": form,
            "meeting": meeting,
            "quorum": quorum,
            "no_quorum": None if quorum.reached else services.no_quorum_message(quorum),
        },
    )


@staff_with(can_manage_councils)
@require_POST
def decision_status(request, pk):
    decision = selectors.get_decision_for(request.user, pk)
    form = DecisionStatusForm(request.POST)
    if form.is_valid():
        services.decision_set_status(decision=decision, status=form.cleaned_data["status"], updated_by=request.user)
        if form.cleaned_data["status"] == DecisionStatus.DONE:
            messages.success(request, _("Decision marked as done."))
        else:
            messages.success(request, _("Decision open again."))
    return redirect_back(request, reverse("events:meeting_detail", kwargs={"pk": decision.meeting_id}))


@login_required
def decision_list(request):
    overdue = request.GET.get("overdue") == "1"
    decisions = selectors.decisions_visible_to(request.user)
    if overdue:
        decisions = decisions.filter(selectors.overdue_q())
    page_obj = paginate(request, decisions.order_by("status", "due_date", "pk"))
    today = timezone.localdate()
    for decision in page_obj:
        decision.overdue = decision.is_overdue(today)
    return render(
        request,
        "events/councils/decision_list.html",
        {"page_obj": page_obj, "overdue": overdue, "can_manage": can_manage_councils(request.user)},
    )


@staff_with(can_manage_councils)
@require_POST
def meeting_close(request, pk):
    meeting = selectors.get_meeting_for(request.user, pk)
    try:
        services.meeting_close(meeting=meeting, closed_by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Meeting closed: the protocol is being prepared."))
    return redirect("events:meeting_detail", pk=meeting.pk)


@login_required
def meeting_protocol(request, pk):
    meeting = selectors.get_meeting_for(request.user, pk)
    if meeting.snapshot_hash and not meeting.pdf_ready:
        # Not rendered yet (the worker is behind or was down): render it now from the frozen data.
        documents.render_protocol_pdf(meeting.pk)
        meeting.refresh_from_db()
    if not meeting.pdf_ready:
        raise Http404
    try:
        handle = meeting.pdf.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"protocol-{meeting.body_id}-{meeting.number}.pdf",
        content_type="application/pdf",
    )


urlpatterns = [
    path("councils/", body_list, name="body_list"),
    path("councils/new/", body_create, name="body_create"),
    path("councils/<int:pk>/", body_detail, name="body_detail"),
    path("councils/<int:pk>/edit/", body_edit, name="body_edit"),
    path("councils/<int:pk>/charter/", body_charter, name="body_charter"),
    path("councils/<int:pk>/members/new/", membership_create, name="membership_create"),
    path("councils/<int:pk>/meetings/new/", meeting_create, name="meeting_create"),
    path("councils/members/<int:pk>/edit/", membership_edit, name="membership_edit"),
    path("councils/meetings/", meeting_list, name="meeting_list"),
    path("councils/meetings/<int:pk>/", meeting_detail, name="meeting_detail"),
    path("councils/meetings/<int:pk>/edit/", meeting_edit, name="meeting_edit"),
    path("councils/meetings/<int:pk>/attendance/", attendance_edit, name="attendance_edit"),
    path("councils/meetings/<int:pk>/items/new/", item_create, name="item_create"),
    path("councils/meetings/<int:pk>/decisions/new/", decision_create, name="decision_create"),
    path("councils/meetings/<int:pk>/close/", meeting_close, name="meeting_close"),
    path("councils/meetings/<int:pk>/protocol/", meeting_protocol, name="meeting_protocol"),
    path("councils/items/<int:pk>/edit/", item_edit, name="item_edit"),
    path("councils/decisions/", decision_list, name="decision_list"),
    path("councils/decisions/<int:pk>/status/", decision_status, name="decision_status"),
]
