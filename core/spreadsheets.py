"""Every list as XLSX: the registry of lists and the writing of one.

Each app registers an exporter per list (`@exporter("tasks")`, in its
`exports.py`, imported by its AppConfig): given a request-like object (the user
and the page's query string) it returns the `Sheet`: title, columns, rows and
the filters it applied. `core.exports` decides whether a sheet is written during
the request or by a worker; both write it here, from the same exporter.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Q
from django.http import QueryDict
from django.utils import timezone, translation

from .caching import cached
from .models import SpreadsheetExport, SpreadsheetStatus
from .xlsx import Column, Table, tables_workbook


@dataclass
class Sheet:
    title: str
    filename: str
    columns: list[Column]
    rows: Iterable
    count: int
    filters: list[tuple[str, str]] = field(default_factory=list)
    more: list[Table] = field(default_factory=list)  # further worksheets (the dashboard has several tables)
    # Everything the columns and rows are made of (JSON-able), when the file may be kept for
    # `kept_seconds` and handed to whoever asks for the same: the dashboard's, from its figures.
    made_of: object = None
    kept_seconds: int = 0

    def content(self) -> bytes:
        if self.made_of is None or not self.kept_seconds:
            return self._written()
        return cached(self._key(), self._written, self.kept_seconds)

    def _written(self) -> bytes:
        # A worker has no request language: the sheet speaks the portal's, as its page does.
        with translation.override(settings.LANGUAGE_CODE):
            return tables_workbook([Table(self.title, self.columns, self.rows), *self.more], self.filters)

    def _key(self) -> str:
        # Keyed by its content: different figures or filters are a different file, never a stale one.
        made_of = [self.title, self.filename, self.filters, self.made_of]
        raw = json.dumps(made_of, sort_keys=True, default=str, ensure_ascii=False)
        return "cchc:xlsx:" + hashlib.sha256(raw.encode()).hexdigest()


EXPORTERS: dict[str, Callable] = {}
CHUNK = 2000


def chunked(queryset, prepare: Callable | None = None, size: int = CHUNK):
    """A long queryset's rows read `size` at a time (memory stays flat); `prepare(rows)` completes each chunk,
    e.g. with the unit names as of each visit's date, in one query per chunk rather than per row."""
    rows = []
    for row in queryset.iterator(chunk_size=size):
        rows.append(row)
        if len(rows) == size:
            if prepare:
                prepare(rows)
            yield from rows
            rows = []
    if rows and prepare:
        prepare(rows)
    yield from rows


def yes(value) -> str:
    return "Có" if value else ""


def local_date(moment):
    return timezone.localdate(moment) if moment else None


def exporter(name: str):
    """Register `function(request) -> Sheet` as the XLSX of the list `name`."""

    def register(function):
        EXPORTERS[name] = function
        return function

    return register


def sheet_for(name: str, user, query: str) -> Sheet:
    """The sheet of list `name` for `user`, filtered as the query string says (as its page would be)."""
    return EXPORTERS[name](SimpleNamespace(user=user, GET=QueryDict(query)))


def write_spreadsheet(export_id: int) -> str:
    """The worker's half: write the sheet the user asked for and offer it. Safe to run twice."""
    export = SpreadsheetExport.objects.select_related("requested_by").get(pk=export_id)
    if export.status == SpreadsheetStatus.DONE:
        return export.file.name
    SpreadsheetExport.objects.filter(pk=export_id).update(status=SpreadsheetStatus.RUNNING, updated_at=timezone.now())
    sheet = sheet_for(export.name, export.requested_by, export.query)
    path = default_storage.save(f"spreadsheets/{export_id}/{export.filename}", ContentFile(sheet.content()))
    SpreadsheetExport.objects.filter(pk=export_id).update(
        status=SpreadsheetStatus.DONE, file=path, rows=sheet.count, updated_at=timezone.now()
    )
    return path


def mark_failed(export_id: int, error: Exception) -> None:
    SpreadsheetExport.objects.filter(pk=export_id).update(status=SpreadsheetStatus.FAILED, error=str(error)[:500])


def forget_old_spreadsheets(now) -> int:
    """Written spreadsheets are copies of lists, not records: they go after a few days."""
    old = SpreadsheetExport.objects.filter(created_at__lt=now - datetime.timedelta(days=settings.SPREADSHEET_DAYS))
    for export in old.exclude(file=""):
        default_storage.delete(export.file.name)
    return old.delete()[0]


def spreadsheets_to_send_again(now) -> list[int]:
    """Spreadsheets asked for but never taken (the message was lost) or written past their lease (dead)."""
    waited = now - datetime.timedelta(seconds=settings.REDISPATCH_AFTER_SECONDS)
    lease = now - datetime.timedelta(seconds=settings.JOB_LEASE_SECONDS)
    stale = Q(status=SpreadsheetStatus.QUEUED, updated_at__lt=waited) | Q(
        status=SpreadsheetStatus.RUNNING, updated_at__lt=lease
    )
    ids = list(SpreadsheetExport.objects.filter(stale).order_by("pk").values_list("pk", flat=True)[:200])
    SpreadsheetExport.objects.filter(pk__in=ids).update(status=SpreadsheetStatus.QUEUED, updated_at=now)
    return ids
