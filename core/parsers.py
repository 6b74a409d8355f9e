"""The API's JSON parser, in a module of its own: DRF reads it from the settings while its views load."""

from django.utils.translation import gettext as _
from rest_framework import exceptions, parsers

from .text import nfc

# Deeper JSON than any of the portal's bodies (a finding with its indicators is 3 levels) is refused.
MAX_JSON_DEPTH = 32


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, but a body nested past `MAX_JSON_DEPTH` is a 400, not a RecursionError (500).

    Its strings arrive in NFC, as the pages' form fields do (`core.middleware.UnicodeNFCMiddleware`).
    """

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError(_("The JSON body is nested too deeply.")) from None
        if _depth(data) > MAX_JSON_DEPTH:
            raise exceptions.ParseError(_("The JSON body is nested too deeply."))
        return nfc(data)


def _depth(value, level: int = 0) -> int:
    """How deep `value` nests, counted without recursion (stops once past the limit)."""
    deepest, stack = level, [(value, level)]
    while stack and deepest <= MAX_JSON_DEPTH:
        current, depth = stack.pop()
        deepest = max(deepest, depth)
        children = current.values() if isinstance(current, dict) else current if isinstance(current, list) else ()
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return deepest
