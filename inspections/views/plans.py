"""Plans, their teams and their schedule of visits."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.filters import filter_page
from core.forms import parse_id, submit_form
from units.models import UNIT_ROLES, User
from units.selectors import units_visible_to

from .. import services
from ..filters import PlanFilter
from ..forms import PlanCopyForm, PlanForm, TeamMemberForm, VisitForm
from ..models import TeamMember, TeamRole
from ..selectors import (
    can_create_plans,
    can_manage_plan,
    get_plan_for,
    plans_visible_to,
    visit_unit_names,
    visits_visible_to,
    with_finding_counts,
)

PAGE_SIZE = 25


def _active_units(user):
    return units_visible_to(user).active().order_by("path")


PLAN_ROW_FIELDS = (
    "title",
    "year",
    "status",
    "kind",
    "number",
    "issued_on",
    "issuer",
    "issuer__name",
    "issuer__short_name",
)


def plan_list(request):
    filterset, plans = filter_page(PlanFilter, request, plans_visible_to(request.user).select_related("issuer"))
    plans = plans.only(*PLAN_ROW_FIELDS)  # what a row prints, not the plan's purpose and scope
    plans = plans.annotate(
        visit_count=Count("visits", distinct=True),
        concluded_count=Count("visits", filter=Q(visits__status="concluded"), distinct=True),
    ).order_by("-year", "-pk")
    page = Paginator(plans, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "inspections/plan_list.html",
        {"filter": filterset, "page": page, "can_create": can_create_plans(request.user)},
    )


@require_http_methods(["GET", "POST"])
def plan_create(request):
    if not can_create_plans(request.user):
        raise PermissionDenied
    form = PlanForm(request.POST or None, units=_active_units(request.user))
    done = submit_form(
        request,
        form,
        lambda data: services.plan_create(actor=request.user, **form.service_values()),
        success=_("The plan was created. Add its team and the units to visit."),
        next_url=lambda plan: plan_url(plan.pk),
    )
    return done or render(request, "inspections/plan_form.html", {"form": form, "title": _("New inspection plan")})


# What a row of a plan's schedule prints (templates/jinja2/inspections/plan_schedule_rows.html).
SCHEDULE_ROW_FIELDS = ("plan", "unit", "team", "scheduled_on", "status", "unit__name", "team__name")


def plan_detail(request, pk):
    plan = get_plan_for(request.user, pk)
    visits = list(
        visits_visible_to(request.user)
        .filter(plan=plan)
        .select_related("unit", "team")
        .only(*SCHEDULE_ROW_FIELDS)
        .order_by("scheduled_on", "pk")
    )
    visit_unit_names(with_finding_counts(visits))
    teams = list(plan.teams.prefetch_related("members"))  # a member row carries the name and title shown
    return render(
        request,
        "inspections/plan_detail.html",
        {
            "plan": plan,
            "visits": visits,
            "teams": teams,
            "areas": list(plan.areas.order_by("position")),
            "can_manage": can_manage_plan(request.user, plan),
            "team_roles": [(value, str(label)) for value, label in TeamRole.choices],  # translated once, not per member
        },
    )


def plan_url(pk) -> str:
    return reverse("inspections:plan_detail", args=[pk])


def _managed_plan(request, pk):
    plan = get_plan_for(request.user, pk)
    if not can_manage_plan(request.user, plan):
        raise PermissionDenied
    return plan


@require_http_methods(["GET", "POST"])
def plan_edit(request, pk):
    plan = _managed_plan(request, pk)
    form = PlanForm(request.POST or None, instance=plan, units=_active_units(request.user))

    def save(data):
        values = form.service_values()
        areas = values.pop("areas")
        # Only what the user changed: a stale form must not write back fields set meanwhile.
        values = {field: value for field, value in values.items() if field in form.changed_data}
        # The ModelForm changed `plan` in memory; the service starts from the stored row.
        return services.plan_update(actor=request.user, plan=get_plan_for(request.user, pk), areas=areas, **values)

    done = submit_form(request, form, save, success=_("The plan was saved."), next_url=plan_url(plan.pk))
    return done or render(
        request, "inspections/plan_form.html", {"form": form, "plan": plan, "title": _("Edit the plan")}
    )


@require_http_methods(["GET", "POST"])
def plan_copy(request, pk):
    plan = _managed_plan(request, pk)
    form = PlanCopyForm(request.POST or None, initial={"year": plan.year + 1})
    done = submit_form(
        request,
        form,
        lambda data: services.plan_copy(actor=request.user, plan=plan, year=data["year"], title=data["title"] or None),
        success=_("The plan was copied with fresh dates; check the schedule."),
        next_url=lambda copy: plan_url(copy.pk),
    )
    return done or render(
        request,
        "inspections/plan_form.html",
        {"form": form, "plan": plan, "title": _("Copy “%(title)s” to another year") % {"title": plan.title}},
    )


@require_http_methods(["GET", "POST"])
def visit_add(request, pk):
    plan = _managed_plan(request, pk)
    form = VisitForm(request.POST or None, plan=plan, units=_active_units(request.user))
    done = submit_form(
        request,
        form,
        lambda data: services.visit_schedule(actor=request.user, plan=plan, **data),
        success=_("The visit was added to the schedule."),
        next_url=plan_url(plan.pk),
    )
    return done or render(
        request, "inspections/plan_form.html", {"form": form, "plan": plan, "title": _("Add a visit")}
    )


@require_http_methods(["GET", "POST"])
def member_add(request, pk):
    plan = _managed_plan(request, pk)
    team = plan.teams.order_by("pk").first()
    if request.GET.get("team") or request.POST.get("team"):
        team = get_object_or_404(plan.teams, pk=parse_id(request.GET.get("team") or request.POST.get("team")))
    # Units' own people never inspect (the service says why if one is posted anyway).
    users = (
        User.objects.filter(is_active=True, unit__in=units_visible_to(request.user).values("pk"))
        .exclude(role__in=UNIT_ROLES)
        .order_by("full_name")
    )
    form = TeamMemberForm(request.POST or None, users=users)
    done = submit_form(
        request,
        form,
        lambda data: services.team_member_add(actor=request.user, team=team, **data),
        success=_("The member was added to the team."),
        next_url=plan_url(plan.pk),
    )
    title = _("Add a member to %(team)s") % {"team": team.name}
    return done or render(request, "inspections/plan_form.html", {"form": form, "plan": plan, "title": title})


@require_POST
def member_role(request, pk):
    member = get_object_or_404(TeamMember.objects.select_related("team__plan"), pk=pk)
    plan = _managed_plan(request, member.team.plan_id)
    try:
        member = services.team_member_set_role(actor=request.user, member=member, role=request.POST.get("role", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(name)s: %(role)s.") % {"name": member.full_name, "role": member.get_role_display()},
        )
    return redirect("inspections:plan_detail", pk=plan.pk)


@require_POST
def member_remove(request, pk):
    member = get_object_or_404(TeamMember.objects.select_related("team__plan"), pk=pk)
    plan = _managed_plan(request, member.team.plan_id)
    services.team_member_remove(actor=request.user, member=member)
    messages.success(request, _("%(name)s was removed from the team.") % {"name": member.full_name})
    return redirect("inspections:plan_detail", pk=plan.pk)
