"""The portal's error pages: Vietnamese, in its layout, with the request id; JSON for API clients.

The 500 page is drawn from a template that needs neither the database nor the
request's user, since it must show when those are what failed.
"""

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

from .middleware import current_request_id

MESSAGES = {
    400: lambda: _("The request could not be understood. Check what you entered and try again."),
    403: lambda: _("You may not do this. If you think you should, ask the administrator."),
    404: lambda: _("This page does not exist, or it is not one you may see."),
    500: lambda: _("Something went wrong on the portal's side; nothing you entered is the cause."),
}


def _wants_json(request) -> bool:
    return request.path.startswith("/api/")


def _error(request, status: int, template: str):
    request_id = getattr(request, "request_id", None) or current_request_id()
    message = MESSAGES[status]()
    if _wants_json(request):
        return JsonResponse({"detail": message, "request_id": request_id}, status=status)
    return render(request, template, {"message": message, "request_id": request_id}, status=status)


@requires_csrf_token
def bad_request(request, exception=None):
    return _error(request, 400, "errors/400.html")


@requires_csrf_token
def permission_denied(request, exception=None):
    return _error(request, 403, "errors/403.html")


@requires_csrf_token
def page_not_found(request, exception=None):
    return _error(request, 404, "errors/404.html")


def server_error(request):
    request_id = getattr(request, "request_id", None) or current_request_id()
    message = MESSAGES[500]()
    if _wants_json(request):
        return JsonResponse({"detail": message, "request_id": request_id}, status=500)
    # No RequestContext: no user, no menu, no database.
    html = loader.get_template("errors/500.html").render({"message": message, "request_id": request_id})
    return HttpResponse(html, status=500)


def csrf_failure(request, reason=""):
    """A form sent without a valid token (an old page, cookies off): explained, not "CSRF verification failed"."""
    request_id = getattr(request, "request_id", None) or current_request_id()
    message = _("The form has expired or cookies are off. Go back, reload the page and send it again.")
    if _wants_json(request):
        return JsonResponse({"detail": message, "request_id": request_id}, status=403)
    return render(request, "errors/403.html", {"message": message, "request_id": request_id}, status=403)
