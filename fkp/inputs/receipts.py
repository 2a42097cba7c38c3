"""Receipt codes: every input gets one, so its giver can follow it later at /t/CODE without an
account, as the national complaints channel (SP4N-LAPOR!) gives a tracking id (issue 17).

A code is 8 characters from an alphabet with no look-alikes (no 0/O, no 1/I/L), shown as
ABCD-EFGH: typed from a phone or read off a printed slip without doubt, and drawn with
`secrets`, so that with 31^8 (8.5 × 10^11) possible codes and a rate limit on lookups
(fkp/web/tracker.py) nobody finds another person's input by guessing.

status() is the whole of what the tracker page shows: the input, where it stands, and the
organiser's answer. Never who gave it (name, institution, group, contact) nor anything of
anyone else: a merged input shows the answer given to the input it was merged into, not that
input's text.
"""
import re
import secrets

from ..forums import lifecycle

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 8
_HALF = LENGTH // 2
_CODES = len(ALPHABET) ** LENGTH
# What a person may type between or around the characters: spaces, dashes, dots, underscores.
_SEPARATORS = re.compile(r"[\s\-_.\u2010-\u2015]+")
MAX_TYPED = 40  # longer than any code with separators; the form's limit


def new():
    """A fresh receipt code, as stored and shown: ABCD-EFGH. One number below 31^8, drawn
    uniformly, written in base 31: one read of the system's randomness instead of eight (a
    fiftieth of an input's server CPU went to them)."""
    number, raw = secrets.randbelow(_CODES), []
    for _ in range(LENGTH):
        number, digit = divmod(number, len(ALPHABET))
        raw.append(ALPHABET[digit])
    return f"{''.join(raw[:_HALF])}-{''.join(raw[_HALF:])}"


def normalise(typed):
    """The stored form of a typed code (any case, with or without spaces and dashes), or None
    when it cannot be a code. There is no guessing of look-alikes: 0, O, 1, I and L are not in
    the alphabet, so a code holding one was mistyped, and is said to be not found."""
    raw = _SEPARATORS.sub("", (typed or "")[:MAX_TYPED]).upper()
    if len(raw) != LENGTH or any(ch not in ALPHABET for ch in raw):
        return None
    return f"{raw[:_HALF]}-{raw[_HALF:]}"


# Where an input stands, in the giver's words (fkp/web/tracker.py labels them).
WAITING, SHOWN, NOT_SHOWN, MERGED = "waiting", "shown", "not_shown", "merged"

_INPUT = """
SELECT c.id, c.kind, c.text, c.status, c.merged_into_id, c.created_utc,
       f.title AS forum_title, f.unit AS forum_unit, f.date AS forum_date, f.status AS forum_status,
       s.name AS service, a.label AS aspect
FROM comments c JOIN forums f ON f.id = c.forum_id
LEFT JOIN services s ON s.id = c.service_id
LEFT JOIN aspects a ON a.id = c.aspect_id
WHERE c.receipt = ?
"""
# What of a response its giver is told: not the person in charge (pic, a name) nor staff's note.
_ANSWER = ("SELECT response, decision, reason, action, target_date, followup_status "
           "FROM responses WHERE comment_id = ?")


def status(db, receipt):
    """What the tracker shows for a receipt (typed in any form), or None if no input has it:
    {forum: {title, unit, date}, service, aspect, kind, text, created_utc, state, provisional,
    answer}. state: waiting, shown, not_shown (hidden by the moderator, whose reason is not
    told) or merged (into a similar input, whose answer is this one's). answer: None, or the
    organiser's {response, decision, reason, action, target_date, followup_status}, shown as
    soon as staff write it; provisional while the forum's record is not final."""
    code = normalise(receipt)
    if code is None:
        return None
    rows = list(db.query(_INPUT, [code]))
    if not rows:
        return None
    row = rows[0]
    if row["merged_into_id"]:
        state = MERGED
    else:
        state = {"pending": WAITING, "approved": SHOWN}.get(row["status"], NOT_SHOWN)
    answer = None
    if state != NOT_SHOWN:  # a hidden input is not in the record, and has no answer
        found = list(db.query(_ANSWER, [row["merged_into_id"] or row["id"]]))
        answer = found[0] if found and found[0]["decision"] else None
    return {
        "receipt": code,
        "forum": {"title": row["forum_title"], "unit": row["forum_unit"], "date": row["forum_date"]},
        "service": row["service"], "aspect": row["aspect"], "kind": row["kind"], "text": row["text"],
        "created_utc": row["created_utc"], "state": state,
        "provisional": not lifecycle.is_final({"status": row["forum_status"]}),
        "answer": answer,
    }
