"""gunicorn settings for production: ``gunicorn -c python:poortwachter.config.gunicorn
poortwachter.config.wsgi``. The benchmarks start the server with this same file.

Every value can be overridden with an environment variable (``GUNICORN_*`` below) or a
command-line flag. Each process is stateless (sessions in the database, cache and rate
limits in Redis with ``REDIS_URL``), so several hosts can run it behind one proxy.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: one request per process at a time, no shared state between requests. Two
# per core plus one keeps the cores busy while a worker waits on the database.
workers = int(os.environ.get("GUNICORN_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))
worker_class = "sync"
# Import the application once in the master, so the workers share its pages (less memory
# per worker). Django opens no database connection at import.
preload_app = True
# A worker is replaced after this many requests (with jitter, so not all at once): memory
# that creeps up in a long-lived process is given back.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 10
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
# Heartbeat files in memory, not on a disk that may block.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108  # nosec B108
# Only the proxy in front may set X-Forwarded-*; the application itself trusts
# POORTWACHTER_TRUSTED_PROXY_COUNT entries.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# Access log without query strings: search filters may hold names (%(U)s is the path only).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")


def when_ready(server) -> None:
    """In the master, after the preloaded application and before the first worker is
    forked: build what every worker would build for itself, and freeze it, so the
    workers share it (``poortwachter.config.warmup``, issue 21)."""
    if not preload_app:
        return
    # Imported here: gunicorn reads this file before Django is set up.
    from poortwachter.config import warmup  # noqa: PLC0415

    server.log.info("warm-up in the master: %s", warmup.warm())
