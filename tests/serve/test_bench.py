"""scripts/bench keeps working: a tiny configuration of it, against the app and the bare
server, one process and two. The figures are not checked (the machine is shared), only
that every input and delivery was accounted for and the report is complete."""
import json
import shutil
import subprocess
import sys

import pytest

from tests.helpers.app import ROOT, skip_or_fail

pytestmark = pytest.mark.server


def bench(*args):
    out = subprocess.run([sys.executable, "scripts/bench", "--attendees", "20", "--rate", "20",
                          "--duration", "2", "--saturation", "2", "--grace", "1", "--displays", "2", *args],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    return out.stdout, json.loads(out.stdout.strip().splitlines()[-1])


def check(result):
    assert result["connected"] == result["attendees"] == 20
    assert result["steady"]["acked"] == 40 and result["saturation"]["acked"] > 0
    assert result["approvals"] > 0
    assert result["lost"] == {"submitted": 0, "display": 0, "phone": 0}
    assert result["duplicated"] == {"submitted": 0, "display": 0, "phone": 0}
    assert result["failed"] == {}
    for key in ("p50", "p95", "p99"):
        assert result["steady"]["submit_to_moderator_ms"][key] is not None
        assert result["approve_to_every_phone_ms"][key] is not None
    assert result["server"]["peak_rss_mb"] > 0
    assert result["server"]["cpu_connect_s"] > 0  # 20 joins and connections cost the server something


def test_bench_against_app_and_bare_prints_the_table_and_the_ratio():
    # 5 of the 20 send the inputs over their sockets; the other 15 are only listening
    table, report = bench("--target", "both", "--voices", "5")
    check(report["app"])
    check(report["bare"])
    assert report["ratio"] > 0
    assert "approve→every phone" in table and "ratio app/bare" in table


def test_bench_against_two_workers_on_redis_sending_over_the_api():
    if shutil.which("redis-server") is None:
        skip_or_fail("redis-server is not installed (apt-get install redis-server)")
    _table, report = bench("--target", "app", "--workers", "2", "--submit-via", "http")
    check(report["app"])
    assert report["app"]["server"]["workers"] == 2
    assert report["config"]["submit_via"] == "http"


def test_paired_measures_both_checkouts_in_every_round():
    """scripts/bench/paired.py, this checkout against itself: every input of every round was
    answered (it stops at the first refusal), and each round has both servers' cost. Its phones
    join through the page, so each socket sends as a browser's does: with the session cookie
    and no token."""
    out = subprocess.run([sys.executable, "scripts/bench/paired.py", "--app-root", str(ROOT), "--rounds", "2",
                          "--inputs", "200", "--sockets", "4", "--via-page"],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["inputs_per_round"] == 200 and result["via_page"]
    assert len(result["rounds"]["this"]) == len(result["rounds"]["other"]) == 2
    assert all(ms > 0 for ms in result["rounds"]["this"] + result["rounds"]["other"])
    assert result["this_ms"] > 0 and result["other_ms"] > 0
