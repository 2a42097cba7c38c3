"""Forums: their code, services, aspects and drafts, status and live focus."""
import secrets

from flask_babel import gettext as _

from .. import audit, events
from ..errors import DomainError
from ..language.timezones import utc_now
from ..vocabulary import COMPONENTS_BY_CODE, DELIVERY_COMPONENTS

# No 0/O, 1/I/L, 2/Z, 5/S, 6/G, 8/B: a code read off a projector must not be mistyped.
CODE_ALPHABET = "ACDEFHJKMNPQRTUVWXY3479"
CODE_LENGTH = 6


def normalise_code(code):
    return "".join((code or "").split()).upper()


def _new_code(db):
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not db.execute("SELECT 1 FROM forums WHERE code = ?", [code]).fetchone():
            return code


def create(db, *, title, unit, date, services, components=None, topics=None, **details):
    """Create a forum with its services, aspects and draft texts; returns its id.

    Aspects are service-standard components (codes; the six service-delivery ones by
    default) and/or custom guiding questions (topics), in that order.
    services: [{"name": ..., "description": ..., "drafts": {aspect key: text}}], where an
    aspect's key is its component code, or for a topic the question itself.
    details: head_name, head_position, start_time, end_time, place, mode, online_url,
    agenda_json, status.
    """
    if components is None and not topics:
        components = DELIVERY_COMPONENTS
    with db.atomic():
        forum_id = db["forums"].insert(dict(
            code=_new_code(db), title=title, unit=unit, date=date,
            created_utc=utc_now(), **details)).last_pk
        insert_structure(db, forum_id, components or [], topics or [], services)
    return forum_id


def aspect_key(aspect):
    """How drafts and forum definitions name an aspect: its component code or its question."""
    return aspect["component"] or aspect["name"]


def insert_structure(db, forum_id, components, topics, services):
    """Add aspects, services and drafts to a forum that has none (inside a transaction)."""
    keys = {}
    for pos, code in enumerate(components):
        c = COMPONENTS_BY_CODE[code]
        keys[code] = db["aspects"].insert(dict(
            forum_id=forum_id, component=code, name=c.name, label=c.label, position=pos)).last_pk
    for pos, topic in enumerate(topics, start=len(components)):
        keys[topic] = db["aspects"].insert(dict(
            forum_id=forum_id, component=None, name=topic, label=topic, position=pos)).last_pk
    for pos, svc in enumerate(services):
        service_id = db["services"].insert(dict(
            forum_id=forum_id, name=svc["name"], description=svc.get("description", ""),
            library_id=svc.get("library_id"), position=pos)).last_pk
        for key, text in svc.get("drafts", {}).items():
            if key in keys and text:
                db["drafts"].insert(dict(service_id=service_id, aspect_id=keys[key], text=text))


def get_by_code(db, code):
    """The forum with this code (any case, spaces ignored), or None."""
    rows = list(db.query("SELECT * FROM forums WHERE code = ?", [normalise_code(code)]))
    return rows[0] if rows else None


def get(db, forum_id):
    rows = list(db.query("SELECT * FROM forums WHERE id = ?", [forum_id]))
    return rows[0] if rows else None


def state(db, forum_id):
    """Of the forum, what taking an input reads (its id, code and status), or None: the phone's
    socket reads it again for every input it sends, and all 33 columns cost four times as much."""
    return _state(db.execute("SELECT id, code, status FROM forums WHERE id = ?", [forum_id]).fetchone())


def state_by_code(db, code):
    """state() of the forum with this code (as get_by_code finds it), or None: what a phone's
    socket reads when it connects, once for each of thousands of phones."""
    return _state(db.execute("SELECT id, code, status FROM forums WHERE code = ?",
                             [normalise_code(code)]).fetchone())


def _state(row):
    return dict(id=row[0], code=row[1], status=row[2]) if row else None


def all_forums(db):
    return list(db.query("SELECT * FROM forums ORDER BY date DESC, id DESC"))


def services(db, forum_id):
    return list(db.query(
        "SELECT id, name, description FROM services WHERE forum_id = ? ORDER BY position", [forum_id]))


def aspects(db, forum_id):
    return list(db.query(
        "SELECT id, component, name, label FROM aspects WHERE forum_id = ? ORDER BY position", [forum_id]))


def drafts(db, forum_id):
    """{"<service_id>:<aspect_id>": draft text} for every drafted pair of the forum."""
    rows = db.query(
        "SELECT d.service_id, d.aspect_id, d.text FROM drafts d "
        "JOIN services s ON s.id = d.service_id WHERE s.forum_id = ?", [forum_id])
    return {f"{r['service_id']}:{r['aspect_id']}": r["text"] for r in rows}


def focus(forum):
    return {"service_id": forum["focus_service_id"], "aspect_id": forum["focus_aspect_id"]}


def summary(db, forum):
    """The public description of a forum, as the API and the pages serve it."""
    return {
        "code": forum["code"], "title": forum["title"], "unit": forum["unit"],
        "date": forum["date"], "place": forum["place"], "mode": forum["mode"],
        "status": forum["status"], "seq": forum["seq"],
        "services": [{"id": s["id"], "name": s["name"]} for s in services(db, forum["id"])],
        "aspects": [{"id": a["id"], "name": a["name"], "label": a["label"]}
                    for a in aspects(db, forum["id"])],
        "focus": focus(forum),
    }


def check_pair(db, forum_id, service_id, aspect_id):
    """Refuse a service or aspect that is not part of this forum (one query: it runs for
    every input)."""
    service, aspect = db.execute(
        "SELECT EXISTS (SELECT 1 FROM services WHERE id = ? AND forum_id = ?), "
        "EXISTS (SELECT 1 FROM aspects WHERE id = ? AND forum_id = ?)",
        [service_id, forum_id, aspect_id, forum_id]).fetchone()
    if not service:
        raise DomainError(_("This service is not part of the forum."), "service_id")
    if not aspect:
        raise DomainError(_("This aspect is not part of the forum."), "aspect_id")


def set_focus(db, forum, service_id, aspect_id, user_id=None):
    """Point every phone and the display at one service × aspect."""
    check_pair(db, forum["id"], service_id, aspect_id)
    with events.change(db, forum["id"]) as change:
        db.execute("UPDATE forums SET focus_service_id = ?, focus_aspect_id = ? WHERE id = ?",
                   [service_id, aspect_id, forum["id"]])
        audit.record(db, user_id=user_id, forum_id=forum["id"], action="forum.focus",
                     before=focus(forum), after={"service_id": service_id, "aspect_id": aspect_id})
        change.raise_event(events.FOCUS_CHANGED, {"service_id": service_id, "aspect_id": aspect_id})
    return change.seq
