"""Readable change history from django-simple-history records (partner card, contract page)."""


def _display(field, value):
    """A value as people read it: choice labels, related objects by name, details as text."""
    if value in (None, ""):
        return ""
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {item}" for key, item in value.items())
    return value


def history_entries(records, *, subject=None, hidden=()):
    """``records``: the history of ONE object, newest first, one more than will be shown (the
    oldest is only the base of a diff). Returns [{"record", "subject", "changes"}], where each
    change is {"name", "field", "old", "new"} against the version before."""
    entries = []
    for index, record in enumerate(records):
        previous = records[index + 1] if index + 1 < len(records) else None
        if record.history_type == "~" and previous is None:
            continue  # its predecessor is outside the window
        changes = []
        if previous is not None and record.history_type == "~":
            for change in record.diff_against(previous, foreign_keys_are_objs=True).changes:
                if change.field in hidden:
                    continue
                field = record.instance_type._meta.get_field(change.field)
                changes.append(
                    {
                        "name": change.field,
                        "field": field.verbose_name,
                        "old": _display(field, change.old),
                        "new": _display(field, change.new),
                    }
                )
        entries.append({"record": record, "subject": subject(record) if subject else "", "changes": changes})
    return entries
