from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticeConfig(AppConfig):
    name = "practice"
    verbose_name = _("Practice")

    def ready(self):
        from partners import activity, card

        from . import card as practice_card
        from . import health

        for source in health.ACTIVITY_SOURCES:
            activity.register_source(source)
        card.register_section(
            "practice", practice_card.partner_practice_section, title=_("Practice and theses"), order=10
        )
