from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    name = "units"
    verbose_name = _("Organisation registry")

    def ready(self):
        from core.caching import watch_tables

        from .models import Reorganisation, Unit

        watch_tables(Unit)  # the unit pickers of every list are kept until a unit changes
        # ...and who inherits whose records, read for every request of a unit's user.
        watch_tables(Reorganisation, Reorganisation.predecessors.through, Reorganisation.successors.through)
