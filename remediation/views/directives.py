"""The directives drafted from a visit: draft, edit while draft, delete, extend a deadline."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.errors import STALE_MESSAGE, StaleVersion
from core.exports import spreadsheet_response
from core.filters import filter_page, remembers_filters
from core.forms import add_service_errors, submit_form
from core.prefetch import keep_children
from inspections.models import Finding, FindingKind
from inspections.search import search_findings
from inspections.selectors import get_visit_for, is_team_leader, is_team_member, page_by_visit, visit_unit_names

from .. import services
from ..filters import DirectiveFilter
from ..forms import DirectiveForm, ExtendForm
from ..rules import can_extend
from ..selectors import (
    DIRECTIVE_ROW_FIELDS,
    directives_for_listing,
    directives_visible_to,
    get_directive_for,
    tasks_visible_to,
    with_task_counts,
)

PAGE_SIZE = 25


@remembers_filters
def directive_list(request):
    """Every directive the user may see, filtered (year, plan, unit, area, words), with their tasks' progress."""
    if request.GET.get("format") == "xlsx":
        return spreadsheet_response(request, "directives")
    filterset, directives = filter_page(DirectiveFilter, request, directives_visible_to(request.user))
    rows = directives_for_listing(directives).only(*DIRECTIVE_ROW_FIELDS)
    page = page_by_visit(rows, request.GET.get("page"), PAGE_SIZE)
    visit_unit_names([directive.visit for directive in with_task_counts(request.user, page.object_list)])
    return render(request, "remediation/directive_list.html", {"filter": filterset, "page": page})


def directives_url(visit_pk) -> str:
    return reverse("remediation:visit_directives", args=[visit_pk])


FOUND_LIMIT = 30
# `?draft=1` opens the form to draft a directive; `#draft` is where it is on the page.
DRAFTING = "draft"
DRAFT_QUERY = f"?{DRAFTING}=1#{DRAFTING}"


def _searched_form(request, visit):
    """The "Find" button of the directive form: the form as typed, plus the plan's shortcomings that match."""
    query = request.POST.get("find", "")
    shortcomings = Finding.objects.filter(visit__plan=visit.plan, kind=FindingKind.SHORTCOMING)
    found = list(search_findings(shortcomings, query)[:FOUND_LIMIT]) if query.strip() else []
    return DirectiveForm.searched(request.POST, visit=visit, found=found), len(found)


@require_POST
def directives_hand_over(request, pk):
    """The team gives the units their tasks without waiting for the letter."""
    visit = get_visit_for(request.user, pk)
    try:
        handed = services.directives_hand_over(actor=request.user, visit=visit)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Handed over: the units of %(count)s directives have been told.") % {"count": len(handed)}
        )
    return redirect(directives_url(visit.pk))


@require_http_methods(["GET", "POST"])
def visit_directives(request, pk):
    """The directives drafted from a visit, and the form to draft another when the team asks for it."""
    visit = get_visit_for(request.user, pk)
    visit_unit_names([visit])
    can_draft = is_team_member(request.user, visit)
    if request.method == "POST" and not can_draft:
        raise PermissionDenied
    form, found_count = None, None
    if request.method == "POST" and "find_action" in request.POST:
        form, found_count = _searched_form(request, visit)
    elif request.method == "POST":
        form = _new_directive_form(request, visit)
        done = submit_form(
            request,
            form,
            lambda data: services.directive_create(actor=request.user, visit=visit, **form.service_values()),
            success=_("The directive was drafted; each unit has its task."),
            next_url=directives_url(visit.pk) + DRAFT_QUERY,  # the next one, as a team drafts them
        )
        if done:
            return done
    # A task as the page lists it: its unit's name, its status.
    visible_tasks = (
        tasks_visible_to(request.user)
        .select_related("unit")
        .only("directive", "status", "unit", "unit__name", "unit__short_name")
    )
    directives = list(
        directives_visible_to(request.user).filter(visit=visit).select_related("area").order_by("position", "pk")
    )
    # The form (a fifth of the page: the plan's units, the visit's shortcomings) only when asked for, or
    # when nothing is drafted yet: most who open the page come to read the directives and their tasks.
    if form is None and can_draft and (DRAFTING in request.GET or not directives):
        form = _new_directive_form(request, visit)
    # Read by the directives' ids (the rows' `related` filter): prefetch_related resolved each directive.
    keep_children(directives, "tasks", visible_tasks)
    keep_children(directives, "extensions")
    return render(
        request,
        "remediation/visit_directives.html",
        {
            "visit": visit,
            "directives": directives,
            "form": form,
            "can_draft": can_draft,
            "draft_url": DRAFT_QUERY,
            "pending_hand_over": sum(1 for d in directives if not d.is_handed_over) if can_draft else 0,
            "can_hand_over": visit.is_concluded and is_team_leader(request.user, visit),
            "today": timezone.localdate(),
            "found_count": found_count,
        },
    )


