"""The test suite's settings: the development switch on (tests run with `DEBUG=False` per test anyway).

Production is the default of `settings.py`; `make test` sets DJANGO_DEBUG=1, and
this module does the same for a bare `pytest`, before the settings are read.
"""

import os

os.environ.setdefault("DJANGO_DEBUG", "1")

from .settings import *  # noqa: F403

CELERY_TASK_EAGER_PROPAGATES = True
