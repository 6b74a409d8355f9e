from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Official documents")

    def ready(self):
        from core.caching import watch_tables

        from . import exports  # noqa: F401 - registers the lists' XLSX exporters
        from .models import Document

        watch_tables(Document, Document.addressees.through)  # the documents list's count
