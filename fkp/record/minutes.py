"""The minutes model: one plain dict of a forum's record that every document writer and the
public results page lay out. Writers only arrange what is here, so labels and the choice of
what is shown live in one place.

audience:
  "official"  the documents staff sign and file: names of every giver, no contact details
  "internal"  the same plus attendees' contact details (internal attendance list only)
  "public"    the results page: a giver's name only if they agreed to be named publicly

"statements" (added with m010): what the organiser said, written down by the note-taker
(record/statements.py), in the order written down — [{id, speaker, position, service_name,
aspect_label, text, clock, created_utc}], service_name and aspect_label "" when the statement
concerns no particular one, clock "13.30 WITA". The Notulen interleaves them with
"running_record" by created_utc. Empty for the public audience.
"""
import json

from ..forums import forums
from ..language import timezones
from ..language.wording import (
    CHANNEL_LABELS,
    DECISION_LABELS,
    FOLLOWUP_LABELS,
    GROUP_LABELS,
    KIND_LABELS,
    MODE_LABELS,
    STATUS_LABELS,
    date_in_words,
    date_long,
    number_words,
)
from ..people import participants
from ..vocabulary import GROUPS, PUBLIC_GROUPS
from . import responses, statements

UNASSIGNED = "(belum ditentukan)"
UNDECIDED = "Belum diputuskan"  # an input of the record without a decision yet
# Attendees imported from a chat have no unsur until staff assign one; they attended all the
# same, so the Daftar Hadir and the Berita Acara count them under this label.
NO_GROUP = "Unsur belum ditentukan"
ANONYMOUS = "Peserta"
# Up to this many inputs the Berita Acara lists each one; beyond it (a national online
# consultation), it gives a table of counts per component and decision and refers to the
# Matriks as its attachment: an office signs a few pages, not hundreds.
LISTED_IN_BERITA_ACARA = 100
DECISION_COLUMNS = [*DECISION_LABELS.values(), UNDECIDED]

# Every column is named: participants.contact is never selected here.
_INPUTS_SQL = """
SELECT c.id, c.service_id, c.aspect_id, c.kind, c.text, c.status, c.created_utc, c.channel,
       c.merged_into_id, c.answered, c.support_count, c.participant_id,
       s.name AS service_name, a.name AS aspect_name, a.label AS aspect_label,
       p.name AS participant_name, p.institution, p.group_code, p.public_name,
       r.response, r.decision, r.reason, r.action, r.pic, r.target_date, r.followup_status, r.note
FROM comments c
JOIN participants p ON p.id = c.participant_id
LEFT JOIN services s ON s.id = c.service_id
LEFT JOIN aspects a ON a.id = c.aspect_id
LEFT JOIN responses r ON r.comment_id = c.id
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
        "number": forum["number"], "status": forum["status"],
        "head_name": forum["head_name"], "head_position": forum["head_position"],
        "date": forum["date"], "date_long": date_long(forum["date"]),
        "date_in_words": date_in_words(forum["date"]), "start_time": forum["start_time"],
        "end_time": forum["end_time"], "time_zone": forum["time_zone"],
        # "09.00 s.d. 12.00 WITA": the forum's hours as the documents write them.
        "hours": timezones.hours(forum["start_time"], forum["end_time"], forum["time_zone"]),
        "place": forum["place"], "mode": forum["mode"],
        "mode_label": MODE_LABELS.get(forum["mode"], forum["mode"]),
        "online_url": forum["online_url"], "venue": _venue(forum),
        "agenda": json.loads(forum["agenda_json"] or "[]"),
    }


def _giver(row, audience):
    named = audience != "public" or row["public_name"]
    return {"name": row["participant_name"] if named else ANONYMOUS,
            "institution": row["institution"] if named else "",
            "group": row["group_code"], "group_label": GROUP_LABELS.get(row["group_code"], "")}


def _input(row, audience, zone):
    decision, status = row["decision"], row["followup_status"]
    return {
        # Chat-imported input has no service or aspect until a moderator assigns them.
        "id": row["id"], "service_id": row["service_id"],
        "service_name": row["service_name"] or UNASSIGNED, "aspect_id": row["aspect_id"],
        "aspect_name": row["aspect_name"] or UNASSIGNED, "aspect_label": row["aspect_label"] or UNASSIGNED,
        "kind": row["kind"], "kind_label": KIND_LABELS.get(row["kind"], row["kind"]), "text": row["text"],
        "status": row["status"], "status_label": STATUS_LABELS.get(row["status"], row["status"]),
        **{k: v for k, v in _giver(row, audience).items() if k != "group"},
        "group": row["group_code"], "givers": [_giver(row, audience)],
        "channel": row["channel"], "channel_label": CHANNEL_LABELS.get(row["channel"], row["channel"]),
        "created_utc": row["created_utc"], "merged_into_id": row["merged_into_id"],
        # When it came in, in the forum's own time zone: "13.30 WITA".
        "clock": f"{timezones.clock(row['created_utc'], zone)} {zone}" if row["created_utc"] else "",
        "answered": bool(row["answered"]), "support_count": row["support_count"],
        "response": row["response"] or "", "decision": decision,
        "decision_label": DECISION_LABELS.get(decision, ""), "reason": row["reason"] or "",
        "action": row["action"] or "", "pic": row["pic"] or "", "target_date": row["target_date"],
        "target_long": date_long(row["target_date"]) if row["target_date"] else "",
        "followup_status": status, "followup_label": FOLLOWUP_LABELS.get(status, ""),
        "note": row["note"] or "",
    }


def _fold_merged(inputs):
    """Credit each merged duplicate's giver on the kept input, which answers for both."""
    by_id = {i["id"]: i for i in inputs}
    for item in inputs:
        kept = by_id.get(item["merged_into_id"])
        if kept:
            kept["givers"] = kept["givers"] + item["givers"]
            for key in ("response", "decision", "decision_label", "reason", "action", "pic",
                        "target_date", "target_long", "followup_status", "followup_label", "note"):
                item[key] = kept[key]


