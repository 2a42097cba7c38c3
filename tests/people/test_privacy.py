"""Personal data (UU PDP): deletion on request, contact retention, proof of consent."""
import json
from pathlib import Path

import pytest
from babel.dates import format_date

from fkp.errors import DomainError
from fkp.forums import forums
from fkp.inputs import comments
from fkp.language import timezones
from fkp.people import participants, privacy
from fkp.record import minutes, responses
from fkp.store.db import get_db
from fkp.vocabulary import NOTICE_VERSION
from tests.helpers.app import csrf_token

SECRETS = ("Siti Rahasia", "Lembaga Rahasia", "Ketua Rahasia", "0812-7777-1234")


def keep_documents(app, *codes):
    """Kept documents as the worker leaves them: <name>-<CODE>.<fmt>.<key>."""
    folder = Path(app.config["DATABASE"]).parent / "documents"
    folder.mkdir(exist_ok=True)
    for code in codes:
        (folder / f"daftar-hadir-internal-{code}.xlsx.0123abcd").write_bytes(b"contacts")
    return folder


def raw_bytes(app):
    """Everything SQLite keeps on disk for the database: the file and its WAL."""
    path = Path(app.config["DATABASE"])
    return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())


def siti(db, forum, **extra):
    """An attendee who gave contact details, was corrected by staff, spoke and signs."""
    person, token = participants.join(db, forum, name="Siti Rahasiah", institution=SECRETS[1],
                                      group="media", consent=True, position=SECRETS[2],
                                      contact=SECRETS[3], **extra)
    participants.update(db, forum, person["id"], name=SECRETS[0], institution=SECRETS[1],
                        position=SECRETS[2], group="media", user_id=None)
    comment, _ = comments.submit(db, forum, person, service_id=forums.services(db, forum["id"])[0]["id"],
                                 aspect_id=forums.aspects(db, forum["id"])[0]["id"], kind="suggestion",
                                 text="Percepat layanan informasi.", client_id="k1")
    responses.set_signatory(db, forum, "media", person["id"], None)
    return person, token, comment


def test_erasing_an_attendee_keeps_their_input_and_removes_what_names_them(app, db, forum):
    person, token, comment = siti(db, forum)
    from fkp.people import users
    from fkp.serve import demo
    staff_id = users.create(db, "notulis", "notulis-password", "notulis")
    checked_in = participants.join(db, forum, name="Budi Dicatat", institution="Partai A",
                                   group="service_user", consent=True, added_by=staff_id)[0]
    other = forums.get_by_code(db, demo.create(db))
    folder = keep_documents(app, forum["code"], other["code"])
    assert all(s.encode() in raw_bytes(app) for s in SECRETS)

    privacy.erase_participant(db, forum, person["id"], None, app.config["DATABASE"])

    row = db.execute("SELECT name, institution, position, contact, token_hash, group_code, deleted_utc, "
                     "notice_version FROM participants WHERE id = ?", [person["id"]]).fetchone()
    assert row[:6] == (privacy.DELETED_NAME, "", "", "", None, "media") and row[6] and row[7] == NOTICE_VERSION
    assert participants.by_token(db, forum["id"], token) is None  # their phone is no longer them
    assert comments.get(db, comment["id"])["text"] == "Percepat layanan informasi."
    model = minutes.assemble(db, forums.get(db, forum["id"]), audience="internal")
    assert [i["name"] for i in model["all_inputs"]] == [privacy.DELETED_NAME]
    assert responses.signatories(db, forum["id"]) == {}
    entries = {a["action"]: a for a in db.query("SELECT * FROM audit_log WHERE subject = ?", [str(person["id"])])}
    assert entries["participant.edit"]["before_json"] == entries["participant.edit"]["after_json"] == \
        '{"erased": true}'
    deletion = json.loads(entries["participant.delete"]["after_json"])
    assert deletion == {"erased": ["name", "institution", "position", "contact", "token"]}
    # Erased, not hidden: no trace in the database file or its WAL.
    on_disk = raw_bytes(app)
    assert [s for s in SECRETS if s.encode() in on_disk] == []
    assert b"Budi Dicatat" in on_disk and participants.get(db, checked_in["id"])["name"] == "Budi Dicatat"
    privacy.erase_participant(db, forum, checked_in["id"], staff_id, app.config["DATABASE"])
    check_in = db.execute("SELECT after_json, user_id FROM audit_log WHERE action = 'participant.check_in'"
                          ).fetchone()
    assert tuple(check_in) == ('{"erased": true}', staff_id) and b"Budi Dicatat" not in raw_bytes(app)
    assert sorted(p.name for p in folder.iterdir()) == [f"daftar-hadir-internal-{other['code']}.xlsx.0123abcd"]
    assert participants.group_counts(db, forum["id"])["media"] == 1  # they were there


