"""Sections of the staff partner card that this app adds: events, council memberships and
contributions (registered in ``EventsConfig.ready``): (key, build, title, order)."""

from django.utils.translation import gettext_lazy as _

SECTIONS = []

from .selectors.contributions import partner_contributions_section  # noqa: E402 (each subject appends its own)

SECTIONS.append(("contributions", partner_contributions_section, _("Contribution to the college's development"), 60))

from .selectors.events import partner_events_section  # noqa: E402

SECTIONS.append(("events", partner_events_section, _("Joint events"), 40))

from .selectors.councils import partner_councils_section  # noqa: E402

SECTIONS.append(("councils", partner_councils_section, _("Council memberships"), 45))
