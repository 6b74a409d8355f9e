from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Document, NumberingSeries


@admin.register(NumberingSeries)
class NumberingSeriesAdmin(admin.ModelAdmin):
    """Separate number series per issuer (Điều 15.1.c); kinds not listed share one series."""

    list_display = ["issuer", "name", "kinds"]
    autocomplete_fields = ["issuer"]


@admin.register(Document)
class DocumentAdmin(SimpleHistoryAdmin):
    list_display = ["number_text", "kind", "status", "issuer", "issued_on", "pdf_status"]
    list_filter = ["kind", "status", "pdf_status"]
    search_fields = ["number_text", "subject"]
    list_select_related = ["issuer"]

    def has_change_permission(self, request, obj=None):
        return False  # edited and issued through the portal's own pages, which keep the rules

    def has_add_permission(self, request):
        return False
