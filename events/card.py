"""Sections of the staff partner card that this app adds: events, council memberships and
contributions (registered in ``EventsConfig.ready``)."""

SECTIONS = []

from .selectors.contributions import partner_contributions_section  # noqa: E402 (each subject appends its own)

SECTIONS.append(partner_contributions_section)

from .selectors.events import partner_events_section  # noqa: E402

SECTIONS.append(partner_events_section)

from .selectors.councils import partner_councils_section  # noqa: E402

SECTIONS.append(partner_councils_section)
