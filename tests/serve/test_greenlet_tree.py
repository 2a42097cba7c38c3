"""`serve` stops gevent recording each greenlet's spawning stack (fkp/serve/tuning.py): a
phone's connection starts several greenlets, and each kept its stack for as long as it lived."""
import gevent

from fkp.serve import tuning


def test_greenlets_spawned_after_serve_is_prepared_keep_no_spawning_stack(monkeypatch):
    monkeypatch.setattr(gevent.config, "track_greenlet_tree", True)
    assert gevent.Greenlet(lambda: None).spawning_stack is not None
    tuning.untrack_greenlets()
    greenlet = gevent.Greenlet(lambda: None)
    assert greenlet.spawning_stack is None and greenlet.spawning_greenlet is None
