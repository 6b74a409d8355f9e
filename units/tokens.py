"""API tokens that expire, are replaced when they do, and die with a password change or on request.

DRF's own `authtoken` table keeps one token per user; this module adds the lifetime
(`CCHC_TOKEN_DAYS`, counted from when the token was handed out) and the revocations.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone
from rest_framework.authtoken.models import Token

from .models import User


def expires_at(token: Token) -> datetime.datetime:
    return token.created + datetime.timedelta(days=settings.CCHC_TOKEN_DAYS)


def is_expired(token: Token) -> bool:
    return timezone.now() >= expires_at(token)


def token_for(user: User) -> Token:
    """The user's live token, a new one in place of an expired one."""
    token = Token.objects.filter(user=user).first()
    if token is not None and is_expired(token):
        token.delete()
        token = None
    return token or Token.objects.create(user=user)


def revoke_tokens(user: User) -> int:
    """Forget every token of the user; clients must ask for a new one with the password."""
    deleted, _detail = Token.objects.filter(user=user).delete()
    return deleted
