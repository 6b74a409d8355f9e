from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """Who did what and when, for administrators and Home Affairs: one append-only log."""

    name = "audit"
    verbose_name = _("Audit log")

    def ready(self):
        from . import exports, receivers  # noqa: F401  (registers the exporter and the signal receivers)
