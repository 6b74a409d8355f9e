"""The Redis cache keeps one client per connection pool and works as Django's does."""

import threading

import pytest
from django.core.cache import caches


@pytest.mark.redis
def test_the_redis_cache_reuses_its_client_and_answers_as_djangos():
    cache = caches["default"]
    assert type(cache).__module__ == "core.redis_cache"
    client = cache._cache.get_client()
    assert cache._cache.get_client(write=True) is client is cache._cache.get_client("any-key")
    cache.set_many({"reuse-a": 1, "reuse-b": [2]}, 30)
    assert cache.get_many(["reuse-a", "reuse-b", "reuse-c"]) == {"reuse-a": 1, "reuse-b": [2]}
    assert cache.add("reuse-a", 3) is False and cache.incr("reuse-a") == 2
    cache.delete_many(["reuse-a", "reuse-b"])
    assert cache.get("reuse-a") is None


@pytest.mark.redis
def test_threads_share_the_client_safely():
    cache = caches["default"]
    errors = []

    def work(n):
        try:
            for i in range(50):
                cache.set(f"thread-{n}", i, 30)
                assert cache.get(f"thread-{n}") == i
        except Exception as error:
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
