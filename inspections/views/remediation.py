"""Directives of a visit, remediation tasks, their timeline, and notifications."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cchc_portal.errors import StaleVersion
from cchc_portal.forms import add_service_errors, parse_id, safe_next, submit_form
from cchc_portal.uploads import evidence_response
from units.models import Role, User
from units.selectors import unit_lineage_ids, units_visible_to

from .. import services
from ..forms import CommentForm, DelegateForm, DirectiveForm, ExtendForm, TaskFilterForm, TaskReportForm, TaskReturnForm
from ..models import Notification, TaskEvidence, TaskStatus
from ..selectors import (
    can_act_on_task,
    can_verify_task,
    directives_visible_to,
    for_listing,
    get_directive_for,
    get_task_for,
    get_visit_for,
    is_team_member,
    on_time_by_unit,
    plans_visible_to,
    status_counts,
    task_timeline,
    tasks_visible_to,
    visit_unit_names,
)

PAGE_SIZE = 25


# --- directives --------------------------------------------------------------------------


def _directive_values(data) -> dict:
    return {
        "text": data["text"],
        "area": data["area"],
        "units": list(data["units"]),
        "findings": list(data["findings"]),
        "due_on": data["due_on"],
        "due_days": data["due_days"],
        "requires_evidence": data["requires_evidence"],
    }


@require_http_methods(["GET", "POST"])
def visit_directives(request, pk):
    """The directives drafted from a visit, and the form to draft another."""
    visit = get_visit_for(request.user, pk)
    visit_unit_names([visit])
    can_draft = is_team_member(request.user, visit)
    form = DirectiveForm(
        request.POST or None,
        visit=visit,
        initial={"units": [visit.unit], "findings": list(visit.findings.filter(kind="shortcoming"))},
    )
    if request.method == "POST" and not can_draft:
        raise PermissionDenied
    done = submit_form(
        request,
        form,
        lambda data: services.directive_create(actor=request.user, visit=visit, **_directive_values(data)),
        success=_("The directive was drafted; each unit has its task."),
        next_url=reverse("inspections:visit_directives", args=[visit.pk]),
    )
    if done:
        return done
    visible_tasks = tasks_visible_to(request.user).select_related("unit")
    directives = list(
        directives_visible_to(request.user)
        .filter(visit=visit)
        .select_related("area")
        .prefetch_related(Prefetch("tasks", queryset=visible_tasks), "extensions")
        .order_by("position", "pk")
    )
    return render(
        request,
        "inspections/visit_directives.html",
        {"visit": visit, "directives": directives, "form": form, "can_draft": can_draft, "today": timezone.localdate()},
    )


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
    conflict = None
    if request.method == "POST" and form.is_valid() and form.cleaned_data["version"] is None:
        form.add_error(None, _("Send the version you read, so that nothing is overwritten."))
    elif request.method == "POST" and form.is_valid():
        try:
            services.directive_update(
                actor=request.user,
                directive=directive,
                expected_version=form.cleaned_data["version"],
                **_directive_values(form.cleaned_data),
            )
        except StaleVersion as stale:
            conflict = get_directive_for(request.user, pk)
            data = request.POST.copy()
            data["version"] = stale.current_version
            form = DirectiveForm(data, visit=visit)
            form.is_valid()
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The directive was saved."))
            return redirect("inspections:visit_directives", pk=visit.pk)
    return render(
        request,
        "inspections/directive_form.html",
        {"form": form, "directive": directive, "visit": visit, "conflict": conflict},
    )


@require_POST
def directive_delete(request, pk):
    directive = get_directive_for(request.user, pk)
    version = request.POST.get("version", "")
    try:
        services.directive_delete(actor=request.user, directive=directive, expected_version=parse_id(version))
    except StaleVersion:
        messages.error(request, _("The directive was changed by someone else; it was not deleted."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The directive was deleted."))
    return redirect("inspections:visit_directives", pk=directive.visit_id)


@require_http_methods(["GET", "POST"])
def directive_extend(request, pk):
    directive = get_directive_for(request.user, pk)
    form = ExtendForm(request.POST or None, initial={"due_on": directive.due_on})
    done = submit_form(
        request,
        form,
        lambda data: services.directive_extend(
            actor=request.user, directive=directive, new_due_on=data["due_on"], reason=data["reason"]
        ),
        success=_("The deadline was extended."),
        next_url=reverse("inspections:visit_directives", args=[directive.visit_id]),
    )
    context = {"form": form, "visit": directive.visit, "title": _("Extend the deadline")}
    return done or render(request, "inspections/visit_form.html", context)


# --- tasks ---------------------------------------------------------------------------------


def task_list(request):
    """All tasks the user may see, overdue first, with filters, counts and bulk accept."""
    visible = tasks_visible_to(request.user)
    form = TaskFilterForm(
        request.GET or None,
        plans=plans_visible_to(request.user).order_by("-year", "title"),
        units=units_visible_to(request.user).active().order_by("path"),
    )
    tasks = form.filter(visible)
    page = Paginator(for_listing(tasks), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "inspections/task_list.html",
        {
            "form": form,
            "page": page,
            "counts": status_counts(tasks),
            "can_bulk_accept": request.user.role in (Role.INSPECTOR,),
            "today": timezone.localdate(),
        },
    )


@require_POST
def tasks_bulk_accept(request):
    ids = [pk for pk in map(parse_id, request.POST.getlist("tasks")) if pk]
    tasks = list(tasks_visible_to(request.user).filter(pk__in=ids).select_related("directive__visit"))
    accepted = services.tasks_accept_many(actor=request.user, tasks=tasks)
    messages.success(request, _("%(count)s tasks were accepted.") % {"count": accepted})
    return redirect(safe_next(request, reverse("inspections:task_list")))


def task_on_time(request):
    """The share of tasks done on time, per unit, under the current filters."""
    form = TaskFilterForm(
        request.GET or None,
        plans=plans_visible_to(request.user).order_by("-year", "title"),
        units=units_visible_to(request.user).active().order_by("path"),
    )
    rows = on_time_by_unit(form.filter(tasks_visible_to(request.user)))
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "inspections/task_on_time.html", {"form": form, "page": page})


def _delegates(task):
    return User.objects.filter(
        unit_id__in=unit_lineage_ids(task.unit), role__in=[Role.UNIT_HEAD, Role.UNIT_STAFF], is_active=True
    ).order_by("full_name")


def task_detail(request, pk):
    task = get_task_for(request.user, pk)
    return _task_page(request, task)


def _task_page(request, task, **forms):
    can_act = can_act_on_task(request.user, task)
    can_verify = can_verify_task(request.user, task)
    context = {
        "task": task,
        "events": task_timeline(task),
        "can_act": can_act and task.status not in (TaskStatus.SUBMITTED, TaskStatus.ACCEPTED),
        "can_verify": can_verify and task.status == TaskStatus.SUBMITTED,
        "can_delegate": request.user.role == Role.UNIT_HEAD and can_act,
        "report_form": forms.get("report_form") or TaskReportForm(initial={"version": task.version}),
        "return_form": forms.get("return_form") or TaskReturnForm(initial={"version": task.version}),
        "comment_form": forms.get("comment_form") or CommentForm(),
        "delegate_form": DelegateForm(users=_delegates(task), initial={"delegate": task.delegate}),
        "extensions": list(task.directive.extensions.select_related("actor")),
        "today": timezone.localdate(),
    }
    return render(request, "inspections/task_detail.html", context)


def _task_action(request, pk, form_class, run, success, form_name):
    """POST of one of the task page's forms: run the service, or show the page with the errors."""
    task = get_task_for(request.user, pk)
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        try:
            run(task, form.cleaned_data)
        except StaleVersion:
            messages.error(request, _("The task was changed by someone else meanwhile; look at it again."))
            return redirect("inspections:task_detail", pk=task.pk)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, success)
            return redirect("inspections:task_detail", pk=task.pk)
    return _task_page(request, task, **{form_name: form})


