"""The cache is an optimisation: when its server is away, the value is computed, never an error."""

import threading

import pytest
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


# --- values kept until the tables they read are written ------------------------------------------

NOTIFICATIONS = 'SELECT "id" FROM "core_notification" WHERE "user_id" = %s'


def _counter():
    computed = []
    return computed, lambda: computed.append(1) or len(computed)


def test_a_value_read_from_watched_tables_is_kept_until_one_of_them_gets_a_new_stamp(monkeypatch):
    monkeypatch.setattr(caching, "WATCHED_TABLES", {"core_notification"})
    computed, compute = _counter()
    assert caching.cached_query_result("t1", NOTIFICATIONS, 1, compute) == 1
    assert caching.cached_query_result("t1", NOTIFICATIONS, 1, compute) == 1
    assert caching.cached_query_result("t1", NOTIFICATIONS, 2, compute) == 2  # other parts, other value
    caching._new_stamp("core_notification")
    assert caching.cached_query_result("t1", NOTIFICATIONS, 1, compute) == 3


def test_a_kept_value_is_read_with_its_tables_stamps_in_one_round_trip(monkeypatch):
    monkeypatch.setattr(caching, "WATCHED_TABLES", {"core_notification", "core_outbox"})
    sql = NOTIFICATIONS + ' AND EXISTS (SELECT 1 FROM "core_outbox" U0)'
    computed, compute = _counter()
    caching.cached_query_result("t5", sql, 1, compute)
    trips, inside = [], []

    def counted(name):
        original = getattr(caching.cache, name)

        def call(*args, **kwargs):
            if not inside:  # the local-memory cache's get_many calls get: one trip all the same
                trips.append(name)
            inside.append(name)
            try:
                return original(*args, **kwargs)
            finally:
                inside.pop()

        monkeypatch.setattr(caching.cache, name, call)

    counted("get")
    counted("get_many")
    assert caching.cached_query_result("t5", sql, 1, compute) == 1
    assert trips == ["get_many"] and computed == [1]
    caching._new_stamp("core_outbox")  # a write to either table: computed again
    assert caching.cached_query_result("t5", sql, 1, compute) == 2


def test_a_value_read_from_a_table_nobody_watches_is_computed_every_time(monkeypatch):
    monkeypatch.setattr(caching, "WATCHED_TABLES", {"core_notification"})
    computed, compute = _counter()
    sql = NOTIFICATIONS + ' AND EXISTS (SELECT 1 FROM "core_outbox" U0)'
    caching.cached_query_result("t2", sql, 1, compute)
    caching.cached_query_result("t2", sql, 1, compute)
    assert computed == [1, 1]


def test_an_evicted_stamp_is_never_taken_for_unchanged(monkeypatch):
    monkeypatch.setattr(caching, "WATCHED_TABLES", {"core_notification"})
    computed, compute = _counter()
    caching.cached_query_result("t3", NOTIFICATIONS, 1, compute)
    cache.delete(caching.STAMP_PREFIX + "core_notification")  # evicted by Redis' memory limit
    assert caching.cached_query_result("t3", NOTIFICATIONS, 1, compute) == 2


def test_with_the_cache_away_kept_values_are_computed(monkeypatch):
    def down(*args, **kwargs):
        raise RedisDown("Connection refused.")

    monkeypatch.setattr(caching, "WATCHED_TABLES", {"core_notification"})
    monkeypatch.setattr(caching.cache, "get_many", down)
    monkeypatch.setattr(caching.cache, "set", down)
    computed, compute = _counter()
    caching.cached_query_result("t4", NOTIFICATIONS, 1, compute)
    caching.cached_query_result("t4", NOTIFICATIONS, 1, compute)
    assert computed == [1, 1]


def test_every_write_statement_to_a_watched_table_stamps_it_and_again_at_commit(
    monkeypatch, db, django_capture_on_commit_callbacks
):
    from django.db import connection

    monkeypatch.setattr(caching, "WATCHED_TABLES", {"core_notification"})
    assert caching.stamp_writes in connection.execute_wrappers
    key = caching.STAMP_PREFIX + "core_notification"
    cache.delete(key)
    with connection.cursor() as cursor:
        cursor.execute('SELECT COUNT(*) FROM "core_notification"')
    assert cache.get(key) is None  # a read stamps nothing
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with connection.cursor() as cursor:
            cursor.execute('UPDATE "core_notification" SET "read_at" = NULL WHERE 1 = 0')
        written = cache.get(key)
        assert written is not None
    assert len(callbacks) == 1 and cache.get(key) > written


def test_once_every_lets_one_caller_through_a_window_and_none_while_the_cache_is_away(monkeypatch):
    cache.delete("job-marker")
    assert caching.once_every("job-marker", 60) and not caching.once_every("job-marker", 60)

    def down(*args, **kwargs):
        raise RedisDown("Connection refused.")

    monkeypatch.setattr(caching.cache, "add", down)
    monkeypatch.setattr(caching.cache, "get", down)
    assert caching.once_every("another-marker", 60) is False and caching.peek("job-marker") is None


def test_a_value_whose_computing_fails_lets_the_others_compute_it_at_once():
    """The "computing" marker is released with the error: nobody waits WAIT_SECONDS for a value that
    will not come (a drawing that failed in a worker held the dashboard's readers for 10 s)."""

    def broken():
        raise ValueError("matplotlib has no config directory")

    with pytest.raises(ValueError):
        caching.cached("t-fails", broken, 60)
    assert caching._claim("t-fails")  # free: the next reader computes it himself
