"""Project-wide API pieces: pagination, error mapping (400, 403, 409) and the version field."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from cchc_portal.errors import StaleVersion


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


STALE_MESSAGE = _("This record was changed by someone else. Reload it and apply your change again.")


def as_drf_validation_error(error: DjangoValidationError) -> exceptions.ValidationError:
    """Turn a model/service ValidationError into DRF field errors."""
    if hasattr(error, "error_dict"):
        return exceptions.ValidationError({field: [str(m) for m in msgs] for field, msgs in error.message_dict.items()})
    return exceptions.ValidationError({"non_field_errors": [str(m) for m in error.messages]})


def exception_handler(exc, context):
    # Services raise Django's exceptions; the API speaks DRF's.
    if isinstance(exc, StaleVersion):
        body = {"version": [str(STALE_MESSAGE)], "current_version": exc.current_version}
        return Response(body, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DjangoValidationError):
        exc = as_drf_validation_error(exc)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    return drf_exception_handler(exc, context)


class VersionField(serializers.IntegerField):
    """The optimistic-locking counter: read it, send it back with a write."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("help_text", "Send the version you read; an older one gets 409 and changes nothing.")
        super().__init__(**kwargs)


def body_field(request, name):
    """A field of the request body, or None when the body is not a mapping (e.g. a JSON list)."""
    data = request.data
    return data.get(name) if hasattr(data, "get") else None


class AnyFileRenderer:
    """Lets any `Accept` reach actions that stream a stored file."""

    media_type = "*/*"
    format = "file"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        import json

        return data if isinstance(data, bytes) else json.dumps(data, default=str).encode()


class PDFRenderer:
    """Lets `Accept: application/pdf` reach actions that stream a PDF; errors stay JSON-shaped."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        import json

        return data if isinstance(data, bytes) else json.dumps(data, default=str).encode()
