"""`POST /api/v1/auth/token/` hands out the caller's token; `DELETE` revokes it (every client using it must sign in again).

A locked-out account (django-axes) gets 429 with a Vietnamese message, not the
400 of a wrong password: the client then knows that retrying now is pointless.
"""

from __future__ import annotations

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import permissions, serializers, status
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.response import Response
from rest_framework.views import APIView

from ..tokens import expires_at, revoke_tokens, token_for

TokenReply = inline_serializer("TokenReply", {"token": serializers.CharField(), "expires": serializers.DateTimeField()})


def _locked_out(request) -> Response:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = _("Too many failed sign-ins: this account is locked for %(minutes)s minutes.") % {"minutes": minutes}
    return Response({"detail": message}, status=status.HTTP_429_TOO_MANY_REQUESTS)


class TokenView(APIView):
    """POST hands out a token for a username and password; DELETE revokes the caller's own."""

    serializer_class = AuthTokenSerializer

    def get_authenticators(self):
        # Asking for a token needs no credentials but the password (a stale header must not stop it).
        if self.request is not None and self.request.method == "POST":
            return []
        return super().get_authenticators()

    def get_permissions(self):
        if self.request.method == "POST":
            return [permissions.AllowAny()]
        return super().get_permissions()

    @extend_schema(request=AuthTokenSerializer, responses={200: TokenReply})
    def post(self, request):
        credentials = {"username": str(request.data.get("username", ""))[:150]}
        if AxesProxyHandler.is_locked(request._request, credentials):
            return _locked_out(request)
        serializer = AuthTokenSerializer(data=request.data, context={"request": request})
        if not serializer.is_valid():
            # The failure that reached the limit locks the account now.
            if getattr(request, "axes_locked_out", False) or AxesProxyHandler.is_locked(request._request, credentials):
                return _locked_out(request)
            return Response(serializer.errors, status=status.HTTP_400_BAD_REQUEST)
        token = token_for(serializer.validated_data["user"])
        return Response({"token": token.key, "expires": expires_at(token)})

    @extend_schema(request=None, responses={204: None})
    def delete(self, request):
        revoke_tokens(request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
