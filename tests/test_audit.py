"""Every staff action leaves an entry in the audit log: who, what, when, before and after."""
import json

from fkp import audit
from fkp.forums import forums, library
from fkp.people import users


def entries(db, action):
    return [dict(r) for r in db.query("SELECT * FROM audit_log WHERE action = ? ORDER BY id", [action])]


def test_focus_change_is_audited_with_before_and_after(db, forum):
    admin = users.create(db, "kepala", "kepala-password", "admin")
    services, aspects = forums.services(db, forum["id"]), forums.aspects(db, forum["id"])
    before = forums.focus(forum)
    forums.set_focus(db, forum, services[1]["id"], aspects[2]["id"], admin)
    entry = entries(db, "forum.focus")[-1]  # the demo set its first focus too
    assert entry["user_id"] == admin and entry["forum_id"] == forum["id"] and entry["created_utc"]
    assert json.loads(entry["before_json"]) == before
    assert json.loads(entry["after_json"]) == {"service_id": services[1]["id"], "aspect_id": aspects[2]["id"]}
    assert audit.for_forum(db, forum["id"])[0]["username"] == "kepala"


def test_account_and_library_changes_are_audited(db):
    admin = users.create(db, "kepala", "kepala-password", "admin")
    created = users.create(db, "notulis1", "notulis-password", "notulis", by_user_id=admin)
    (entry,) = [e for e in entries(db, "user.create") if e["subject"] == str(created)]
    assert entry["user_id"] == admin
    assert json.loads(entry["after_json"]) == {"username": "notulis1", "role": "notulis"}
    assert "password" not in entry["after_json"]
    sid = library.save(db, None, "Layanan Informasi", "", user_id=admin)
    library.save(db, sid, "Layanan Informasi Publik", "PPID", user_id=admin)
    first, second = entries(db, "library.save")
    assert first["before_json"] is None and json.loads(second["before_json"])["name"] == "Layanan Informasi"
    assert json.loads(second["after_json"]) == {"name": "Layanan Informasi Publik", "description": "PPID"}
