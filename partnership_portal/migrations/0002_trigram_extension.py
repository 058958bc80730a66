"""pg_trgm for the lists' substring searches (trigram GIN indexes in the apps' migrations).
CreateExtension does nothing on SQLite (``make run``)."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("partnership_portal", "0001_initial"),
    ]

    operations = [
        TrigramExtension(),
    ]
