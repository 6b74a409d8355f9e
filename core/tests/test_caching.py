"""The cache is an optimisation: when its server is away, the value is computed, never an error."""

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
