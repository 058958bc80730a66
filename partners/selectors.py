"""Reads of partners that depend on who asks."""

from django.shortcuts import get_object_or_404

from partnership_portal.accounts.permissions import is_college_staff, is_employer

from .models import Partner


def partners_visible_to(user):
    """Staff see every partner; an employer sees only their own organisation; others nothing."""
    partners = Partner.objects.all()
    if is_college_staff(user):
        return partners
    if is_employer(user):
        return partners.filter(pk=user.partner_id)
    return partners.none()


def get_partner_for(user, pk):
    """The partner if ``user`` may see it, else 404 (never a hint that it exists)."""
    return get_object_or_404(partners_visible_to(user), pk=pk)


def partner_search(queryset, query):
    query = (query or "").strip()
    if not query:
        return queryset
    if query.isdigit():
        return queryset.filter(inn__startswith=query)
    return queryset.filter(name__icontains=query)
