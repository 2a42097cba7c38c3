"""Backups keep no personal data longer than the database does: an erasure on request and the
removal of expired contact details reach every backup beside the database, down to the
bytes of the file, and backups are removed by age. Real SQLite files throughout."""
import os
import shutil
import sqlite3
import stat
from datetime import timedelta

from fkp.forums import forums
from fkp.people import participants, privacy
from fkp.serve import demo, maintenance
from fkp.store import backup
from fkp.store.db import connect
from tests.store.test_backup import NOW, count, fresh

SECRETS = (b"Rahasia Sekali", b"Lembaga Tersembunyi", b"0813-5555-0199")


def with_secret_attendee(database):
    db = fresh(database)
    forum = forums.all_forums(db)[0]
    person, _token = participants.join(db, forum, name="Rahasia Sekali", institution="Lembaga Tersembunyi",
                                       group="media", consent=True, contact="0813-5555-0199")
    return db, forum, person


def backups_of(database):
    """Every backup file of the kinds fkp keeps beside the database."""
    maintenance.auto_backup(database, NOW, keep=12)
    maintenance.auto_backup(database, NOW + timedelta(minutes=5), keep=12)
    folder = backup.folder_beside(database)
    backup.backup(database, folder / "before-restore-20250903T000000Z.db")
    files = sorted(folder.glob("*.db"))
    for path in files:
        path.chmod(0o600)
        assert all(s in path.read_bytes() for s in SECRETS)
    return files


def holding(files, secrets=SECRETS):
    """The files in which any of the secrets can still be read, byte for byte."""
    return [p.name for p in files if any(s in p.read_bytes() for s in secrets)]


def test_a_person_erased_on_request_is_gone_from_the_bytes_of_every_backup(tmp_path):
    database = tmp_path / "fkp.db"
    db, forum, person = with_secret_attendee(database)
    files = backups_of(database)
    participants.join(db, forum, name="Tetap Ada", institution="X", group="media", consent=True)
    db.conn.commit()
    backup.backup(database, tmp_path / "backups" / "auto-20250904T030000Z.db")  # also holds Tetap Ada
    files = sorted((tmp_path / "backups").glob("*.db"))
    for path in files:
        path.chmod(0o600)

    privacy.erase_participant(db, forum, person["id"], None, database)

    assert holding(files) == []
    for path in files:
        assert backup.check(path)  # still a sound backup a restore accepts
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert not list(path.parent.glob(path.name + "-*"))  # no journal, no WAL left beside it
        with sqlite3.connect(path) as conn:
            row = conn.execute("SELECT name, deleted_utc FROM participants WHERE id = ?", [person["id"]]).fetchone()
            assert row[0] == privacy.DELETED_NAME and row[1]
        conn.close()
    assert b"Tetap Ada" in (tmp_path / "backups" / "auto-20250904T030000Z.db").read_bytes()  # nobody else


def test_someone_who_got_the_same_id_in_another_history_is_not_erased(tmp_path):
    """A copy kept before a restore holds another history: the same id there is another person."""
    database = tmp_path / "fkp.db"
    db, forum, person = with_secret_attendee(database)
    other = tmp_path / "backups" / "before-restore-20250101T000000Z.db"
    other.parent.mkdir()
    backup.backup(database, other)
    with sqlite3.connect(other) as conn:  # that history had another person under this id
        conn.execute("UPDATE participants SET name = 'Orang Lain', joined_utc = '2024-01-01T00:00:00+00:00' "
                     "WHERE id = ?", [person["id"]])
    conn.close()
    privacy.erase_participant(db, forum, person["id"], None, database)
    assert b"Orang Lain" in other.read_bytes()


def test_contacts_past_retention_are_gone_from_every_backup(tmp_path):
    database = tmp_path / "fkp.db"
    db, forum, _person = with_secret_attendee(database)
    files = backups_of(database)  # made while the forum ran: they do not know it was finalised
    kept_elsewhere = tmp_path / "usb.db"
    shutil.copy(files[0], kept_elsewhere)
    db.execute("UPDATE forums SET status = 'finalised', finalised_utc = '2025-01-01T00:00:00+00:00'")
    db.conn.commit()

    assert privacy.purge_contacts(db, now=NOW, retention_days=90, database=database) == [forum["code"]]
    assert holding(files, [SECRETS[2], b"0812-1111"]) == []
    assert holding(files, SECRETS[:2]) == [p.name for p in files]  # only the contacts go
    # A copy brought back into the folder later is purged at the next round of `serve`.
    shutil.copy(kept_elsewhere, tmp_path / "backups" / "auto-20250904T010000Z.db")
    maintenance.run_round(config(tmp_path), NOW + timedelta(minutes=5))
    assert holding(sorted((tmp_path / "backups").glob("*.db")), [SECRETS[2]]) == []


def test_a_backup_that_cannot_be_opened_is_left_and_the_others_still_reached(tmp_path):
    database = tmp_path / "fkp.db"
    db, forum, person = with_secret_attendee(database)
    files = backups_of(database)
    broken = tmp_path / "backups" / "before-restore-20250902T000000Z.db"
    broken.write_bytes(b"rusak" * 1000)
    privacy.erase_participant(db, forum, person["id"], None, database)
    assert holding(files) == [] and broken.read_bytes() == b"rusak" * 1000


def config(tmp_path, max_days=30):
    return {"DATABASE": str(tmp_path / "fkp.db"), "BACKUP_KEEP": 12, "BACKUP_MAX_DAYS": max_days,
            "CONTACT_RETENTION_DAYS": 90}


def test_backups_older_than_the_maximum_age_are_removed(tmp_path):
    fresh(tmp_path / "fkp.db", forum_status="finalised").close()
    folder = tmp_path / "backups"
    folder.mkdir()
    old = NOW - timedelta(days=31)
    recent = NOW - timedelta(days=29)
    names = [f"auto-{backup.stamp(old)}.db", f"before-restore-{backup.stamp(old)}.db",
             f"before-restore-{backup.stamp(old)}.db-wal",  # a damaged database moved aside with its WAL
             f"auto-{backup.stamp(recent)}.db", f"before-restore-{backup.stamp(recent)}.db", "mine.db"]
    for name in names:
        (folder / name).write_bytes(b"x")
    made, _purged = maintenance.run_round(config(tmp_path), NOW)
    assert made is None  # no forum runs: only the removal by age
    assert sorted(os.listdir(folder)) == sorted(names[3:])
    # A live forum's backups are removed by age too, while new ones are made.
    db = connect(tmp_path / "fkp.db")
    db.execute("UPDATE forums SET status = 'open'")
    db.conn.commit()
    db.close()
    made, _purged = maintenance.run_round(config(tmp_path, max_days=1), NOW)
    assert sorted(os.listdir(folder)) == sorted(["mine.db", made.name]) and count(made) == 1


def test_the_default_maximum_age_is_shorter_than_the_contact_retention():
    from fkp import config as settings
    assert int(settings.ENV_VARS["FKP_BACKUP_MAX_DAYS"][0]) < int(settings.ENV_VARS["FKP_CONTACT_RETENTION_DAYS"][0])
    assert demo  # the demo forum is what fresh() creates
