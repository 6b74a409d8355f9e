from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemediationConfig(AppConfig):
    """Directives, remediation tasks, their evidence, comments, delegation and reminders."""

    name = "remediation"
    verbose_name = _("Remediation")

    def ready(self):
        from core.caching import watch_tables

        from . import (
            exports,  # noqa: F401 - registers the task list's XLSX exporter
            receivers,  # noqa: F401 - connects the signal receivers
        )
        from .models import Directive, RemediationTask

        watch_tables(RemediationTask, Directive)  # the task counts of every list and home page
