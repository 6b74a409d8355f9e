"""Request-wide pieces of every page: compression of what compresses, a request id in the log, text in NFC."""

import contextvars
import logging
import re
import uuid

from django.http import QueryDict
from django.middleware.gzip import GZipMiddleware

from .text import nfc

COMPRESSIBLE = ("text/", "application/json", "application/javascript", "application/xml", "image/svg+xml")


class TextGZipMiddleware(GZipMiddleware):
    """Django's GZipMiddleware (with its BREACH padding) limited to textual responses.

    PDFs, XLSX, ZIPs and photos are compressed already; gzipping their streams
    would only cost the server CPU and drop their Content-Length.
    """

    def process_response(self, request, response):
        content_type = response.get("Content-Type", "")
        if not content_type.startswith(COMPRESSIBLE):
            return response
        return super().process_response(request, response)


REQUEST_ID_HEADER = "X-Request-ID"
_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def current_request_id() -> str:
    """The id of the request being handled (for the log, and the error page that quotes it)."""
    return _request_id.get()


class RequestIdMiddleware:
    """Give every request an id (the proxy's `X-Request-ID` if it sent a sane one), in the log and the response.

    A person who meets an error page reads the id to the administrator, who finds
    the same id on the log line of that request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        request.request_id = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex[:16]
        token = _request_id.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response[REQUEST_ID_HEADER] = request.request_id
        return response


class RequestIdLogFilter(logging.Filter):
    """Adds `request_id` to every log record (a dash outside requests)."""

    def filter(self, record):
        record.request_id = current_request_id()
        return True


class ChartStyleNoiseFilter(logging.Filter):
    """Drops WeasyPrint's "Ignored `stroke: …`, unknown property" lines: SVG presentation properties
    of the charts, which its SVG renderer does apply; hundreds per report would bury real warnings."""

    def filter(self, record):
        return "unknown property" not in record.getMessage()


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class UnicodeNFCMiddleware:
    """Query strings and form fields reach the views in NFC (`core.text.nfc`), whatever typed them.

    The API's form and multipart bodies go through the same request.POST; its JSON through
    `core.parsers.JSONParser`; imported files through `units.importing`.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.GET = _nfc_query(request.GET)
        if request.method in ("POST", "PUT", "PATCH") and request.content_type in FORM_TYPES:
            request.POST = _nfc_query(request.POST)
        return self.get_response(request)


def _nfc_query(query: QueryDict) -> QueryDict:
    lists = list(query.lists())
    if all(nfc(key) == key and nfc(values) == values for key, values in lists):
        return query
    normalised = QueryDict(mutable=True, encoding=query.encoding)
    for key, values in lists:
        normalised.setlist(nfc(key), normalised.getlist(nfc(key)) + nfc(values))
    normalised._mutable = False
    return normalised
