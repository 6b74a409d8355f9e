"""Seed the reform areas of DOMAIN.md §3, and on PostgreSQL the full-text search index."""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

AREAS = [
    ("DIRECTION", "Công tác chỉ đạo, điều hành CCHC"),
    ("INSTITUTIONS", "Cải cách thể chế"),
    ("PROCEDURES", "Cải cách thủ tục hành chính"),
    ("ORGANISATION", "Cải cách tổ chức bộ máy hành chính nhà nước"),
    ("CIVIL_SERVICE", "Cải cách chế độ công vụ; xây dựng, nâng cao chất lượng đội ngũ CBCCVC"),
    ("PUBLIC_FINANCE", "Cải cách tài chính công"),
    ("MODERNISATION", "Hiện đại hóa nền hành chính; xây dựng chính quyền điện tử, chính quyền số"),
]


def seed_areas(apps, schema_editor):
    ReformArea = apps.get_model("inspections", "ReformArea")
    for position, (code, name) in enumerate(AREAS, start=1):
        ReformArea.objects.get_or_create(code=code, defaults={"name": name, "position": position})


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
