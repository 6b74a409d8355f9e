from django import forms
from django.contrib import admin
from django.db.models import F
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.admin import LongListMixin

from .models import Document, DocumentKind, NumberingSeries
from .selectors import CONTENT_FIELDS
from .series import check_series, series_has_numbers


class NumberingSeriesAdminForm(forms.ModelForm):
    """Kinds ticked from the document kinds and checked as the portal's page checks them (no raw JSON)."""

    kinds = forms.MultipleChoiceField(
        label=_("document kinds"), choices=DocumentKind.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = NumberingSeries
        fields = ["issuer", "name", "kinds"]

    def clean(self):
        data = super().clean()
        if data.get("issuer") is not None:
            series = self.instance if self.instance.pk else None
            data.update(check_series(issuer=data["issuer"], name=data.get("name") or "", kinds=data.get("kinds") or [],
                                     series=series))  # fmt: skip
        return data


@admin.register(NumberingSeries)
class NumberingSeriesAdmin(admin.ModelAdmin):
    """Separate number series per issuer (Điều 15.1.c); kinds not listed share one series."""

    form = NumberingSeriesAdminForm
    list_display = ["issuer", "name", "kinds_shown"]
    autocomplete_fields = ["issuer"]

    @admin.display(description=_("document kinds"))
    def kinds_shown(self, obj):
        return ", ".join(map(str, obj.kind_labels))

    def has_delete_permission(self, request, obj=None):
        # A series that has given numbers stays, so that its register reads right (as on the portal's page).
        return super().has_delete_permission(request, obj) and (obj is None or not series_has_numbers(obj))

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:  # the portal's edit page holds the version it read
            NumberingSeries.objects.filter(pk=obj.pk).update(version=F("version") + 1)


@admin.register(Document)
class DocumentAdmin(LongListMixin, SimpleHistoryAdmin):
    list_deferred = CONTENT_FIELDS  # a letter's body and tables: read on the document's own page
    list_display = ["number_text", "kind", "status", "issuer", "issued_on", "pdf_status"]
    list_filter = ["kind", "status", "pdf_status"]
    search_fields = ["number_text", "subject"]
    list_select_related = ["issuer"]

    def has_change_permission(self, request, obj=None):
        return False  # edited and issued through the portal's own pages, which keep the rules

    def has_add_permission(self, request):
        return False
