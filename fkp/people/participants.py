"""Participants: attendees who join a forum without an account, and their attendance."""
import hashlib
import re
import secrets

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .. import audit, events
from ..errors import DomainError
from ..forums import lifecycle
from ..language.text import clean
from ..language.timezones import utc_now
from ..store import group_commit
from ..store.db import insert_row
from ..vocabulary import GROUPS, NOTICE_VERSION

# What a moderator or the display may know of a participant; contact never leaves the table.
PUBLIC_FIELDS = "id, name, institution, position, group_code, channel, banned_utc, public_name"


def not_joined():
    """The refusal of a token that holds no participant of the forum (any more): 401."""
    return DomainError(_("You have not joined this forum, or your session has expired. Join again."), status=401)


def _hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


CHANNELS = ("phone", "in_person", "online")  # own phone in the hall, checked in by staff, remote
# The longest name, institution, position and contact stored; the forms and the API say the same.
MAX_LENGTHS = {"name": 120, "institution": 160, "position": 120, "contact": 160}


def _check_lengths(values):
    for field, value in values.items():
        if len(value) > MAX_LENGTHS[field]:
            raise DomainError(_("At most %(n)d characters.", n=MAX_LENGTHS[field]), field)


def join(db, forum, *, name, institution, group, consent, position="", contact="", channel="phone",
         added_by=None, public_name=False, device=None):
    """Record attendance with consent; returns (participant, token). The token is shown once.

    added_by: the staff member who checked in someone without a phone (they get no token).
    device: the joining browser's device id (fkp/web/devices.py), kept hashed: see by_device.
    """
    # lazy: translated only when it refuses (a translation on every join cost 3 % of one)
    lifecycle.refuse_if_final(forum, _l("This forum has ended; attendance is closed."))
    if not consent:
        raise DomainError(_("Please agree to the privacy notice to join."), "consent")
    if group not in GROUPS:
        raise DomainError(_("Choose one of the listed groups."), "group")
    if channel not in CHANNELS:
        raise DomainError(_("Choose how you take part."), "channel")
    name, institution, position, contact = clean(name), clean(institution), clean(position), clean(contact)
    if not name or not institution:
        raise DomainError(_("Write your name and institution."), "name")
    _check_lengths({"name": name, "institution": institution, "position": position, "contact": contact})
    token = None if added_by else secrets.token_urlsafe(24)
    row = dict(forum_id=forum["id"], name=name, institution=institution,
               position=position, group_code=group, contact=contact,
               consent_utc=utc_now(), notice_version=NOTICE_VERSION, channel=channel,
               token_hash=token and _hash(token), joined_utc=utc_now(), added_by=added_by,
               public_name=1 if public_name else 0)
    if device:
        row["device_hash"] = _hash(device)

    def insert(w, seq):  # in the group commit (fkp/store/group_commit.py): SQL only, on the writer's connection
        pid = insert_row(w, "participants", row)
        if added_by:
            audit.record(w, user_id=added_by, forum_id=forum["id"], action="participant.check_in",
                         subject=pid, after={"name": name, "group": group})
        # The counts with this join, read where the writer's cache is warm (see inputs/comments.py _submit)
        return pid, group_counts(w, forum["id"])
    with events.change(db, forum["id"], via=group_commit.write) as change:
        pid, counts = change.write(insert)
        # As get() reads it (tests/test_domain.py compares), without reading it back.
        participant = dict(id=pid, name=name, institution=institution, position=position,
                           group_code=group, channel=channel, banned_utc=None, public_name=row["public_name"],
                           forum_id=forum["id"])
        change.raise_event(events.PARTICIPANT_JOINED, {"participant": participant, "group_counts": counts})
    return participant, token


def get(db, participant_id):
    rows = list(db.query(f"SELECT {PUBLIC_FIELDS}, forum_id FROM participants WHERE id = ?",
                         [participant_id]))
    return rows[0] if rows else None


def by_token(db, forum_id, token):
    """The participant of this forum holding this token, or None."""
    if not token:
        return None
    rows = list(db.query(
        f"SELECT {PUBLIC_FIELDS}, forum_id FROM participants WHERE token_hash = ? AND forum_id = ?",
        [_hash(token), forum_id]))
    return rows[0] if rows else None


