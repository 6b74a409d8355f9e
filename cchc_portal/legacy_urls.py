"""Addresses that moved when remediation got its own app: old bookmarks and e-mail links still work.

308 keeps the method, so a form posted from a page opened before the move lands too.
"""

from django.http import HttpResponseRedirect
from django.urls import re_path


class HttpResponsePermanentRedirectKeepMethod(HttpResponseRedirect):
    status_code = 308


def _moved(new_prefix: str):
    def view(request, rest):
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirectKeepMethod(f"{new_prefix}{rest}" + (f"?{query}" if query else ""))

    return view


urlpatterns = [
    re_path(r"^inspections/(?P<rest>(?:tasks|task-evidence|directives)/.*)$", _moved("/remediation/")),
    re_path(r"^inspections/(?P<rest>visits/\d+/directives/)$", _moved("/remediation/")),
    re_path(r"^inspections/notifications/(?P<rest>.*)$", _moved("/notifications/")),
]
