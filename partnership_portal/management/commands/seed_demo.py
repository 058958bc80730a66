import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from contracts import demo as contracts_demo
from events import demo as events_demo
from monitoring import demo as monitoring_demo
from partners import demo as partners_demo
from partners.activity import refresh_activity
from partnership_portal.accounts import demo as accounts_demo
from partnership_portal.demo import DEMO_PASSWORD, SCALES
from partnership_portal.demo_bulk import seed_session
from practice import demo as practice_demo


class Command(BaseCommand):
    help = "Fills the database with realistic Russian demo data (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Seed even with DEBUG off (demo logins have a known password: never on a live server).",
        )

    def handle(self, *args, scale, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Demo accounts have a known password; with DEBUG off, pass --force to seed anyway.")
        started = time.monotonic()
        with transaction.atomic(), seed_session():
            staff = accounts_demo.seed_staff()
            logins = accounts_demo.LOGINS + partners_demo.seed(SCALES[scale], staff=staff)
            practice_demo.seed(SCALES[scale])
            contracts_demo.seed(SCALES[scale], staff=staff)
            events_demo.seed(SCALES[scale], staff=staff)
            monitoring_demo.seed(SCALES[scale], staff=staff)
            refresh_activity()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # fresh planner statistics after bulk inserts
        self.stdout.write(self.style.SUCCESS(f"Demo data ({scale}) ready in {time.monotonic() - started:.1f} s."))
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for role, login in logins:
            self.stdout.write(f"  {role:<14} {login}")
