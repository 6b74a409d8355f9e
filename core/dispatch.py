"""Handing a job to the workers without ever failing the request that asked for it.

The request has already committed what it asks for (a document's status, an
export, an outbox row); the broker only carries a reminder to a worker. If the
broker is away, the message is not sent, the row stays as it is, and the sweeper
sends it again later. A request waits at most about a second for the broker.
"""

from __future__ import annotations

import logging

from django.db import transaction
from kombu.exceptions import KombuError, OperationalError
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

# What a broker that is down or unreachable raises while a message is published.
BROKER_ERRORS = (OperationalError, KombuError, RedisError, OSError, TimeoutError)


def send(task, *args) -> bool:
    """Publish `task(*args)` once; False (and a warning in the log) if the broker did not take it."""
    try:
        task.apply_async(args=args, retry=False)
    except BROKER_ERRORS as error:
        log.warning(
            "job %s%s not sent, the broker is unavailable (%s); the sweeper will send it", task.name, args, error
        )
        return False
    return True


def send_on_commit(task, *args) -> None:
    """Publish once the current transaction has committed (a rolled-back request queues nothing)."""
    transaction.on_commit(lambda: send(task, *args))
