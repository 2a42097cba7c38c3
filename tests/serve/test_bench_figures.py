"""scripts/bench counts what it must: the figures computed from what the load generators
recorded. Synthetic records with a known answer, so a loss, a repeat or a latency the bench
mis-counted fails here (test_bench.py runs the bench itself, and checks nothing of its speed)."""
import importlib.util
from types import SimpleNamespace

import pytest

from tests.helpers.app import ROOT


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_main", ROOT / "scripts/bench/__main__.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ARGS = SimpleNamespace(attendees=2, rate=10, duration=1, concurrency=4, saturation=1)


def record(**overrides):
    """One load generator's record: two inputs due in the steady phase at t=100.0 and
    t=100.1 (the first left 4 ms late, the second on time), answered 20 and 40 ms after they
    were due, seen by the moderator 30 and 90 ms after; the first approved at t=101.0 and
    seen by one display and both phones."""
    base = {
        "acked": {"s0-0": [100.0, 100.02, 1, "steady", 100.004], "s0-1": [100.1, 100.14, 2, "steady", 100.1]},
        "submitted": {"s0-0": [100.03], "s0-1": [100.19]},
        "approvals": {1: 101.0}, "approve_acks": {1: 101.01},
        "displays": [{1: [101.05]}],
        "phone_times": {1: [101.1, 101.3]}, "phones": 2, "phone_dups": 0,
        "failed": {}, "failure_examples": [], "disconnects": 0,
    }
    base.update(overrides)
    return base


def figures(bench, *records):
    return bench.figures(ARGS, list(records), [{"connected": 2}], 1.0)


def test_latencies_count_from_the_scheduled_send(bench):
    result = figures(bench, record())
    assert result["steady"]["acked"] == 2
    assert result["steady"]["ack_ms"]["max"] == pytest.approx(40)
    assert result["steady"]["ack_ms"]["p50"] == pytest.approx(20)
    assert result["steady"]["submit_to_moderator_ms"]["max"] == pytest.approx(90)
    # the load generator's own part of those: reported, not taken out
    assert result["steady"]["sent_late_ms"]["max"] == pytest.approx(4)
    assert result["steady"]["sent_late_ms"]["p50"] == pytest.approx(0, abs=0.1)
    assert result["approve_to_display_ms"]["max"] == pytest.approx(50)
    assert result["approve_to_phone_ms"]["p50"] == pytest.approx(100)
    # every phone: when the last of them had it
    assert result["approve_to_every_phone_ms"]["max"] == pytest.approx(300)
    assert result["lost"] == {"submitted": 0, "display": 0, "phone": 0}
    assert result["duplicated"] == {"submitted": 0, "display": 0, "phone": 0}


def test_approvals_count_in_the_phase_during_which_they_were_sent(bench):
    """An approval sent while the submitter saturated the server is not a figure of the
    steady phase's rate, and the other way round."""
    result = figures(bench, record(
        approvals={1: 101.0, 2: 103.0}, approve_acks={1: 101.01, 2: 103.01},
        displays=[{1: [101.05], 2: [103.2]}], phone_times={1: [101.1, 101.3], 2: [103.4, 103.9]}),
        record(acked={}, submitted={}, approvals={}, approve_acks={}, displays=[], phone_times={},
               phones=0, phases={"steady": [100.0, 102.0], "saturation": [102.5, 104.0]}))
    assert result["steady"]["approvals"] == 1
    assert result["steady"]["approve_to_every_phone_ms"]["max"] == pytest.approx(300)
    assert result["saturation"]["approvals"] == 1
    assert result["saturation"]["approve_to_every_phone_ms"]["max"] == pytest.approx(900)
    assert result["saturation"]["approve_to_display_ms"]["max"] == pytest.approx(200)
    assert result["approvals"] == 2
    assert result["approve_to_every_phone_ms"]["max"] == pytest.approx(900)


def test_what_never_arrived_is_counted_lost(bench):
    result = figures(bench, record(submitted={"s0-0": [100.03]}, displays=[{1: [101.05]}, {}],
                                   phone_times={1: [101.1]}))
    assert result["lost"] == {"submitted": 1, "display": 1, "phone": 1}
    # an approval that reached one phone of two has no "every phone" time
    assert result["approve_to_every_phone_ms"]["max"] is None


def test_what_arrived_twice_is_counted_repeated(bench):
    result = figures(bench, record(submitted={"s0-0": [100.03, 100.5], "s0-1": [100.19]},
                                   displays=[{1: [101.05, 101.06]}], phone_dups=3))
    assert result["duplicated"] == {"submitted": 1, "display": 1, "phone": 3}
    # the latency is the first arrival's
    assert result["steady"]["submit_to_moderator_ms"]["p50"] == pytest.approx(30)


def test_an_approval_the_server_did_not_acknowledge_is_not_counted(bench):
    result = figures(bench, record(approve_acks={}))
    assert result["approvals"] == 0
    assert result["lost"]["phone"] == 0


def test_records_of_several_load_generators_are_merged(bench):
    other = record(acked={"s1-0": [100.05, 100.06, 3, "saturation", 100.05]}, submitted={"s1-0": [100.07]},
                   approvals={}, approve_acks={}, displays=[], phone_times={1: [101.2]}, phones=1)
    result = figures(bench, record(), other)
    assert result["steady"]["acked"] == 2 and result["saturation"]["acked"] == 1
    assert result["approve_to_every_phone_ms"]["max"] == pytest.approx(300)
    assert result["lost"] == {"submitted": 0, "display": 0, "phone": 0}


def test_figures_of_several_runs_are_their_medians(bench):
    runs = [{"a": {"p99": 10.0}, "n": 1, "label": "x", "none": None},
            {"a": {"p99": 30.0}, "n": 5, "label": "y", "none": 2},
            {"a": {"p99": 20.0}, "n": 2, "label": "z", "none": None}]
    assert bench.median_of(runs) == {"a": {"p99": 20.0}, "n": 2, "label": "x", "none": None}


def test_servers_and_load_generators_get_cores_of_their_own(bench, monkeypatch):
    monkeypatch.setattr(bench.os, "sched_getaffinity", lambda pid: {0, 1, 2, 3})
    assert bench.cpu_split(True) == ({0, 1}, {2, 3})
    assert bench.cpu_split(False) == (None, None)
    monkeypatch.setattr(bench.os, "sched_getaffinity", lambda pid: {0})
    assert bench.cpu_split(True) == (None, None)