def _consent(row):
    """Which privacy notice the attendee agreed to, the proof of consent (UU PDP); a speaker
    named only in an imported chat gave none in the app."""
    return row["notice_version"] if row["consent_utc"] else "— (impor obrolan)"


def _attendance(db, forum_id, audience):
    counts = participants.group_counts(db, forum_id)
    rows = participants.staff_list(db, forum_id) if audience == "internal" else \
        participants.attendance(db, forum_id)
    people = {code: [] for code in [*GROUPS, None]}
    for row in rows:
        # No group yet (imported from a chat): listed apart until staff assign one.
        people[row["group_code"] if row["group_code"] in GROUPS else None].append({
            "name": row["name"], "institution": row["institution"], "position": row["position"],
            "channel": row["channel"], "channel_label": CHANNEL_LABELS.get(row["channel"], row["channel"]),
            **({"contact": row["contact"], "consent": _consent(row)} if audience == "internal" else {})})

    def group(code):
        listed = [{"no": n, **p} for n, p in enumerate(people[code], start=1)]
        count = counts.get(code, 0) if code else len(listed)
        return {"code": code, "label": GROUP_LABELS[code] if code else NO_GROUP, "count": count,
                "people": listed}

    unsur = [group(code) for code in PUBLIC_GROUPS]
    unsur_total = sum(g["count"] for g in unsur)
    staff, no_group = group("staff"), group(None)
    return {"unsur": unsur, "unsur_total": unsur_total, "no_group": no_group, "staff": staff,
            "total": unsur_total + no_group["count"] + staff["count"]}


def in_record(item):
    """Whether an input belongs to the record: everything the forum received except what a
    moderator hid. Being shown on the projector is another matter: input never moderated
    ("pending") belongs to it too, undecided until staff decide. A merged duplicate (hidden by
    the merge) belongs to it folded into the input it was merged into."""
    return item["status"] != "hidden" or bool(item["merged_into_id"])


def _by_service(services, aspects, inputs, conclusions):
    """The record's inputs as [{service, aspects: [{aspect, inputs}], decisions, conclusion}];
    a merged duplicate is folded into the input it was merged into. Input with no service or
    component yet (an imported chat) is grouped under UNASSIGNED, after the forum's own."""
    kept = [i for i in inputs if in_record(i) and not i["merged_into_id"]]
    index = {}
    for item in kept:
        index.setdefault((item["service_id"], item["aspect_id"]), []).append(item)
    unassigned = {"id": None, "name": UNASSIGNED, "label": UNASSIGNED}
    if any(service_id is None for service_id, _aspect in index):
        services = [*services, unassigned]
    if any(aspect_id is None for _service, aspect_id in index):
        aspects = [*aspects, unassigned]
    grouped = []
    for service in services:
        blocks = [{"aspect": a, "inputs": index[(service["id"], a["id"])]}
                  for a in aspects if (service["id"], a["id"]) in index]
        for block in blocks:
            block["decisions"] = _count_decisions(block["inputs"])
        decisions = _count_decisions(item for block in blocks for item in block["inputs"])
        # Conclusions are written per service; the key None holds the whole forum's.
        conclusion = conclusions.get(service["id"], "") if service["id"] is not None else ""
        grouped.append({"service": service, "aspects": blocks, "decisions": decisions,
                        "conclusion": conclusion})
    return grouped


