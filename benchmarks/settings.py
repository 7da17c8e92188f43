"""Settings of the benchmarks' set-up children and commands: the server's
(``benchmarks.settings_server``: production's, the floor view, mail to nowhere) plus the
development tools, because the benchmarks fill the database with the synthetic generator
(and its absence-history step) before they measure. The web server itself runs without
them, as production does.
"""

from benchmarks.settings_server import *  # noqa: F403
from benchmarks.settings_server import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "poortwachter.devtools"]
