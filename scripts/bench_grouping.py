"""How fast fkp/inputs/similarity.py groups: a whole forum of 2,000 inputs, and one more.

    .venv/bin/python scripts/bench_grouping.py [--runs 7] [--inputs 2000] [--app-only]

The inputs are the hand-labelled set (tests/data/similar_inputs.json) varied at random (a
word dropped, two swapped, a typo, another input's word added; seeded, so every run sees the
same texts), spread over its own services × aspects ("spread") or all in one service ×
aspect ("one cell", the worst case: every input is compared with every earlier one). Prints
the median and the slowest of several runs, cold (Sastrawi's per-word cache emptied first)
and warm, and the CPU pressure before and after (/proc/pressure/cpu: other work on the
machine slows every number). The targets (docs/grouping.md): 2,000 inputs under 2 s, one
new input under 20 ms.

Then the same through the app (fkp/inputs/groups.py on a real SQLite file, a forum of the
demo's services and aspects): `for_forum` after the process starts (a full rebuild from the
database), after a moderator's correction (a rebuild), and after one new input (an add).
"""
import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fkp.inputs.similarity import Grouper, stem  # noqa: E402

ITEMS = json.loads((ROOT / "tests" / "data" / "similar_inputs.json").read_text(encoding="utf-8"))["items"]


def pressure():
    try:
        return Path("/proc/pressure/cpu").read_text().splitlines()[0]
    except OSError:
        return "(no /proc/pressure/cpu here)"


def vary(text, rng, words):
    parts = text.split()
    change = rng.randrange(5)
    if change == 0 and len(parts) > 2:
        parts.pop(rng.randrange(len(parts)))
    elif change == 1 and len(parts) > 2:
        i = rng.randrange(len(parts) - 1)
        parts[i], parts[i + 1] = parts[i + 1], parts[i]
    elif change == 2:
        i = rng.randrange(len(parts))
        word = parts[i]
        if len(word) > 3:
            j = rng.randrange(1, len(word) - 1)
            parts[i] = word[:j] + word[j + 1] + word[j] + word[j + 2:]
    elif change == 3:
        parts.insert(rng.randrange(len(parts) + 1), rng.choice(words))
    return " ".join(parts)


def forum(count, one_cell, seed=1):
    rng = random.Random(seed)
    words = sorted({w for it in ITEMS for w in it["text"].split()})
    rows = []
    for i in range(count):
        item = rng.choice(ITEMS)
        cell = ("s", "a") if one_cell else (item["service"], item["aspect"])
        rows.append((i, *cell, vary(item["text"], rng, words)))
    return rows


def timed(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def report(name, times):
    print(f"  {name + ':':34}median {statistics.median(times) * 1000:.2f} ms, "
          f"slowest {max(times) * 1000:.2f} ms ({len(times)} runs)")


def through_the_app(args, label, one_cell):
    """for_forum on a forum of args.inputs inputs stored as the app stores them."""
    from fkp import create_app
    from fkp.forums import forums
    from fkp.inputs import comments, groups, moderation
    from fkp.people import participants
    from fkp.serve import demo
    from fkp.store import migrations
    from fkp.store.db import get_db

    rows = forum(args.inputs + args.runs * 3, one_cell, seed=3)
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"TESTING": True, "DATABASE": str(Path(folder) / "bench.db"), "SECRET_KEY": "bench",
                          "ASYNC_MODE": "threading"})
        with app.app_context():
            db = get_db()
            migrations.migrate(db)
            db.execute("PRAGMA synchronous=OFF")  # filling the forum is not what is measured
            row = forums.get_by_code(db, demo.create(db))
            services, aspects = forums.services(db, row["id"]), forums.aspects(db, row["id"])
            pairs = [(s["id"], a["id"]) for a in aspects for s in services]
            people = [participants.join(db, row, name=f"Peserta {n}", institution="Lembaga",
                                        group="service_user", consent=True)[0] for n in range(20)]
            cells = {}

            def submit(n):
                _i, service, aspect, text = rows[n]
                cell = cells.setdefault((service, aspect), pairs[len(cells) % len(pairs)])
                return comments.submit(db, row, people[n % len(people)], service_id=cell[0], aspect_id=cell[1],
                                       kind="suggestion", text=text, client_id=f"bench-{n}")[0]
            stored = [submit(n) for n in range(args.inputs)]
            built, rebuilt, added = [], [], []
            for _ in range(args.runs):
                groups.forget()
                built.append(timed(lambda: groups.for_forum(db, row["id"])))
            for run in range(args.runs):
                victim = stored[run * 7]
                moderation.correct(db, row, victim["id"], None, text=victim["text"] + " juga")
                rebuilt.append(timed(lambda: groups.for_forum(db, row["id"])))
            for n in range(args.inputs, len(rows)):
                submit(n)
                added.append(timed(lambda: groups.for_forum(db, row["id"])))
            grouper = groups.for_forum(db, row["id"])
            n_groups = sum(len(grouper.groups(*cell)) for cell in set(cells.values()))
            print(f"{label}, through the app: {len(rows)} inputs in {len(cells)} service × aspect, "
                  f"{n_groups} groups")
            report("for_forum, process start (build)", built)
            report("for_forum after a correction", rebuilt)
            report("for_forum after one new input", added)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--inputs", type=int, default=2000)
    parser.add_argument("--app-only", action="store_true", help="only the measures through the app")
    args = parser.parse_args()
    print(f"cpu pressure before: {pressure()}")
    for label, one_cell in (("spread", False), ("one cell", True)):
        through_the_app(args, label, one_cell)
    for label, one_cell in () if args.app_only else (("spread", False), ("one cell", True)):
        rows = forum(args.inputs, one_cell)
        extra = forum(args.runs * 10, one_cell, seed=2)
        cold, warm, adds = [], [], []
        for _ in range(args.runs):
            stem.cache_clear()
            cold.append(timed(lambda: Grouper().build(rows)))
            warm.append(timed(lambda: Grouper().build(rows)))
        grouper = Grouper().build(rows)
        for n, (i, service, aspect, text) in enumerate(extra):
            if n % 2 == 0:
                stem.cache_clear()  # half of the new inputs with a cold cache
            adds.append(timed(lambda: grouper.add(args.inputs + i, service, aspect, text)))
        cells = {(r[1], r[2]) for r in rows}
        groups = sum(len(grouper.groups(*cell)) for cell in cells)
        print(f"{label}: {args.inputs} inputs in {len(cells)} service × aspect, {groups} groups")
        for name, times, runs in (("build, cold cache", cold, args.runs), ("build, warm cache", warm, args.runs),
                                  ("one new input", adds, len(adds))):
            print(f"  {name + ':':19}median {statistics.median(times) * 1000:.2f} ms, "
                  f"slowest {max(times) * 1000:.2f} ms ({runs} runs)")
        start = time.perf_counter()
        for cell in cells:
            grouper.groups(*cell)
        print(f"  every cell's groups (with representatives): {(time.perf_counter() - start) * 1000:.0f} ms")
    print(f"cpu pressure after:  {pressure()}")


if __name__ == "__main__":
    main()
