"""Recording on the inspector's page: add, edit, reorder, delete findings; evidence; repeats; history.

With htmx each action sends back only what it changed (the finding, one list,
the area's count, the progress line); without JavaScript it redirects back to
the area. `X-Form-Errors` tells the page's script that a form came back with
errors (its draft must stay).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.errors import STALE_MESSAGE, StaleVersion
from core.forms import add_service_errors, parse_id
from core.uploads import evidence_response

from .. import services
from ..forms import FindingEditForm, FindingForm, indicator_lines
from ..models import Finding, FindingEvidence, ReformArea
from ..recurring import Candidates, earlier_shortcomings
from ..selectors import findings_visible_to, get_finding_for, get_visit_for, is_team_member
from ..visit_page import changed_counts_context, finding_rows, kind_list, saved_row
from .visits import new_finding_form, visit_page

AREA_ANCHOR = "area-{}"


def _back_to_area(visit_id, area_id, saved_key=""):
    url = reverse("inspections:visit_detail", args=[visit_id])
    saved = f"?saved={saved_key}" if saved_key else ""
    return redirect(f"{url}{saved}#{AREA_ANCHOR.format(area_id)}")


def _row(finding_id) -> Finding:
    """One finding as a row of the page shows it (indicators, evidence, edit count)."""
    return finding_rows(Finding.objects.filter(pk=finding_id))[0]


def _recording_context(request, visit) -> dict:
    return {"visit": visit, "can_record": is_team_member(request.user, visit) and not visit.is_concluded}


def _fragments(request, *parts: tuple[str, dict], headers: dict | None = None) -> HttpResponse:
    """Several partials in one htmx response: the first is swapped in place, the rest out of band."""
    body = "".join(render_to_string(template, context, request=request) for template, context in parts)
    response = HttpResponse(body)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _counts(request, visit, *areas) -> tuple[str, dict]:
    return ("inspections/_counts_oob.html", {**changed_counts_context(visit, *areas), "visit": visit})


@require_POST
def finding_create(request, pk):
    visit = get_visit_for(request.user, pk)
    area = get_object_or_404(ReformArea, pk=parse_id(request.POST.get("area")))
    form = new_finding_form(request.POST, request.FILES, area=area)
    if form.is_valid():
        data = form.cleaned_data
        try:
            finding = services.finding_create(
                actor=request.user,
                visit=visit,
                area=area,
                kind=data["kind"],
                text=data["text"],
                indicators=data["indicators"],
                files=data["files"],
                entry_token=data["entry_token"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if not request.htmx:
                messages.success(request, _("The finding was recorded."))
                return _back_to_area(visit.pk, area.pk, saved_key=f"new-{visit.pk}-{area.pk}")
            visit = finding.visit  # as the service locked and left it: its status may have moved to in progress
            context = _recording_context(request, visit)
            fresh = ("inspections/_finding_new.html", {**context, "form": new_finding_form(), "area": area})
            if getattr(finding, "repeated_entry", False):
                return _fragments(request, fresh)  # sent twice: the first answer already showed it
            return _fragments(
                request,
                fresh,
                (
                    "inspections/_finding_append.html",
                    {**context, "finding": saved_row(finding, request.user, created=True)},
                ),
                _counts(request, visit, area),
            )
    if request.htmx:
        context = {**_recording_context(request, visit), "form": form, "area": area}
        return _fragments(request, ("inspections/_finding_new.html", context), headers={"X-Form-Errors": "1"})
    return visit_page(request, visit, new_forms={area.pk: form})


def _edit_response(request, finding, form, conflict=None):
    template = "inspections/_finding_edit.html" if request.htmx else "inspections/finding_edit.html"
    response = render(
        request, template, {"finding": finding, "form": form, "conflict": conflict, "visit": finding.visit}
    )
    if request.htmx and request.method == "POST":
        response["X-Form-Errors"] = "1"
    return response


def _saved_edit(request, before: Finding, after: Finding):
    """The edited finding in place; if it changed area or kind, moved to its new list with both counts."""
    context = _recording_context(request, after.visit)
    row = saved_row(after, request.user)
    if (before.area_id, before.kind) == (after.area_id, after.kind):
        return _fragments(request, ("inspections/_finding.html", {**context, "finding": row}))
    return _fragments(
        request,
        ("inspections/_nothing.html", {}),
        ("inspections/_finding_append.html", {**context, "finding": row}),
        _counts(request, after.visit, before.area, after.area),
    )


@require_http_methods(["GET", "POST"])
def finding_edit(request, pk):
    finding = get_finding_for(request.user, pk)
    if not is_team_member(request.user, finding.visit):
        raise PermissionDenied
    if request.method == "GET":
        initial = {
            "area": finding.area,
            "kind": finding.kind,
            "text": finding.text,
            "indicators": indicator_lines(finding),
            "version": finding.version,
        }
        return _edit_response(request, finding, FindingEditForm(initial=initial))
    form = FindingEditForm(request.POST)
    if not form.is_valid():
        return _edit_response(request, finding, form)
    data = form.cleaned_data
    try:
        saved = services.finding_update(
            actor=request.user,
            finding=finding,
            expected_version=data["version"],
            text=data["text"],
            kind=data["kind"],
            area=data["area"],
            indicators=data["indicators"],
        )
    except StaleVersion as stale:
        # Keep what this user typed, show what the other person saved, and let them decide.
        current = get_finding_for(request.user, pk)
        form = FindingEditForm(data={**request.POST.dict(), "version": stale.current_version})
        form.is_valid()
        return _edit_response(request, current, form, conflict=current)
    except ValidationError as error:
        add_service_errors(form, error)
        return _edit_response(request, finding, form)
    if request.htmx:
        return _saved_edit(request, finding, saved)
    messages.success(request, _("The finding was saved."))
    return _back_to_area(saved.visit_id, saved.area_id, saved_key=f"edit-{saved.pk}")


@require_POST
def finding_delete(request, pk):
    finding = get_finding_for(request.user, pk)
    try:
        services.finding_delete(actor=request.user, finding=finding, expected_version=request.POST.get("version"))
    except StaleVersion:
        messages.error(request, STALE_MESSAGE)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if request.htmx:
            visit = get_visit_for(request.user, finding.visit_id)
            return _fragments(request, ("inspections/_nothing.html", {}), _counts(request, visit, finding.area))
        messages.success(request, _("The finding was deleted."))
    if request.htmx:
        # Refused: the page reloads to show the message and the finding as it stands.
        return HttpResponse(headers={"HX-Refresh": "true"})
    return _back_to_area(finding.visit_id, finding.area_id)


@require_POST
def finding_move(request, pk):
    finding = get_finding_for(request.user, pk)
    try:
        services.finding_move(actor=request.user, finding=finding, direction=request.POST.get("direction", "up"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    if request.htmx:
        context = {
            **_recording_context(request, finding.visit),
            "findings": kind_list(finding),
            "kind": finding.kind,
            "area": finding.area,
        }
        return _fragments(request, ("inspections/_finding_list.html", context))
    return _back_to_area(finding.visit_id, finding.area_id)


@require_POST
def finding_attach(request, pk):
    finding = get_finding_for(request.user, pk)
    form = FindingForm(data={"kind": finding.kind}, files=request.FILES)
    form.is_valid()
    try:
        services.finding_attach(actor=request.user, finding=finding, files=form.cleaned_data.get("files", []))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The files were attached."))
    return _back_to_area(finding.visit_id, finding.area_id)


def _earlier_for(request, finding):
    """The unit's own earlier shortcomings that the user may see; others are never offered."""
    return earlier_shortcomings(finding.visit, request.user)


