"""WSGI entry point for gunicorn: `gunicorn bontrack.wsgi`."""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bontrack.settings")
application = get_wsgi_application()

# Import every view now rather than on the first request, then move everything made so far
# into the collector's permanent generation: full collections stop walking Django's and
# bontrack's own long-lived objects, which set the slow tail of the directory search
# (docs/benchmarks.md).
get_resolver().url_patterns  # noqa: B018
gc.freeze()
