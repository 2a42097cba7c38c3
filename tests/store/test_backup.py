"""Backups made while the forum runs, checked restores, and the automatic rounds of `serve`.
Real SQLite files throughout."""
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from fkp.errors import DomainError
from fkp.forums import forums
from fkp.people import participants, privacy
from fkp.serve import demo, maintenance
from fkp.store import backup, migrations, restore
from fkp.store.db import connect

NOW = datetime(2025, 9, 4, 2, 0, tzinfo=timezone.utc)


def fresh(path, forum_status="open"):
    """A migrated database with the demo forum (in forum_status) and one attendee."""
    db = connect(path)
    migrations.migrate(db)
    forum = forums.get_by_code(db, demo.create(db))
    participants.join(db, forum, name="Siti", institution="JPPR", group="civil_society", consent=True,
                      contact="0812-1111")
    db.execute("UPDATE forums SET status = ?", [forum_status])
    db.conn.commit()
    return db


def count(path, table="forums"):
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def test_a_backup_is_one_consistent_snapshot_while_another_connection_writes(tmp_path, monkeypatch):
    database = tmp_path / "fkp.db"
    fresh(database).close()
    writer = connect(database)
    for n in range(200):  # enough pages for many steps
        writer["library_services"].insert({"name": f"Layanan {n} " + "x" * 400, "created_utc": "t"})
    writer.conn.commit()
    before = count(database, "library_services")
    monkeypatch.setattr(backup, "PAGES_PER_STEP", 2)
    steps = []

    def pause():  # between two steps, the live forum writes, as it would under gevent
        steps.append(1)
        writer["library_services"].insert({"name": f"baru {len(steps)}", "created_utc": "t"})
        writer.conn.commit()

    target = tmp_path / "copy.db"
    applied = backup.backup(database, target, pause)
    assert len(steps) > 10 and count(database, "library_services") == before + len(steps)
    assert count(target, "library_services") == before  # the snapshot it started from
    assert applied == [m.name for m in migrations.migrations._migrations] == backup.check(target)
    assert not Path(f"{target}-wal").exists() and not list(tmp_path.glob(".*tmp"))


def test_restore_round_trip_keeps_the_replaced_database(tmp_path):
    database = tmp_path / "data" / "fkp.db"
    db = fresh(database)
    saved = tmp_path / "saved.db"
    backup.backup(database, saved)
    demo.create(db)  # made after the backup
    db.close()
    kept, applied = restore.restore(saved, database, NOW)
    assert count(database) == 1 and applied == []
    assert kept == tmp_path / "data" / "backups" / "before-restore-20250904T020000Z.db"
    assert count(kept) == 2 and backup.check(kept)
    # A lost laptop: no database at all on the new machine.
    elsewhere = tmp_path / "new" / "fkp.db"
    assert restore.restore(saved, elsewhere, NOW) == (None, [])
    assert count(elsewhere, "participants") == 1


def test_restore_applies_migrations_to_an_older_backup(tmp_path):
    old = connect(tmp_path / "old.db")
    migrations.migrations.apply(old, stop_before="m004_data_safety")
    old.close()
    _kept, applied = restore.restore(tmp_path / "old.db", tmp_path / "fkp.db", NOW)
    names = [m.name for m in migrations.migrations._migrations]
    assert applied == names[names.index("m004_data_safety"):]


def refused(tmp_path, candidate, database):
    """Restore `candidate`, expect a refusal, and check nothing changed."""
    before = database.read_bytes()
    with pytest.raises(DomainError) as e:
        restore.restore(candidate, database, NOW)
    assert database.read_bytes() == before and not (database.parent / "backups").exists()
    return e.value


