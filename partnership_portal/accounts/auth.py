"""Helpers for django-axes."""


def axes_username(request, credentials):
    """Count failures per normalised e-mail, known user or not, so both get the same treatment."""
    source = credentials if credentials is not None else request.POST
    return (source.get("username") or "").strip().lower()
