"""Search across findings without diacritics: `thu tuc` finds `thủ tục`."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.lookups import Unaccent
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db.models import QuerySet, Value
from django.db.models.functions import Lower

from core.text import words

from .models import Finding


def search_findings(queryset: QuerySet[Finding], query: str) -> QuerySet[Finding]:
    """Match every word of `query` without diacritics.

    PostgreSQL: full-text search over the folded text (GIN-indexed), the query
    passed through `unaccent`, each word as a prefix. SQLite: substring match
    of each folded word.
    """
    found = words(query)
    if not found:
        return queryset
    if settings.IS_POSTGRES:
        raw = " & ".join(f"{word}:*" for word in found)
        search_query = SearchQuery(Unaccent(Lower(Value(raw))), config="simple", search_type="raw")
        # An alias, not an annotation: the vector is matched (through the GIN index), never selected,
        # so a page of results does not compute and carry it for every matching row.
        return queryset.alias(_search=SearchVector("search_text", config="simple")).filter(_search=search_query)
    for word in found:
        queryset = queryset.filter(search_text__contains=word)
    return queryset
