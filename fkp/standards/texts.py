"""The final text of each component of each service: the model and its one write.

For every forum × service × component (all fourteen of PermenPANRB 15/2014, not only the six
a forum usually consults, so the standard an office decrees is complete) there is a state:
  not_started      nothing written yet (no row);
  kept_as_drafted  the draft stands as it was consulted, and the text says so: a copy of it;
  revised          staff wrote a new text, starting from the draft.
Each text names the inputs that led to it (sources.py checks they are this service's record
inputs), with who wrote it and when. A component the forum did not consult has no draft: it
can only be written.

The standard is written after the forum, with the responses: like the rest of the record it
can change until the record is finalised, and is locked then (lifecycle.refuse_if_final, and
claim_open_record in the write's own transaction). Each save is one events.change, audited.
"""
from flask_babel import gettext as _

from .. import audit, events
from ..errors import DomainError
from ..forums import forums, lifecycle
from ..language.text import clean
from ..language.timezones import utc_now
from ..vocabulary import ALL_COMPONENTS, COMPONENTS
from . import sources

STATES = ("not_started", "kept_as_drafted", "revised")
WRITTEN = ("kept_as_drafted", "revised")
MAX_TEXT = 8000

_TEXTS_SQL = """
SELECT t.service_id, t.component, t.state, t.text, t.updated_utc, t.updated_by,
       coalesce(nullif(u.full_name, ''), u.username) AS updated_by_name
FROM standard_texts t LEFT JOIN users u ON u.id = t.updated_by
WHERE t.forum_id = ?
"""
_LINKS_SQL = """
SELECT l.service_id, l.component, c.id, c.text, a.label AS aspect_label, r.decision, r.response,
       r.reason
FROM standard_text_inputs l
JOIN standard_texts t ON t.service_id = l.service_id AND t.component = l.component
JOIN comments c ON c.id = l.comment_id
LEFT JOIN aspects a ON a.id = c.aspect_id
LEFT JOIN responses r ON r.comment_id = c.id
WHERE t.forum_id = ?
ORDER BY c.id
"""


def drafts(db, forum_id):
    """{(service_id, component code): draft text} of the components the forum consulted."""
    rows = db.query("SELECT d.service_id, a.component, d.text FROM drafts d "
                    "JOIN aspects a ON a.id = d.aspect_id "
                    "WHERE a.forum_id = ? AND a.component IS NOT NULL", [forum_id])
    return {(r["service_id"], r["component"]): r["text"] for r in rows}


def consulted(db, forum_id):
    """The component codes the forum had as aspects (asked the public about)."""
    return {a["component"] for a in forums.aspects(db, forum_id) if a["component"]}


def standard(db, forum_id):
    """The forum's standard: [{"service": {id, name}, "components": [entry, …]}], services in
    the forum's order, the fourteen components in the regulation's order. An entry:
    {code, name, delivery, consulted, draft, final, state, inputs: [{id, text, aspect_label,
    decision, response, reason}], updated_utc, updated_by_name}."""
    texts = {(r["service_id"], r["component"]): r for r in db.query(_TEXTS_SQL, [forum_id])}
    links = {}
    for row in db.query(_LINKS_SQL, [forum_id]):
        key = (row.pop("service_id"), row.pop("component"))
        links.setdefault(key, []).append(row)
    written, asked = drafts(db, forum_id), consulted(db, forum_id)
    out = []
    for service in forums.services(db, forum_id):
        entries = []
        for c in COMPONENTS:
            key = (service["id"], c.code)
            row = texts.get(key) or {}
            entries.append({
                "code": c.code, "name": c.name, "delivery": c.delivery, "consulted": c.code in asked,
                "draft": written.get(key, ""), "final": row.get("text", ""),
                "state": row.get("state", "not_started"), "inputs": links.get(key, []),
                "updated_utc": row.get("updated_utc"), "updated_by_name": row.get("updated_by_name")})
        out.append({"service": {"id": service["id"], "name": service["name"]}, "components": entries})
    return out


