"""Remediation tasks: the list (filters, counts, bulk accept), the on-time table, one task's page and its actions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import STALE_MESSAGE, StaleVersion
from core.exports import spreadsheet_response
from core.filters import filter_page, remembers_filters
from core.forms import add_service_errors, parse_id, safe_next
from core.paging import page_of
from core.uploads import evidence_response

from .. import services
from ..filters import TaskFilter
from ..forms import CommentForm, DelegateForm, TaskAcceptForm, TaskReportForm, TaskReturnForm
from ..models import TaskEvidence, TaskStatus
from ..rules import allowed_actions, can_delegate, may_verify_any
from ..selectors import (
    delegate_candidates,
    get_task_for,
    on_time_by_unit,
    rows_for_listing,
    status_counts,
    task_timeline_page,
    tasks_visible_to,
)

PAGE_SIZE = 25


@remembers_filters
def task_list(request):
    """All tasks the user may see, overdue first, with filters, counts and bulk accept."""
    if request.GET.get("format") == "xlsx":
        return spreadsheet_response(request, "tasks")
    filterset, tasks = filter_page(TaskFilter, request, tasks_visible_to(request.user))
    counts = status_counts(tasks)
    page = page_of(rows_for_listing(tasks), request.GET.get("page"), PAGE_SIZE, count=counts["total"])
    return render(
        request,
        "remediation/task_list.html",
        {
            "filter": filterset,
            "page": page,
            "counts": counts,
            "can_bulk_accept": may_verify_any(request.user),
            "today": timezone.localdate(),
        },
    )


@require_POST
def tasks_bulk_accept(request):
    """Accept the ticked reports; each carries the version the list showed (`version-<id>`)."""
    if not may_verify_any(request.user):
        raise PermissionDenied
    ids = [pk for pk in map(parse_id, request.POST.getlist("tasks")) if pk]
    versions = {pk: request.POST.get(f"version-{pk}") for pk in ids}
    visible = set(tasks_visible_to(request.user).filter(pk__in=ids).values_list("pk", flat=True))
    accepted = services.tasks_accept_many(
        actor=request.user, versions={pk: v for pk, v in versions.items() if pk in visible}
    )
    messages.success(request, _("%(count)s tasks were accepted.") % {"count": accepted})
    if accepted < len(visible):
        messages.warning(
            request,
            _("%(count)s tasks were left as they are: look at them again.") % {"count": len(visible) - accepted},
        )
    return redirect(safe_next(request, reverse("remediation:task_list")))


def task_on_time(request):
    """The share of tasks done on time, per unit, under the current filters."""
    filterset, tasks = filter_page(TaskFilter, request, tasks_visible_to(request.user))
    page = Paginator(on_time_by_unit(tasks), 50).get_page(request.GET.get("page"))
    return render(request, "remediation/task_on_time.html", {"filter": filterset, "page": page})


def task_detail(request, pk):
    return _task_page(request, get_task_for(request.user, pk))


def _task_page(request, task, **forms):
    actions = allowed_actions(request.user, task)
    may_delegate = can_delegate(request.user, task)
    context = {
        "task": task,
        "actions": actions,
        "returned": task.status == TaskStatus.RETURNED,
        "events": task_timeline_page(task, request.GET.get("page")),
        "report_form": forms.get("report_form") or TaskReportForm(initial={"version": task.version}),
        "return_form": forms.get("return_form") or TaskReturnForm(initial={"version": task.version}),
        "comment_form": forms.get("comment_form") or CommentForm(),
        "can_delegate": may_delegate,
        "delegate_form": forms.get("delegate_form")
        or (
            DelegateForm(users=delegate_candidates(task), initial={"delegate": task.delegate, "version": task.version})
            if may_delegate
            else None
        ),
        "extensions": list(task.directive.extensions.select_related("actor")),
        "today": timezone.localdate(),
    }
    return render(request, "remediation/task_detail.html", context)


def _task_action(request, pk, form_class, run, success, form_name, form_kwargs=None):
    """POST of one of the task page's forms: run the service, or show the page with the errors."""
    task = get_task_for(request.user, pk)
    form = form_class(request.POST, request.FILES, **(form_kwargs(task) if form_kwargs else {}))
    if form.is_valid():
        try:
            run(task, form.cleaned_data)
        except StaleVersion:
            messages.error(request, STALE_MESSAGE)
            return redirect("remediation:task_detail", pk=task.pk)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, success)
            return redirect("remediation:task_detail", pk=task.pk)
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

    return _task_action(request, pk, TaskAcceptForm, run, _("The task was accepted."), "accept_form")


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
    def run(task, data):
        services.task_delegate(
            actor=request.user, task=task, delegate=data["delegate"], expected_version=data["version"]
        )

    return _task_action(
        request,
        pk,
        DelegateForm,
        run,
        _("The task's delegate was saved."),
        "delegate_form",
        form_kwargs=lambda task: {"users": delegate_candidates(task)},
    )


def task_evidence_download(request, pk):
    """A task's evidence file, for users who may see the task; 404 for anyone else."""
    evidence = get_object_or_404(
        TaskEvidence.objects.filter(event__task__in=tasks_visible_to(request.user).values("pk")), pk=pk
    )
    return evidence_response(evidence)
