"""What staff write after the input is in: a response and decision for each input, the
follow-up promised, the conclusions, and who signs the Berita Acara for each group.

All of it can change until the forum is finalised; then the record is the official one.
A merged duplicate is answered through the input it was merged into.
"""
from datetime import date

from flask_babel import gettext as _

from .. import audit
from ..errors import DomainError
from ..forums import lifecycle
from ..inputs import comments
from ..language.text import clean
from ..language.timezones import utc_now
from ..people import participants
from ..vocabulary import DECISIONS, FOLLOWUP_STATUSES, GROUPS

FOLLOWED_UP = {"accepted", "partly_accepted"}  # decisions that promise something


def _open_record(forum):
    lifecycle.refuse_if_final(forum)


def answered_input(db, forum, comment_id):
    """The input a response belongs to: the kept one, for a merged duplicate."""
    comment = comments.get(db, comment_id)
    if comment is None or comment["forum_id"] != forum["id"]:
        raise DomainError(_("This input was not found in the forum."), "id", status=404)
    return comments.get(db, comment["merged_into_id"]) if comment["merged_into_id"] else comment


def _target(value):
    if not value:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise DomainError(_("Choose the date."), "target_date")


def save_response(db, forum, comment_id, user_id, *, response, decision, reason="", action="",
                  pic="", target_date=None, followup_status=None, note=""):
    """Record the organiser's answer to one input (and what it promises)."""
    _open_record(forum)
    comment = answered_input(db, forum, comment_id)
    if decision not in DECISIONS:
        raise DomainError(_("Choose a decision."), "decision")
    values = {"response": clean(response, multiline=True), "decision": decision,
              "reason": clean(reason, multiline=True), "action": clean(action, multiline=True),
              "pic": clean(pic), "target_date": _target(target_date),
              "followup_status": followup_status or None, "note": clean(note, multiline=True)}
    if decision == "not_accepted" and not values["reason"]:
        raise DomainError(_("Give the reason an input is not accepted."), "reason")
    if decision in FOLLOWED_UP:
        if values["followup_status"] not in FOLLOWUP_STATUSES:
            values["followup_status"] = "not_started"
    else:  # nothing was promised, so there is nothing to follow up
        values.update(action="", pic="", target_date=None, followup_status=None)
    if any(len(v or "") > 4000 for v in values.values()):
        raise DomainError(_("At most %(n)d characters.", n=4000), "response")
    before = response_of(db, comment["id"])
    with db.atomic():
        lifecycle.claim_open_record(db, forum)
        db["responses"].upsert({"comment_id": comment["id"], **values, "updated_utc": utc_now(),
                                "updated_by": user_id}, pk="comment_id")
        audit.record(db, user_id=user_id, forum_id=forum["id"], action="response.save",
                     subject=comment["id"], before=before, after=values)
    return response_of(db, comment["id"])


ANSWER_FIELDS = ("response", "decision", "reason", "action", "pic", "target_date", "followup_status", "note")


def save_responses(db, forum, comment_ids, user_id, **changes):
    """Give several inputs the same answer at once: the fields in `changes` replace each input's,
    the others stay as they were. One transaction: each input is checked as save_response checks
    one, and a refusal of any (named by its number) leaves every one as it was. Audited per input."""
    if not comment_ids:
        raise DomainError(_("Choose the inputs to answer."), "ids")
    saved = []
    with db.atomic():
        lifecycle.claim_open_record(db, forum)
        for comment_id in comment_ids:
            kept = answered_input(db, forum, comment_id)
            current = response_of(db, kept["id"]) or {}
            values = {k: current.get(k) or "" for k in ANSWER_FIELDS}
            values.update(changes)
            try:
                saved.append(save_response(db, forum, comment_id, user_id, **values))
            except DomainError as e:
                raise DomainError(_("Input #%(id)d: %(error)s", id=comment_id, error=e.message),
                                  e.field, e.status) from e
    return saved


def response_of(db, comment_id):
    rows = list(db.query("SELECT * FROM responses WHERE comment_id = ?", [comment_id]))
    return rows[0] if rows else None


def save_conclusion(db, forum, service_id, text, user_id):
    """The conclusion for one service, or for the whole forum (service_id None)."""
    _open_record(forum)
    if service_id is not None and not db.execute(
            "SELECT 1 FROM services WHERE id = ? AND forum_id = ?", [service_id, forum["id"]]).fetchone():
        raise DomainError(_("This service is not part of the forum."), "service_id")
    text = clean(text, multiline=True)
    if len(text) > 8000:
        raise DomainError(_("At most %(n)d characters.", n=8000), "text")
    with db.atomic():
        lifecycle.claim_open_record(db, forum)
        db.execute("DELETE FROM conclusions WHERE forum_id = ? AND coalesce(service_id, 0) = ?",
                   [forum["id"], service_id or 0])
        if text:
            db["conclusions"].insert(dict(forum_id=forum["id"], service_id=service_id, text=text,
                                          updated_utc=utc_now(), updated_by=user_id))
        audit.record(db, user_id=user_id, forum_id=forum["id"], action="conclusion.save",
                     subject=service_id or "forum", after={"text": text})


