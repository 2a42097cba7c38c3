"""The minutes model: one plain dict of a forum's record that every document writer and the
public results page lay out. Writers only arrange what is here, so labels and the choice of
what is shown live in one place.

audience:
  "official"  the documents staff sign and file: names of every giver, no contact details
  "internal"  the same plus attendees' contact details (internal attendance list only)
  "public"    the results page and the documents "for publication": an attendee's name (and
              institution) only if they agreed to be named publicly, the online meeting named
              by its platform only (never its link or passcode)

Every audience leaves hidden input out (only the internal inputs list has it, marked so).
The forum's part carries what a naskah dinas needs: the unit's letterhead (kop), the number,
the legal basis, the place-and-date line, and the unit's signatories with position and NIP.

"agreement" (added with m020): the hall's answer to "Setuju dengan rancangan ini?" on each
component, one entry per closed question, oldest first — [{service_name, aspect_name, counts:
{agree, agree_with_changes, disagree, total}, sentence}], the sentence as the Berita Acara
writes it. Counts only: who answered what is never in a document.

"statements" (added with m010): what the organiser said, written down by the note-taker
(record/statements.py), in the order written down — [{id, speaker, position, service_name,
aspect_label, text, clock, created_utc}], service_name and aspect_label "" when the statement
concerns no particular one, clock "13.30 WITA". The Notulen interleaves them with
"running_record" by created_utc, in every audience (the organiser speaks publicly).
"""
import json
from urllib.parse import urlsplit

from ..forums import agreement, forums, units
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
    date_plain,
    number_words,
)
from ..people import participants, users
from ..standards.comparison import comparison
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


# Every document names the law it rests on; staff add their own (a unit's decree) after these.
LEGAL_BASIS = [
    "Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik",
    "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 15 Tahun 2014 "
    "tentang Pedoman Standar Pelayanan",
    "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 16 Tahun 2017 "
    "tentang Pedoman Penyelenggaraan Forum Konsultasi Publik di Lingkungan Unit Penyelenggara "
    "Pelayanan Publik",
]
# The Berita Acara's attachments, named as the evidence pack holds them.
ATTACHMENTS = ["Daftar Hadir", "Matriks Masukan dan Tindak Lanjut", "Notulen", "Dokumentasi (foto)"]
PLATFORMS = {"zoom.us": "Zoom", "meet.google.com": "Google Meet", "teams.microsoft.com": "Microsoft Teams",
             "teams.live.com": "Microsoft Teams", "youtube.com": "YouTube", "youtu.be": "YouTube",
             "webex.com": "Webex"}
BLANK = "...................."


def platform(url):
    """The meeting's platform as a publication may name it ("Zoom"), never the link itself,
    which may carry the passcode."""
    host = (urlsplit(url or "").hostname or "").removeprefix("www.")
    for domain, name in PLATFORMS.items():
        if host == domain or host.endswith("." + domain):
            return name
    return "rapat daring" if host else BLANK


def _venue(forum, audience):
    """Where it happened, as the opening sentence of the berita acara says it."""
    place = f"bertempat di {forum['place'] or BLANK}"
    link = platform(forum["online_url"]) if audience == "public" else (forum["online_url"] or BLANK)
    online = f"secara daring melalui {link}"
    return {"online": online, "hybrid": f"{place} dan {online}"}.get(forum["mode"], place)


def _signing(db, forum):
    """(kop, note-taker who signs): as kept when the record was finalised, else as they are now."""
    if forum["signing_json"]:
        return units.from_snapshot(forum["signing_json"])
    return units.letterhead(db, forum["unit"]), users.notetaker(db, forum["id"])


def _nip(nip):
    """"NIP. 198001012005011001" under a signer's name, "" for someone without one."""
    return f"NIP. {nip}" if nip else ""


