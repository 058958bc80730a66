"""What the home dashboards show. Each later app adds its own widgets here."""

from partners.selectors import partners_visible_to


def staff_dashboard(user):
    partners = partners_visible_to(user)
    return {
        "partner_count": partners.count(),
        "recent_partners": list(partners.order_by("-created_at")[:5]),
    }


def employer_dashboard(user):
    return {"organisation": partners_visible_to(user).get()}
