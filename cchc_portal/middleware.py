"""Request-wide middleware of the portal."""

from django.conf import settings
from django.db import connection


class QueryCountHeaderMiddleware:
    """With `CCHC_QUERY_COUNT_HEADER` on, send the number of SQL queries of the request as `X-Query-Count`.

    For measurements (`bench/pages.py`) against a production-like server, where the
    debug toolbar and `connection.queries` are off. It sits near the top of the
    stack, so the count includes the session, the user and every later middleware.
    Off by default: the header tells an outsider how the pages are built.
    """

    header = "X-Query-Count"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.CCHC_QUERY_COUNT_HEADER:
            return self.get_response(request)
        counter = _QueryCounter()
        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response[self.header] = str(counter.count)
        return response


class _QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)
