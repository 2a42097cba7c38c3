"""The other way round: for each input, which final texts cite it. Each accepted (or partly
accepted) input should show the component text it changed, or that none does yet, and why:
the text of its own component is not written, or is written without citing it."""
from ..vocabulary import COMPONENTS, COMPONENTS_BY_CODE
from .texts import consulted

_CITED_SQL = """
SELECT l.comment_id, l.service_id, l.component, s.name AS service_name, s.position
FROM standard_text_inputs l
JOIN standard_texts t ON t.service_id = l.service_id AND t.component = l.component
JOIN services s ON s.id = l.service_id
WHERE t.forum_id = ?
"""
_ACCEPTED_SQL = """
SELECT c.id, c.text, c.service_id, s.name AS service_name, a.component, a.label AS aspect_label,
       r.decision, r.response, t.state AS own_state
FROM comments c
JOIN responses r ON r.comment_id = c.id
LEFT JOIN services s ON s.id = c.service_id
LEFT JOIN aspects a ON a.id = c.aspect_id
LEFT JOIN standard_texts t ON t.service_id = c.service_id AND t.component = a.component
WHERE c.forum_id = ? AND c.status != 'hidden' AND c.merged_into_id IS NULL
  AND r.decision IN ('accepted', 'partly_accepted')
ORDER BY s.position IS NULL, s.position, a.position, c.id
"""
_ORDER = {c.code: n for n, c in enumerate(COMPONENTS)}


def cited_in(db, forum_id):
    """{input id: [{service_id, service_name, component, name}]} for every input a final text
    of the forum cites, the places in the order of services then components."""
    out = {}
    for row in db.query(_CITED_SQL, [forum_id]):
        row["name"] = COMPONENTS_BY_CODE[row["component"]].name
        out.setdefault(row.pop("comment_id"), []).append(row)
    for places in out.values():
        places.sort(key=lambda p: (p["position"], _ORDER[p["component"]]))
        for place in places:
            del place["position"]
    return out


def accepted(db, forum_id):
    """Every accepted or partly accepted input of the record, with where it is cited:
    [{id, text, service_name, aspect_label, decision, response, cited_in: [places],
    not_yet: None (cited), "text_not_written" (its own component has no final text yet),
    "not_cited" (it has, but cites it not) or "no_component" (it was given on a guiding
    question, not a component)}]."""
    places, asked = cited_in(db, forum_id), consulted(db, forum_id)
    out = []
    for row in db.query(_ACCEPTED_SQL, [forum_id]):
        row["cited_in"] = places.get(row["id"], [])
        if row["cited_in"]:
            row["not_yet"] = None
        elif not row["component"] or row["component"] not in asked or row["service_id"] is None:
            row["not_yet"] = "no_component"
        else:
            row["not_yet"] = "not_cited" if row["own_state"] else "text_not_written"
        out.append(row)
    return out
