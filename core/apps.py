from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every app shares: version checks, uploads, text folding, notifications, form and API helpers."""

    name = "core"
    verbose_name = _("Portal")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.db.backends.signals import connection_created
        from django.db.models import IntegerField

        from . import search  # noqa: F401  (registers the folding function on each SQLite connection)
        from .caching import install_stamp_writes
        from .lookups import InArray
        from .sessions import mark_seen_at_login

        user_logged_in.connect(mark_seen_at_login, dispatch_uid="core.sessions.mark_seen_at_login")
        connection_created.connect(install_stamp_writes, dispatch_uid="core.caching.install_stamp_writes")
        IntegerField.register_lookup(InArray)  # ids (AutoField and BigAutoField are IntegerFields)