def _new_directive_form(request, visit) -> DirectiveForm:
    # A new directive is for the visited unit and answers the visit's shortcomings, until changed.
    return DirectiveForm(request.POST or None, visit=visit, initial={"units": [visit.unit]})


@require_http_methods(["GET", "POST"])
def directive_edit(request, pk):
    directive = get_directive_for(request.user, pk)
    visit = directive.visit
    if not is_team_member(request.user, visit):
        raise PermissionDenied
    initial = {
        "text": directive.text,
        "area": directive.area,
        "units": list(directive.units.all()),
        "findings": list(directive.findings.all()),
        "due_on": directive.due_on,
        "due_days": directive.due_days,
        "requires_evidence": directive.requires_evidence,
        "version": directive.version,
    }
    form = DirectiveForm(request.POST or None, visit=visit, initial=initial)
    conflict = found_count = None
    if request.method == "POST" and "find_action" in request.POST:
        form, found_count = _searched_form(request, visit)
    elif request.method == "POST" and form.is_valid():
        try:
            services.directive_update(
                actor=request.user,
                directive=directive,
                expected_version=form.cleaned_data["version"],
                **form.service_values(),
            )
        except StaleVersion as stale:
            # Keep what this user typed, show what is stored, and let them decide.
            conflict = get_directive_for(request.user, pk)
            data = request.POST.copy()
            data["version"] = stale.current_version
            form = DirectiveForm(data, visit=visit)
            form.is_valid()
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The directive was saved."))
            return redirect("remediation:visit_directives", pk=visit.pk)
    return render(
        request,
        "remediation/directive_form.html",
        {"form": form, "directive": directive, "visit": visit, "conflict": conflict, "found_count": found_count},
    )


@require_POST
def directive_delete(request, pk):
    directive = get_directive_for(request.user, pk)
    try:
        services.directive_delete(actor=request.user, directive=directive, expected_version=request.POST.get("version"))
    except StaleVersion:
        messages.error(request, STALE_MESSAGE)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The directive was deleted."))
    return redirect("remediation:visit_directives", pk=directive.visit_id)


@require_http_methods(["GET", "POST"])
def directive_extend(request, pk):
    directive = get_directive_for(request.user, pk)
    if not can_extend(request.user, directive):
        raise PermissionDenied
    form = ExtendForm(request.POST or None, initial={"due_on": directive.due_on, "version": directive.version})

    done = submit_form(
        request,
        form,
        lambda data: services.directive_extend(
            actor=request.user,
            directive=directive,
            new_due_on=data["due_on"],
            reason=data["reason"],
            expected_version=data["version"],
        ),
        success=_("The deadline was extended."),
        next_url=directives_url(directive.visit_id),
    )
    context = {"form": form, "visit": directive.visit, "title": _("Extend the deadline")}
    return done or render(request, "inspections/visit_form.html", context)
