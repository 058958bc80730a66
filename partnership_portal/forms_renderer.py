"""The form renderer: Django's, with ``<select>`` written in Python.

Django renders a select through a template per option (``select_option.html``, which includes
``attrs.html``): a filter bar with a specialty list of a few dozen options costs a list page
several milliseconds. ``render_select`` writes the very same markup as those templates (the test
``tests/test_forms_renderer.py`` compares the two) for selects whose options are plain
``select_option.html``; anything else goes to the templates.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"


def _attrs(attrs):
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {conditional_escape(name)}")
        else:
            parts.append(f' {conditional_escape(name)}="{conditional_escape(str(value))}"')
    return "".join(parts)


def render_select(widget):
    html = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _group_index in widget["optgroups"]:
        if group_name:
            html.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in group_choices:
            html.append(
                "\n  "
                + format_html(
                    '<option value="{}"{}>{}</option>',
                    str(option["value"]),
                    mark_safe(_attrs(option["attrs"])),
                    option["label"],
                )
                + "\n"  # select_option.html ends with a newline
            )
        if group_name:
            html.append("\n  </optgroup>")
    html.append("\n</select>")
    return mark_safe("".join(html))


def _plain(widget):
    return all(
        option.get("template_name") == OPTION for _name, choices, _index in widget["optgroups"] for option in choices
    )


class PortalFormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        if template_name == SELECT and widget is not None and _plain(widget):
            return render_select(widget)
        return super().render(template_name, context, request)
