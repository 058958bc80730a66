"""Views: joint events.

Staff plan events, approve or decline employers' proposals, mark them held or cancelled, record
results, add participants and files. An employer sees the events of their organisation (anything
else is 404), proposes events and registers their own colleagues.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partnership_portal.accounts.decorators import employer_required, login_required, staff_with
from partnership_portal.accounts.permissions import is_college_staff, is_employer
from partnership_portal.idempotency import submit_once
from partnership_portal.pagination import paginate_lean
from partnership_portal.web import add_service_errors

from ..forms.events import (
    EventFileForm,
    EventFilterForm,
    EventForm,
    ParticipantsForm,
    ProposalForm,
    ReasonForm,
    ReportForm,
    ResultForm,
)
from ..models import EVENT_TRANSITIONS, EventStatus, EventType, Participant
from ..permissions import can_manage_events, can_propose_event
from ..selectors import events as selectors
from ..services import events as services

RESULT_TYPES = (EventType.COMPETITION, EventType.DEMO_EXAM)


@login_required
def event_list(request):
    """Every event staff may see (an employer: their organisation's), searched and filtered."""
    user, now = request.user, timezone.now()
    staff = is_college_staff(user)
    form = EventFilterForm(request.GET, partners=selectors.partners_with_events() if staff else None)
    filters = form.filters()
    events = selectors.events_filtered(selectors.event_list_for(user), now=now, **filters)
    page_obj = paginate_lean(request, events, searched=bool(filters.get("q")))
    return render(
        request,
        "events/events/event_list.html",
        {
            "form": form,
            "page_obj": page_obj,
            "filtered": bool(filters),
            "can_manage": can_manage_events(user),
            "can_propose": can_propose_event(user),
            "now": now,
        },
    )


def _save(request, form, save, message):
    """Runs the service; a redirect to the event, or None with its errors on the form."""
    try:
        event = save()
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    messages.success(request, message)
    return redirect("events:event_detail", pk=event.pk)


@staff_with(can_manage_events)
@submit_once
def event_create(request):
    initial = {}
    if request.GET.get("partner", "").isdigit():
        initial = {"site_partner": request.GET["partner"], "partners": [request.GET["partner"]], "place": "partner"}
    form = EventForm(request.POST or None, initial=initial or {"organiser": request.user})
    if request.method == "POST" and form.is_valid():
        fields, partners = form.service_fields()
        response = _save(
            request,
            form,
            lambda: services.event_create(created_by=request.user, partners=partners, **fields),
            _("The event is planned."),
        )
        if response:
            return response
    return render(request, "events/events/event_form.html", {"form": form})


@staff_with(can_manage_events)
def event_edit(request, pk):
    event = selectors.get_event_for(request.user, pk)
    form = EventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        fields, partners = form.service_fields()
        response = _save(
            request,
            form,
            lambda: services.event_update(event=event, updated_by=request.user, partners=partners, **fields),
            _("Changes saved."),
        )
        if response:
            return response
    event.refresh_from_db()
    return render(request, "events/events/event_form.html", {"form": form, "event": event})


@employer_required
@submit_once
def event_propose(request):
    form = ProposalForm(request.POST or None, initial={"place": "partner"}, partner=request.user.partner)
    if request.method == "POST" and form.is_valid():
        response = _save(
            request,
            form,
            lambda: services.event_propose(proposed_by=request.user, **form.cleaned_data),
            _("Your proposal is sent to the college. You will see here when it is approved."),
        )
        if response:
            return response
    return render(request, "events/events/event_propose.html", {"form": form})


@login_required
def event_detail(request, pk):
    return _render_detail(request, selectors.get_event_for(request.user, pk))


def _render_detail(request, event, **bound_forms):
    """The event page; a form that failed is shown again with what the user typed and its errors."""
    user = request.user
    staff = is_college_staff(user)
    participants = list(
        selectors.participants_visible_to(user).filter(event=event).order_by("student__last_name", "pk")
        if staff
        else selectors.participants_visible_to(user).filter(event=event)
    )
    counts = Participant.objects.filter(event=event).aggregate(
        student=Count("pk", filter=Q(student__isnull=False)),
        staff=Count("pk", filter=Q(user__isnull=False)),
        contact=Count("pk", filter=Q(contact__isnull=False)),
    )
    manage = can_manage_events(user)
    allowed = EVENT_TRANSITIONS[EventStatus(event.status)] if manage else set()
    return render(
        request,
        "events/events/event_detail.html",
        {
            "event": event,
            "partners": list(selectors.event_partners(event)),
            "participants": participants,
            "counts": counts,
            "results": list(event.results.select_related("student__group")) if staff else list(event.results.none()),
            "winner_count": event.results.count(),
            "files": list(event.files.all()),
            "can_manage": manage,
            "can_register": event.status in services.OPEN_STATUSES and (manage or is_employer(user)),
            "transitions": sorted(allowed),
            "reason_form": ReasonForm(),
            "report_form": ReportForm(instance=event),
            "result_form": ResultForm(event=event) if event.type in RESULT_TYPES else None,
            "file_form": EventFileForm(),
            "now": timezone.now(),
            **bound_forms,
        },
    )


@staff_with(can_manage_events)
@require_POST
def event_transition(request, pk):
    event = selectors.get_event_for(request.user, pk)
    to_status = request.POST.get("to", "")
    if to_status not in EventStatus.values:
        raise Http404
    form = ReasonForm(request.POST)
    form.is_valid()
    try:
        services.event_transition(
            event=event, to_status=to_status, by=request.user, reason=form.cleaned_data.get("reason", "")
        )
    except ValidationError as error:
        # The page again, with the reason typed kept and the error shown.
        for message in error.messages:
            messages.error(request, message)
        return _render_detail(request, event, reason_form=form)
    messages.success(request, _("The event is now «%(status)s».") % {"status": EventStatus(to_status).label})
    return redirect("events:event_detail", pk=event.pk)


@staff_with(can_manage_events)
@require_POST
def event_report(request, pk):
    event = selectors.get_event_for(request.user, pk)
    form = ReportForm(request.POST, instance=event)
    if form.is_valid():
        try:
            services.event_report_save(
                event=event, report=form.cleaned_data["report"], visitors=form.cleaned_data["visitors"], by=request.user
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The report is saved."))
            return redirect("events:event_detail", pk=pk)
    else:
        return _render_detail(request, event, report_form=form)
    return redirect("events:event_detail", pk=pk)


@staff_with(can_manage_events)
@require_POST
def result_add(request, pk):
    event = selectors.get_event_for(request.user, pk)
    form = ResultForm(request.POST, event=event)
    if form.is_valid():
        try:
            services.result_add(event=event, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The result is recorded."))
            return redirect("events:event_detail", pk=pk)
    else:
        return _render_detail(request, event, result_form=form)
    return redirect("events:event_detail", pk=pk)


@staff_with(can_manage_events)
@require_POST
def result_delete(request, pk):
    event = selectors.get_event_for(request.user, pk)
    result = event.results.filter(pk=request.POST.get("result", "0") or 0).first()
    if result is None:
        raise Http404
    services.result_delete(result=result, by=request.user)
    messages.success(request, _("The result is deleted."))
    return redirect("events:event_detail", pk=pk)


@login_required
def participant_add(request, pk):
    """Staff: a group, students, staff and partner contacts. An employer: their colleagues."""
    user = request.user
    event = selectors.get_event_for(user, pk)
    staff = is_college_staff(user)
    if staff and not can_manage_events(user):
        raise Http404
    if event.status not in services.OPEN_STATUSES:
        messages.error(request, _("People are registered only for a proposed or planned event."))
        return redirect("events:event_detail", pk=event.pk)
    event = type(event).objects.prefetch_related(Prefetch("partners")).get(pk=event.pk)
    form = ParticipantsForm(
        request.POST or None,
        event=event,
        staff=staff,
        contacts=selectors.registrable_contacts(user),
        initial={"group": request.GET.get("group")} if request.GET.get("group", "").isdigit() else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            added = services.participants_add(event=event, by=user, **form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if added:
                messages.success(request, _("Registered: %(count)d.") % {"count": added})
            else:
                messages.info(request, _("Everyone chosen was already registered."))
            return redirect("events:event_detail", pk=event.pk)
    registered = set(
        Participant.objects.filter(event=event, contact__isnull=False).values_list("contact_id", flat=True)
    )
    return render(
        request,
        "events/events/participant_form.html",
        {"event": event, "form": form, "staff": staff, "registered": registered},
    )


@login_required
@require_POST
def participant_remove(request, pk):
    participant = selectors.get_participant_for(request.user, pk)
    if is_college_staff(request.user) and not can_manage_events(request.user):
        raise Http404
    try:
        services.participant_remove(participant=participant, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("%(name)s is no longer registered.") % {"name": participant.person})
    return redirect("events:event_detail", pk=participant.event_id)


@staff_with(can_manage_events)
@require_POST
def event_file_add(request, pk):
    event = selectors.get_event_for(request.user, pk)
    form = EventFileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.event_file_add(event=event, file=form.cleaned_data["file"], uploaded_by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The file is attached."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("events:event_detail", pk=pk)


@login_required
def event_file(request, pk):
    """The file, as an attachment, to those who may see its event."""
    event_file = selectors.get_event_file_for(request.user, pk)
    try:
        handle = event_file.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=event_file.original_name)


@staff_with(can_manage_events)
@require_POST
def event_file_delete(request, pk):
    event_file = selectors.get_event_file_for(request.user, pk)
    services.event_file_delete(event_file=event_file, by=request.user)
    messages.success(request, _("The file is deleted."))
    return redirect("events:event_detail", pk=event_file.event_id)


urlpatterns = [
    path("", event_list, name="event_list"),
    path("new/", event_create, name="event_create"),
    path("propose/", event_propose, name="event_propose"),
    path("<int:pk>/", event_detail, name="event_detail"),
    path("<int:pk>/edit/", event_edit, name="event_edit"),
    path("<int:pk>/status/", event_transition, name="event_transition"),
    path("<int:pk>/report/", event_report, name="event_report"),
    path("<int:pk>/results/", result_add, name="result_add"),
    path("<int:pk>/results/delete/", result_delete, name="result_delete"),
    path("<int:pk>/participants/", participant_add, name="participant_add"),
    path("participants/<int:pk>/remove/", participant_remove, name="participant_remove"),
    path("<int:pk>/files/", event_file_add, name="event_file_add"),
    path("files/<int:pk>/", event_file, name="event_file"),
    path("files/<int:pk>/delete/", event_file_delete, name="event_file_delete"),
]
