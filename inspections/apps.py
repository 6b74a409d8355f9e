from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "inspections"
    verbose_name = _("Inspections")

    def ready(self):
        from core.caching import watch_tables

        from . import exports  # noqa: F401 - registers the lists' XLSX exporters
        from .models import InspectionPlan, InspectionTeam, InspectionVisit, ReformArea, TeamMember

        # The plan and area pickers of every list (who sees a plan follows its teams and visits).
        watch_tables(InspectionPlan, InspectionTeam, InspectionVisit, TeamMember, ReformArea)