def by_device(db, forum_id, device):
    """The participant who joined this forum from the browser holding this device id, or None
    (the first, should there be several: none is made while one exists)."""
    if not device:
        return None
    rows = list(db.query(
        f"SELECT {PUBLIC_FIELDS}, forum_id FROM participants WHERE forum_id = ? AND device_hash = ? "
        "AND deleted_utc IS NULL ORDER BY id LIMIT 1", [forum_id, _hash(device)]))
    return rows[0] if rows else None


def device_of(db, participant_id):
    """The hash of the browser a participant joined from, or None (API, check-in, older joins)."""
    row = db.execute("SELECT device_hash FROM participants WHERE id = ?", [participant_id]).fetchone()
    return row[0] if row else None


def renew_token(db, participant_id):
    """A new token for a participant back in the browser they joined from, whose session lost
    the old one; the old token stops working. Returns the new token."""
    token = secrets.token_urlsafe(24)
    with db.atomic():
        db.execute("UPDATE participants SET token_hash = ? WHERE id = ?", [_hash(token), participant_id])
    return token


def attendance(db, forum_id):
    """Everyone who attended, in the fixed order of groups then by name, without contact.
    Someone erased on request (deleted_utc set) still counts: they were there."""
    order = {code: n for n, code in enumerate(GROUPS)}  # unknown group (chat import) last
    rows = db.query(f"SELECT {PUBLIC_FIELDS}, deleted_utc FROM participants WHERE forum_id = ?",
                    [forum_id])
    return sorted(rows, key=lambda r: (order.get(r["group_code"], len(order)), r["name"].casefold()))


def group_counts(db, forum_id):
    """{group_code: attendees} for every group, zero included."""
    counts = dict.fromkeys(GROUPS, 0)
    # Kept by triggers (migration m008), so a join costs no count over the whole forum.
    counts.update(db.execute("SELECT group_code, n FROM group_counts WHERE forum_id = ?",
                             [forum_id]).fetchall())
    return counts


def without_group(db, forum_id):
    """How many attendees have no group yet (named only in an imported chat): the documents
    count them as "belum ditentukan" until staff assign one."""
    return db.execute("SELECT count(*) FROM participants WHERE forum_id = ? "
                      "AND (group_code IS NULL OR group_code = '')", [forum_id]).fetchone()[0]


def find_by_name(db, forum_id, name):
    """The participant of the forum with this name (case and spacing ignored), or None."""
    return names(db, forum_id)[0].get(" ".join(clean(name).casefold().split()))


# A name's trailing "(PKB)", "(KPU Jombang)", " - PKB" or " – WCC Jombang": what people add in
# a video call to say where they are from, and not part of who they are.
_SUFFIX = re.compile(r"(?:\s*\([^()]*\)|\s+[-\u2013\u2014]\s+[^-\u2013\u2014]*)$")


def name_key(name):
    """What two spellings of one person's name share: case, spacing and a trailing
    institution ignored ("Anas Burhan (PKB)", "anas  burhan", "Anas Burhan - PKB")."""
    key = " ".join(clean(name).casefold().split())
    while (shorter := _SUFFIX.sub("", key).strip()) and shorter != key:
        key = shorter
    return key


def names(db, forum_id):
    """({exact name: participant}, {name_key: participant}) of the forum's attendees whose
    data was not erased, the first to join winning: one query, for matching many names
    (a chat of thousands of senders) without reading the list again for each."""
    exact, loose = {}, {}
    for row in db.query(f"SELECT {PUBLIC_FIELDS}, forum_id FROM participants "
                        "WHERE forum_id = ? AND deleted_utc IS NULL ORDER BY id", [forum_id]):
        exact.setdefault(" ".join(row["name"].casefold().split()), row)
        loose.setdefault(name_key(row["name"]), row)
    return exact, loose


def add_from_chat(db, forum, name, user_id):
    """A speaker named only in an imported chat: no institution or group yet (staff complete
    them), no consent in the app (the lawful basis is the public-service task). Call inside
    the importer's transaction."""
    return add_many_from_chat(db, forum, [name], user_id)[0]


def add_many_from_chat(db, forum, names_, user_id):
    """add_from_chat for many names at once, in the caller's transaction; the new
    participants, in the order named, as get() reads them, without reading them back."""
    now, added = utc_now(), []
    for name in names_:
        row = dict(forum_id=forum["id"], name=clean(name), institution="", group_code=None,
                   consent_utc=None, notice_version="chat-import", channel="chat", token_hash=None,
                   joined_utc=now, added_by=user_id)
        pid = insert_row(db, "participants", row)
        added.append(dict(id=pid, name=row["name"], institution="", position="", group_code=None,
                          channel="chat", banned_utc=None, public_name=0, forum_id=forum["id"]))
    return added


