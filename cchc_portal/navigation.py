"""The menu each role sees. One list, so that menus never drift between templates."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from units.models import Role

EVERYONE = frozenset(Role.values) | {"superuser"}


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset
    prefix: str = ""


PLANNERS = frozenset({Role.ADMIN, Role.HOME_AFFAIRS, Role.INSPECTOR, Role.CLERK, "superuser"})
# Who keeps the portal's reference data (people, numbering series, reform areas).
KEEPERS = frozenset({Role.ADMIN, Role.HOME_AFFAIRS, "superuser"})

ITEMS = [
    NavItem(_("Home"), "home", EVERYONE),
    NavItem(_("Dashboard"), "dashboard:index", EVERYONE, "/dashboard/"),
    NavItem(_("Plans"), "inspections:plan_list", PLANNERS, "/inspections/plans/"),
    NavItem(_("Visits"), "inspections:visit_list", EVERYONE, "/inspections/visits/"),
    NavItem(_("Findings"), "inspections:finding_search", EVERYONE, "/inspections/findings/"),
    NavItem(_("Remediation"), "remediation:task_list", EVERYONE, "/remediation/"),
    NavItem(_("Documents"), "reports:list", EVERYONE, "/documents/"),
    NavItem(_("Units"), "units:list", EVERYONE, "/units/"),
    NavItem(_("People"), "people:list", KEEPERS, "/people/"),
    NavItem(_("Numbering series"), "reports:series_list", KEEPERS, "/documents/series/"),
    NavItem(_("Reform areas"), "inspections:area_list", frozenset({Role.ADMIN, "superuser"}), "/inspections/areas/"),
    NavItem(_("Import units"), "units:import", frozenset({Role.ADMIN, "superuser"}), "/units/import/"),
    NavItem(_("Audit log"), "audit:list", frozenset({Role.ADMIN, Role.HOME_AFFAIRS, "superuser"}), "/audit/"),
    NavItem(_("Administration"), "admin:index", frozenset({Role.ADMIN, "superuser"}), "/admin/"),
    # For administrators and the integrators they set up; Home Affairs officers never need it.
    NavItem(_("API"), "api-docs", frozenset({Role.ADMIN, "superuser"}), "/api/docs/"),
]


def navigation_for(user, current_path: str) -> list[dict]:
    roles = {user.role} | ({"superuser", Role.ADMIN} if user.is_administrator else set())
    items = []
    for item in ITEMS:
        if roles & item.roles:
            url = reverse(item.url_name)
            active = current_path == url if not item.prefix else current_path.startswith(item.prefix)
            items.append({"label": item.label, "url": url, "active": active})
    return items
