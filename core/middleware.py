"""Response compression for what compresses: HTML pages, JSON, CSV, text; never files already packed."""

from django.middleware.gzip import GZipMiddleware

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
