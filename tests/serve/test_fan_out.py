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
    (20, [20]),                    # a small room: at once, no turn given up
    (101, [32, 32, 32, 5]),        # at least FAN_OUT_SLICE a slice
    (1000, [125] * 8),             # at most FAN_OUT_ROUNDS turns
    (5001, [626] * 7 + [619]),
])
def test_a_fan_out_writes_slices_with_a_turn_of_the_hub_between(monkeypatch, members, slices):
    from types import SimpleNamespace

    from fkp import live
    log = []
    sids = [f"s{n}" for n in range(members)]
    monkeypatch.setattr(live, "socketio", SimpleNamespace(server=_Server(sids, log),
                                                          sleep=lambda s: log.append(("turn", s))))
    live.fan_out("comment_approved", {"seq": 1}, ["forum:1:public"])
    assert [entry[1] for entry in log if entry[0] == "emit"] == slices
    assert [entry[0] for entry in log] == ["emit"] + ["turn", "emit"] * (len(slices) - 1)
    assert [entry[2] for entry in log if entry[0] == "emit"] == [sids[sum(slices[:n])] for n in range(len(slices))]
