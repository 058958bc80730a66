from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = _("Monitoring")

    def ready(self):
        # The partner register imports no app built on it: monitoring adds its card sections.
        from partners import card

        from . import card as monitoring_card

        for key, build, title, order in monitoring_card.SECTIONS:
            card.register_section(key, build, title=title, order=order)
