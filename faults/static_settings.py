"""Settings for one command only: `collectstatic` for the fault tests' production-settings servers.

Production stores static files with WhiteNoise's compressing manifest storage,
whose brotli pass over every file takes ~45 s on two cores. Django's plain
manifest storage writes the same `staticfiles.json` in ~2 s; the servers under
test, on the real settings, read that manifest and serve the files uncompressed.
"""

from cchc_portal.settings import *  # noqa: F403
from cchc_portal.settings import STORAGES

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}}
