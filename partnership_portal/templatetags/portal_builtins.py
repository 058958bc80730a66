"""Two of Django's built-ins, the same output in less time: every template has them
(``TEMPLATES[...]["OPTIONS"]["builtins"]``, loaded after Django's own, so these replace them).

- ``{% url %}``: Django's tag, reversing through ``partnership_portal.reversing.fast_reverse``
  (a list page reverses the same few names once per row).
- ``|date``: Django's filter, with the numeric formats the portal prints on every row
  (``d.m.Y``, ``d.m.Y H:i``, ``H:i``, ``d.m``) written by ``strftime``; any other format goes to
  Django's filter. Django's own builds a formatter per value and looks up the language each time.

``tests/test_portal_builtins.py`` compares both with Django's.
"""

import datetime

from django import template
from django.template import defaultfilters, defaulttags
from django.utils.html import conditional_escape

from partnership_portal.reversing import fast_reverse

register = template.Library()


class FastURLNode(defaulttags.URLNode):
    def render(self, context):
        from django.urls import NoReverseMatch

        args = [arg.resolve(context) for arg in self.args]
        kwargs = {key: value.resolve(context) for key, value in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        url = ""
        try:
            url = fast_reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    node = defaulttags.url(parser, token)
    return FastURLNode(node.view_name, node.args, node.kwargs, node.asvar)


# Django format → strftime, for the formats with no names of months or days (language-free).
_NUMERIC_FORMATS = {"d.m.Y": "%d.%m.%Y", "d.m.Y H:i": "%d.%m.%Y %H:%M", "H:i": "%H:%M", "d.m": "%d.%m"}


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    pattern = _NUMERIC_FORMATS.get(arg)
    if pattern is not None and isinstance(value, datetime.date) and value.year >= 1000:
        if "%H" in pattern and not isinstance(value, datetime.datetime):
            return defaultfilters.date(value, arg)  # Django's answer for a date with hours
        return value.strftime(pattern)
    return defaultfilters.date(value, arg)
