"""Staff hear the inputs of one group commit as one message (fkp/live.py StaffBatch): each
input once, in the order committed, and before any change committed after them."""
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import pytest
import requests

from fkp import events, live
from tests.helpers.realtime import Recorder, join, login, wait_for


@pytest.fixture
def batch(app, monkeypatch):
    """A StaffBatch whose socket server records what it is asked to send, and whose flush
    runs when the test says (in `serve`, once the greenlets already woken have run)."""
    sent, later = [], []
    monkeypatch.setattr(live, "socketio", SimpleNamespace(
        emit=lambda name, data, to, namespace: sent.append((name, data, to)),
        start_background_task=later.append))
    with app.app_context():
        yield SimpleNamespace(batch=live.StaffBatch(), sent=sent, later=later)


def submitted(seq):
    return {"seq": seq, "comment": {"id": seq}}


def test_inputs_committed_together_go_out_as_one_message_to_their_rooms(batch):
    staff_1, staff_2 = ["forum:1:staff"], ["forum:2:staff"]
    for seq, rooms in ((5, staff_1), (6, staff_1), (3, staff_2), (7, staff_1)):
        batch.batch.send(events.COMMENT_SUBMITTED, submitted(seq), rooms)
    assert batch.sent == [] and len(batch.later) == 1  # one flush asked for, not one each
    batch.later.pop()()
    assert batch.sent == [
        ("comments_submitted", {"seq": 7, "items": [submitted(5), submitted(6), submitted(7)]}, staff_1),
        ("comment_submitted", submitted(3), staff_2)]  # a lone input: as ever
    batch.batch.send(events.COMMENT_SUBMITTED, submitted(8), staff_1)
    assert len(batch.later) == 1


def test_another_staff_event_first_sends_the_inputs_held_before_it(batch):
    batch.batch.send(events.COMMENT_SUBMITTED, submitted(1), ["forum:1:staff"])
    batch.batch.send(events.COMMENT_SUBMITTED, submitted(2), ["forum:1:staff"])
    batch.batch.send(events.COMMENT_APPROVED, {"seq": 3}, ["forum:1:staff"])
    assert [name for name, _data, _to in batch.sent] == ["comments_submitted", "comment_approved"]
    batch.later.pop()()  # the flush asked for finds nothing left
    assert len(batch.sent) == 2


@pytest.mark.server
def test_a_moderator_hears_every_input_sent_at_once_once_and_in_order(live_server):
    url, code = live_server.url, live_server.code
    forum = requests.get(f"{url}/api/v1/forums/{code}", timeout=10).json()
    tokens = [join(url, code, f"Peserta {n}") for n in range(8)]
    moderator = Recorder(url, {"forum": code, "view": "moderator"}, login(url))
    phones = [Recorder(url, {"forum": code, "view": "attendee", "token": t}) for t in tokens]

    def send(n):
        return phones[n % len(phones)].call("submit_comment", {
            "service_id": forum["services"][0]["id"], "aspect_id": forum["aspects"][0]["id"],
            "kind": "suggestion", "text": f"masukan {n}", "client_id": f"c{n}"})["comment"]["id"]
    try:
        with ThreadPoolExecutor(len(phones)) as pool:  # while one commit waits for the disk, more queue
            ids = list(pool.map(send, range(48)))

        def heard():
            flat = []
            for name, data in moderator.events:
                flat += data["items"] if name == "comments_submitted" else [data]
            return flat
        assert wait_for(lambda: len(heard()) >= len(ids))
        told = heard()
        assert sorted(item["comment"]["id"] for item in told) == sorted(ids)
        assert [item["seq"] for item in told] == sorted(item["seq"] for item in told)
        for name, data in moderator.events:
            assert name in ("comment_submitted", "comments_submitted")
            if name == "comments_submitted":
                assert len(data["items"]) > 1 and data["seq"] == data["items"][-1]["seq"]
    finally:
        for client in (moderator, *phones):
            client.close()
