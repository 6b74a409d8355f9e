"""Optimistic locking: two people editing one record never silently overwrite each other."""

from django.db import models
from django.db.models import F

from .errors import StaleVersion


class Versioned(models.Model):
    """A record people edit concurrently: `version` goes up by one on every change."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


def as_version(value) -> int | None:
    """A version number from user input (form, query string, JSON), or None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 < value < 2**31 else None
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 10:
        return int(value)
    return None


def claim_version(instance: Versioned, expected) -> None:
    """Bump `instance.version` if it is still `expected`; otherwise raise StaleVersion.

    Every caller sends the version its user read: a missing or garbled one is a
    conflict exactly like a stale one, so pages, the API and jobs all give the
    same answer. Compare-and-swap in one UPDATE, race-free on SQLite and
    PostgreSQL alike; call it inside the transaction that saves the new content.
    """
    model = type(instance)
    version = as_version(expected)
    claimed = version is not None and model.objects.filter(pk=instance.pk, version=version).update(
        version=F("version") + 1
    )
    if not claimed:
        current = model.objects.filter(pk=instance.pk).first()
        raise StaleVersion(current_version=current.version if current else 0, current=current)
    instance.version = version + 1


def require_version(instance: Versioned, expected) -> None:
    """Check without bumping, for a write that bumps the version itself (issuing a document)."""
    if as_version(expected) != instance.version:
        raise StaleVersion(current_version=instance.version, current=instance)
