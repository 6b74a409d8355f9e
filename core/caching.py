"""The cache as an optimisation only: a cache server that is away costs a recomputation, never an error page.

Django's Redis cache raises when Redis is down; the figures and charts that use
it are computed again instead (the broker's short timeouts bound the wait).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import re
import time
from collections.abc import Callable

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import transaction
from redis.exceptions import RedisError

log = logging.getLogger(__name__)
CACHE_ERRORS = (RedisError, OSError, TimeoutError)
# While one request computes a missing value, the others asking for it wait for it this long
# (polling), instead of all computing the same figures at once on a busy morning.
WAIT_SECONDS = 10
POLL_SECONDS = 0.1


def cached(key: str, compute: Callable, timeout: int, fresh: bool = False):
    """`compute()` kept under `key` for `timeout` seconds (0: not kept); `fresh` computes it now."""
    if not fresh:
        try:
            found = cache.get(key)
        except CACHE_ERRORS as error:
            log.warning("cache unavailable (%s); computing %s", error, key)
            return compute()
        if found is not None:
            return found
        if timeout and not _claim(key):
            found = _wait_for(key)
            if found is not None:
                return found
    try:
        value = compute()
    except Exception:
        _release(key)  # the others stop waiting for a value that will not come, and compute it
        raise
    if timeout:
        try:
            cache.set(key, value, timeout)
            cache.delete(f"{key}:computing")
        except CACHE_ERRORS as error:
            log.warning("cache unavailable (%s); %s not kept", error, key)
    return value


def _release(key: str) -> None:
    with contextlib.suppress(*CACHE_ERRORS):
        cache.delete(f"{key}:computing")


def refreshed(key: str, compute: Callable, timeout: int, stale):
    """`compute()` kept under `key` afresh, unless another request is computing it: then `stale` meanwhile."""
    if timeout and not _claim(key):
        return stale
    return cached(key, compute, timeout, fresh=True)


def peek(key: str):
    """What is kept under `key` as it is (None: nothing, or the cache is away)."""
    try:
        return cache.get(key)
    except CACHE_ERRORS:
        return None


def once_every(marker: str, seconds: int) -> bool:
    """True for the first caller in `seconds` (e.g. to queue a job once a minute); False if the cache is away."""
    try:
        return cache.add(marker, 1, seconds)
    except CACHE_ERRORS:
        return False


def _claim(key: str) -> bool:
    """True for the one request that computes `key` now (a short-lived marker, in case it dies)."""
    try:
        return cache.add(f"{key}:computing", 1, WAIT_SECONDS)
    except CACHE_ERRORS:
        return True


def _wait_for(key: str):
    """The value another request is computing, once it is there; None after WAIT_SECONDS."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
        try:
            found = cache.get(key)
        except CACHE_ERRORS:
            return None
        if found is not None:
            return found
    return None


# --- values kept until the tables they were read from change ---------------------------------------
# A unit or plan picker reads the same few hundred rows on every list page. It is kept under a key
# that carries a stamp per table its query reads; every INSERT, UPDATE or DELETE on a watched table
# (bulk ones too: it is seen in the SQL) gives the table a new stamp, at once and again when the
# transaction commits, so that a value read meanwhile from the old rows is not the one kept.

STAMP_PREFIX = "cchc:stamp:"
KEPT_SECONDS = 600
WATCHED_TABLES: set[str] = set()
_WRITE = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"(\w+)"', re.IGNORECASE)
_READ = re.compile(r'(?:FROM|JOIN)\s+"(\w+)"', re.IGNORECASE)


def watch_tables(*models) -> None:
    """Stamp these models' tables on every write (each app names its own, in `ready`)."""
    WATCHED_TABLES.update(model._meta.db_table for model in models)


def stamp_writes(execute, sql, params, many, context):
    """A database execute wrapper (`connection.execute_wrappers`): a write to a watched table stamps it."""
    result = execute(sql, params, many, context)
    found = _WRITE.match(sql)
    if found and found[1] in WATCHED_TABLES:
        table, connection = found[1], context["connection"]
        _new_stamp(table)
        if connection.in_atomic_block:
            transaction.on_commit(lambda: _new_stamp(table), using=connection.alias)
    return result


def install_stamp_writes(sender, connection, **kwargs) -> None:
    """On each new database connection (the `connection_created` signal)."""
    if stamp_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(stamp_writes)


def _new_stamp(table: str) -> int | None:
    stamp = time.time_ns()
    try:
        cache.set(STAMP_PREFIX + table, stamp, None)
    except CACHE_ERRORS as error:
        log.warning("cache unavailable (%s); %s not stamped", error, table)
        return None
    return stamp


def cached_query_result(name: str, sql: str, parts: object, compute: Callable, seconds: int = KEPT_SECONDS):
    """`compute()` from the rows `sql` reads, kept until a table it reads is written (at most `seconds`).

    Computed every time when the query reads a table nobody watches, or the cache is away.
    One round trip to the cache: the value is kept with the stamps it was computed under,
    read together with the tables' current stamps, and used only while they are the same.
    """
    tables = sorted(set(_READ.findall(sql)))
    if not tables or not WATCHED_TABLES.issuperset(tables):
        return compute()
    key = f"cchc:{name}:{hashlib.sha256(repr((sql, parts)).encode()).hexdigest()}"
    stamp_keys = [STAMP_PREFIX + table for table in tables]
    try:
        found = cache.get_many([key, *stamp_keys])
    except CACHE_ERRORS as error:
        log.warning("cache unavailable (%s); computing %s", error, name)
        return compute()
    # A stamp evicted from the cache is started afresh, never taken for "unchanged".
    stamps = [found.get(STAMP_PREFIX + table) or _new_stamp(table) for table in tables]
    if None in stamps:
        return compute()
    kept = found.get(key)
    if kept is not None and kept[0] == stamps:
        return kept[1]
    value = compute()
    try:
        cache.set(key, (stamps, value), seconds)
    except CACHE_ERRORS as error:
        log.warning("cache unavailable (%s); %s not kept", error, name)
    return value


def cached_for_queryset(name: str, queryset, parts: object, compute: Callable):
    """`compute()` from `queryset`'s rows (and `parts`), kept until a table the queryset reads is written.

    Keyed by the SQL of the rows' ids in their order: the same tables, joins, scope and order as the
    rows themselves, for a third of the compiling of every column (a picker has a dozen).
    """
    if queryset.model._meta.db_table not in WATCHED_TABLES:  # never stamped: not worth compiling a key
        return compute()
    try:
        sql, params = queryset.values_list("pk").query.sql_with_params()
    except EmptyResultSet:  # .none(): nothing to read, nothing worth keeping
        return compute()
    return cached_query_result(name, sql, (params, parts), compute)


def cached_count(queryset) -> int:
    """`queryset.count()`, kept until a table it reads is written: a list's number of rows for its
    pages, which scope tests over a province's documents made the slowest query of the list."""
    return cached_for_queryset("count", queryset, None, queryset.count)
