"""Fast paths for seeding large demo data (`seed_demo --scale region`); nothing here runs in a request.

- ``bulk_update_values``: on PostgreSQL, one ``UPDATE … FROM (VALUES …)`` join per batch instead of
  ``bulk_update``'s ``CASE WHEN pk = … THEN …`` per row, whose cost grows with the square of the batch.
- ``copy_insert``: on PostgreSQL, ``COPY … FROM STDIN`` for rows with large JSON values (frozen
  snapshots): their text goes as written (psycopg2 sends JSON with every Cyrillic letter escaped as
  ``\\uXXXX``, three times the bytes for the server to parse), and no SQL is compiled per batch.
- ``reserve_ids``: primary keys taken ahead of an insert, so that rows can be completed (frozen
  snapshots, which read the row's own relations) before they are written, and written once.
- ``seed_session``: for one seeding transaction, asynchronous commit on PostgreSQL (demo data can be
  seeded again if the server crashes), lz4 compression of large values where the server has it, and
  the college's requisites read once instead of once per frozen document.
"""

import datetime as dt
import io
import json
from contextlib import contextmanager
from decimal import Decimal
from unittest import mock

from django.db import connection, models


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


def copy_insert(model, objects, *, batch_size=2000):
    """Inserts the unsaved ``objects`` of ``model`` as ``bulk_create`` would (``auto_now`` fields
    filled, no ``save()``, no signals, no history), without returning their ids: give them ids
    first (``reserve_ids``) if anything refers to them."""
    objects = list(objects)
    if not objects:
        return
    with connection.cursor() as cursor:
        copy = getattr(cursor.cursor, "copy_expert", None) if connection.vendor == "postgresql" else None
        if copy is None:  # not PostgreSQL through psycopg2
            model._default_manager.bulk_create(objects, batch_size=batch_size)
            return
        meta = model._meta
        with_pk = objects[0].pk is not None
        fields = [field for field in meta.concrete_fields if with_pk or field is not meta.pk]
        quote = connection.ops.quote_name
        sql = f"COPY {quote(meta.db_table)} ({', '.join(quote(field.column) for field in fields)}) FROM STDIN"
        for start in range(0, len(objects), batch_size):
            buffer = io.StringIO()
            for obj in objects[start : start + batch_size]:
                buffer.write("\t".join(_copy_text(field, obj) for field in fields))
                buffer.write("\n")
                obj._state.adding, obj._state.db = False, connection.alias
            buffer.seek(0)
            copy(sql, buffer)


def _copy_text(field, obj):
    """The field's value of ``obj`` in COPY's text format."""
    value = field.pre_save(obj, add=True)
    if value is not None and isinstance(field, models.JSONField):
        text = json.dumps(value, cls=field.encoder, ensure_ascii=False)
    else:
        value = field.get_db_prep_save(value, connection)
        if value is None:
            return "\\N"
        if isinstance(value, bool):
            text = "true" if value else "false"
        elif isinstance(value, (str, int, float, Decimal, dt.date, dt.time)):  # datetimes are dates
            text = str(value)
        else:
            raise TypeError(f"copy_insert: no COPY text for {field.model.__name__}.{field.name} = {value!r}")
    # str.replace, not str.translate: translate goes letter by letter through Python on Cyrillic text.
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def reserve_ids(model, count):
    """``count`` unused primary keys of ``model``, ascending, for objects about to be bulk-created."""
    if not count:
        return []
    meta = model._meta
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, meta.pk.column, count],
            )
            return sorted(row[0] for row in cursor.fetchall())
        # Elsewhere the seeding transaction is the only writer: the keys after the largest one.
        quote = connection.ops.quote_name
        cursor.execute(f"SELECT MAX({quote(meta.pk.column)}) FROM {quote(meta.db_table)}")
        last = cursor.fetchone()[0] or 0
    return list(range(last + 1, last + count + 1))


@contextmanager
def seed_session():
    """Use inside the seeding transaction (see the module docstring)."""
    from partners.models import College

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
            # The frozen snapshots (some 200 MB of JSON at region scale) are compressed as they are
            # written: lz4 does it in half the time of the default pglz, and reads back the same.
            cursor.execute("SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'")
            if (cursor.fetchone() or (False,))[0]:
                cursor.execute("SET LOCAL default_toast_compression TO lz4")
    read = College.current
    cache = []

    def current():
        if not cache:
            cache.append(read())
        return cache[0]

    # No demo writes the college's requisites: every document frozen while seeding prints the same.
    with mock.patch.object(College, "current", staticmethod(current)):
        yield
