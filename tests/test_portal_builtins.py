"""The portal's {% url %} and |date give exactly what Django's give (partnership_portal.templatetags.portal_builtins)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Engine, engines
from django.test import override_settings
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone, translation

from partnership_portal import reversing
from partnership_portal.reversing import fast_reverse


def _named_patterns(patterns=None, namespace="", converters=0):
    """(qualified name, number of arguments) of every named URL of the project, admin included."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for entry in patterns:
        own = len(entry.pattern.converters) if hasattr(entry.pattern, "converters") else 0
        own += entry.pattern.regex.groups if not hasattr(entry.pattern, "converters") else 0
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _named_patterns(entry.url_patterns, inner, converters + own)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", converters + own


NAMED = sorted(set(_named_patterns()))


def test_the_project_has_urls_with_numbers():
    assert len(NAMED) > 200
    assert sum(1 for _name, count in NAMED if count) > 100


@pytest.mark.parametrize("language", ["ru", "en"])
def test_fast_reverse_equals_reverse_for_every_named_url(language):
    """Every name, with small and large numbers: the same URL as reverse(), or the same error."""
    kept = 0
    with translation.override(language):
        for name, count in NAMED:
            for args in ([index + 3 for index in range(count)], [987654321 + index for index in range(count)]):
                try:
                    expected = reverse(name, args=args)
                except NoReverseMatch:
                    with pytest.raises(NoReverseMatch):
                        fast_reverse(name, args=args)
                    continue
                assert fast_reverse(name, args=args) == expected, (name, args)
                kept += 1
    assert kept > 300


def test_strings_keyword_arguments_and_booleans_go_to_reverse():
    assert fast_reverse("partners:detail", args=["12"]) == reverse("partners:detail", args=["12"])
    assert fast_reverse("partners:detail", kwargs={"pk": 12}) == reverse("partners:detail", kwargs={"pk": 12})
    with pytest.raises(NoReverseMatch):
        fast_reverse("partners:detail", args=[-1])
    with pytest.raises(NoReverseMatch):
        fast_reverse("partners:detail", args=["a/b"])
    # A pattern that takes only some strings (report formats) is never cut into pieces.
    assert fast_reverse("monitoring:report_download", args=[5, "pdf"]) == reverse(
        "monitoring:report_download", args=[5, "pdf"]
    )


def test_a_new_url_configuration_is_not_served_from_the_old_one():
    before = fast_reverse("partners:detail", args=[7])
    with override_settings(ROOT_URLCONF="tests.urls_prefixed"):
        assert fast_reverse("partners:detail", args=[7]) == reverse("partners:detail", args=[7]) != before
    assert fast_reverse("partners:detail", args=[7]) == before


def test_the_script_prefix_is_kept_apart():
    from django.urls import set_script_prefix

    set_script_prefix("/portal/")
    try:
        assert fast_reverse("partners:detail", args=[7]) == "/portal/partners/7/"
    finally:
        set_script_prefix("/")
    assert fast_reverse("partners:detail", args=[7]) == "/partners/7/"


def _both(source, context):
    """The template rendered by the portal's engine and by a plain Django engine."""
    ours = engines["django"].from_string(source).render(context)
    plain = Engine(libraries={}, builtins=[]).from_string(source).render(Context(context))
    return ours, plain


def test_url_tag_equals_djangos():
    source = (
        "{% url 'partners:detail' pk %}|{% url 'partners:detail' pk as link %}{{ link }}|"
        "{% url 'contracts:list' %}|{% url 'partners:detail' pk=pk %}|{% url 'partners:invitation_accept' text %}"
    )
    ours, plain = _both(source, {"pk": 42, "text": "a&b c"})
    assert ours == plain
    assert "/partners/42/" in ours


def test_url_tag_as_variable_swallows_a_missing_url_like_djangos():
    ours, plain = _both("{% url 'no-such-name' 1 as link %}[{{ link }}]", {})
    assert ours == plain == "[]"


MOSCOW = ZoneInfo("Europe/Moscow")
VALUES = [
    datetime.date(2026, 3, 9),
    datetime.date(999, 1, 2),  # years below 1000 go to Django's
    datetime.datetime(2026, 12, 31, 23, 30, tzinfo=datetime.UTC),  # the next day in Moscow
    datetime.datetime(2026, 7, 1, 8, 5, tzinfo=MOSCOW),
    datetime.datetime(2026, 7, 1, 8, 5),  # naive
    datetime.time(7, 45),
    None,
    "",
    "not a date",
]


@pytest.mark.parametrize("value", VALUES, ids=repr)
@pytest.mark.parametrize("fmt", ["d.m.Y", "d.m.Y H:i", "H:i", "d.m", "j E Y", None])
@pytest.mark.parametrize("language", ["ru", "en"])
def test_date_filter_equals_djangos(value, fmt, language):
    source = "{{ value|date }}" if fmt is None else f'{{{{ value|date:"{fmt}" }}}}'
    with translation.override(language), timezone.override(MOSCOW):
        try:
            plain = Engine(libraries={}, builtins=[]).from_string(source).render(Context({"value": value}))
        except (TypeError, ValueError) as error:  # a date with hours: Django's error, ours the same
            with pytest.raises(type(error)):
                engines["django"].from_string(source).render({"value": value})
            return
        assert engines["django"].from_string(source).render({"value": value}) == plain


def test_kept_urls_are_reused():
    reversing._pieces.cache_clear()
    for pk in range(50):
        fast_reverse("partners:detail", args=[pk])
    info = reversing._pieces.cache_info()
    assert info.misses == 1 and info.hits == 49
