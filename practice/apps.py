from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticeConfig(AppConfig):
    name = "practice"
    verbose_name = _("Practice")

    def ready(self):
        from partners import activity

        from . import health

        for source in health.ACTIVITY_SOURCES:
            activity.register_source(source)
