"""PostgreSQL-only indexes that leave ``make run`` on SQLite working.

Trigram (``pg_trgm``) GIN indexes make the lists' substring searches (``icontains`` is
``UPPER(col) LIKE UPPER('%...%')`` on PostgreSQL) read an index instead of every row. SQLite
has neither GIN nor ``pg_trgm``: there the migrations record the index in the state (so
``makemigrations --check`` stays clean) and create nothing.
"""

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db.migrations.operations import AddIndex
from django.db.models.functions import Upper


def trigram_index(field, *, name, upper=True):
    """A GIN trigram index on ``field`` (on ``UPPER(field)`` for ``icontains``, else on the
    column itself for ``contains`` over an already lower-cased search text)."""
    if upper:
        return GinIndex(OpClass(Upper(field), name="gin_trgm_ops"), name=name)
    return GinIndex(fields=[field], opclasses=["gin_trgm_ops"], name=name)


class AddIndexOnPostgres(AddIndex):
    """``AddIndex`` that changes the database only on PostgreSQL (the state everywhere)."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
