"""WSGI entry point for gunicorn: ``gunicorn poortwachter.config.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "poortwachter.config.settings.production")

application = get_wsgi_application()
