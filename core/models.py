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
    # What the e-mail is for ("password_reset", ...), so that kinds of mail can be counted and throttled.
    purpose = models.CharField(max_length=30, blank=True, default="")
    status = models.CharField(max_length=20, choices=EmailStatus.choices, default=EmailStatus.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["purpose", "created_at"]),
        ]

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


class BackgroundFile(models.Model):
    """A file someone asked for that a worker writes (a ZIP, a spreadsheet): who, what, the file, the lease.

    `updated_at` moves at each step a worker takes; the sweeper's lease runs from it.
    """

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=255)
    file = models.FileField(max_length=255, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class SpreadsheetStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being written")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class SpreadsheetExport(BackgroundFile):
    """A list as XLSX too long to write during the request: written by a worker, then offered.

    `name` says which list (an exporter registered in `core.exports`), `query`
    its filters as the page had them, so the worker writes what the user saw.
    """

    name = models.CharField(max_length=50)
    query = models.TextField(blank=True)
    list_url = models.CharField(max_length=2000, blank=True, help_text="The list page it came from, filters included.")
    filename = models.CharField(max_length=150)
    rows = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=20, choices=SpreadsheetStatus.choices, default=SpreadsheetStatus.QUEUED)

    class Meta(BackgroundFile.Meta):
        pass

    @property
    def is_working(self) -> bool:
        return self.status in (SpreadsheetStatus.QUEUED, SpreadsheetStatus.RUNNING)

    def waiting_seconds(self, now=None) -> int | None:
        return int(((now or timezone.now()) - self.created_at).total_seconds()) if self.is_working else None

    def file_missing(self, field_name: str) -> None:
        SpreadsheetExport.objects.filter(pk=self.pk).update(status=SpreadsheetStatus.FAILED, file="")
