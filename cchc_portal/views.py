"""Pages that belong to no single app: each role's home page and the health check."""

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.db.models import Count
from django.http import JsonResponse
from django.shortcuts import render

from units.models import Role, UnitKind
from units.selectors import units_visible_to

HOME_TEMPLATES = {
    Role.ADMIN: "home/admin.html",
    Role.HOME_AFFAIRS: "home/home_affairs.html",
    Role.INSPECTOR: "home/inspector.html",
    Role.CLERK: "home/home_affairs.html",
    Role.UNIT_HEAD: "home/unit.html",
    Role.UNIT_STAFF: "home/unit.html",
}


def home(request):
    """Each role lands on its own page."""
    user = request.user
    role = Role.ADMIN if user.is_administrator else user.role
    units = units_visible_to(user).active()
    context = {
        "unit_counts": dict(units.values_list("kind").annotate(n=Count("pk")).values_list("kind", "n")),
        "unit_kinds": UnitKind,
    }
    return render(request, HOME_TEMPLATES.get(role, "home/unit.html"), context)


@login_not_required
def healthz(request):
    """For load balancers: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
