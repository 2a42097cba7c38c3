"""The worklist of inputs to answer: filters that combine, counts, pages, the next input."""
import itertools

import pytest

from fkp.record import worklist
from tests.helpers import factories


@pytest.fixture
def seeded(db):
    return factories.answering_forum(db)


def expected(rows, **wanted):
    """The ids the filters should list, worked out from what was seeded (not from SQL)."""
    listed = [r for r in rows if r["status"] != "hidden"]
    for key, value in wanted.items():
        listed = [r for r in listed if r[key] == (None if value == worklist.NONE else value)]
    return {r["id"] for r in listed}


def test_every_pair_of_filters_combines(db, seeded):
    forum, rows = seeded
    values = {"service": [rows[0]["service"], rows[1]["service"], worklist.NONE],
              "aspect": [rows[0]["aspect"], rows[3]["aspect"]],
              "kind": ["criticism", "appreciation"], "channel": ["phone", "online"],
              "decision": ["already_met", worklist.NONE], "status": ["pending", "approved"]}
    for (a, a_values), (b, b_values) in itertools.combinations(values.items(), 2):
        for x, y in itertools.product(a_values, b_values):
            got = worklist.ids(db, forum["id"], {a: x, b: y})
            assert set(got) == expected(rows, **{a: x, b: y}), (a, x, b, y)
            assert len(got) == len(set(got))
    # three at once, and nothing matching
    three = {"kind": "question", "channel": "online", "decision": worklist.NONE}
    assert set(worklist.ids(db, forum["id"], three)) == expected(rows, **three) != set()
    assert worklist.ids(db, forum["id"], {"service": worklist.NONE, "kind": "criticism"}) == []


def test_counts_and_order(db, seeded):
    forum, rows = seeded
    shown = [r for r in rows if r["status"] != "hidden"]
    assert worklist.counts(db, forum["id"]) == (len(shown), sum(1 for r in shown if r["decision"]))
    listed = worklist.ids(db, forum["id"])
    assert listed[-3:] == [r["id"] for r in rows if r["service"] is None]  # no service yet: last
    services = [next(r["service"] for r in rows if r["id"] == cid) for cid in listed[:-3]]
    assert services == sorted(services, key=[rows[0]["service"], rows[1]["service"], rows[2]["service"]].index)


def test_pages_and_the_next_input(db, seeded):
    forum, _rows = seeded
    listed = worklist.ids(db, forum["id"])
    assert worklist.pages(listed) == 2 and worklist.pages([]) == 1
    assert [c["id"] for c, _r in worklist.page(db, listed, 2)] == listed[25:]
    assert worklist.page_of(listed, listed[25]) == 2 and worklist.page_of(listed, 10**9) is None
    assert worklist.after(listed, listed[24]) == listed[25]
    assert worklist.after(listed, listed[-1]) is None
