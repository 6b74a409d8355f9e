"""Exceptions that services raise and both the UI and the API understand."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The one message for a write based on a version that is not the stored one (or on none at all).
STALE_MESSAGE = _("This record was changed by someone else. Reload it and apply your change again.")


class StaleVersion(Exception):
    """A write was based on another version of a record than the one stored (or on no version)."""

    message = STALE_MESSAGE

    def __init__(self, current_version: int, current=None):
        super().__init__(str(self.message))
        self.current_version = current_version
        self.current = current


STORAGE_FULL_MESSAGE = _(
    "The portal's file storage is full, so the file was not kept. Nothing else was changed: "
    "try again later, and tell the administrator."
)


class StorageFull(ValidationError):
    """The disk for stored files is full; shown as a form error, 507 in the API."""

    def __init__(self):
        super().__init__(STORAGE_FULL_MESSAGE, code="storage_full")