def save_conclusions(db, forum, texts, user_id, signers=None):
    """The conclusions page saved at once: {service_id or None: text} and, optionally, the
    signatories ({group_code: participant_id or None}). One transaction; refused whole; only
    what changed is written and audited."""
    _open_record(forum)
    written, chosen = conclusions(db, forum["id"]), signatories(db, forum["id"])
    with db.atomic():
        lifecycle.claim_open_record(db, forum)
        for service_id, text in texts.items():
            if clean(text, multiline=True) != written.get(service_id, ""):
                save_conclusion(db, forum, service_id, text, user_id)
        for group_code, participant_id in (signers or {}).items():
            if participant_id != (chosen.get(group_code) or {}).get("id"):
                set_signatory(db, forum, group_code, participant_id, user_id)


def conclusions(db, forum_id):
    """{service_id or None: text}."""
    return {r["service_id"]: r["text"] for r in db.query(
        "SELECT service_id, text FROM conclusions WHERE forum_id = ?", [forum_id])}


def set_signatory(db, forum, group_code, participant_id, user_id):
    """Choose who signs the Berita Acara for one group (None: leave the line blank)."""
    _open_record(forum)
    if group_code not in GROUPS:
        raise DomainError(_("Choose one of the listed groups."), "group")
    if participant_id is not None:
        person = participants.get(db, participant_id)
        if (person is None or person["forum_id"] != forum["id"] or person["group_code"] != group_code
                or participants.is_deleted(db, participant_id)):
            raise DomainError(_("Choose someone from this group's attendance list."), "participant_id")
    with db.atomic():
        lifecycle.claim_open_record(db, forum)
        db.execute("DELETE FROM signatories WHERE forum_id = ? AND group_code = ?", [forum["id"], group_code])
        if participant_id is not None:
            db["signatories"].insert(dict(forum_id=forum["id"], group_code=group_code,
                                          participant_id=participant_id))
        audit.record(db, user_id=user_id, forum_id=forum["id"], action="signatory.set",
                     subject=group_code, after={"participant_id": participant_id})


def move_signatory(db, from_id, into):
    """Part of merging participant from_id into `into` (fkp/people/duplicates.py), inside its
    transaction: a signature block of from_id's goes to `into` when it is for their group, and
    is left blank otherwise (a block names someone of its own group). Returns the groups kept."""
    kept = [r[0] for r in db.execute(
        "UPDATE signatories SET participant_id = ? WHERE participant_id = ? AND group_code = ? "
        "RETURNING group_code", [into["id"], from_id, into["group_code"] or ""])]
    db.execute("DELETE FROM signatories WHERE participant_id = ?", [from_id])
    return kept


def signatories(db, forum_id):
    """{group_code: participant} for the groups whose signatory was chosen."""
    return {r["group_code"]: {**participants.get(db, r["participant_id"]), "public_name": r["public_name"]}
            for r in db.query("SELECT s.group_code, s.participant_id, p.public_name FROM signatories s "
                              "JOIN participants p ON p.id = s.participant_id WHERE s.forum_id = ?",
                              [forum_id])}


def update_followup(db, forum, comment_id, followup_status, note, user_id):
    """Move a promised follow-up along. Unlike the response and decision, this goes on after
    the record is final: offices check months later what they promised."""
    comment = answered_input(db, forum, comment_id)
    current = response_of(db, comment["id"])
    if current is None or current["decision"] not in FOLLOWED_UP:
        raise DomainError(_("Only accepted input has a follow-up."), "followup_status", status=409)
    if followup_status not in FOLLOWUP_STATUSES:
        raise DomainError(_("Choose the follow-up status."), "followup_status")
    note = clean(note, multiline=True)
    if len(note) > 4000:
        raise DomainError(_("At most %(n)d characters.", n=4000), "note")
    with db.atomic():
        db.execute("UPDATE responses SET followup_status = ?, note = ?, updated_utc = ?, updated_by = ? "
                   "WHERE comment_id = ?", [followup_status, note, utc_now(), user_id, comment["id"]])
        audit.record(db, user_id=user_id, forum_id=forum["id"], action="followup.update", subject=comment["id"],
                     before={"status": current["followup_status"], "note": current["note"]},
                     after={"status": followup_status, "note": note})


def for_giver(db, forum_id, participant_id):
    """{input id: its response row} for one attendee's own inputs in the record, to show them
    on their phone once the results are published. A merged duplicate is answered by the
    input it was merged into; hidden input is not in the record and has none."""
    rows = db.query(
        "SELECT c.id AS comment_id, r.decision, r.response, r.reason, r.action, r.target_date "
        "FROM comments c JOIN responses r ON r.comment_id = coalesce(c.merged_into_id, c.id) "
        "WHERE c.forum_id = ? AND c.participant_id = ? "
        "AND (c.status != 'hidden' OR c.merged_into_id IS NOT NULL)", [forum_id, participant_id])
    return {row["comment_id"]: row for row in rows}
