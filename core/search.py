"""Search without diacritics over ordinary columns: "ke hoach cchc" finds "Kế hoạch CCHC".

`Folded(expression)` is the database's own folding: `lower(unaccent(…))` on PostgreSQL (the
extension the findings' search installed), and on SQLite `core.text.fold`, registered on each
connection. `search_folded` asks every word of the query to appear in one of the columns. For lists
of a few thousand rows (plans, visits, documents): large tables with free text carry a stored,
folded `search_text` instead (findings, units, directives), searched by `search_stored`.
"""

from __future__ import annotations

from django.db.backends.signals import connection_created
from django.db.models import F, Func, Q, QuerySet, TextField, Value
from django.db.models.functions import Coalesce, Concat

from .text import fold, words

SQLITE_FOLD = "cchc_fold"


class Folded(Func):
    output_field = TextField()

    def as_sql(self, compiler, connection, **extra):
        if connection.vendor == "postgresql":
            # unaccent first: under the C locale lower() leaves Ô as it is, unaccent makes it O.
            return super().as_sql(compiler, connection, template="lower(unaccent(%(expressions)s))", **extra)
        return super().as_sql(compiler, connection, function=SQLITE_FOLD, **extra)


def register_sqlite_fold(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FOLD, 1, fold, deterministic=True)


connection_created.connect(register_sqlite_fold, dispatch_uid="core.search.register_sqlite_fold")


# More words narrow a list no further in practice, and each costs a pass over the rows.
MAX_WORDS = 8


def query_words(query: str) -> list[str]:
    """The folded words of a search, each once, at most MAX_WORDS."""
    return list(dict.fromkeys(words(query)))[:MAX_WORDS]


def search_folded(queryset: QuerySet, query: str, fields: list[str]) -> QuerySet:
    """Rows where every word of `query` appears, without diacritics, in one of `fields`."""
    found = query_words(query)
    if not found:
        return queryset
    parts = []
    for name in fields:
        parts += [Coalesce(F(name), Value(""), output_field=TextField()), Value(" ")]
    queryset = queryset.alias(_folded=Folded(Concat(*parts, output_field=TextField())))
    for word in found:
        queryset = queryset.filter(_folded__contains=word)
    return queryset


def search_stored(queryset: QuerySet, query: str, fields: list[str]) -> QuerySet:
    """Rows where every word of `query` appears in one of `fields`, columns stored already folded."""
    for word in query_words(query):
        condition = Q()
        for name in fields:
            condition |= Q(**{f"{name}__contains": word})
        queryset = queryset.filter(condition)
    return queryset
