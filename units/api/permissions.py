"""API permissions that follow a user's role, before any body is read."""

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions


class UnitPeopleReadOnly(permissions.BasePermission):
    """A unit's head and staff read plans, visits, findings, directives and documents; they change
    none of them (their own writes are on their tasks). A view lists in `unit_actions` the actions
    they may still take (e.g. asking for a document's PDF)."""

    message = _("A unit's head and staff may only read this.")

    def has_permission(self, request, view):
        # On one object the check waits until the object is found: another unit's is a 404 first.
        return view.detail or self._may(request, view)

    def has_object_permission(self, request, view, obj):
        return self._may(request, view)

    def _may(self, request, view) -> bool:
        if request.method in permissions.SAFE_METHODS or not request.user.is_unit_user:
            return True
        return getattr(view, "action", None) in getattr(view, "unit_actions", ())
