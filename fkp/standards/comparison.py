"""The comparison table of the revised standard, draft → final with the reasons, as the
documents lay it out (the "perubahan standar" export reads this and arranges it; it decides
nothing). Labels are the Indonesian of official documents (language/wording.py), whatever
language the staff's interface is in."""
from ..language.wording import DECISION_LABELS, STANDARD_STATE_LABELS
from .texts import standard

UNDECIDED = "Belum diputuskan"


def reason(linked):
    """One linked input as a reason: {id, text, decision, decision_label, response}."""
    return {"id": linked["id"], "text": linked["text"], "decision": linked["decision"],
            "decision_label": DECISION_LABELS.get(linked["decision"], UNDECIDED),
            "response": linked["response"] or ""}


def comparison(db, forum_id):
    """Per service, in the forum's order: {"service": name, "service_id", "rows": [{component,
    name, delivery, consulted, draft, final, state, state_label, reasons: [reason, …]}]}, the
    fourteen components in the regulation's order (the six service-delivery ones first)."""
    out = []
    for part in standard(db, forum_id):
        rows = [{"component": e["code"], "name": e["name"], "delivery": e["delivery"],
                 "consulted": e["consulted"], "draft": e["draft"], "final": e["final"], "state": e["state"],
                 "state_label": STANDARD_STATE_LABELS[e["state"]],
                 "reasons": [reason(linked) for linked in e["inputs"]]}
                for e in part["components"]]
        out.append({"service": part["service"]["name"], "service_id": part["service"]["id"], "rows": rows})
    return out
