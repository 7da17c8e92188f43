"""The messages shown after a form ("De ziekmelding is vastgelegd ..."), kept as Django
keeps them (a signed cookie, the session for what does not fit), but only the newest
``MAX_KEPT`` (issue 21).

A browser shows each message on the page it is redirected to, so the cookie holds one at
a time. A client that does not load that page (a script, the benchmarks' clients) made
the cookie grow by one message per form: the sick report decoded, re-encoded and signed
about 120 of them on every request (about 1 ms), for messages nobody would read.
"""

from django.contrib.messages.storage.fallback import FallbackStorage

#: More than one page ever shows (a form's confirmation plus a few warnings).
MAX_KEPT = 10


class RecentMessagesStorage(FallbackStorage):
    def _store(self, messages, response, *args, **kwargs):
        # ``_store`` is Django's own hook (the stubs do not list it).
        return super()._store(messages[-MAX_KEPT:], response, *args, **kwargs)  # type: ignore[misc]
