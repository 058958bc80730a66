"""Events held and contributions count as activity with a partner (registered in
``EventsConfig.ready``): each source returns ``{partner_id: latest date}``."""

ACTIVITY_SOURCES = []

from .selectors.contributions import contributions_activity_source  # noqa: E402 (each subject appends its own)

ACTIVITY_SOURCES.append(contributions_activity_source)

from .selectors.events import events_activity_source  # noqa: E402

ACTIVITY_SOURCES.append(events_activity_source)
