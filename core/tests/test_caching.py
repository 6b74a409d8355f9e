"""The cache is an optimisation: when its server is away, the value is computed, never an error."""

import threading

from django.core.cache import cache
from redis.exceptions import ConnectionError as RedisDown

from core import caching


def test_a_cache_that_is_away_costs_a_recomputation_not_an_error(monkeypatch):
    def down(*args, **kwargs):
        raise RedisDown("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(caching.cache, "get", down)
    monkeypatch.setattr(caching.cache, "set", down)
    computed = []
    assert caching.cached("k", lambda: computed.append(1) or "value", 60) == "value"
    assert computed == [1]


def test_a_kept_value_is_not_computed_again_until_asked_fresh():
    computed = []
    compute = lambda: computed.append(1) or len(computed)  # noqa: E731
    assert caching.cached("k2", compute, 60) == 1
    assert caching.cached("k2", compute, 60) == 1
    assert caching.cached("k2", compute, 60, fresh=True) == 2


def test_while_one_request_computes_a_value_the_others_wait_for_it(monkeypatch):
    monkeypatch.setattr(caching, "POLL_SECONDS", 0.01)
    cache.delete("k3")
    cache.add("k3:computing", 1, 10)  # someone else is computing it
    threading.Timer(0.1, lambda: cache.set("k3", "theirs", 60)).start()
    assert caching.cached("k3", lambda: "mine", 60) == "theirs"


def test_a_value_nobody_delivers_is_computed_after_the_wait(monkeypatch):
    monkeypatch.setattr(caching, "WAIT_SECONDS", 0.05)
    monkeypatch.setattr(caching, "POLL_SECONDS", 0.01)
    cache.delete("k4")
    cache.add("k4:computing", 1, 10)  # its computer died
    assert caching.cached("k4", lambda: "mine", 60) == "mine"
    assert cache.get("k4") == "mine" and cache.get("k4:computing") is None
