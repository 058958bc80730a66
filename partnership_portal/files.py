"""Storing generated files under a stable name (documents are re-rendered in place)."""

from django.core.files.base import ContentFile


def replace_file(instance, field_name, filename, data, *, save_fields=(), commit=True):
    """Stores ``data`` in ``instance.<field_name>`` under exactly the generated name, replacing
    any file there (the previous version, or one left by an interrupted attempt), then saves
    the field and ``save_fields`` (unless ``commit`` is False). Returns the stored name."""
    field = getattr(instance, field_name)
    if field:
        field.delete(save=False)
    name = field.field.generate_filename(instance, filename)
    if field.storage.exists(name):
        field.storage.delete(name)
    field.save(filename, ContentFile(data), save=False)
    if commit:
        instance.save(update_fields=[field_name, *save_fields])
    return field.name
