from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemediationConfig(AppConfig):
    """Directives, remediation tasks, their evidence, comments, delegation and reminders."""

    name = "remediation"
    verbose_name = _("Remediation")

    def ready(self):
        from . import receivers  # noqa: F401 - connects the signal receivers
