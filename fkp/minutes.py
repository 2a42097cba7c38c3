"""The minutes model: one plain dict of a forum's record that every document writer lays out.

Writers (DOCX, CSV, later XLSX and PDF) only arrange what is here, so the wording of
labels and the choice of what is shown live in one place. Contact details of
participants are never read, so no writer can leak them.
"""
from . import forums, participants
from .catalog import PUBLIC_GROUPS
from .indonesian import (CHANNEL_LABELS, GROUP_LABELS, KIND_LABELS, MODE_LABELS, STATUS_LABELS,
                         date_in_words, date_long)

# Every column is named: participants.contact must never be selected here.
_INPUTS_SQL = """
SELECT c.id, c.service_id, c.aspect_id, c.kind, c.text, c.status, c.created_utc,
       s.name AS service_name, a.name AS aspect_name, a.label AS aspect_label,
       p.name AS participant_name, p.institution, p.group_code, c.channel
FROM comments c
JOIN participants p ON p.id = c.participant_id
LEFT JOIN services s ON s.id = c.service_id
LEFT JOIN aspects a ON a.id = c.aspect_id
WHERE c.forum_id = ?
ORDER BY c.id
"""


def _venue(forum):
    """Where it happened, as the opening sentence of the berita acara says it."""
    place = f"bertempat di {forum['place'] or '....................'}"
    online = f"secara daring melalui {forum['online_url'] or '....................'}"
    return {"online": online, "hybrid": f"{place} dan {online}"}.get(forum["mode"], place)


def _forum(forum):
    return {
        "code": forum["code"], "title": forum["title"], "unit": forum["unit"],
        "head_name": forum["head_name"], "head_position": forum["head_position"],
        "date": forum["date"], "date_long": date_long(forum["date"]),
        "date_in_words": date_in_words(forum["date"]), "start_time": forum["start_time"],
        "place": forum["place"], "mode": forum["mode"],
        "mode_label": MODE_LABELS.get(forum["mode"], forum["mode"]),
        "online_url": forum["online_url"], "venue": _venue(forum),
    }


def _attendance(db, forum_id):
    counts = participants.group_counts(db, forum_id)

    def row(code):
        return {"code": code, "label": GROUP_LABELS[code], "count": counts.get(code, 0)}

    unsur = [row(code) for code in PUBLIC_GROUPS]
    unsur_total = sum(r["count"] for r in unsur)
    staff = row("staff")
    return {"unsur": unsur, "unsur_total": unsur_total, "staff": staff,
            "total": unsur_total + staff["count"]}


UNASSIGNED = "(belum ditentukan)"


def _input(row):
    return {
        # Chat-imported input has no service or aspect until a moderator assigns them.
        "id": row["id"], "service_id": row["service_id"], "service_name": row["service_name"] or UNASSIGNED,
        "aspect_id": row["aspect_id"], "aspect_name": row["aspect_name"] or UNASSIGNED,
        "aspect_label": row["aspect_label"] or UNASSIGNED, "kind": row["kind"],
        "kind_label": KIND_LABELS.get(row["kind"], row["kind"]), "text": row["text"],
        "status": row["status"], "status_label": STATUS_LABELS.get(row["status"], row["status"]),
        "name": row["participant_name"], "institution": row["institution"],
        "group": row["group_code"], "group_label": GROUP_LABELS.get(row["group_code"], ""),
        "channel": row["channel"],
        "channel_label": CHANNEL_LABELS.get(row["channel"], row["channel"]),
        "created_utc": row["created_utc"],
    }


def _approved(services, aspects, inputs):
    """Approved inputs as [{service, aspects: [{aspect, inputs}]}], every service listed.

    Aspects without an approved input are left out; a service with none has an empty list.
    """
    shown = [i for i in inputs if i["status"] == "approved"]
    grouped = []
    for service in services:
        blocks = []
        for aspect in aspects:
            found = [i for i in shown
                     if i["service_id"] == service["id"] and i["aspect_id"] == aspect["id"]]
            if found:
                blocks.append({"aspect": aspect, "inputs": found})
        grouped.append({"service": service, "aspects": blocks})
    return grouped


def assemble(db, forum):
    """The whole minutes model of `forum` (a forums row) as plain dicts and lists."""
    services = [{"id": s["id"], "name": s["name"]} for s in forums.services(db, forum["id"])]
    aspects = [{"id": a["id"], "name": a["name"], "label": a["label"]}
               for a in forums.aspects(db, forum["id"])]
    attendance = _attendance(db, forum["id"])
    inputs = [_input(row) for row in db.query(_INPUTS_SQL, [forum["id"]])]
    return {
        "forum": _forum(forum),
        "services": services,
        "aspects": aspects,
        "attendance_counts": attendance,
        "groups_present": [r for r in attendance["unsur"] if r["count"]],
        "approved": _approved(services, aspects, inputs),
        "all_inputs": inputs,
    }
