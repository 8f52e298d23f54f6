"""The WSGI entry point production serves (gunicorn config.wsgi).

It loads the production settings unless DJANGO_SETTINGS_MODULE says otherwise: a server started
without it must never run with DEBUG on and the local settings' published secret. Only
manage.py falls back to the local settings.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_wsgi_application()
