"""Password hashing parameters (issue 21, SECURITY.md).

Django's Argon2 defaults are m = 100 MiB, t = 2, p = 8: every sign-in made a web worker
allocate 100 MiB and start eight threads, which is what lifted a worker from ~130 MiB to
~220-240 MiB in the benchmarks. OWASP's Password Storage Cheat Sheet recommends Argon2id
with at least one of m = 46 MiB, t = 1, p = 1 / m = 19 MiB, t = 2, p = 1 (equivalent
strength); we take m = 19 MiB, t = 2, p = 1.

The algorithm name stays ``argon2`` and the parameters are part of every stored hash, so
existing hashes (made with Django's defaults) still verify; on the next successful
sign-in Django sees the parameters differ (``must_update``) and stores a new hash with
these (``tests/accounts/test_password_hashing.py``).
"""

from django.contrib.auth.hashers import Argon2PasswordHasher as DjangoArgon2PasswordHasher


class Argon2PasswordHasher(DjangoArgon2PasswordHasher):
    memory_cost = 19 * 1024  # KiB: 19 MiB
    time_cost = 2
    parallelism = 1