@require_POST
def finding_repeat(request, pk):
    finding = get_finding_for(request.user, pk)
    earlier = None
    raw = request.POST.get("earlier", "")
    if raw:
        earlier = _earlier_for(request, finding).filter(pk=parse_id(raw)).first()
        if earlier is None:
            raise Http404
    try:
        services.finding_mark_repeat(actor=request.user, finding=finding, earlier=earlier)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    if request.htmx:
        context = {**_recording_context(request, finding.visit), "finding": _row(finding.pk)}
        return _fragments(request, ("inspections/_finding.html", context))
    return _back_to_area(finding.visit_id, finding.area_id)


def _aside(request, finding, partial, title, context):
    """A lazily loaded part of a finding: the fragment for htmx, a small page without JavaScript."""
    if request.htmx:
        return render(request, partial, {"finding": finding, **context})
    context = {"finding": finding, "partial": partial, "title": title, **context}
    return render(request, "inspections/finding_aside.html", context)


def finding_similar(request, pk):
    """Earlier shortcomings of the unit that look like this one, for the recording team to mark as repeats."""
    finding = get_finding_for(request.user, pk)
    similar = []
    if is_team_member(request.user, finding.visit) and not finding.visit.is_concluded:
        similar = Candidates(_earlier_for(request, finding)).rank(finding.text, finding.area_id, limit=3)
    title = _("Similar shortcomings of this unit in earlier years")
    return _aside(request, finding, "inspections/_finding_similar.html", title, {"similar": similar})


def finding_history(request, pk):
    """Every version of a finding, newest first, with who changed what."""
    finding = get_finding_for(request.user, pk)
    records = list(Finding.history.filter(id=finding.pk).select_related("history_user").order_by("history_date"))
    changes = [
        {
            "record": record,
            "previous": records[index - 1] if index else None,
            "text_changed": bool(index) and records[index - 1].text != record.text,
            "kind_changed": bool(index) and records[index - 1].kind != record.kind,
            "area_changed": bool(index) and records[index - 1].area_id != record.area_id,
        }
        for index, record in enumerate(records)
    ][::-1]
    return _aside(request, finding, "inspections/_finding_history.html", _("Change history"), {"changes": changes})


def similar(request, pk):
    """Live suggestions while an inspector types a shortcoming (htmx)."""
    visit = get_visit_for(request.user, pk)
    if not is_team_member(request.user, visit) or visit.is_concluded:
        # Only the recording team sees earlier shortcomings, as on the visit page.
        return render(request, "inspections/_similar.html", {"similar": []})
    text = request.GET.get("text", "")[:2000]
    found = Candidates(earlier_shortcomings(visit, request.user)).rank(text, parse_id(request.GET.get("area")))
    return render(request, "inspections/_similar.html", {"similar": found})


def evidence_download(request, pk):
    """Stream an evidence file to a user who may see its finding; 404 for anyone else."""
    evidence = get_object_or_404(FindingEvidence.objects.filter(finding__in=findings_visible_to(request.user)), pk=pk)
    return evidence_response(evidence)


@require_POST
def evidence_delete(request, pk):
    evidence = get_object_or_404(
        FindingEvidence.objects.filter(finding__in=findings_visible_to(request.user)).select_related("finding__visit"),
        pk=pk,
    )
    try:
        services.evidence_delete(actor=request.user, evidence=evidence)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _back_to_area(evidence.finding.visit_id, evidence.finding.area_id)
