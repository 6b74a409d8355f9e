"""The stored files against the rows that point at them: orphans, missing files, and what to do about both.

Reads every installed model's FileFields through the app registry, so it knows
no app by name. Safe while the portal runs: a file younger than `GRACE` may be an
upload whose row is not committed yet, and files kept for their retention period
(`DeletedFile`) are neither orphans nor missing.
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from .models import DeletedFile
from .storage import purge_deleted_files

# Younger files may be uploads whose row is not committed yet (or `.part-` files still being written).
GRACE = datetime.timedelta(hours=1)


@dataclass
class FileReport:
    orphans: list[str] = field(default_factory=list)  # on disk, no row points at them
    missing: list[tuple[str, int, str]] = field(
        default_factory=list
    )  # (model label, pk, path): rows without their file
    kept: int = 0  # files kept for their retention period


def _file_fields():
    for model in apps.get_models():
        for model_field in model._meta.get_fields():
            if isinstance(model_field, models.FileField):
                yield model, model_field


def referenced_files() -> dict[str, tuple]:
    """{path: (model, pk, field)} for every row's file."""
    found = {}
    for model, model_field in _file_fields():
        rows = model._default_manager.exclude(**{model_field.name: ""}).values_list("pk", model_field.name)
        for pk, path in rows.iterator(chunk_size=5000):
            if path:
                found[path] = (model, pk, model_field)
    return found


def _stored_files(root: Path):
    for folder, _dirs, names in os.walk(root):
        for name in names:
            full = Path(folder) / name
            yield full.relative_to(root).as_posix(), full


def audit(now: datetime.datetime | None = None) -> FileReport:
    now = now or timezone.now()
    root = Path(settings.MEDIA_ROOT)
    referenced = referenced_files()
    kept = set(DeletedFile.objects.values_list("path", flat=True))
    report = FileReport(kept=len(kept))
    young = (now - GRACE).timestamp()
    on_disk = set()
    for relative, full in _stored_files(root) if root.exists() else ():
        on_disk.add(relative)
        if relative in referenced or relative in kept:
            continue
        if full.stat().st_mtime < young:
            report.orphans.append(relative)
    for path, (model, pk, _field) in sorted(referenced.items()):
        if path not in on_disk:
            report.missing.append((model._meta.label, pk, path))
    report.orphans.sort()
    return report


def repair(report: FileReport) -> dict[str, int]:
    """Remove the orphans, settle the rows whose file is missing, and purge files past their retention.

    A row settles through its model's `file_missing(field_name)` when it has one
    (a document forgets its PDF and may be rendered again); otherwise an optional
    file is cleared and a row that exists for its file (evidence) is deleted.
    """
    root = Path(settings.MEDIA_ROOT)
    for relative in report.orphans:
        (root / relative).unlink(missing_ok=True)
    settled = 0
    for label, pk, path in report.missing:
        model = apps.get_model(label)
        with transaction.atomic():
            row = model._default_manager.select_for_update().filter(pk=pk).first()
            model_field = next(
                (f for _m, f in _file_fields() if _m is model and getattr(row, f.name, None) == path), None
            )
            if row is None or model_field is None:
                continue  # changed meanwhile
            if hasattr(row, "file_missing"):
                row.file_missing(model_field.name)
            elif model_field.blank:
                model._default_manager.filter(pk=pk).update(**{model_field.name: ""})
            else:
                row.delete()
            settled += 1
    purged = purge_deleted_files()
    return {"orphans_removed": len(report.orphans), "rows_settled": settled, "retention_purged": len(purged)}
