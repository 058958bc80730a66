#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnership_portal.settings.base")
    if not os.environ.get("SECRET_KEY"):
        # No secret configured: a developer's machine, so management commands run in development
        # mode. Servers set SECRET_KEY (and DEBUG=false); wsgi.py and the Celery app never do this.
        os.environ.setdefault("DEBUG", "true")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
