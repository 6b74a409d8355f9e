"""Exceptions that services raise and both the UI and the API understand."""

from django.utils.translation import gettext_lazy as _


class StaleVersion(Exception):
    """A write was based on an older version of a record than the one stored."""

    message = _("This record was changed by someone else while you were editing it.")

    def __init__(self, current_version: int, current=None):
        super().__init__(str(self.message))
        self.current_version = current_version
        self.current = current
