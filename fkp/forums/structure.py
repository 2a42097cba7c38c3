"""What a forum consults: its services, its aspects and the draft text of each pair.

Services and aspects change only while the forum is a draft, so no input is ever
orphaned; draft texts can be polished until the record is final.
"""
from flask_babel import gettext as _

from .. import audit
from ..errors import DomainError
from . import forums, library, lifecycle

MAX_DRAFT = 4000
# How much one forum consults. Seed 000 had six services × six aspects; these bounds leave
# room for a long day while keeping every page, phone and document a readable size.
MAX_SERVICES = 50
MAX_ASPECTS = 30          # components and guiding questions together (there are 14 components)
MAX_TOPIC = 300           # one guiding question
MAX_SERVICE_NAME = 200


def check_sizes(service_names, components, topics):
    """Refuse a structure larger than a forum can run (the page and the file import alike)."""
    if len(service_names) > MAX_SERVICES:
        raise DomainError(_("A forum consults at most %(n)d services.", n=MAX_SERVICES), "new_services")
    if len(components) + len(topics) > MAX_ASPECTS:
        raise DomainError(_("A forum discusses at most %(n)d aspects and guiding questions.",
                            n=MAX_ASPECTS), "topics")
    if any(len(t) > MAX_TOPIC for t in topics):
        raise DomainError(_("A guiding question is at most %(n)d characters.", n=MAX_TOPIC), "topics")
    if any(len(n) > MAX_SERVICE_NAME for n in service_names):
        raise DomainError(_("A service name is 1 to 200 characters."), "new_services")


def replace(db, forum, *, components, topics, service_names, user_id):
    """Set the forum's services (by name, added to the library) and aspects, keeping the
    drafts of every service × aspect pair that stays."""
    if forum["status"] != "draft":
        raise DomainError(_("Services and aspects can only change before the forum opens."),
                          status=409)
    if not service_names:
        raise DomainError(_("Choose at least one service."), "services")
    if not components and not topics:
        raise DomainError(_("Choose at least one aspect or guiding question."), "aspect_preset")
    check_sizes(service_names, components, topics)
    kept = _drafts_by_name(db, forum["id"])
    with db.atomic():
        db.execute("DELETE FROM drafts WHERE service_id IN "
                   "(SELECT id FROM services WHERE forum_id = ?)", [forum["id"]])
        db.execute("UPDATE forums SET focus_service_id = NULL, focus_aspect_id = NULL WHERE id = ?",
                   [forum["id"]])
        db.execute("DELETE FROM services WHERE forum_id = ?", [forum["id"]])
        db.execute("DELETE FROM aspects WHERE forum_id = ?", [forum["id"]])
        services = []
        for name in service_names:
            entry = library.get(db, library.ensure(db, name))
            services.append({"name": entry["name"], "library_id": entry["id"],
                             "description": entry["description"],
                             "drafts": kept.get(entry["name"].casefold(), {})})
        forums.insert_structure(db, forum["id"], components, topics, services)
        audit.record(db, user_id=user_id, forum_id=forum["id"], action="forum.structure",
                     after={"services": service_names, "components": components, "topics": topics})


def _drafts_by_name(db, forum_id):
    """{service name (casefolded): {aspect key: text}} for the forum's current drafts."""
    aspects = {a["id"]: forums.aspect_key(a) for a in forums.aspects(db, forum_id)}
    names = {s["id"]: s["name"].casefold() for s in forums.services(db, forum_id)}
    out = {}
    for pair, text in forums.drafts(db, forum_id).items():
        service_id, aspect_id = (int(x) for x in pair.split(":"))
        out.setdefault(names[service_id], {})[aspects[aspect_id]] = text
    return out


def save_drafts(db, forum, texts, user_id):
    """Set the draft text of each service × aspect pair: {(service_id, aspect_id): text}."""
    lifecycle.refuse_if_final(forum)
    service_ids = {s["id"] for s in forums.services(db, forum["id"])}
    aspect_ids = {a["id"] for a in forums.aspects(db, forum["id"])}
    with db.atomic():
        for (service_id, aspect_id), text in texts.items():
            if service_id not in service_ids or aspect_id not in aspect_ids:
                raise DomainError(_("This aspect is not part of the forum."), "aspect_id")
            if len(text) > MAX_DRAFT:
                raise DomainError(_("A draft is at most %(n)d characters.", n=MAX_DRAFT), "drafts")
            db.execute("DELETE FROM drafts WHERE service_id = ? AND aspect_id = ?", [service_id, aspect_id])
            if text.strip():
                db["drafts"].insert(dict(service_id=service_id, aspect_id=aspect_id, text=text.strip()))
        audit.record(db, user_id=user_id, forum_id=forum["id"], action="forum.drafts",
                     after={f"{s}:{a}": t for (s, a), t in texts.items()})
