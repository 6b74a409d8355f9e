"""The audit log in the admin: to read, never to add, change or delete."""

from django.contrib import admin

from core.admin import ReadOnlyPlainAdmin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyPlainAdmin):
    list_display = ("at", "actor_name", "action", "object_type", "summary", "ip")
    list_filter = ("action", "object_type")
    search_fields = ("actor_name", "summary")
