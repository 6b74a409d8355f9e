"""The cache as an optimisation only: a cache server that is away costs a recomputation, never an error page.

Django's Redis cache raises when Redis is down; the figures and charts that use
it are computed again instead (the broker's short timeouts bound the wait).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.core.cache import cache
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
    value = compute()
    if timeout:
        try:
            cache.set(key, value, timeout)
            cache.delete(f"{key}:computing")
        except CACHE_ERRORS as error:
            log.warning("cache unavailable (%s); %s not kept", error, key)
    return value


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
