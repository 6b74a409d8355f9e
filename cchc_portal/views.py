"""Pages that belong to no single app: each role's home page and the health checks."""

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.db.models import Count
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone

from core.paging import page_of
from inspections.models import VisitStatus
from inspections.selectors import visit_rows, visit_unit_names, visits_visible_to
from remediation.selectors import rows_for_listing, status_counts, tasks_visible_to
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
UNIT_COUNT_HOMES = {"home/admin.html", "home/home_affairs.html"}  # the homes that count units by kind


def home(request):
    """Each role lands on its own page."""
    user = request.user
    role = Role.ADMIN if user.is_administrator else user.role
    context = {"today": timezone.localdate()}
    if HOME_TEMPLATES.get(role) in UNIT_COUNT_HOMES:
        units = units_visible_to(user).active()
        context["unit_counts"] = dict(units.values_list("kind").annotate(n=Count("pk")).values_list("kind", "n"))
        context["unit_kinds"] = UnitKind
    context.update(_visits_for_home(user, role))
    if user.is_unit_user:
        tasks = tasks_visible_to(user)
        context["counts"] = status_counts(tasks)
        context["page"] = page_of(
            rows_for_listing(tasks), request.GET.get("page"), 25, count=context["counts"]["total"]
        )
    return render(request, HOME_TEMPLATES.get(role, "home/unit.html"), context)


def _visits_for_home(user, role) -> dict:
    """Inspectors: today's and upcoming visits first; others: the latest concluded ones."""
    visits = visit_rows(visits_visible_to(user))
    today = timezone.localdate()
    if role == Role.INSPECTOR:
        upcoming = list(visits.exclude(status=VisitStatus.CONCLUDED).filter(scheduled_on__gte=today)[:10])
        recent = list(visits.filter(scheduled_on__lt=today).order_by("-scheduled_on", "-pk")[:5])
    else:
        upcoming = list(visits.exclude(status=VisitStatus.CONCLUDED).order_by("scheduled_on", "pk")[:10])
        recent = list(visits.filter(status=VisitStatus.CONCLUDED).order_by("-scheduled_on", "-pk")[:10])
    visit_unit_names(upcoming + recent)  # no finding counts: a home's visit rows do not show them
    return {"upcoming_visits": upcoming, "recent_visits": recent}


@login_not_required
def healthz(request):
    """For load balancers: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def ping(request):
    """The trivial page: the portal's layout (menu, bell) for a signed-in user, with nothing in it.

    `bench/pages.py` divides every page's time by this one's: what a page costs
    beyond the session, the user and the layout that every page pays for.
    """
    return render(request, "ping.html")
