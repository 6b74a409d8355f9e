"""What every app stores alike: evidence files, notifications, the e-mail outbox, deleted files kept a while."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StoredEvidence(models.Model):
    """A checked upload kept under a random name in private media; the user's name is kept here."""

    file = models.FileField(max_length=255)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name


class Notification(models.Model):
    """A message in a user's bell: what happened and where to look.

    In `core` because every app notifies (tasks, documents, accounts); the link
    is a URL, so this table knows no other app's models.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    message = models.CharField(max_length=500)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.message


class EmailStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Given up")


class OutgoingEmail(models.Model):
    """An e-mail the portal owes someone, kept until the mail server has accepted it.

    Written in the transaction of whatever causes it (a reminder, a password
    reset), so a mail server or a broker that is down delays it but never loses it.
    """

    subject = models.CharField(max_length=300)
    body = models.TextField()
    html_body = models.TextField(blank=True)
    to = models.JSONField(default=list)
    status = models.CharField(max_length=20, choices=EmailStatus.choices, default=EmailStatus.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return self.subject


class DeletedFile(models.Model):
    """A stored file no row points at any more, kept until its retention has passed.

    So a backup taken at any moment (database first, then the files) restores
    rows whose files are there; `manage.py check_files --delete` removes the file
    once `CCHC_FILE_RETENTION_DAYS` have passed.
    """

    path = models.CharField(max_length=255, unique=True)
    deleted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["deleted_at"])]

    def __str__(self) -> str:
        return self.path
