"""The cache as an optimisation only: a cache server that is away costs a recomputation, never an error page.

Django's Redis cache raises when Redis is down; the figures and charts that use
it are computed again instead (the broker's short timeouts bound the wait).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.core.cache import cache
from redis.exceptions import RedisError

log = logging.getLogger(__name__)
CACHE_ERRORS = (RedisError, OSError, TimeoutError)


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
    value = compute()
    if timeout:
        try:
            cache.set(key, value, timeout)
        except CACHE_ERRORS as error:
            log.warning("cache unavailable (%s); %s not kept", error, key)
    return value
