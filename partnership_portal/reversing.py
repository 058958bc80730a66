"""``reverse()`` remembered per URL name: a list page reverses the same few names once per row.

Django's ``reverse()`` looks up the URL configuration, the script prefix and the active language
in context-local storage and walks the resolver's tables on every call: about 70 µs here, and a
list page of 25 rows with three links a row spends 5 ms on it. ``fast_reverse`` reverses a name
once with stand-in numbers and keeps the URL cut where the numbers were; later calls with
non-negative integers (primary keys) join the pieces. Anything else — keyword arguments, strings,
a name whose URL does not come back in that shape — goes to ``reverse()`` as before.

A kept URL is checked when it is made: it must give what ``reverse()`` gives for a one-digit and
for a nineteen-digit number, so a pattern that accepts only some numbers is never kept.
``tests/test_portal_builtins.py`` compares the two for every named URL of the project.
"""

from functools import lru_cache

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

_STAND_IN = 9_100_000_000_000_000_000  # 19 digits no real URL holds; one more per argument


@lru_cache(maxsize=4096)
def _pieces(viewname, count, current_app, urlconf, prefix, language):
    """The URL of ``viewname`` with ``count`` integer arguments, cut where they go; None when it
    cannot be kept (such calls always go to ``reverse()``)."""
    stand_ins = [str(_STAND_IN + index) for index in range(count)]
    try:
        url = reverse(viewname, urlconf=urlconf, args=stand_ins, current_app=current_app)
    except NoReverseMatch:
        return None
    pieces = []
    rest = url
    for stand_in in stand_ins:
        before, found, rest = rest.partition(stand_in)
        if not found or stand_in in rest:
            return None
        pieces.append(before)
    pieces.append(rest)
    pieces = tuple(pieces)
    small = [index + 1 for index in range(count)]
    try:
        if _join(pieces, small) != reverse(viewname, urlconf=urlconf, args=small, current_app=current_app):
            return None
    except NoReverseMatch:
        return None
    return pieces


def _join(pieces, args):
    parts = [pieces[0]]
    for arg, piece in zip(args, pieces[1:], strict=True):
        parts.append(str(arg))
        parts.append(piece)
    return "".join(parts)


def _plain_number(value):
    return type(value) is int and value >= 0  # not bool, not a string of digits


def fast_reverse(viewname, args=(), kwargs=None, current_app=None):
    """``reverse(viewname, args=args, kwargs=kwargs, current_app=current_app)``, faster when every
    argument is a non-negative ``int``."""
    if kwargs or not isinstance(viewname, str) or not all(_plain_number(arg) for arg in args):
        return reverse(viewname, args=args, kwargs=kwargs, current_app=current_app)
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    pieces = _pieces(viewname, len(args), current_app, urlconf, get_script_prefix(), get_language())
    if pieces is None:
        return reverse(viewname, args=args, kwargs=kwargs, current_app=current_app)
    return _join(pieces, args)


@receiver(setting_changed)
def _forget(*, setting, **kwargs):
    """A test that swaps the URL configuration (as Django's own URL caches are cleared)."""
    if setting in ("ROOT_URLCONF", "FORCE_SCRIPT_NAME", "LANGUAGES", "LANGUAGE_CODE"):
        _pieces.cache_clear()
