from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every app shares: version checks, uploads, text folding, notifications, form and API helpers."""

    name = "core"
    verbose_name = _("Portal")
