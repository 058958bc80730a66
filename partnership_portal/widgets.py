"""A reusable autocomplete for choices too many to list (1,200 groups, 10,000 partners).

``AutocompleteSelect`` replaces the ``<select>`` of a ``ModelChoiceField``: it renders only the
current value's label and a text box; ``static/js/autocomplete.js`` asks a permission-checked
endpoint for at most ``AUTOCOMPLETE_LIMIT`` matches as the user types. ``autocomplete_response``
is what such an endpoint returns.
"""

from django import forms
from django.http import JsonResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

AUTOCOMPLETE_LIMIT = 20
MIN_CHARS = 2
MAX_QUERY = 100


class AutocompleteSelect(forms.Widget):
    """A combobox (WAI-ARIA 1.2) bound to a hidden input that carries the chosen pk.

    ``url`` is a URL name of an endpoint answering ``?q=`` with ``autocomplete_response``. The
    field's queryset is never iterated: only the current value is looked up, for its label.
    """

    template_name = "widgets/autocomplete.html"

    def __init__(self, url, attrs=None, placeholder=""):
        super().__init__(attrs)
        self.url = url
        self.placeholder = placeholder
        self.choices = ()  # ModelChoiceField sets its ModelChoiceIterator here

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        result.choices = self.choices
        return result

    def label_for(self, value):
        if value in (None, ""):
            return ""
        queryset = getattr(self.choices, "queryset", None)
        if queryset is None:
            return ""
        try:
            obj = queryset.filter(pk=value).first()
        except (ValueError, TypeError, forms.ValidationError):
            return ""
        if obj is None:
            return ""
        return self.choices.field.label_from_instance(obj)

    def format_value(self, value):
        if hasattr(value, "pk"):
            value = value.pk
        return "" if value is None else str(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget["label"] = self.label_for(widget["value"]) if widget["value"] else ""
        if not widget["label"]:
            widget["value"] = ""
        widget["url"] = reverse(self.url)
        widget["min_chars"] = MIN_CHARS
        widget["placeholder"] = self.placeholder
        attrs = dict(widget["attrs"])
        widget["id"] = attrs.pop("id", None) or f"id_{name}"
        classes = [c for c in attrs.pop("class", "").split() if c != "form-select"]
        widget["css_class"] = " ".join(["form-control", *(c for c in classes if c != "form-control")])
        # Anything else (required, aria-describedby, aria-invalid, ...) goes on the text box.
        widget["input_attrs"] = {key: value for key, value in attrs.items() if value not in (False, None)}
        return context

    def render(self, name, value, attrs=None, renderer=None):
        # The project's template engine (the form renderer would not see templates/widgets/).
        return mark_safe(render_to_string(self.template_name, self.get_context(name, value, attrs)))

    def value_from_datadict(self, data, files, name):
        return data.get(name)


class AutocompleteSelectMultiple(AutocompleteSelect):
    """Several choices: each chosen one is a removable chip with its hidden input; the combobox
    adds more. For a ``ModelMultipleChoiceField``."""

    template_name = "widgets/autocomplete_multiple.html"

    def chosen(self, values):
        queryset = getattr(self.choices, "queryset", None)
        ids = [value for value in values if str(value).isdigit()]
        if queryset is None or not ids:
            return []
        by_pk = {str(obj.pk): obj for obj in queryset.filter(pk__in=ids)}
        label = self.choices.field.label_from_instance
        return [{"value": pk, "label": label(by_pk[pk])} for pk in dict.fromkeys(map(str, ids)) if pk in by_pk]

    def format_value(self, value):
        if value is None:
            return []
        if not isinstance(value, (list, tuple)):
            value = [value]
        return [str(getattr(item, "pk", item)) for item in value if item not in (None, "")]

    def get_context(self, name, value, attrs):
        context = super(AutocompleteSelect, self).get_context(name, value, attrs)
        widget = context["widget"]
        widget["chosen"] = self.chosen(widget["value"])
        widget["url"] = reverse(self.url)
        widget["min_chars"] = MIN_CHARS
        widget["placeholder"] = self.placeholder
        attrs = dict(widget["attrs"])
        widget["id"] = attrs.pop("id", None) or f"id_{name}"
        attrs.pop("size", None)
        attrs.pop("required", None)  # the chosen chips, not the text box, carry the value
        classes = [c for c in attrs.pop("class", "").split() if c not in ("form-select", "form-control")]
        widget["css_class"] = " ".join(["form-control", *classes])
        widget["input_attrs"] = {key: value for key, value in attrs.items() if value not in (False, None)}
        return context

    def value_from_datadict(self, data, files, name):
        getter = getattr(data, "getlist", None)
        return getter(name) if getter else data.get(name)

    def value_omitted_from_data(self, data, files, name):
        return False  # an empty list is a choice of none


def autocomplete_query(request):
    """The typed text, trimmed and bounded; "" when too short to search."""
    # A NUL byte is no text anyone types, and PostgreSQL refuses it in a query.
    query = (request.GET.get("q") or "").replace("\x00", "").strip()[:MAX_QUERY]
    return query if len(query) >= MIN_CHARS else ""


def autocomplete_response(objects, label):
    """``{"results": [{"id", "label"}], "more": bool}`` of the first ``AUTOCOMPLETE_LIMIT``
    objects (one more is read to know whether the list is cut)."""
    objects = list(objects[: AUTOCOMPLETE_LIMIT + 1])
    return JsonResponse(
        {
            "results": [{"id": obj.pk, "label": label(obj)} for obj in objects[:AUTOCOMPLETE_LIMIT]],
            "more": len(objects) > AUTOCOMPLETE_LIMIT,
        }
    )


def partner_widget():
    """The chooser of a partner (10,000 at a region's scale): typed and looked up."""
    return AutocompleteSelect("partners:autocomplete", placeholder=_("Type a partner's name"))


def use_widget(field, widget):
    """Replaces a choice field's widget after the form is built (the new one gets the field's
    choices and requiredness)."""
    widget.is_required = field.required
    field.widget = widget
    field.widget.choices = field.choices
