"""`field__in_array=ids`: `IN` with the ids sent as one parameter, not one placeholder each.

Django prepares each value of an `__in` separately (a dozen calls per id): a province's
list read page by page passes the 500 visits it spans, 9,000 calls to build one query.
PostgreSQL takes the list as an array (`= ANY(%s)`), SQLite as a JSON text (`json_each`).
Registered on integer fields (ids) by `core.apps`. Pass the ids as `Ids(ids)`: Django's query
builder resolves a list or tuple value item by item (a few calls an id) before the lookup sees it.
"""

import json

from django.db.models import Lookup


class Ids:
    """Ids for `__in_array`, passed whole (not a list or a tuple, so not resolved item by item)."""

    __slots__ = ("ids",)

    def __init__(self, ids):
        self.ids = ids

    def __iter__(self):
        return iter(self.ids)


class InArray(Lookup):
    lookup_name = "in_array"
    prepare_rhs = False  # a list of ints, sent as it is

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        ids = list(map(int, self.rhs))
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", [*lhs_params, ids]
        return f"{lhs} IN (SELECT value FROM json_each(%s))", [*lhs_params, json.dumps(ids)]
