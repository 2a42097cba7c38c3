"""Import a generated Zoom chat of N senders × M messages and report the median time.

Run: .venv/bin/python scripts/bench_chat_import.py [--senders 4000] [--messages 2] [--runs 3]
Target (issue 14, "Chat import without clutter"): a chat of 4,000 senders imports in seconds.
Each run imports the chat into a fresh demo forum that already has --attendees attendees (a
tenth of them also write in the chat under a name with a party suffix), in one process with
a SQLite file on disk. Other processes share the cores: read the times with
/proc/pressure/cpu beside them.
"""
import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fkp import create_app  # noqa: E402
from fkp.forums import forums  # noqa: E402
from fkp.inputs import chat_import  # noqa: E402
from fkp.language.timezones import utc_now  # noqa: E402
from fkp.serve import demo  # noqa: E402
from fkp.store import migrations  # noqa: E402
from fkp.store.db import get_db  # noqa: E402


def chat(senders, messages):
    """A saved chat: the host opens (marked as the host on import), then each sender writes
    `messages` times, interleaved."""
    lines = ["09:00:00 From Moderator KPU to Everyone:", "\tSelamat pagi, silakan tulis masukan."]
    for m in range(messages):
        for s in range(senders):
            seconds = 3600 + m * senders + s
            stamp = f"{seconds // 3600 % 24:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
            lines += [f"{stamp} From Peserta {s} (PKB) to Everyone:",
                      f"\tMasukan nomor {m} dari peserta {s}: mohon layanan daring dipercepat."]
    return ("\n".join(lines) + "\n").encode()


def seed(db, attendees):
    forum = forums.get_by_code(db, demo.create(db))
    with db.atomic():
        db["participants"].insert_all(({
            "forum_id": forum["id"], "name": f"Peserta {i * 10}", "institution": "PKB",
            "group_code": "service_user", "consent_utc": utc_now(), "notice_version": "bench",
            "channel": "phone", "joined_utc": utc_now()} for i in range(attendees)), batch_size=500)
    return forums.get(db, forum["id"])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--senders", type=int, default=4000)
    parser.add_argument("--messages", type=int, default=2, help="messages per sender")
    parser.add_argument("--attendees", type=int, default=400, help="attendees already in the forum")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    data = chat(args.senders, args.messages)
    tmp = Path(tempfile.mkdtemp(prefix="fkp-bench-chat-"))
    app = create_app({"DATABASE": str(tmp / "bench.db"), "SECRET_KEY": "bench", "ASYNC_MODE": "threading"})
    times, cpu = [], []
    with app.app_context():
        db = get_db()
        migrations.migrate(db)
        for _ in range(args.runs):
            forum = seed(db, args.attendees)
            start, start_cpu = time.perf_counter(), time.process_time()
            result = chat_import.import_chat(db, forum, data, None, hosts=["Moderator KPU"])
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
    print(f"chat of {args.senders} senders × {args.messages} messages ({len(data) / 1024:.0f} KiB), "
          f"{args.attendees} attendees before; last run: {vars(result)}")
    print(f"median of {args.runs} runs: {statistics.median(times):.2f} s wall-clock, "
          f"{statistics.median(cpu):.2f} s cpu (runs: {', '.join(f'{t:.2f}' for t in times)})")
    pressure = Path("/proc/pressure/cpu")
    if pressure.exists():  # Linux: how long runnable tasks waited for a core, shared by everyone
        print("cpu pressure:", pressure.read_text().splitlines()[0])
    return 0


if __name__ == "__main__":
    sys.exit(main())
