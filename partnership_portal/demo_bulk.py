"""Fast paths for seeding large demo data (`seed_demo --scale region`); nothing here runs in a request.

- ``bulk_update_values``: on PostgreSQL, one ``UPDATE … FROM (VALUES …)`` join per batch instead of
  ``bulk_update``'s ``CASE WHEN pk = … THEN …`` per row, whose cost grows with the square of the batch.
- ``seed_session``: for one seeding transaction, asynchronous commit on PostgreSQL (demo data can be
  seeded again if the server crashes) and the college's requisites read once instead of once per
  frozen document.
"""

from contextlib import contextmanager
from unittest import mock

from django.db import connection


def bulk_update_values(model, objects, fields, *, batch_size=2000):
    """Writes ``fields`` of ``objects`` (saved rows of ``model``) in batches; no signals, no history."""
    objects = list(objects)
    if not objects:
        return
    if connection.vendor != "postgresql":
        model._default_manager.bulk_update(objects, fields, batch_size=batch_size)
        return
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    pk = meta.pk
    quote = connection.ops.quote_name
    casts = [pk.db_type(connection)] + [field.db_type(connection) for field in columns]
    row = "(" + ", ".join(f"%s::{cast}" for cast in casts) + ")"
    names = ", ".join(quote(name) for name in [pk.column] + [field.column for field in columns])
    assignments = ", ".join(f"{quote(field.column)} = v.{quote(field.column)}" for field in columns)
    with connection.cursor() as cursor:
        for start in range(0, len(objects), batch_size):
            batch = objects[start : start + batch_size]
            params = []
            for obj in batch:
                params.append(obj.pk)
                for field in columns:
                    params.append(field.get_db_prep_save(getattr(obj, field.attname), connection))
            cursor.execute(
                f"UPDATE {quote(meta.db_table)} AS t SET {assignments} "
                f"FROM (VALUES {', '.join([row] * len(batch))}) AS v({names}) "
                f"WHERE t.{quote(pk.column)} = v.{quote(pk.column)}",
                params,
            )


@contextmanager
def seed_session():
    """Use inside the seeding transaction (see the module docstring)."""
    from partners.models import College

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
    read = College.current
    cache = []

    def current():
        if not cache:
            cache.append(read())
        return cache[0]

    # No demo writes the college's requisites: every document frozen while seeding prints the same.
    with mock.patch.object(College, "current", staticmethod(current)):
        yield
