"""Settings for the HTTP benchmarks: production's, with three differences.

- The URLconf adds ``/bench/floor/``, the bare Django view the sick report is measured
  against (``benchmarks/floor``). It exists only here, never in the product's URLconf.
- E-mail goes nowhere (the benchmark has no mail server); sending stays in the code path.
- The server is reached over plain HTTP on the loopback address with
  ``X-Forwarded-Proto: https``, as behind a TLS proxy (``POORTWACHTER_BEHIND_TLS_PROXY``).
"""

from poortwachter.config.settings.production import *  # noqa: F403
from poortwachter.config.settings.production import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "benchmarks.floor"]
ROOT_URLCONF = "benchmarks.urls"
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
