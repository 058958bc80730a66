"""The admin as the college's administrator sees it: third-party sections under Russian names,
and the celery-beat schedules the portal never uses left out.

Loaded by the admin's autodiscovery after the third-party apps (this app comes after them in
INSTALLED_APPS), so the unregistering finds their models registered."""

from django.apps import apps
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_celery_beat.models import ClockedSchedule, CrontabSchedule, SolarSchedule

# An app's verbose name is not part of its migrations: renaming it here changes only the admin.
apps.get_app_config("axes").verbose_name = _("Login attempts and lockouts")
apps.get_app_config("django_celery_beat").verbose_name = _("Scheduled tasks")

# The portal's periodic tasks run on intervals and on the schedule in settings; sunrise-based,
# one-off and free crontab schedules only confuse (their own names are «Астрономические события»
# and «Crontab»). The tasks themselves and their intervals stay.
for model in (SolarSchedule, ClockedSchedule, CrontabSchedule):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