def remove_record(db, participant_id):
    """Delete one participant's row, in the caller's transaction (fkp/people/duplicates.py has
    moved or refused what points at it). The group counts follow by trigger (migration m008)."""
    db.execute("DELETE FROM participants WHERE id = ?", [participant_id])


def fill_missing(db, participant_id, other):
    """Give a participant the institution, position and group they lack from `other` (a
    duplicate record of the same person), in the caller's transaction; returns what was set."""
    mine = get(db, participant_id)
    values = {k: other[k] for k in ("institution", "position", "group_code") if not mine[k] and other[k]}
    if values:
        db["participants"].update(participant_id, values)
    return values


def set_banned(db, forum, participant_id, banned, user_id):
    """Stop (or allow again) input from one participant; they are told so at once."""
    participant = get(db, participant_id)
    if participant is None or participant["forum_id"] != forum["id"]:
        raise DomainError(_("This participant was not found in the forum."), "id", status=404)
    with events.change(db, forum["id"]) as change:
        db.execute("UPDATE participants SET banned_utc = ? WHERE id = ?",
                   [utc_now() if banned else None, participant_id])
        audit.record(db, user_id=user_id, forum_id=forum["id"],
                     action="participant.ban" if banned else "participant.unban", subject=participant_id)
        participant = get(db, participant_id)
        change.raise_event(events.PARTICIPANT_BANNED if banned else events.PARTICIPANT_UNBANNED,
                           {"participant": participant, "banned": banned}, participant_id=participant_id)
    return participant


def input_count(db, participant_id):
    """How many inputs this participant gave (spoken or typed, whatever their status)."""
    return db.execute("SELECT count(*) FROM comments WHERE participant_id = ?", [participant_id]).fetchone()[0]


def input_counts(db, forum_id):
    """{participant_id: how many inputs} of the forum's attendees who gave any."""
    return dict(db.execute("SELECT participant_id, count(*) FROM comments WHERE forum_id = ? "
                           "GROUP BY participant_id", [forum_id]).fetchall())


def is_deleted(db, participant_id):
    """Whether this participant's personal data was erased at their request."""
    row = db.execute("SELECT deleted_utc FROM participants WHERE id = ?", [participant_id]).fetchone()
    return bool(row and row[0])


def staff_list(db, forum_id):
    """The attendance list as staff see it: with contact details (never shown publicly) and
    the version of the privacy notice each attendee consented to (the proof of consent)."""
    rows = {r["id"]: r for r in attendance(db, forum_id)}
    for row in db.query("SELECT id, contact, joined_utc, consent_utc, notice_version FROM participants "
                        "WHERE forum_id = ?", [forum_id]):
        rows[row["id"]].update(row)
    return list(rows.values())


def update(db, forum, participant_id, *, name, institution, position, group, user_id):
    """Complete or correct an attendee's details (e.g. one named only in an imported chat)."""
    participant = get(db, participant_id)
    if participant is None or participant["forum_id"] != forum["id"]:
        raise DomainError(_("This participant was not found in the forum."), "id", status=404)
    if group not in GROUPS:
        raise DomainError(_("Choose one of the listed groups."), "group")
    if is_deleted(db, participant_id):
        raise DomainError(_("This participant's personal data has already been deleted."), "id",
                          status=409)
    values = {"name": clean(name), "institution": clean(institution), "position": clean(position),
              "group_code": group}
    if not values["name"] or not values["institution"]:
        raise DomainError(_("Write your name and institution."), "name")
    _check_lengths({k: values[k] for k in ("name", "institution", "position")})
    with events.change(db, forum["id"]) as change:
        db["participants"].update(participant_id, values)
        audit.record(db, user_id=user_id, forum_id=forum["id"], action="participant.edit",
                     subject=participant_id, before={k: participant[k] for k in
                                                     ("name", "institution", "position", "group_code")},
                     after=values)
        updated = get(db, participant_id)
        change.raise_event(events.PARTICIPANT_JOINED, {
            "participant": updated, "group_counts": group_counts(db, forum["id"])})
    return updated
