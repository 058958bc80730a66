"""Offers of practice places: employers write and submit their own; staff see all, publish and
close them, and may write one on a partner's behalf."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from partners.services import normalize_search
from partnership_portal.accounts.decorators import login_required, staff_with
from partnership_portal.accounts.permissions import is_college_staff, is_employer
from partnership_portal.idempotency import submit_once
from partnership_portal.pagination import paginate_lean
from partnership_portal.web import add_service_errors, redirect_back

from .. import selectors
from ..forms_placements import OfferFilterForm, OfferForm
from ..models import OfferStatus
from ..permissions import can_edit_offer, can_manage_practice
from ..services import offers as offer_services

SUBMITTED = gettext_lazy("The offer is sent to the college. It becomes visible for placements once published.")


def _submitting(request):
    """The employer pressed «Submit to the college» (save and submit at once), not «Save as a draft»."""
    return request.POST.get("action") == "submit"


def _can_create(user):
    return can_manage_practice(user) or is_employer(user)


@login_required
def offer_list(request):
    form = OfferFilterForm(request.GET)
    filters = form.filters()
    offers = selectors.offers_visible_to(request.user).order_by("-start_date", "-created_at", "pk")
    if "status" in filters:
        offers = offers.filter(status=filters["status"])
    if "specialty" in filters:
        offers = offers.filter(specialty=filters["specialty"])
    if "q" in filters and is_college_staff(request.user):
        offers = offers.filter(partner__search_text__contains=normalize_search(filters["q"]).strip())
    return render(
        request,
        "practice/offer_list.html",
        {
            "form": form,
            "page_obj": paginate_lean(request, offers),
            "filtered": bool(filters),
            "can_create": _can_create(request.user),
        },
    )


@login_required
@submit_once
def offer_create(request):
    user = request.user
    if is_college_staff(user):
        if not can_manage_practice(user):
            raise PermissionDenied
        form = OfferForm(request.POST or None, choose_partner=True, initial={"partner": request.GET.get("partner")})
    else:
        if not is_employer(user):
            raise Http404
        form = OfferForm(request.POST or None, partner=user.partner)
    can_submit = is_employer(user)  # staff publish what they write; employers send theirs to the college
    if request.method == "POST" and form.is_valid():
        partner = form.cleaned_data.get("partner") or form.fixed_partner
        submit = can_submit and _submitting(request)
        try:
            offer = offer_services.offer_create(
                partner=partner, created_by=user, submit=submit, **form.service_fields()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if submit:
                messages.success(request, SUBMITTED)
            elif is_college_staff(user):
                messages.success(request, _("The offer is saved as a draft. Publish it when it is ready."))
            else:
                messages.success(
                    request, _("The offer is saved as a draft. Submit it to the college when it is ready.")
                )
            return redirect("practice:offer_detail", pk=offer.pk)
    return render(request, "practice/offer_form.html", {"form": form, "can_submit": can_submit})


@login_required
def offer_detail(request, pk):
    offer = selectors.get_offer_for(request.user, pk)
    staff = is_college_staff(request.user)
    placements = (
        selectors.placements_visible_to(request.user)
        .filter(offer=offer)
        .order_by("student__last_name", "student__first_name")
        if staff
        else None
    )
    return render(
        request,
        "practice/offer_detail.html",
        {
            "offer": offer,
            "left": max(offer.places - offer.taken, 0),
            "placements": placements,
            "can_edit": can_edit_offer(request.user, offer),
            "can_submit": can_edit_offer(request.user, offer) and offer.status == OfferStatus.DRAFT,
            "can_publish": can_manage_practice(request.user) and offer_services.offer_can_publish(offer),
            "can_close": can_manage_practice(request.user) and offer.status != OfferStatus.CLOSED,
        },
    )


@login_required
def offer_edit(request, pk):
    offer = selectors.get_offer_for(request.user, pk)
    if not can_edit_offer(request.user, offer):
        raise PermissionDenied
    form = OfferForm(request.POST or None, instance=offer, partner=offer.partner)
    can_submit = is_employer(request.user) and offer.status == OfferStatus.DRAFT
    if request.method == "POST" and form.is_valid():
        submit = can_submit and _submitting(request)
        try:
            offer_services.offer_update(offer=offer, updated_by=request.user, submit=submit, **form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, SUBMITTED if submit else _("Changes saved."))
            return redirect("practice:offer_detail", pk=offer.pk)
    return render(request, "practice/offer_form.html", {"form": form, "offer": offer, "can_submit": can_submit})


def _act(request, offer, action, success):
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect_back(request, reverse("practice:offer_detail", args=[offer.pk]))


@login_required
@require_POST
def offer_submit(request, pk):
    offer = selectors.get_offer_for(request.user, pk)
    if not can_edit_offer(request.user, offer):
        raise PermissionDenied
    return _act(
        request,
        offer,
        lambda: offer_services.offer_submit(offer=offer, submitted_by=request.user),
        SUBMITTED,
    )


@staff_with(can_manage_practice)
@require_POST
def offer_publish(request, pk):
    offer = selectors.get_offer_for(request.user, pk)
    return _act(
        request,
        offer,
        lambda: offer_services.offer_publish(offer=offer, published_by=request.user),
        _("The offer is published: students can now be placed on it."),
    )


@staff_with(can_manage_practice)
@require_POST
def offer_close(request, pk):
    offer = selectors.get_offer_for(request.user, pk)
    return _act(
        request,
        offer,
        lambda: offer_services.offer_close(offer=offer, closed_by=request.user),
        _("The offer is closed."),
    )