def _forum(db, forum, audience, kop):
    extra = [line for line in forum["legal_basis"].splitlines() if line]
    place = forum["sign_place"] or kop["city"]
    return {
        "kop": kop, "legal_basis": [*LEGAL_BASIS, *extra], "attachments": ATTACHMENTS,
        # "Mataram, 1 Desember 2026": the line above the signatures, the forum's day.
        "place_date": f"{place or BLANK}, {date_plain(forum['date'])}",
        "sign_place": place or BLANK,  # a document signed later writes its own date (the Maklumat)
        "head_nip": _nip(forum["head_nip"]),
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
        "online_url": forum["online_url"] if audience != "public" else "",
        "online_platform": platform(forum["online_url"]) if forum["online_url"] else "",
        "venue": _venue(forum, audience),
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
        named = audience != "public" or row["public_name"]
        # No group yet (imported from a chat): listed apart until staff assign one.
        people[row["group_code"] if row["group_code"] in GROUPS else None].append({
            "name": row["name"] if named else ANONYMOUS, "institution": row["institution"] if named else "",
            "position": row["position"] if named else "",
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
    """The representative chosen to sign for each group present; in the public audience only
    those who agreed to be named publicly are named (the others' line stays blank)."""
    chosen = responses.signatories(db, forum_id)

    def named(code):
        person = chosen.get(code)
        return person if person and (audience != "public" or person["public_name"]) else None
    return [{"group": g["code"], "label": g["label"],
             "name": named(g["code"])["name"] if named(g["code"]) else "",
             "institution": named(g["code"])["institution"] if named(g["code"]) else ""}
            for g in present]


def _staff(db, forum_id, notetaker):
    """The forum's moderators and note-takers by their full names (a document never prints a
    login name: staff without a full name are left out, and a blank line is left to write
    on), and `notetaker`, who signs the Notulen (users.notetaker, or as kept at finalising)."""
    rows = db.query("SELECT u.role, u.full_name AS name FROM users u JOIN forum_staff s "
                    "ON s.user_id = u.id WHERE s.forum_id = ? AND u.full_name != '' ORDER BY name",
                    [forum_id])
    out = {"moderators": [], "notetakers": [],
           "notetaker": {**notetaker, "nip": _nip(notetaker["nip"])} if notetaker else None}
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


# The answers as a Berita Acara names them (documents are Indonesian only).
AGREEMENT_WORDS = {"agree": "setuju", "agree_with_changes": "setuju dengan perubahan", "disagree": "tidak setuju"}
AGREEMENT_HEADING = "Persetujuan hadirin atas rancangan:"


def _agreement(db, forum_id):
    """Each closed agreement question's result (see the module's docstring)."""
    out = []
    for q in agreement.results(db, forum_id):
        counts = q["counts"]
        said = ", ".join(f"{word} {counts[answer]}" for answer, word in AGREEMENT_WORDS.items())
        out.append({"service_name": q["service_name"], "aspect_name": q["aspect_name"], "counts": counts,
                    "sentence": f"{q['aspect_name']} — {q['service_name']}: {said} "
                                f"({counts['total']} penjawab)"})
    return out


def _standard(db, forum_id, aspects):
    """The revised standard (fkp/standards/): per service its fourteen components, draft and
    final text and the reasons, each consulted component with the hall's agreement with its
    draft when a question was asked on it ("" otherwise)."""
    asked = agreement.latest_results(db, forum_id)
    aspect_of = {a["component"]: a["id"] for a in aspects if a["component"]}
    parts = comparison(db, forum_id)
    for part in parts:
        for row in part["rows"]:
            question = asked.get((part["service_id"], aspect_of.get(row["component"])))
            counts = question["counts"] if question else None
            row["agreement"] = (", ".join(f"{word} {counts[answer]}" for answer, word in AGREEMENT_WORDS.items())
                                + f" ({counts['total']} penjawab)") if counts else ""
    return parts


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


PROMISED = ("accepted", "partly_accepted")


def _promises(matrix):
    """The improvements the unit promises (the "janji perbaikan" of the Berita Acara): every
    accepted or partly accepted input of the record, with the action staff wrote for it (else
    the response, else the input itself), who is responsible and by when."""
    return [{"service_name": item["service_name"], "aspect_name": item["aspect_name"],
             "promise": item["action"] or item["response"] or f"Menindaklanjuti masukan: {item['text']}",
             "decision_label": item["decision_label"], "pic": item["pic"],
             "target": date_plain(item["target_date"]) if item["target_date"] else ""}
            for item in matrix if item["decision"] in PROMISED]


def assemble(db, forum, audience="official"):
    """The whole minutes model of `forum` (a forums row) as plain dicts and lists."""
    kop, notetaker = _signing(db, forum)
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
        "forum": _forum(db, forum, audience, kop),
        "services": services,
        "aspects": aspects,
        "staff": _staff(db, forum["id"], notetaker),
        "attendance_counts": attendance,
        "groups_present": present,
        "signatories": _signatories(db, forum["id"], present, audience),
        # The record: every input the forum received but what a moderator hid, by service.
        "record": by_service,
        "matrix": matrix,
        "berita_acara_lists_inputs": len(matrix) <= LISTED_IN_BERITA_ACARA,
        "promises": _promises(matrix),
        "decision_columns": DECISION_COLUMNS,
        "conclusion": conclusions.get(None, ""),
        # The Notulen's running record: the record's inputs as they came in, merged ones too.
        "running_record": [i for i in inputs if in_record(i)],
        # What the organiser said, for the Notulen (interleaved with the above by time): the
        # organiser's own words, in every audience.
        "statements": _statements(db, forum),
        # The hall's answers to "Setuju dengan rancangan ini?", for the Berita Acara.
        "agreement": _agreement(db, forum["id"]),
        "standard": _standard(db, forum["id"], forums.aspects(db, forum["id"])),
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
