"""Admin inlines whose inputs have accessible names: a tabular inline shows its field names only
as column headers, so each input (and the «delete» checkbox) gets its column's label as
aria-label, with the row's number: «Фамилия, строка 2»."""

from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext as _


class LabelledInlineFormSet(BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        for name, field in form.fields.items():
            if field.widget.is_hidden:
                continue
            label = field.label or name
            if index is not None:
                label = _("%(label)s, row %(row)s") % {"label": label, "row": index + 1}
            field.widget.attrs.setdefault("aria-label", str(label))


class LabelledTabularInline(admin.TabularInline):
    formset = LabelledInlineFormSet
