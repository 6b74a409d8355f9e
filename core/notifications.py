"""In-app notifications: writing them (in the portal's language) and reading a user's bell."""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone, translation

from .models import Notification


def in_portal_language():
    """Messages stored for others are written in the portal's language, whoever triggers them."""
    return translation.override(settings.LANGUAGE_CODE)


def notify(users, message: str, url: str = "", exclude=None) -> None:
    """One notification per user (but `exclude`); build `message` inside `in_portal_language()`."""
    Notification.objects.bulk_create(
        Notification(user=user, message=str(message)[:500], url=url[:300])
        for user in users
        if exclude is None or user.pk != exclude.pk
    )


def notifications_of(user) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).order_by("-created_at", "-pk")


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notification_read(notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_read_all(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


def shorten(text: str, length: int = 80) -> str:
    """A message-sized excerpt of a longer text."""
    return text if len(text) <= length else text[: length - 1] + "…"
