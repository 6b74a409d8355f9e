"""django-axes under a name the admin can show in Vietnamese (its own AppConfig names nothing)."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _


class SignInAttemptsConfig(AxesAppConfig):
    verbose_name = _("Sign-in attempts")