@require_POST
def task_report(request, pk):
    """A progress note, or (with "submit") the report that the task is done."""
    submitting = "submit" in request.POST

    def run(task, data):
        service = services.task_submit if submitting else services.task_progress
        service(
            actor=request.user,
            task=task,
            note=data["note"],
            expected_version=data["version"],
            effective_on=data["effective_on"],
            files=data["files"],
        )

    success = _("The task was reported done.") if submitting else _("The progress note was saved.")
    return _task_action(request, pk, TaskReportForm, run, success, "report_form")


@require_POST
def task_accept(request, pk):
    def run(task, data):
        services.task_accept(actor=request.user, task=task, expected_version=data["version"])

    return _task_action(request, pk, TaskReturnForm, run, _("The task was accepted."), "return_form")


@require_POST
def task_return(request, pk):
    def run(task, data):
        services.task_return(actor=request.user, task=task, reason=data["reason"], expected_version=data["version"])

    return _task_action(request, pk, TaskReturnForm, run, _("The task was returned to the unit."), "return_form")


@require_POST
def task_comment(request, pk):
    def run(task, data):
        services.task_comment(actor=request.user, task=task, note=data["note"])

    return _task_action(request, pk, CommentForm, run, _("The comment was posted."), "comment_form")


@require_POST
def task_delegate(request, pk):
    task = get_task_for(request.user, pk)
    form = DelegateForm(request.POST, users=_delegates(task))
    if form.is_valid():
        try:
            services.task_delegate(actor=request.user, task=task, delegate=form.cleaned_data["delegate"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The task's delegate was saved."))
    return redirect("inspections:task_detail", pk=task.pk)


def task_evidence_download(request, pk):
    """A task's evidence file, for users who may see the task; 404 for anyone else."""
    evidence = get_object_or_404(
        TaskEvidence.objects.filter(event__task__in=tasks_visible_to(request.user).values("pk")), pk=pk
    )
    return evidence_response(evidence)


# --- notifications ------------------------------------------------------------------------


def notification_list(request):
    notifications = Notification.objects.filter(user=request.user).order_by("-created_at", "-pk")
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "inspections/notification_list.html", {"page": page})


@require_POST
def notification_open(request, pk):
    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return redirect(notification.url or reverse("inspections:notification_list"))


@require_POST
def notifications_read_all(request):
    Notification.objects.filter(user=request.user, read_at__isnull=True).update(read_at=timezone.now())
    return redirect("inspections:notification_list")
