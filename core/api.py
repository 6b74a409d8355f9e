"""Project-wide API pieces: pagination, error mapping (400, 403, 409), the version field, file renderers."""

import json

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .concurrency import as_version
from .errors import STALE_MESSAGE, STORAGE_FULL_MESSAGE, StaleVersion, StorageFull
from .forms import parse_id
from .prefetch import Represented, kept_list


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


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
    if isinstance(exc, StorageFull):
        return Response({"detail": str(STORAGE_FULL_MESSAGE)}, status=status.HTTP_507_INSUFFICIENT_STORAGE)
    if isinstance(exc, DjangoValidationError):
        exc = as_drf_validation_error(exc)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    return drf_exception_handler(exc, context)


class VersionField(serializers.IntegerField):
    """The optimistic-locking counter: read it, send it back with a write.

    The serializer passes on what was sent and the service decides: a missing,
    garbled or older version is the same 409 conflict, as in the HTML pages.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault(
            "help_text", "Send the version you read; a missing or older one gets 409 and changes nothing."
        )
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        return as_version(data)


def body_field(request, name):
    """A field of the request body, or None when the body is not a mapping (e.g. a JSON list)."""
    data = request.data
    return data.get(name) if hasattr(data, "get") else None


def request_version(request):
    """The version a write sends, from the query string or the body (deletes use either)."""
    return request.query_params.get("version") or body_field(request, "version")


class _BinaryRenderer:
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        # Files pass through; errors stay JSON-shaped.
        return data if isinstance(data, bytes) else json.dumps(data, default=str).encode()


class AnyFileRenderer(_BinaryRenderer):
    """Lets any `Accept` reach actions that stream a stored file."""

    media_type = "*/*"
    format = "file"


class PDFRenderer(_BinaryRenderer):
    """Lets `Accept: application/pdf` reach actions that stream a PDF."""

    media_type = "application/pdf"
    format = "pdf"


class KeepsPrefetchedLists:
    """A related field whose `many=True` list reads the plain prefetched list when the view made one."""

    @classmethod
    def many_init(cls, *args, **kwargs):
        field = super().many_init(*args, **kwargs)
        field.__class__ = PrefetchedManyRelatedField
        return field


class ScopedPrimaryKeyRelatedField(KeepsPrefetchedLists, serializers.PrimaryKeyRelatedField):
    """An id among the objects the caller may see: `scope(user)` gives them.

    `queryset` names the model (for the schema); another id reads as "does not
    exist", like a missing one, and an id too large for the database is refused
    the same way instead of reaching it.
    """

    def __init__(self, scope=None, **kwargs):
        self.scope = scope
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.queryset.none()
        return self.scope(user)

    def to_internal_value(self, data):
        if parse_id(data) is None:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(data)


class PrefetchedSlugRelatedField(KeepsPrefetchedLists, serializers.SlugRelatedField):
    """Related objects by a slug (a reform area's code), from the plain prefetch when there is one."""


class SmallTableSlugField(serializers.SlugRelatedField):
    """A foreign key written as the related row's slug, for a table of a few rows (the reform areas):
    read from the row's id column and the table's (id, slug) pairs, read once per serializer, so that
    a list's page of 200 needs no related object per row (a third of its model objects)."""

    def get_attribute(self, instance):
        column = self.__dict__.get("_column")  # the foreign key's column ("area_id"), found once
        if column is None:
            column = self.__dict__["_column"] = instance._meta.get_field(self.source_attrs[0]).attname
        return getattr(instance, column)

    def to_representation(self, value):
        if not isinstance(value, int):  # an object (the browsable API's choices)
            return super().to_representation(value)
        slugs = self.__dict__.get("_slugs")
        if slugs is None or value not in slugs:  # first row, or a row added since
            slugs = self.__dict__["_slugs"] = dict(self.get_queryset().values_list("pk", self.slug_field))
        return slugs[value]


# --- related lists kept as plain lists ----------------------------------------------------------
# Django's prefetch_related builds, for each row, a queryset filtered to that row to hold its
# related objects (~110 calls a row and relation), after resolving the parents one by one. A list
# endpoint's page instead reads them by its ids (`KeepsPageLists`, core.prefetch) into plain lists,
# which these fields read; without such a list they read the relation as before.


class KeepsPageLists:
    """A viewset whose list page reads its related rows by the page's ids: `keep_page_lists(page)`
    calls core.prefetch for what the list's serializer shows."""

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None:
            self.keep_page_lists(page)
        return page

    def keep_page_lists(self, page: list) -> None:
        raise NotImplementedError


class PrefetchedAttribute:
    """A `many=True` field that reads the plain prefetched list when the view made one."""

    def get_attribute(self, instance):
        kept = kept_list(instance, self.source)
        return kept if kept is not None else super().get_attribute(instance)


class PrefetchedListSerializer(PrefetchedAttribute, serializers.ListSerializer):
    """Nested objects (`many=True`)."""


class PrefetchedManyRelatedField(PrefetchedAttribute, serializers.ManyRelatedField):
    """Ids (`many=True` related fields)."""

    def to_representation(self, iterable):
        if isinstance(iterable, Represented):  # ids or codes read as the API writes them
            return list(iterable)
        return super().to_representation(iterable)
