"""Events held and contributions count as activity with a partner (registered in
``EventsConfig.ready``): each source returns ``{partner_id: latest date}``."""

ACTIVITY_SOURCES = []