def test_erasing_refuses_twice_another_forum_and_later_corrections(app, db, forum):
    from fkp.serve import demo
    person = siti(db, forum)[0]
    other = forums.get_by_code(db, demo.create(db))
    with pytest.raises(DomainError) as refused:
        privacy.erase_participant(db, other, person["id"], None, app.config["DATABASE"])
    assert refused.value.status == 404
    privacy.erase_participant(db, forum, person["id"], None, app.config["DATABASE"])
    with pytest.raises(DomainError) as again:
        privacy.erase_participant(db, forum, person["id"], None, app.config["DATABASE"])
    assert again.value.status == 409
    with pytest.raises(DomainError):
        participants.update(db, forum, person["id"], name="Siti", institution="X", position="",
                            group="media", user_id=None)
    with pytest.raises(DomainError):
        responses.set_signatory(db, forum, "media", person["id"], None)
    assert db.execute("SELECT name FROM participants WHERE id = ?", [person["id"]]).fetchone()[0] == \
        privacy.DELETED_NAME


def test_a_moderator_deletes_an_attendee_after_confirming(app, actions, forum):
    with app.app_context():
        person = siti(get_db(), forum)[0]
    actions.login()
    client = actions.client
    page = f"/staff/forums/{forum['code']}/attendance"
    assert f"/attendance/{person['id']}/delete" in client.get(page).get_data(as_text=True)
    confirm = f"{page}/{person['id']}/delete"
    html = client.get(confirm).get_data(as_text=True)
    assert SECRETS[0] in html and 'id="confirm-delete"' in html
    assert client.post(confirm).status_code == 400  # no CSRF token: nothing happens
    with app.app_context():
        assert participants.get(get_db(), person["id"])["name"] == SECRETS[0]
    r = client.post(confirm, data={"csrf_token": csrf_token(client, confirm)})
    assert r.status_code == 302 and r.headers["Location"].endswith(page)
    listed = client.get(page).get_data(as_text=True)
    assert privacy.DELETED_NAME in listed and SECRETS[0] not in listed and SECRETS[3] not in listed
    assert f"/attendance/{person['id']}/delete" not in listed
    assert client.get(confirm).status_code == 302  # already deleted: back to the list, told so
    assert client.get(f"{page}/9999/delete").status_code == 404


def test_erasing_through_the_page_reaches_the_backups_and_names_the_signed_list(app, actions, forum):
    """The page warns that a kept scan of the signed Daftar Hadir still shows the person (fkp
    cannot cut a line out of a scan) and erases them from the backups beside the database."""
    from fkp.record import scans
    from fkp.store import backup
    with app.app_context():
        person = siti(get_db(), forum)[0]
    database = Path(app.config["DATABASE"])
    saved = backup.folder_beside(database) / "auto-20250904T020000Z.db"
    saved.parent.mkdir()
    backup.backup(database, saved)
    actions.login()
    confirm = f"/staff/forums/{forum['code']}/attendance/{person['id']}/delete"
    html = actions.client.get(confirm).get_data(as_text=True)
    assert 'id="signed-list-note"' not in html and "data/backups/" in html
    with app.app_context():
        scans.keep(get_db(), forum, "daftar_hadir", "daftar-hadir.pdf", b"%PDF-1.4 tanda tangan", None)
    assert 'id="signed-list-note"' in actions.client.get(confirm).get_data(as_text=True)
    actions.client.post(confirm, data={"csrf_token": csrf_token(actions.client, confirm)})
    assert [s for s in SECRETS if s.encode() in saved.read_bytes()] == []


