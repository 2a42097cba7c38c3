"""An approval reaches many phones in slices (fkp/live.py PublicLane) against a real `serve`:
each phone hears every event once, in the order the forum committed them, even when events
follow one another while a fan-out is still under way."""
import pytest

from fkp.live import FAN_OUT_SLICE
from tests.helpers.realtime import Recorder, join, login, submit, wait_for

pytestmark = pytest.mark.server

PHONES = 3 * FAN_OUT_SLICE + 5  # four slices
INPUTS = 6


def test_phones_hear_every_approval_once_and_in_order_through_the_slices(live_server):
    url, code = live_server.url, live_server.code
    tokens = [join(url, code, f"Peserta {i}") for i in range(PHONES)]
    moderator = Recorder(url, {"forum": code, "view": "moderator"}, login(url))
    display = Recorder(url, {"forum": code, "view": "display"})
    phones = [Recorder(url, {"forum": code, "view": "attendee", "token": t}) for t in tokens]
    try:
        givers = [0, 1, PHONES - 1]  # in the first slice and in the last
        ids = [submit(url, code, tokens[givers[n % 3]], f"masukan {n}")["id"] for n in range(INPUTS)]
        assert wait_for(lambda: len(moderator.names()) == INPUTS, timeout=30)
        for comment_id in ids:  # one after another, without waiting for the phones
            assert moderator.call("approve_comment", {"id": comment_id})["ok"]
        everyone = [display, *phones]
        assert wait_for(lambda: all(r.names().count("comment_approved") == INPUTS for r in everyone), timeout=60)
        for n, recorder in enumerate(everyone):
            approved = [data for name, data in recorder.events if name == "comment_approved"]
            assert [data["comment"]["id"] for data in approved] == ids, n
            seqs = [data["seq"] for _name, data in recorder.events]
            assert seqs == sorted(seqs), n  # its own inputs' receipts too, in order
        # a giver hears its own input before its approval
        own = [name for name, data in phones[PHONES - 1].events if data["comment"]["id"] == ids[2]]
        assert own == ["comment_submitted", "comment_approved"]
    finally:
        for recorder in (moderator, display, *phones):
            recorder.close()


class _Server:
    """What fan_out asks of python-socketio's server: the room's members, and emits."""

    def __init__(self, members, log):
        self.manager = self
        self.members, self.log = members, log

    def get_participants(self, namespace, rooms):
        return ((sid, f"eio-{sid}") for sid in self.members)

    def emit(self, name, data, to, namespace):
        self.log.append(("emit", len(to), to[0]))


@pytest.mark.parametrize("members, slices", [
    (20, [20]),                    # a small room: at once, nothing waited for
    (101, [32, 32, 32, 5]),        # FAN_OUT_SLICE a slice
    (1000, [32] * 31 + [8]),
])
def test_a_fan_out_writes_slices_and_gives_way_between_them_on_a_schedule(monkeypatch, members, slices):
    from types import SimpleNamespace

    from fkp import live
    log, clock = [], iter(range(0, 10_000))
    sids = [f"s{n}" for n in range(members)]
    monkeypatch.setattr(live, "socketio", SimpleNamespace(server=_Server(sids, log)))
    monkeypatch.setattr(live, "give_way", lambda until: log.append(("give way", until)))
    monkeypatch.setattr(live.time, "monotonic", lambda: next(clock) / 1000)  # began at 0
    live.fan_out("comment_approved", {"seq": 1}, ["forum:1:public"])
    assert [entry[1] for entry in log if entry[0] == "emit"] == slices
    assert [entry[0] for entry in log] == ["emit"] + ["give way", "emit"] * (len(slices) - 1)
    assert [entry[2] for entry in log if entry[0] == "emit"] == [sids[sum(slices[:n])] for n in range(len(slices))]
    # slice n is due n/len(slices) of FAN_OUT_WITHIN after the first: the last a slice before it
    untils = [entry[1] for entry in log if entry[0] == "give way"]
    assert untils == pytest.approx([live.FAN_OUT_WITHIN * n / len(slices) for n in range(1, len(slices))])


def test_giving_way_waits_for_the_hub_to_be_idle_but_not_past_its_bound():
    """Under a real gevent hub: another greenlet that is ready runs first; a hub that never
    idles (a greenlet that keeps yielding) holds the fan-out back only until `until`; past
    `until` nothing else runs first."""
    import subprocess
    import sys
    code = """
import time
from gevent import monkey; monkey.patch_all()
import gevent
from fkp.live import give_way
order = []
def other():
    for n in range(3):
        order.append(n)
        gevent.sleep(0)
gevent.spawn(other)
give_way(time.monotonic() + 30)
order.append("fan-out")
assert order == [0, 1, 2, "fan-out"], order
stop = []
def busy():
    while not stop:
        gevent.sleep(0)
gevent.spawn(busy)
began = time.monotonic()
give_way(began + 0.2)
stop.append(1)
assert time.monotonic() - began >= 0.19
order.clear()
gevent.spawn(other)
give_way(time.monotonic() - 1)  # behind its schedule: no turn given up
order.append("fan-out")
assert order == ["fan-out"], order
print("ok")
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "ok", result.stderr


def test_of_attendance_counts_queued_one_after_another_the_lane_sends_the_last():
    from gevent.queue import SimpleQueue

    from fkp import events, live
    display, other = ["forum:1:display"], ["forum:2:display"]
    queue = SimpleQueue()
    for item in [(events.PARTICIPANT_JOINED, {"seq": 1}, display, None),
                 (events.PARTICIPANT_JOINED, {"seq": 2}, display, None),
                 (events.PARTICIPANT_JOINED, {"seq": 3}, display, None),
                 (events.COMMENT_APPROVED, {"seq": 4}, display, None),
                 (events.PARTICIPANT_JOINED, {"seq": 5}, display, None),
                 (events.PARTICIPANT_JOINED, {"seq": 6}, other, None),
                 (events.COMMENT_APPROVED, {"seq": 7}, display, None),
                 (events.COMMENT_APPROVED, {"seq": 8}, display, None)]:
        queue.put(item)
    sent = [live.next_to_send(queue)[1]["seq"] for _ in range(6)]
    # never past another event, nor into another forum's; every approval is sent
    assert sent == [3, 4, 5, 6, 7, 8] and queue.empty()
