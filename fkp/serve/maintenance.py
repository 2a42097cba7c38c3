"""What `serve` does in the background while it runs: during a live forum, a backup of
the database every few minutes (the newest few kept), and at every round the removal of
backups older than BACKUP_MAX_DAYS and of contact details whose retention period has passed
(in the database and in the backups that remain: fkp/people/privacy.py), and forgetting staff
sessions long over (fkp/people/staff_sessions.py).

Backups are pruned by age as well as by count: automatic ones are only made while a forum
runs, so the newest twelve may be months old, holding contact details and people erased
since. The age limit covers the copies kept before a restore too.

One round is a plain function of the config and the time, so tests run it directly; the
loop around it only sleeps cooperatively (socketio.sleep under gevent).
"""
import re
from datetime import datetime, timedelta, timezone

from ..people import privacy, staff_sessions
from ..store import backup
from ..store.db import connect


def forum_is_live(db):
    """Whether any forum is open or paused: only then does the database change by the minute."""
    marks = ", ".join("?" * len(backup.LIVE_STATUSES))
    return db.execute(f"SELECT 1 FROM forums WHERE status IN ({marks}) LIMIT 1",
                      list(backup.LIVE_STATUSES)).fetchone() is not None


def auto_backup(database, now, keep, pause=None, offload=None):
    """One automatic backup into backups/ beside the database, then only the newest `keep`
    automatic ones are kept (copies made before a restore are never removed); its path."""
    folder = backup.folder_beside(database)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{backup.AUTO_PREFIX}{backup.stamp(now)}.db"
    backup.backup(database, target, pause, offload)
    for old in sorted(folder.glob(f"{backup.AUTO_PREFIX}*.db"), reverse=True)[keep:]:
        _remove(old)
    return target


# The backups fkp names and may therefore remove by age: automatic ones and the copies kept
# before a restore. A file someone else put in the folder is theirs.
DATED = re.compile(r"^(?:auto|before-restore)-(\d{8}T\d{6}Z)\.db$")


def prune_by_age(database, now, max_days):
    """Remove the backups in backups/ beside the database made more than max_days before
    `now` (by the time in their name); the paths removed."""
    folder = backup.folder_beside(database)
    if not folder.is_dir():
        return []
    cutoff = now - timedelta(days=max_days)
    removed = []
    for path in sorted(folder.glob("*.db")):
        found = DATED.match(path.name)
        if found and datetime.strptime(found.group(1), "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc) < cutoff:
            _remove(path)
            removed.append(path)
    return removed


def _remove(path):
    for suffix in ("", "-wal", "-shm", "-journal"):  # a damaged database was moved aside with its WAL
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def run_round(config, now, pause=None, offload=None):
    """Remove backups past their age, purge expired contact details (in the database and the
    backups), then back up if a forum is live (pause and offload: see backup.backup).
    Returns (the backup made or None, the codes of the forums purged)."""
    database = config["DATABASE"]
    prune_by_age(database, now, config["BACKUP_MAX_DAYS"])
    db = connect(database)
    try:
        purged = privacy.purge_contacts(db, now=now, retention_days=config["CONTACT_RETENTION_DAYS"],
                                        database=database, offload=offload)
        live = forum_is_live(db)
        staff_sessions.forget(db, now)
    finally:
        db.close()
    made = auto_backup(database, now, config["BACKUP_KEEP"], pause, offload) if live else None
    return made, purged


def run_forever(app, sleep, offload=None):
    """The background task `serve` starts: a round now (a restart after a crash is a good
    moment for a backup), then one every BACKUP_INTERVAL_S. A failed round is logged and
    the next one tried: the live forum must never stop because a backup could not be made."""
    while True:
        try:
            with app.app_context():
                made, purged = run_round(app.config, datetime.now(timezone.utc), lambda: sleep(0), offload)
            if made:
                app.logger.info("backup: %s", made)
            if purged:
                app.logger.info("contact details removed (retention passed): %s", ", ".join(purged))
        except Exception:  # noqa: BLE001 - logged; the next round tries again
            app.logger.exception("the background backup round failed")
        sleep(app.config["BACKUP_INTERVAL_S"])
