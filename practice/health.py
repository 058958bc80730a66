"""What counts as activity with a partner, from the practice app (see partners.activity)."""

from django.db.models import Max
from django.utils import timezone

from .models import DocumentStatus, Placement, PlacementState, Review, TeacherInternship


def _latest(queryset, partner_field, date_field, partner_ids):
    if partner_ids is not None:
        queryset = queryset.filter(**{f"{partner_field}__in": partner_ids})
    return dict(
        queryset.values_list(partner_field).annotate(latest=Max(date_field)).values_list(partner_field, "latest")
    )


def placements_source(partner_ids=None):
    """A placement counts from its start date, once that date has come."""
    placements = Placement.objects.exclude(state=PlacementState.CANCELLED).filter(start_date__lte=timezone.localdate())
    return _latest(placements, "partner_id", "start_date", partner_ids)


def internships_source(partner_ids=None):
    internships = TeacherInternship.objects.filter(start_date__lte=timezone.localdate())
    return _latest(internships, "partner_id", "start_date", partner_ids)


def reviews_source(partner_ids=None):
    reviews = Review.objects.filter(status=DocumentStatus.SUBMITTED)
    latest = _latest(reviews, "reviewer__partner_id", "submitted_at__date", partner_ids)
    return latest


ACTIVITY_SOURCES = [placements_source, internships_source, reviews_source]
