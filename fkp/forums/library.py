"""The service library: services an office consults again and again, reused across forums."""
from flask_babel import gettext as _

from .. import audit
from ..errors import DomainError
from ..language.text import clean
from ..language.timezones import utc_now


def all_services(db):
    return list(db.query("SELECT id, name, description FROM library_services ORDER BY name"))


def get(db, library_id):
    rows = list(db.query("SELECT id, name, description FROM library_services WHERE id = ?",
                         [library_id]))
    return rows[0] if rows else None


def ensure(db, name, description=""):
    """The library entry with this name (any case), created if missing; returns its id."""
    name = clean(name)
    if not name or len(name) > 200:
        raise DomainError(_("A service name is 1 to 200 characters."), "name")
    row = db.execute("SELECT id FROM library_services WHERE name = ?", [name]).fetchone()
    if row:
        return row[0]
    return db["library_services"].insert(dict(
        name=name, description=clean(description, multiline=True), created_utc=utc_now())).last_pk


def save(db, library_id, name, description, user_id=None):
    """Add a library service (library_id None) or rename/describe one; returns its id."""
    name, description = clean(name), clean(description, multiline=True)
    if not name or len(name) > 200:
        raise DomainError(_("A service name is 1 to 200 characters."), "name")
    if len(description) > 2000:
        raise DomainError(_("A description is at most 2,000 characters."), "description")
    clash = db.execute("SELECT id FROM library_services WHERE name = ?", [name]).fetchone()
    if clash and clash[0] != library_id:
        raise DomainError(_("The library already has a service with this name."), "name")
    before = get(db, library_id) if library_id is not None else None
    if library_id is not None and before is None:  # a stale page, or a forged id
        raise DomainError(_("This service is not in the library."), "id", status=404)
    with db.atomic():
        if library_id is None:
            library_id = db["library_services"].insert(dict(
                name=name, description=description, created_utc=utc_now())).last_pk
        else:
            db["library_services"].update(library_id, {"name": name, "description": description})
        audit.record(db, user_id=user_id, forum_id=None, action="library.save", subject=library_id,
                     before=before and {"name": before["name"], "description": before["description"]},
                     after={"name": name, "description": description})
    return library_id
