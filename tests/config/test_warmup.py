"""The master's warm-up (issue 21): gunicorn's preloaded master builds the URL patterns,
every template of the product and the medical-text guard's lexicon, then freezes the
garbage collector, so the workers share those pages instead of each building its own."""

import gc
from types import SimpleNamespace

from django.template import engines

from poortwachter.config import gunicorn, warmup
from poortwachter.textguard import _lexicon


def test_the_warm_up_builds_what_workers_share_and_freezes_it():
    _lexicon.load.cache_clear()
    gc.unfreeze()
    try:
        built = warmup.warm()
        assert built["url_patterns"] > 0
        assert built["frozen"] > 0
        # Everything made so far is frozen: the count is what warm() reported, less the
        # few frozen objects freed since (their last reference dropped), never more.
        assert 0 < built["frozen"] - gc.get_freeze_count() + 1 <= 1 + built["frozen"] // 1000
        assert _lexicon.load.cache_info().currsize == 1
    finally:
        gc.unfreeze()
    names = warmup.product_templates()
    assert built["templates"] == len(names) > 50
    assert "base.html" in names
    # Every product template compiles (a syntax error raises here) and is the one the
    # cached loader now holds: a second lookup gives the same compiled object.
    engine = engines["django"]
    for name in names:
        assert engine.get_template(name).template is engine.get_template(name).template


def test_gunicorn_warms_up_in_the_master_when_it_preloads(monkeypatch):
    calls = []
    monkeypatch.setattr(warmup, "warm", lambda: calls.append("warm") or {})
    logged = []
    server = SimpleNamespace(log=SimpleNamespace(info=lambda *args: logged.append(args)))
    gunicorn.when_ready(server)
    assert calls == ["warm"]
    assert logged
    monkeypatch.setattr(gunicorn, "preload_app", False)
    gunicorn.when_ready(server)
    assert calls == ["warm"]
