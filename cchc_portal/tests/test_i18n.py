import datetime
import gettext
import shutil
from pathlib import Path

import polib
from django.core.management import call_command
from django.template import Context, Template
from django.utils import translation

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "vi" / "LC_MESSAGES"


def test_every_message_is_translated():
    catalogue = polib.pofile(str(LOCALE / "django.po"))
    missing = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert missing == [] and fuzzy == []


def test_compiled_catalogue_matches_the_source():
    compiled = gettext.GNUTranslations((LOCALE / "django.mo").open("rb"))._catalog
    source = polib.pofile(str(LOCALE / "django.po"))
    for entry in source.translated_entries():
        msgid = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid  # gettext's context key
        key = (msgid, 0) if entry.msgid_plural else msgid
        expected = entry.msgstr_plural[0] if entry.msgid_plural else entry.msgstr
        assert compiled.get(key) == expected, f"stale django.mo for {entry.msgid!r}: run make messages"


def test_dates_are_day_month_year():
    with translation.override("vi"):
        rendered = Template("{{ day|date }} {{ day|date:'SHORT_DATE_FORMAT' }}").render(
            Context({"day": datetime.date(2021, 2, 8)})
        )
    assert rendered == "08/02/2021 08/02/2021"


def test_forms_accept_day_month_year(db):
    from django import forms

    class Probe(forms.Form):
        day = forms.DateField()

    with translation.override("vi"):
        form = Probe({"day": "23/02/2021"})
        assert form.is_valid() and form.cleaned_data["day"] == datetime.date(2021, 2, 23)


def test_every_message_in_the_code_is_in_the_catalogue(tmp_path, settings, monkeypatch):
    """A new string a user can see fails here until `make messages` and a translation add it.

    Extracted in a scratch folder (symlinks to the code, a copy of the catalogue),
    so the test never writes to the repository's own catalogue.
    """
    root = LOCALE.parents[2]
    for name in ("core", "cchc_portal", "audit", "units", "inspections", "remediation", "reports", "templates"):
        (tmp_path / name).symlink_to(root / name)
    shutil.copytree(root / "locale", tmp_path / "locale")
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=["vi"], symlinks=True, ignore_patterns=["tests"], verbosity=0)
    extracted = {entry.msgid for entry in polib.pofile(str(tmp_path / "locale/vi/LC_MESSAGES/django.po"))}
    catalogued = {entry.msgid for entry in polib.pofile(str(LOCALE / "django.po")) if not entry.obsolete}
    assert sorted(extracted - catalogued) == []


def test_every_message_of_the_jinja2_templates_is_in_the_catalogue():
    """`makemessages` reads a Jinja2 `{{ ... }}` only when it starts with `_(`: a message written
    after it (`{{ label or _("Filter") }}`) fell out of the catalogue unseen. Write such a message in
    a `{% set %}`, which is read whole."""
    import re

    message = re.compile(r"""\b_\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')\s*\)""")
    catalogue = {entry.msgid for entry in polib.pofile(str(LOCALE / "django.po")).translated_entries()}
    templates = LOCALE.parents[2] / "templates" / "jinja2"
    missing = [
        (str(path.relative_to(templates)), found[0] or found[1])
        for path in sorted(templates.rglob("*.html"))
        for found in message.findall(path.read_text(encoding="utf-8"))
        if (found[0] or found[1]) not in catalogue
    ]
    assert missing == []
