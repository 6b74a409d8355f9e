"""`get_<field>_display()` from a table kept per field and language (core.choices.QuickChoiceLabels)."""

from django.db import models
from django.utils import translation

from units.models import Role, Unit, UnitKind, User


def djangos_own(instance, name: str) -> str:
    return models.Model._get_FIELD_display(instance, instance._meta.get_field(name))


def test_a_label_is_djangos_own_in_the_language_active_at_each_call():
    user, unit = User(role=Role.UNIT_HEAD), Unit(kind=UnitKind.DEPARTMENT)
    seen = {}
    for language in ("vi", "en", "vi"):
        with translation.override(language):
            seen.setdefault(language, user.get_role_display())
            assert user.get_role_display() == djangos_own(user, "role") == seen[language]
            assert unit.get_kind_display() == djangos_own(unit, "kind")
    assert seen["vi"] != seen["en"]  # the table of one language is never served in another


def test_a_value_outside_the_choices_is_shown_as_it_is():
    user = User(role="retired")
    with translation.override("vi"):
        assert user.get_role_display() == djangos_own(user, "role") == "retired"
