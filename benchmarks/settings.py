"""Settings for the HTTP benchmarks: production's, with four differences.

- The URLconf adds ``/bench/floor/``, the bare Django view the sick report is measured
  against (``benchmarks/floor``). It exists only here, never in the product's URLconf.
- The development tools are installed: the benchmarks fill the database with the
  synthetic generator (and its absence-history step) before they measure.
- E-mail goes nowhere (the benchmark has no mail server); sending stays in the code path.
- The server is reached over plain HTTP on the loopback address with
  ``X-Forwarded-Proto: https``, as behind a TLS proxy (``POORTWACHTER_BEHIND_TLS_PROXY``).
"""

from poortwachter.config.settings.production import *  # noqa: F403
from poortwachter.config.settings.production import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "poortwachter.devtools", "benchmarks.floor"]
ROOT_URLCONF = "benchmarks.urls"
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
