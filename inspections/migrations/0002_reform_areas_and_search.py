"""Seed the reform areas of DOMAIN.md §3, and on PostgreSQL unaccent and the full-text search index."""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

from inspections.reference_data import ensure_default_areas


def seed_areas(apps, schema_editor):
    ensure_default_areas(apps.get_model("inspections", "ReformArea"))


def search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS inspections_finding_search "
            # The same expression Django's SearchVector("search_text", config="simple") builds, so it is used.
            "ON inspections_finding USING gin (to_tsvector('simple'::regconfig, COALESCE(search_text, '')))"
        )


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS inspections_finding_search")


class Migration(migrations.Migration):
    dependencies = [("inspections", "0001_initial")]

    operations = [
        UnaccentExtension(),
        migrations.RunPython(seed_areas, migrations.RunPython.noop),
        migrations.RunPython(search_index, drop_search_index),
    ]
