"""The hub trace (FKP_HUB_TRACE, fkp/serve/hubtrace.py) finds a block and names what ran in it.

In a process of its own (the trace hooks every greenlet switch of the process): a greenlet
that keeps the hub for 60 ms of CPU must show up as a block of at least that, with its name."""
import json
import subprocess
import sys

from fkp.serve import hubtrace
from tests.helpers.app import ROOT

SCRIPT = r"""
import json, sys, time
from gevent import monkey
monkey.patch_all()
import gevent
from fkp.serve import hubtrace

trace = hubtrace.start(sys.argv[1])

def hog():
    end = time.perf_counter() + 0.06
    while time.perf_counter() < end:  # CPU, not a sleep: nothing else may run meanwhile
        pass

def wait_for_a_block():
    while not trace.blocks:
        gevent.sleep(0.01)

gevent.sleep(0.05)  # the probe runs
hog_greenlet = gevent.spawn(hog)
hog_greenlet.fkp_label = "the hog"
hog_greenlet.join()
gevent.spawn(wait_for_a_block).join(timeout=30)
trace.write()
"""


def test_a_greenlet_holding_the_hub_is_reported_with_its_name(tmp_path):
    out = tmp_path / "hub.json"
    subprocess.run([sys.executable, "-c", SCRIPT, str(out)], cwd=ROOT, check=True, timeout=60)
    record = json.loads(out.read_text())
    report = hubtrace.summary(record)
    assert report["probes"] > 0
    assert report["lateness_ms"]["max"] >= 55
    assert report["late_over_ms"]["50"] >= 1
    longest = report["longest_blocks"][0]
    assert longest["late_ms"] >= 55
    assert longest["ran"][0]["what"] == "the hog" and longest["ran"][0]["ms"] >= 50


def test_a_span_of_the_trace_is_summed_up_alone():
    record = {"probe_ms": 1.0, "late_kept_ms": 1.0, "per_second": {"100": 1000, "101": 1000},
              "late": [[100.2, 30.0], [100.3, 2.0], [101.5, 80.0]],
              "blocks": [[100.2, 30.0, {"a": [29.0, 3]}], [101.5, 80.0, {"b": [79.0, 1], "c": [0.5, 2]}]]}
    first = hubtrace.summary(record, 100, 101)
    assert first["probes"] == 1000
    assert first["lateness_ms"]["max"] == 30.0 and first["lateness_ms"]["p99.9"] == 2.0
    assert first["lateness_ms"]["p99"] == "<1"  # 10 probes of 1,000: more than were late by over 1 ms
    assert first["late_over_ms"] == {"5": 1, "10": 1, "20": 1, "50": 0, "100": 0}
    assert [b["late_ms"] for b in first["longest_blocks"]] == [30.0]
    whole = hubtrace.summary(record)
    assert whole["probes"] == 2000
    assert [b["late_ms"] for b in whole["longest_blocks"]] == [80.0, 30.0]
    assert whole["longest_blocks"][0]["ran"] == [{"what": "b", "ms": 79.0, "turns": 1},
                                                 {"what": "c", "ms": 0.5, "turns": 2}]
