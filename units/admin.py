"""Django admin for administrators: users, and a read-mostly view of units.

Names, codes and parents change only through the reorganisation pages, which
keep the dated history; the admin shows them read-only.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.text import fold

from .models import Reorganisation, Unit, UnitVersion, User


class UnitVersionInline(admin.TabularInline):
    model = UnitVersion
    fk_name = "unit"
    extra = 0
    can_delete = False
    fields = ["valid_from", "valid_to", "name", "short_name", "code", "parent", "place_name"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "kind", "parent", "valid_from", "valid_to"]
    list_filter = ["kind", ("valid_to", admin.EmptyFieldListFilter)]
    search_fields = ["search_text", "code"]
    list_select_related = ["parent"]
    # The head too: it must be a member of the unit, which unit_set_head checks.
    readonly_fields = ["name", "short_name", "code", "kind", "parent", "place_name", "valid_from", "valid_to", "head"]
    fields = readonly_fields
    inlines = [UnitVersionInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_search_results(self, request, queryset, search_term):
        # search_text is stored folded: fold the words typed too, so "Nội vụ" finds what "noi vu" finds.
        return super().get_search_results(request, queryset, fold(search_term))


@admin.register(Reorganisation)
class ReorganisationAdmin(admin.ModelAdmin):
    list_display = ["effective_on", "kind", "decision", "created_by"]
    list_filter = ["kind"]
    readonly_fields = ["kind", "effective_on", "predecessors", "successors", "created_by"]
    fields = readonly_fields + ["decision", "note"]

    def has_add_permission(self, request):
        return False


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, BaseUserAdmin):
    list_display = ["username", "full_name", "role", "unit", "email", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["username", "full_name", "email"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Person"), {"fields": ("full_name", "title", "email")}),
        (_("Role and unit"), {"fields": ("role", "unit")}),
        (_("Access"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "full_name", "email", "role", "unit", "password1", "password2"),
            },
        ),
    )
