"""The people of the portal, managed by administrators and Home Affairs without the Django admin."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.errors import STALE_MESSAGE, StaleVersion
from core.filters import filter_page
from core.forms import parse_id, submit_form
from core.paging import page_of

from . import accounts
from .filters import PersonFilter
from .forms import AccountForm, AccountPasswordForm
from .models import User
from .selectors import people_visible_to, units_visible_to

PAGE_SIZE = 25


def _require_manager(request) -> None:
    if not accounts.may_manage_people(request.user):
        raise PermissionDenied


def _person(request, pk) -> User:
    try:
        return people_visible_to(request.user).select_related("unit").get(pk=pk)
    except (User.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def _units(request):
    return units_visible_to(request.user).active().order_by("path")


def person_url(pk) -> str:
    return reverse("people:detail", args=[pk])


def people_list(request):
    _require_manager(request)
    people = people_visible_to(request.user).select_related("unit").order_by("unit__path", "full_name", "pk")
    filterset, people = filter_page(PersonFilter, request, people, defaults={"is_active": "true"})
    page = page_of(people, request.GET.get("page"), PAGE_SIZE)
    return render(request, "units/people_list.html", {"filter": filterset, "page": page})


@require_http_methods(["GET", "POST"])
def person_create(request):
    _require_manager(request)
    initial = {}
    if unit_id := parse_id(request.GET.get("unit")):
        initial["unit"] = _units(request).filter(pk=unit_id).first()
    form = AccountForm(
        request.POST if request.method == "POST" else None,
        units=_units(request),
        may_make_admins=request.user.is_administrator,
        initial=initial,
    )
    done = submit_form(
        request,
        form,
        lambda data: accounts.account_create(
            actor=request.user, username=data["username"], password=data["password"], **form.values()
        ),
        success=lambda user: _("The account %(name)s was created.") % {"name": user.username},
        next_url=lambda user: person_url(user.pk),
    )
    context = {"form": form, "title": _("New account"), "cancel_url": reverse("people:list")}
    return done or render(request, "form_page.html", context)


@require_http_methods(["GET", "POST"])
def person_detail(request, pk):
    """The account: its details (editable), a new password, deactivation."""
    _require_manager(request)
    person = _person(request, pk)
    token = accounts.edit_token(person)
    initial = {name: getattr(person, name) for name in accounts.EDITABLE} | {"token": token}
    form = AccountForm(
        request.POST if request.method == "POST" else None,
        units=_units(request),
        may_make_admins=request.user.is_administrator,
        editing=person,
        initial=initial,
    )
    done = submit_form(
        request,
        form,
        lambda data: accounts.account_update(actor=request.user, user=person, token=data["token"], **form.values()),
        success=_("The account was saved."),
        next_url=person_url(person.pk),
    )
    context = {
        "person": person,
        "form": form,
        "password_form": AccountPasswordForm(initial={"token": token}),
        "token": token,
        "may_edit": accounts.may_edit(request.user, person),
    }
    return done or render(request, "units/person_detail.html", context)


@require_POST
def person_password(request, pk):
    _require_manager(request)
    person = _person(request, pk)
    form = AccountPasswordForm(request.POST)
    done = submit_form(
        request,
        form,
        lambda data: accounts.account_set_password(
            actor=request.user, user=person, password=data["password"], token=data["token"]
        ),
        success=_("The new password was saved. Give it to the person in person; their API tokens no longer work."),
        next_url=person_url(person.pk),
    )
    if done:
        return done
    token = accounts.edit_token(person)
    context = {"person": person, "form": None, "password_form": form, "token": token, "may_edit": True}
    return render(request, "units/person_detail.html", context, status=400)


@require_POST
def person_active(request, pk):
    _require_manager(request)
    person = _person(request, pk)
    active = request.POST.get("active") == "1"
    try:
        accounts.account_set_active(actor=request.user, user=person, active=active, token=request.POST.get("token"))
    except StaleVersion:
        messages.error(request, STALE_MESSAGE)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The account was reactivated.") if active else _("The account was deactivated."))
    return redirect(person_url(person.pk))
