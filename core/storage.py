"""Where stored files live: written whole or not at all, and kept a while after their row is gone."""

from __future__ import annotations

import datetime
import errno
import os
import tempfile

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import transaction
from django.utils import timezone

from .errors import StorageFull
from .models import DeletedFile

FULL_DISK = {errno.ENOSPC, errno.EDQUOT}
PART_PREFIX = ".part-"


class AtomicFileSystemStorage(FileSystemStorage):
    """Files appear under their name only when complete.

    Each is written to a temporary name in the same folder, flushed to disk, and
    then linked to its final name (which fails rather than overwrite); on any
    error the temporary file is removed. A full disk raises `StorageFull`, a
    message for the person, never a truncated file for the portal.
    """

    def _save(self, name, content):
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        os.makedirs(directory, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(prefix=PART_PREFIX, dir=directory)
        try:
            with os.fdopen(descriptor, "wb") as handle:
                if hasattr(content, "seek"):
                    content.seek(0)
                for chunk in content.chunks():
                    handle.write(chunk if isinstance(chunk, bytes) else chunk.encode())
                handle.flush()
                os.fsync(handle.fileno())
            while True:
                try:
                    os.link(temporary, full_path)
                    break
                except FileExistsError:
                    name = self.get_available_name(name)
                    full_path = self.path(name)
        except OSError as error:
            if error.errno in FULL_DISK:
                raise StorageFull() from error
            raise
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
        if self.file_permissions_mode is not None:
            os.chmod(full_path, self.file_permissions_mode)
        return os.path.relpath(full_path, self.location).replace("\\", "/")


def forget_file(path: str) -> None:
    """A file no row points at any more: kept for the retention period, then `purge_deleted_files` removes it.

    Recorded in the caller's transaction, so a rolled-back delete forgets nothing.
    """
    if path:
        DeletedFile.objects.get_or_create(path=path)


def retention() -> datetime.timedelta:
    return datetime.timedelta(days=settings.CCHC_FILE_RETENTION_DAYS)


def purge_deleted_files(now: datetime.datetime | None = None) -> list[str]:
    """Remove the files forgotten longer ago than the retention period; return their paths."""
    limit = (now or timezone.now()) - retention()
    removed = []
    for record in DeletedFile.objects.filter(deleted_at__lt=limit).order_by("pk"):
        with transaction.atomic():
            default_storage.delete(record.path)
            record.delete()
        removed.append(record.path)
    return removed
