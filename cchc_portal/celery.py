"""The Celery app, configured from Django settings under the CELERY_ namespace."""

import os

from celery import Celery
from celery.signals import worker_init
from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc_portal.settings")

app = Celery("cchc_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def yield_cpu_to_web_requests(**kwargs) -> None:
    """A worker (and the pool processes it forks, which inherit it) lowers its CPU priority.

    Background work (PDFs, spreadsheets, e-mail, recounts) may wait; a page being read may not.
    Only `celery worker` sends this signal: tasks run in the web process (embedded) keep its priority.
    """
    current = os.getpriority(os.PRIO_PROCESS, 0)
    wanted = min(19, max(current, settings.WORKER_NICENESS))
    if wanted > current:
        os.nice(wanted - current)
