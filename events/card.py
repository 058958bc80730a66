"""Sections of the staff partner card that this app adds: events, council memberships and
contributions (registered in ``EventsConfig.ready``)."""

SECTIONS = []