def _service(db, forum_id, service_id):
    found = [s for s in forums.services(db, forum_id) if s["id"] == service_id]
    if not found:
        raise DomainError(_("This service is not part of the forum."), "service_id", status=404)
    return found[0]


def _component(code):
    if code not in ALL_COMPONENTS:
        raise DomainError(_("Choose one of the fourteen components of the service standard."),
                          "component", status=404)
    return code


def entry(db, forum_id, service_id, code):
    """(service, the entry of one component of it), as standard() gives them; a DomainError
    (404) for a service or component the forum does not have."""
    service, code = _service(db, forum_id, service_id), _component(code)
    for part in standard(db, forum_id):
        if part["service"]["id"] == service["id"]:
            return part["service"], next(e for e in part["components"] if e["code"] == code)


def save(db, forum, service_id, component, user_id, *, text="", state="revised", input_ids=()):
    """Write the final text of one component of one service, with the inputs that led to it;
    returns its entry. state "kept_as_drafted" copies the draft (there must be one) whatever
    `text` says; "revised" takes `text`, and a text the same as the draft is recorded as kept
    as drafted, which is what it is. The links replace those the text had."""
    lifecycle.refuse_if_final(forum)
    service, component = _service(db, forum["id"], service_id), _component(component)
    if state not in WRITTEN:
        raise DomainError(_("Choose whether the text was revised or kept as drafted."), "state")
    draft = clean(drafts(db, forum["id"]).get((service["id"], component), ""), multiline=True)
    if state == "kept_as_drafted":
        if not draft:
            raise DomainError(_("This component has no draft to keep: write its final text."), "text")
        text = draft
    text = clean(text, multiline=True)
    if not text:
        raise DomainError(_("Write the final text, or keep the draft as it is."), "text")
    if len(text) > MAX_TEXT:
        raise DomainError(_("At most %(n)d characters.", n=MAX_TEXT), "text")
    if text == draft:
        state = "kept_as_drafted"
    ids = sources.checked(db, forum["id"], service["id"], input_ids)
    key = [service["id"], component]
    before = db.execute("SELECT state, text FROM standard_texts WHERE service_id = ? AND component = ?",
                        key).fetchone()
    before_ids = [r[0] for r in db.execute(
        "SELECT comment_id FROM standard_text_inputs WHERE service_id = ? AND component = ? "
        "ORDER BY comment_id", key)]
    with events.change(db, forum["id"]):
        lifecycle.claim_open_record(db, forum)
        db.execute("INSERT INTO standard_texts (forum_id, service_id, component, state, text, updated_utc, "
                   "updated_by) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (service_id, component) DO UPDATE "
                   "SET state = excluded.state, text = excluded.text, updated_utc = excluded.updated_utc, "
                   "updated_by = excluded.updated_by",
                   [forum["id"], *key, state, text, utc_now(), user_id])
        db.execute("DELETE FROM standard_text_inputs WHERE service_id = ? AND component = ?", key)
        for comment_id in ids:
            db.execute("INSERT INTO standard_text_inputs (service_id, component, comment_id) VALUES (?, ?, ?)",
                       [*key, comment_id])
        audit.record(db, user_id=user_id, forum_id=forum["id"], action="standard.save",
                     subject=f"{service['id']}:{component}",
                     before=None if before is None else {"state": before[0], "text": before[1],
                                                         "inputs": before_ids},
                     after={"state": state, "text": text, "inputs": sorted(ids)})
    return entry(db, forum["id"], service["id"], component)[1]


def completeness(db, forum_id):
    """How much of the standard has a final text: {"written": of services × 14, "of",
    "revised", "kept" (kept as drafted)}."""
    services = len(forums.services(db, forum_id))
    counts = dict.fromkeys(WRITTEN, 0)
    for state, n in db.execute("SELECT t.state, count(*) FROM standard_texts t "
                               "JOIN services s ON s.id = t.service_id AND s.forum_id = t.forum_id "
                               "WHERE t.forum_id = ? GROUP BY t.state", [forum_id]):
        counts[state] = n
    return {"written": sum(counts.values()), "of": services * len(COMPONENTS),
            "revised": counts["revised"], "kept": counts["kept_as_drafted"]}
