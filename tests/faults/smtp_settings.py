"""Settings of a test worker that sends its letters over real SMTP, to 127.0.0.1 at the port in
``PORTAL_TEST_SMTP_PORT`` (the test settings otherwise keep letters in memory)."""

import os

from partnership_portal.settings.test import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ["PORTAL_TEST_SMTP_PORT"])
EMAIL_USE_TLS = EMAIL_USE_SSL = False
EMAIL_HOST_USER = EMAIL_HOST_PASSWORD = ""
EMAIL_TIMEOUT = 5
