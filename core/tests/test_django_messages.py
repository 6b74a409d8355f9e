"""Django's, its admin's and third-party packages' own messages read Vietnamese (core/django_messages.py)."""

import ast
import inspect

import pytest
from django.apps import apps
from django.contrib import admin
from django.utils import translation

from core import django_messages

# Names the admin shows that stay as they are in Vietnamese.
ALLOWED_ENGLISH: set[str] = set()  # none: django-axes is named by core.axes_config


def _plural_pairs():
    """The (singular, plural) pairs of PLURALS, read from the source as makemessages reads them."""
    tree = ast.parse(inspect.getsource(django_messages))
    return [
        (node.args[0].value, node.args[1].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "ngettext_lazy"
    ]


def test_every_message_reads_vietnamese():
    assert len(django_messages.MESSAGES) > 100
    with translation.override("vi"):
        untranslated = [message for message in django_messages.MESSAGES if translation.gettext(message) == message]
    assert untranslated == []


def test_every_plural_message_reads_vietnamese():
    pairs = _plural_pairs()
    assert len(pairs) == len(django_messages.PLURALS)
    with translation.override("vi"):
        untranslated = [
            (singular, n)
            for singular, plural in pairs
            for n in (1, 2)
            if translation.ngettext(singular, plural, n) in (singular, plural)
        ]
    assert untranslated == []


def _admin_names(language):
    """The app and model names of every model in the admin, read in `language`."""
    with translation.override(language):
        return {
            model._meta.label: (
                str(apps.get_app_config(model._meta.app_label).verbose_name),
                str(model._meta.verbose_name),
                str(model._meta.verbose_name_plural),
            )
            for model in admin.site._registry
        }


def test_the_admin_names_apps_and_models_in_vietnamese():
    english, vietnamese = _admin_names("en"), _admin_names("vi")
    untranslated = sorted(
        (label, name)
        for label, names in english.items()
        for name, translated in zip(names, vietnamese[label], strict=True)
        if name == translated and name not in ALLOWED_ENGLISH
    )
    assert untranslated == []


@pytest.mark.parametrize("url", ["/admin/", "/admin/units/unit/"])
def test_admin_pages_carry_no_english_left_by_the_packages(client, cast, url):
    client.force_login(cast.admin)
    answer = client.get(url, HTTP_ACCEPT_LANGUAGE="vi")
    assert answer.status_code == 200
    page = answer.content.decode().lower()
    left = [
        text
        for text in ("Show counts", "Hide counts", "Please correct", "Auth Token", "Access attempts")
        if text.lower() in page
    ]
    assert left == []
