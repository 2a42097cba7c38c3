"""Two attendance records of one person, and records that are nobody: staff merge a
duplicate into the attendee it repeats (a chat name added beside the phone join) and remove
a record with no input (an imported host, a test join). Each is one audited change, refused
once the record is final; the group counts follow by trigger (migration m008)."""
from flask_babel import gettext as _

from .. import audit, events
from ..errors import DomainError
from ..forums import agreement, lifecycle
from ..inputs import comments, supports
from ..record import responses
from . import participants

FIELDS = ("name", "institution", "position", "group_code", "channel")


def _attendee(db, forum, participant_id):
    person = participants.get(db, participant_id)
    if person is None or person["forum_id"] != forum["id"]:
        raise DomainError(_("This participant was not found in the forum."), "id", status=404)
    if participants.is_deleted(db, participant_id):
        raise DomainError(_("This participant's personal data has already been deleted."), "id",
                          status=409)
    return person


def merge(db, forum, from_id, into_id, user_id):
    """Merge participant from_id into into_id: from_id's inputs, supports and signature block
    become into_id's, into_id gets the details it lacks, and from_id's record is removed.
    Returns (the kept attendee, how many inputs moved)."""
    lifecycle.refuse_if_final(forum)
    if from_id == into_id:
        raise DomainError(_("Choose another attendee to merge with."), "into")
    duplicate, kept = _attendee(db, forum, from_id), _attendee(db, forum, into_id)
    with events.change(db, forum["id"]) as change:
        lifecycle.claim_open_record(db, forum)  # not made final since it was read
        filled = participants.fill_missing(db, into_id, duplicate)
        moved = comments.move_to_participant(db, change, from_id, into_id)
        supported = supports.move(db, change, from_id, into_id)
        agreement.move(db, from_id, into_id)
        signs = responses.move_signatory(db, from_id, {**kept, **filled})
        participants.remove_record(db, from_id)
        audit.record(db, user_id=user_id, forum_id=forum["id"], action="participant.merge",
                     subject=into_id, before={"merged": {"id": from_id, **{k: duplicate[k] for k in FIELDS}}},
                     after={"inputs": moved, "supports": supported, "signs_for": signs, "filled": filled})
        kept = participants.get(db, into_id)
        change.raise_event(events.PARTICIPANT_JOINED, {
            "participant": kept, "group_counts": participants.group_counts(db, forum["id"])})
    return kept, moved


def remove(db, forum, participant_id, user_id):
    """Remove the record of someone who gave no input (an imported host, a test join).
    Someone who gave input is merged or has their personal data deleted instead."""
    lifecycle.refuse_if_final(forum)
    person = _attendee(db, forum, participant_id)
    if participants.input_count(db, participant_id):
        raise DomainError(_("This attendee gave input, so the record stays: merge it into the "
                            "attendee it repeats instead."), "id", status=409)
    with events.change(db, forum["id"]) as change:
        lifecycle.claim_open_record(db, forum)
        supports.forget(db, change, participant_id)
        db.execute("DELETE FROM signatories WHERE participant_id = ?", [participant_id])
        participants.remove_record(db, participant_id)
        audit.record(db, user_id=user_id, forum_id=forum["id"], action="participant.remove",
                     subject=participant_id, before={k: person[k] for k in FIELDS})
        # Told for the new counts (the console and display show them); nobody joined, so
        # no participant (a note-taker's page adds the one named to its speakers).
        change.raise_event(events.PARTICIPANT_JOINED, {
            "participant": None, "group_counts": participants.group_counts(db, forum["id"])})
    return person