def test_a_note_taker_cannot_delete(app, actions, forum):
    with app.app_context():
        person = siti(get_db(), forum)[0]
    actions.login("notulis", "notulis-password", role="notulis")
    page = f"/staff/forums/{forum['code']}/attendance"
    assert "/delete" not in actions.client.get(page).get_data(as_text=True)
    assert actions.client.get(f"{page}/{person['id']}/delete").status_code == 403


def test_consent_and_its_notice_version_are_stored_and_shown_to_staff(app, actions, forum):
    actions.join(forum["code"], name="Ani Setuju", contact="ani@example.org")
    with app.app_context():
        row = get_db().execute("SELECT notice_version, consent_utc FROM participants "
                               "WHERE name = 'Ani Setuju'").fetchone()
        staff_row = participants.staff_list(get_db(), forum["id"])[0]
    assert row[0] == NOTICE_VERSION and row[1]
    assert (staff_row["notice_version"], staff_row["consent_utc"]) == tuple(row)
    actions.login()
    page = actions.client.get(f"/staff/forums/{forum['code']}/attendance").get_data(as_text=True)
    # The day of consent, in the forum's time zone (the demo is in NTB, WITA) and the page's
    # language.
    day = format_date(timezones.local(row[1], "WITA").date(), "medium", locale="id")
    assert NOTICE_VERSION in page and f"{NOTICE_VERSION} · {day}" in page


def finalise(db, forum, when=None):
    """Close and finalise through the lifecycle; `when` backdates the finalisation."""
    from fkp.forums import lifecycle
    lifecycle.transition(db, forums.get(db, forum["id"]), "close", None)
    lifecycle.transition(db, forums.get(db, forum["id"]), "finalise", None)
    if when:
        db.execute("UPDATE forums SET finalised_utc = ? WHERE id = ?", [when, forum["id"]])
        db.conn.commit()
    return forums.get(db, forum["id"])


def test_contact_details_go_once_the_retention_period_after_finalisation_has_passed(app, db, forum):
    from datetime import datetime, timedelta, timezone

    from fkp.serve import demo
    forums_by_name = {"old": forum, "recent": forums.get_by_code(db, demo.create(db)),
                      "open": forums.get_by_code(db, demo.create(db))}
    for name, f in forums_by_name.items():
        participants.join(db, f, name=f"Peserta {name}", institution="X", group="media", consent=True,
                          contact=f"kontak-{name}@example.org")
    old = finalise(db, forum, when="2025-01-01T00:00:00+00:00")
    recent = finalise(db, forums_by_name["recent"])
    assert recent["finalised_utc"][:10] == datetime.now(timezone.utc).date().isoformat()
    folder = keep_documents(app, old["code"], recent["code"])
    purge = lambda now: privacy.purge_contacts(db, now=now, retention_days=90,  # noqa: E731
                                               database=app.config["DATABASE"])
    contacts = lambda: dict(db.execute("SELECT name, contact FROM participants").fetchall())  # noqa: E731

    assert purge(datetime(2025, 3, 31, tzinfo=timezone.utc)) == []  # day 89
    assert contacts()["Peserta old"] == "kontak-old@example.org"
    assert purge(datetime(2025, 4, 2, tzinfo=timezone.utc)) == [old["code"]]
    assert contacts() == {"Peserta old": "", "Peserta recent": "kontak-recent@example.org",
                          "Peserta open": "kontak-open@example.org"}
    assert [p.name for p in folder.iterdir()] == [f"daftar-hadir-internal-{recent['code']}.xlsx.0123abcd"]
    entry = db.execute("SELECT after_json, user_id FROM audit_log WHERE action = 'participant.contacts_purged'"
                       ).fetchone()
    assert json.loads(entry[0]) == {"participants": 1, "retention_days": 90} and entry[1] is None
    assert purge(datetime(2025, 4, 3, tzinfo=timezone.utc)) == []  # twice changes nothing
    later = datetime.now(timezone.utc) + timedelta(days=91)
    assert purge(later) == [recent["code"]]
    assert contacts()["Peserta open"] == "kontak-open@example.org"  # never finalised: kept
