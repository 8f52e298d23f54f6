"""The application under the test settings, for tests that serve it with gunicorn."""

import os

os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"

from django.core.wsgi import get_wsgi_application

application = get_wsgi_application()
