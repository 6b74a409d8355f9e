"""Optimistic locking: two people editing one record never silently overwrite each other."""

from django.db import models
from django.db.models import F

from .errors import StaleVersion


class Versioned(models.Model):
    """A record people edit concurrently: `version` goes up by one on every change."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


def claim_version(instance: Versioned, expected: int | None) -> None:
    """Bump `instance.version` if it is still `expected`; otherwise raise StaleVersion.

    Compare-and-swap in one UPDATE, so it is race-free on SQLite and PostgreSQL
    alike. Call inside the transaction that then saves the new content.
    `expected=None` means the caller did not read a version (trusted internal
    callers only) and skips the check.
    """
    model = type(instance)
    if expected is None:
        expected = model.objects.filter(pk=instance.pk).values_list("version", flat=True).first()
    claimed = model.objects.filter(pk=instance.pk, version=expected).update(version=F("version") + 1)
    if not claimed:
        current = model.objects.filter(pk=instance.pk).first()
        raise StaleVersion(current_version=current.version if current else 0, current=current)
    instance.version = expected + 1
