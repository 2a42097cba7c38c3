"""Preparing a forum: its details, the services and aspects it consults, the drafts,
and its definition as JSON (export, import, copy) so offices can prepare and share forums.
"""
import json

from flask_babel import gettext as _

from .. import audit
from ..errors import DomainError
from ..language import timezones
from ..vocabulary import COMPONENTS_BY_CODE, MODES, TIME_ZONES
from . import forums, library, lifecycle, structure

FORMAT = "fkp-forum-definition"
VERSION = 1
DETAILS = ("title", "unit", "head_name", "head_position", "head_nip", "date", "start_time",
           "end_time", "time_zone", "place", "mode", "online_url", "sign_place", "legal_basis")
# Written per forum, never carried into a copy or a definition file: the Berita Acara number.
OWN = ("number",)
MAX_AGENDA_ITEMS, MAX_AGENDA_ITEM = 30, 300


def check_agenda(items):
    """An agenda fits the Notulen's first page: a bounded number of short lines."""
    if len(items) > MAX_AGENDA_ITEMS or any(len(i) > MAX_AGENDA_ITEM for i in items):
        raise DomainError(_("An agenda has at most %(n)d items of at most %(m)d characters each.",
                            n=MAX_AGENDA_ITEMS, m=MAX_AGENDA_ITEM), "agenda")


def agenda(forum):
    return json.loads(forum["agenda_json"] or "[]")


def definition(db, forum):
    """Everything needed to prepare the same forum again: no attendees, no input."""
    aspects = forums.aspects(db, forum["id"])
    drafts = forums.drafts(db, forum["id"])
    key_of = {a["id"]: forums.aspect_key(a) for a in aspects}
    return {
        "format": FORMAT, "version": VERSION,
        "details": {**{k: forum[k] for k in DETAILS}, "agenda": agenda(forum)},
        "components": [a["component"] for a in aspects if a["component"]],
        "topics": [a["name"] for a in aspects if not a["component"]],
        "services": [{"name": s["name"], "description": s["description"],
                      "drafts": {key_of[a["id"]]: drafts[f"{s['id']}:{a['id']}"]
                                 for a in aspects if f"{s['id']}:{a['id']}" in drafts}}
                     for s in forums.services(db, forum["id"])],
    }


def _fail(message):
    raise DomainError(message, "file")


def _text(value, limit, required=False):
    if not isinstance(value, str) or len(value) > limit or (required and not value.strip()):
        _fail(_("The forum file has a missing or invalid value."))
    return value.strip()


def parse_definition(raw):
    """Check a definition read from JSON; returns it normalised, or raises DomainError."""
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        _fail(_("This file is not a forum definition saved by fkp (it is not JSON)."))
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        _fail(_("This file is not a forum definition saved by fkp."))
    if data.get("version") != VERSION:
        _fail(_("This forum file was saved by another version of fkp."))
    details = data.get("details") if isinstance(data.get("details"), dict) else {}
    # Keys a file from an older fkp lacks (head_nip, sign_place, legal_basis) read as "".
    values = {k: _text(details.get(k, ""), 2000 if k == "legal_basis" else 500,
                       required=k in ("title", "unit", "date")) for k in DETAILS}
    # Files saved before forums had a time zone have none: WIB, as for forums of that time.
    values["time_zone"] = values["time_zone"] or timezones.DEFAULT
    if values["mode"] not in MODES or values["time_zone"] not in TIME_ZONES:
        _fail(_("The forum file has a missing or invalid value."))
    items = details.get("agenda", [])
    components, topics, services = data.get("components", []), data.get("topics", []), data.get("services")
    if not (isinstance(items, list) and isinstance(components, list) and isinstance(topics, list)
            and isinstance(services, list) and services and len(services) <= structure.MAX_SERVICES
            and len(components) + len(topics) <= structure.MAX_ASPECTS
            and len(items) <= MAX_AGENDA_ITEMS):
        _fail(_("The forum file has a missing or invalid value."))
    if any(c not in COMPONENTS_BY_CODE for c in components) or len(set(components)) != len(components):
        _fail(_("The forum file names an unknown service-standard component."))
    return {
        "details": {**values, "agenda": [_text(i, MAX_AGENDA_ITEM) for i in items]},
        "components": components, "topics": [_text(t, structure.MAX_TOPIC, required=True) for t in topics],
        "services": [_service(s) for s in services],
    }


def _service(s):
    if not isinstance(s, dict) or not isinstance(s.get("drafts", {}), dict):
        _fail(_("The forum file has a missing or invalid value."))
    return {"name": _text(s.get("name"), structure.MAX_SERVICE_NAME, required=True),
            "description": _text(s.get("description", ""), 2000),
            "drafts": {_text(k, 300): _text(v, 4000) for k, v in s.get("drafts", {}).items()}}


def create_from_definition(db, spec, user_id, title=None):
    """A new forum in draft from a (parsed) definition; returns its id."""
    details = dict(spec["details"])
    agenda_items = details.pop("agenda")
    check_agenda(agenda_items)
    structure.check_sizes([s["name"] for s in spec["services"]], spec["components"], spec["topics"])
    if title:
        details["title"] = title
    with db.atomic():
        services = [{**s, "library_id": library.ensure(db, s["name"], s["description"])}
                    for s in spec["services"]]
        forum_id = forums.create(db, services=services, components=spec["components"],
                                 topics=spec["topics"], agenda_json=json.dumps(agenda_items),
                                 status="draft", **details)
        audit.record(db, user_id=user_id, forum_id=forum_id, action="forum.create",
                     after={"title": details["title"]})
    return forum_id


def copy(db, forum, user_id):
    """Start a new forum (in draft) from a past one: same definition, no attendees or input."""
    spec = parse_definition(json.dumps(definition(db, forum)))
    return create_from_definition(db, spec, user_id,
                                  title=_("Copy of %(title)s", title=forum["title"])[:200])


def review(db, forum, user_id):
    """The yearly review: a new forum (in draft) on the same services and components whose
    drafts are this forum's final texts where it has them (its drafts elsewhere), and which
    names this forum as the one before it, whose promises it follows up."""
    from ..standards.texts import standard
    finals = {(part["service"]["name"], entry["code"]): entry["final"]
              for part in standard(db, forum["id"]) for entry in part["components"]
              if entry["state"] != "not_started"}
    spec = parse_definition(json.dumps(definition(db, forum)))
    for service in spec["services"]:
        for code in spec["components"]:
            if finals.get((service["name"], code)):
                service["drafts"][code] = finals[(service["name"], code)]
    new_id = create_from_definition(db, spec, user_id,
                                    title=_("Review of %(title)s", title=forum["title"])[:200])
    with db.atomic():
        db["forums"].update(new_id, {"previous_forum_id": forum["id"]})
    return new_id


def update_details(db, forum, details, agenda_items, user_id):
    """Change title, unit, head, date, times and time zone, place, mode, link, agenda, the
    Berita Acara number, the place of signing and the further legal basis."""
    lifecycle.refuse_if_final(forum)
    check_agenda(agenda_items)
    before = {**{k: forum[k] for k in DETAILS + OWN}, "agenda": agenda(forum)}
    with db.atomic():
        db["forums"].update(forum["id"], {**details, "agenda_json": json.dumps(agenda_items)})
        audit.record(db, user_id=user_id, forum_id=forum["id"], action="forum.edit",
                     before=before, after={**details, "agenda": agenda_items})
