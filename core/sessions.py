"""Signed-in responses are never stored by a browser or proxy; idle sessions end by themselves.

Both need the signed-in user, so they sit below Django's AuthenticationMiddleware.
"""

from __future__ import annotations

import time

from django.utils.cache import add_never_cache_headers

# A session's expiry slides at most once a minute: an idle timeout without a write per request.
TOUCH_EVERY_SECONDS = 60


class SignedInNoStoreMiddleware:
    """`Cache-Control: no-store` on every page and file a signed-in user gets (a shared or later
    user of the same computer must not find them in the cache); a response that chose its own
    caching keeps it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response


class IdleSessionMiddleware:
    """Keep a signed-in session alive while it is used.

    `SESSION_COOKIE_AGE` is the idle timeout: Django expires a session that long after it was last
    saved, and this saves it (a timestamp) once a minute while requests keep coming.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.get("_auth_user_id"):
            now = int(time.time())
            if now - session.get("seen", 0) >= TOUCH_EVERY_SECONDS:
                session["seen"] = now
        return self.get_response(request)


def mark_seen_at_login(sender, request, user, **kwargs):
    """The login itself saves the session: the first page after it need not save it again."""
    if request is not None and hasattr(request, "session"):
        request.session["seen"] = int(time.time())
