"""The audit log: one row per sign-in, failed sign-in, sign-out and recorded change, never edited.

The rows are written by `receivers` from Django's login signals and from every history record
django-simple-history keeps (plans, visits, findings, directives, tasks, documents, units,
users, team members, evidence). Append-only: the model refuses updates and deletes, and on
PostgreSQL a trigger refuses them too (migration 0002).
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.choices import QuickChoiceLabels


class AuditAction(models.TextChoices):
    LOGIN = "login", _("Signed in")
    LOGIN_FAILED = "login_failed", _("Failed sign-in")
    LOGOUT = "logout", _("Signed out")
    CREATED = "created", _("Created")
    CHANGED = "changed", _("Changed")
    DELETED = "deleted", _("Deleted")


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionDenied("The audit log is append-only.")

    def delete(self):
        raise PermissionDenied("The audit log is append-only.")


class AuditEntry(QuickChoiceLabels, models.Model):
    at = models.DateTimeField(_("time"), default=timezone.now)
    # No cascade, no constraint: deleting an account never touches the log (its name stays below).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    # The name as it was (or the username a failed sign-in tried): it outlives the account.
    actor_name = models.CharField(_("user"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices)
    object_type = models.CharField(_("kind of record"), max_length=60, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    summary = models.CharField(_("record"), max_length=300, blank=True)
    changes = models.TextField(_("changes"), blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    # Tree path of the province the actor (or, without one, the record) belongs to: Home Affairs' scope.
    province = models.CharField(max_length=30, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["-at", "-id"], name="audit_at"),
            models.Index(fields=["province", "-at"], name="audit_province_at"),
            models.Index(fields=["actor", "-at"], name="audit_actor_at"),
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_name} {self.get_action_display()} {self.summary}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionDenied("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("The audit log is append-only.")
