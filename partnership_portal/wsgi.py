import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnership_portal.settings.base")

application = get_wsgi_application()

from partnership_portal.startup import freeze_start_up_objects  # noqa: E402 - needs the apps loaded

freeze_start_up_objects()
