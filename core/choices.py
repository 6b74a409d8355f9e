"""`get_<field>_display()` from a table built once per field, not once per call.

Django rebuilds the whole choices dict (`make_hashable` over every choice) on each
call; a list page calls it for every row's status badge, which was 6 % of a task
list's work. The labels stay lazy: each call still answers in the active language.
"""

from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable


class QuickChoiceLabels(models.Model):
    class Meta:
        abstract = True

    def _get_FIELD_display(self, field):
        labels = field.__dict__.get("_labels_by_value")
        if labels is None:
            labels = field._labels_by_value = dict(make_hashable(field.flatchoices))
        value = getattr(self, field.attname)
        key = value if isinstance(value, str | int) or value is None else make_hashable(value)
        return force_str(labels.get(key, value), strings_only=True)
