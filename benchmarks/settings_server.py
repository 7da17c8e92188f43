"""Settings of the benchmarks' web server: production's, with three differences.

- The URLconf adds ``/bench/floor/``, the bare Django view the sick report is measured
  against (``benchmarks/floor``). It exists only here, never in the product's URLconf.
- E-mail goes nowhere (the benchmark has no mail server); sending stays in the code path.
- The server is reached over plain HTTP on the loopback address with
  ``X-Forwarded-Proto: https``, as behind a TLS proxy (``POORTWACHTER_BEHIND_TLS_PROXY``).

The development tools are not installed, as in production: a worker measured with them
carried Faker and the synthetic generator (about 65 MiB of resident memory that no
production worker has). The set-up children that fill the database use
``benchmarks.settings``, which adds them.
"""

from poortwachter.config.settings.production import *  # noqa: F403
from poortwachter.config.settings.production import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "benchmarks.floor"]
ROOT_URLCONF = "benchmarks.urls"
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
