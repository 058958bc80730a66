from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events, councils and contributions")

    def ready(self):
        from partners import activity, card

        from . import card as events_card
        from . import health

        for source in health.ACTIVITY_SOURCES:
            activity.register_source(source)
        for key, build, title, order in events_card.SECTIONS:
            card.register_section(key, build, title=title, order=order)