def test_restore_refuses_what_is_not_a_sound_fkp_database_of_this_version(tmp_path):
    database = tmp_path / "fkp.db"
    fresh(database).close()
    text = tmp_path / "notes.txt"
    text.write_text("bukan basis data " * 100)
    assert refused(tmp_path, text, database).field == "file"
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    assert refused(tmp_path, other, database).field == "file"
    newer = tmp_path / "newer.db"
    backup.backup(database, newer)
    with sqlite3.connect(newer) as conn:
        conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                     "VALUES ('fkp', 'm999_from_the_future', 'x')")
    assert "m999_from_the_future" in refused(tmp_path, newer, database).message
    damaged = tmp_path / "damaged.db"
    backup.backup(database, damaged)
    data = bytearray(damaged.read_bytes())
    for page in range(1, len(data) // 4096):  # every b-tree page after the first
        data[page * 4096:page * 4096 + 8] = b"\xff" * 8
    damaged.write_bytes(bytes(data))
    assert refused(tmp_path, damaged, database).field == "file"
    assert refused(tmp_path, database, database).field == "file"  # the database itself


def test_restore_refuses_a_database_in_use_unless_forced(tmp_path):
    database = tmp_path / "fkp.db"
    fresh(database).close()
    saved = tmp_path / "saved.db"
    backup.backup(database, saved)
    served = restore.serving_lock(database)  # as `serve` holds it
    try:
        assert restore.serving_lock(database) is None
        assert refused(tmp_path, saved, database).status == 409
        kept, _applied = restore.restore(saved, database, NOW, force=True)
        assert kept.exists()
    finally:
        served.close()
    assert restore.serving_lock(database) is not None  # released with its holder


def test_a_damaged_database_is_moved_aside_not_lost(tmp_path):
    database = tmp_path / "fkp.db"
    fresh(database).close()
    saved = tmp_path / "saved.db"
    backup.backup(database, saved)
    database.write_bytes(b"rusak" * 1000)
    kept, _applied = restore.restore(saved, database, NOW)
    assert kept.read_bytes() == b"rusak" * 1000 and count(database) == 1


def test_restore_does_not_bring_back_personal_data_removed_since_the_backup(tmp_path):
    database = tmp_path / "fkp.db"
    db = fresh(database, forum_status="finalised")
    db.execute("UPDATE forums SET finalised_utc = '2025-01-01T00:00:00+00:00'")
    db.conn.commit()
    saved = tmp_path / "saved.db"
    backup.backup(database, saved)
    forum = forums.all_forums(db)[0]
    siti = participants.attendance(db, forum["id"])[0]
    privacy.erase_participant(db, forum, siti["id"], None, database)
    db.close()
    restore.restore(saved, database, NOW, retention_days=90)
    with sqlite3.connect(database) as conn:
        assert conn.execute("SELECT name, contact FROM participants").fetchone() == (privacy.DELETED_NAME, "")


def test_backup_target_is_a_file_a_folder_never_the_database_nor_a_stranger(tmp_path):
    database = tmp_path / "fkp.db"
    fresh(database).close()
    assert backup.target_for(database, tmp_path, NOW) == tmp_path / "fkp-20250904T020000Z.db"
    assert backup.target_for(database, tmp_path / "x.db", NOW) == tmp_path / "x.db"
    for wrong in (database, Path(f"{database}-wal")):
        with pytest.raises(DomainError):
            backup.target_for(database, wrong, NOW)
    notes = tmp_path / "notes.docx"
    notes.write_bytes(b"PK document")
    with pytest.raises(DomainError):
        backup.target_for(database, notes, NOW)
    backup.backup(database, tmp_path / "x.db")
    assert backup.target_for(database, tmp_path / "x.db", NOW)  # an older backup may be replaced
    with pytest.raises(DomainError):
        backup.backup(tmp_path / "missing.db", tmp_path / "y.db")
    assert not (tmp_path / "missing.db").exists()


def config(tmp_path, keep=3):
    return {"DATABASE": str(tmp_path / "fkp.db"), "BACKUP_KEEP": keep, "BACKUP_MAX_DAYS": 30,
            "CONTACT_RETENTION_DAYS": 90}


def auto_backups(tmp_path):
    return sorted(p.name for p in (tmp_path / "backups").glob("auto-*.db"))


def test_automatic_backups_run_only_while_a_forum_is_open_or_paused(tmp_path):
    db = fresh(tmp_path / "fkp.db", forum_status="draft")
    for status, made in (("draft", False), ("open", True), ("paused", True), ("closed", False),
                         ("finalised", False)):
        db.execute("UPDATE forums SET status = ?", [status])
        db.conn.commit()
        before = auto_backups(tmp_path) if (tmp_path / "backups").exists() else []
        backup_made, _purged = maintenance.run_round(config(tmp_path), NOW + timedelta(minutes=len(before) + 1))
        assert (backup_made is not None) is made, status
        if made:
            assert backup.check(backup_made) and count(backup_made) == 1


def test_automatic_backups_keep_only_the_newest_n(tmp_path):
    from concurrent.futures import ThreadPoolExecutor
    fresh(tmp_path / "fkp.db").close()
    (tmp_path / "backups").mkdir()
    (tmp_path / "backups" / "before-restore-20250901T000000Z.db").write_bytes(b"kept")
    offloaded = []

    def offload(fn, *args):  # a native thread, as gevent's threadpool in `serve`
        offloaded.append(fn.__name__)
        with ThreadPoolExecutor(1) as pool:
            return pool.submit(fn, *args).result()

    made = [maintenance.run_round(config(tmp_path, keep=3), NOW + timedelta(minutes=5 * n), offload=offload)[0]
            for n in range(5)]
    assert auto_backups(tmp_path) == [p.name for p in made[-3:]] and offloaded == ["_verify"] * 5
    assert (tmp_path / "backups" / "before-restore-20250901T000000Z.db").read_bytes() == b"kept"


def test_a_round_removes_expired_contact_details_even_with_no_forum_open(tmp_path):
    db = fresh(tmp_path / "fkp.db", forum_status="finalised")
    db.execute("UPDATE forums SET finalised_utc = '2025-01-01T00:00:00+00:00'")
    db.conn.commit()
    code = forums.all_forums(db)[0]["code"]
    assert maintenance.run_round(config(tmp_path), NOW) == (None, [code])
    assert db.execute("SELECT name, contact FROM participants").fetchone() == ("Siti", "")