def _count_decisions(items):
    """{decision label: count}, always in the order of DECISION_COLUMNS, zeros left out."""
    counted = {}
    for item in items:
        label = item["decision_label"] or UNDECIDED
        counted[label] = counted.get(label, 0) + 1
    return {label: counted[label] for label in DECISION_COLUMNS if label in counted}


def _signatories(db, forum_id, present, audience):
    chosen = responses.signatories(db, forum_id)
    return [{"group": g["code"], "label": g["label"],
             "name": chosen[g["code"]]["name"] if g["code"] in chosen and audience != "public" else "",
             "institution": chosen[g["code"]]["institution"] if g["code"] in chosen and audience != "public"
             else ""}
            for g in present]


def _staff(db, forum_id):
    rows = db.query("SELECT u.role, CASE WHEN u.full_name != '' THEN u.full_name ELSE u.username END "
                    "AS name FROM users u JOIN forum_staff s ON s.user_id = u.id WHERE s.forum_id = ? "
                    "ORDER BY name", [forum_id])
    out = {"moderators": [], "notetakers": []}
    for row in rows:
        out["moderators" if row["role"] == "moderator" else "notetakers"].append(row["name"])
    return out


def _statements(db, forum):
    """The organiser's statements as the documents lay them out (see the module's docstring)."""
    zone = forum["time_zone"]
    return [{"id": s["id"], "speaker": s["speaker"], "position": s["position"],
             "service_name": s["service_name"] or "", "aspect_label": s["aspect_label"] or "",
             "text": s["text"], "clock": f"{timezones.clock(s['created_utc'], zone)} {zone}",
             "created_utc": s["created_utc"]}
            for s in statements.for_forum(db, forum["id"])]


def open_sentence(pending, undecided):
    """What the Berita Acara says of the input left open when staff finalised it anyway."""
    parts = [f"{n} ({number_words(n)}) masukan {what}" for n, what in (
        (undecided, "belum mendapat keputusan"), (pending, "belum dimoderasi")) if n]
    if not parts:
        return ""
    return f"Pada saat berita acara ini difinalkan, {'; '.join(parts)}."  # two facts, not a sum


def _open_at_finalisation(forum):
    """The sentence for what was open when the forum was finalised (stored then), or ""."""
    keys = forum.keys()
    if "finalised_undecided" not in keys:
        return ""
    return open_sentence(forum["finalised_pending"] or 0, forum["finalised_undecided"] or 0)


def assemble(db, forum, audience="official"):
    """The whole minutes model of `forum` (a forums row) as plain dicts and lists."""
    services = [{"id": s["id"], "name": s["name"]} for s in forums.services(db, forum["id"])]
    aspects = [{"id": a["id"], "name": a["name"], "label": a["label"]}
               for a in forums.aspects(db, forum["id"])]
    attendance = _attendance(db, forum["id"], audience)
    inputs = [_input(row, audience, forum["time_zone"]) for row in db.query(_INPUTS_SQL, [forum["id"]])]
    _fold_merged(inputs)
    conclusions = responses.conclusions(db, forum["id"])
    by_service = _by_service(services, aspects, inputs, conclusions)
    present = [g for g in attendance["unsur"] if g["count"]]
    matrix = [item for block in by_service for a in block["aspects"] for item in a["inputs"]]
    return {
        "audience": audience,
        "forum": _forum(forum),
        "services": services,
        "aspects": aspects,
        "staff": _staff(db, forum["id"]),
        "attendance_counts": attendance,
        "groups_present": present,
        "signatories": _signatories(db, forum["id"], present, audience),
        # The record: every input the forum received but what a moderator hid, by service.
        "record": by_service,
        "matrix": matrix,
        "berita_acara_lists_inputs": len(matrix) <= LISTED_IN_BERITA_ACARA,
        "decision_columns": DECISION_COLUMNS,
        "conclusion": conclusions.get(None, ""),
        # The Notulen's running record: the record's inputs as they came in, merged ones too.
        "running_record": [i for i in inputs if in_record(i)] if audience != "public" else [],
        # What the organiser said, for the Notulen (interleaved with the above by time).
        "statements": _statements(db, forum) if audience != "public" else [],
        "hidden_count": sum(1 for i in inputs if not in_record(i)),
        "open_at_finalisation": _open_at_finalisation(forum),
        # Hidden input too, marked so: only the staff's own list of every input (inputs CSV).
        "all_inputs": inputs if audience == "internal" else [],
    }


def models(db, forum):
    """A function audience -> minutes model, assembling each audience once."""
    cache = {}

    def get(audience):
        if audience not in cache:
            cache[audience] = assemble(db, forum, audience)
        return cache[audience]
    return get
