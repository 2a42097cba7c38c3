"""Moderation: what appears on the projector, and the moderator's corrections.

Every change is one change (events.change): one transaction that writes the audit log and
advances the forum's sequence; its events are published after the commit. A change that
also moves the projector (hiding or merging the highlighted input) is still one.
"""
from flask_babel import gettext as _

from .. import audit, events
from ..errors import DomainError
from ..forums import display, forums
from ..forums.forums import check_pair
from ..language.text import clean
from ..language.timezones import utc_now
from ..vocabulary import KINDS, STATUSES
from . import comments


def _in_forum(db, forum, comment_id):
    comment = comments.get(db, comment_id)
    if comment is None or comment["forum_id"] != forum["id"]:
        raise DomainError(_("This input was not found in the forum."), "id", status=404)
    return comment


def _change(db, forum, comment, values, event_name, user_id, **extra):
    """Set `values` on one comment as one change; audit it; raise its event. `extra` values
    are callables read after the update, added to the event."""
    with events.change(db, forum["id"]) as change:
        comments.update(db, change, comment["id"], **values)
        after = comments.get(db, comment["id"])
        audit.record(db, user_id=user_id, forum_id=forum["id"], action=event_name,
                     subject=comment["id"], before=_audited(comment), after=_audited(after))
        change.raise_event(event_name, {"comment": after, **{key: read() for key, read in extra.items()}},
                           participant_id=after["participant_id"])
    return after


def _audited(comment):
    keys = ("status", "pinned", "answered", "text", "kind", "service_id", "aspect_id", "merged_into_id")
    return {k: comment[k] for k in keys}


def approve(db, forum, comment_id, user_id):
    """Show an input on the display and to every attendee. A flagged input (restricted words,
    fkp/inputs/flags.py) only by a person (user_id): a flag is a hint for them, not a verdict."""
    comment = _in_forum(db, forum, comment_id)
    if comment["service_id"] is None or comment["aspect_id"] is None:
        raise DomainError(_("Choose the service and aspect of this input before showing it."),
                          "service_id", status=409)
    if comment["merged_into_id"]:
        raise DomainError(_("This input was merged into another one."), "id", status=409)
    if comment["flag_words"] and user_id is None:  # only a person shows a flagged input
        raise DomainError(_("Input with restricted words is shown only by a moderator."), "id", status=409)
    return _change(db, forum, comment, dict(status="approved", approved_utc=utc_now(), approved_by=user_id),
                   events.COMMENT_APPROVED, user_id)


def hide(db, forum, comment_id, user_id):
    """Take an input off the display; it stays in the record for the minutes' audit."""
    comment = _in_forum(db, forum, comment_id)
    with events.change(db, forum["id"]):  # hidden and off the projector, or neither
        hidden = _change(db, forum, comment, dict(status="hidden", pinned=0), events.COMMENT_HIDDEN, user_id)
        _release_display(db, forum, comment_id, user_id)
    return hidden


MAX_AT_ONCE = 500  # inputs one bulk action takes: more than any page of the console holds


def approve_many(db, forum, ids, user_id):
    """Approve several inputs as one change: all of them, or (one refused) none."""
    return _many(db, forum, ids, lambda comment_id: approve(db, forum, comment_id, user_id))


def hide_many(db, forum, ids, user_id):
    """Hide several inputs as one change: all of them, or (one refused) none."""
    return _many(db, forum, ids, lambda comment_id: hide(db, forum, comment_id, user_id))


def _many(db, forum, ids, act):
    ids = list(dict.fromkeys(ids))
    if not ids:
        raise DomainError(_("Select at least one input."), "ids")
    if len(ids) > MAX_AT_ONCE:
        raise DomainError(_("At most %(n)d inputs at once.", n=MAX_AT_ONCE), "ids")
    with events.change(db, forum["id"]) as change:
        for comment_id in ids:
            try:
                act(comment_id)
            except DomainError as e:  # which input, so the moderator can untick it
                raise DomainError(_("Input #%(id)s: %(reason)s", id=comment_id, reason=e.message),
                                  e.field, status=e.status) from e
    return change.seq


def _release_display(db, forum, comment_id, user_id):
    """An input that leaves the feed cannot stay highlighted: the display returns to the feed
    (call inside the change that takes the input off the feed)."""
    current = forums.get(db, forum["id"])
    if current["display_mode"] == "highlight" and current["highlight_comment_id"] == comment_id:
        display.set_mode(db, current, "feed", None, user_id)


def pin(db, forum, comment_id, pinned, user_id=None):
    """Keep an approved input at the top of the display (or release it)."""
    comment = _in_forum(db, forum, comment_id)
    if pinned and comment["status"] != "approved":
        raise DomainError(_("Only an input that is shown can be pinned."), "id", status=409)
    name = events.COMMENT_PINNED if pinned else events.COMMENT_UNPINNED
    return _change(db, forum, comment, dict(pinned=1 if pinned else 0), name, user_id)


def mark_answered(db, forum, comment_id, answered, user_id):
    """Mark that the forum has answered this input (or undo it)."""
    name = events.COMMENT_ANSWERED if answered else events.COMMENT_UNANSWERED
    return _change(db, forum, _in_forum(db, forum, comment_id), dict(answered=1 if answered else 0),
                   name, user_id)


def merge(db, forum, comment_id, into_id, user_id):
    """Fold a duplicate into another input: both givers are credited on the kept one, and
    the duplicate leaves the feed (it stays in the record)."""
    duplicate, kept = _in_forum(db, forum, comment_id), _in_forum(db, forum, into_id)
    kept = _in_forum(db, forum, kept["merged_into_id"]) if kept["merged_into_id"] else kept
    if kept["id"] == duplicate["id"]:
        raise DomainError(_("An input cannot be merged into itself."), "into_id")
    with events.change(db, forum["id"]):  # merged and off the projector, or neither
        # Inputs already merged into the duplicate move to the kept one.
        comments.repoint_merged(db, duplicate["id"], kept["id"])
        merged = _change(db, forum, duplicate, dict(merged_into_id=kept["id"], status="hidden", pinned=0),
                         events.COMMENT_MERGED, user_id, into=lambda: comments.get(db, kept["id"]))
        _release_display(db, forum, duplicate["id"], user_id)
    return merged


MAX_GROUP = MAX_AT_ONCE  # inputs one merge_group may fold: the bulk actions' cap, one number for both


def merge_group(db, forum, into_id, ids, user_id):
    """Fold several duplicates into one input as ONE change (a group of similar inputs,
    fkp/inputs/groups.py): each is merged, audited and told as merge() does it, and all or
    none are. Refused, with nothing changed, when an id is not of this forum or is the kept
    input itself. Returns the inputs merged, as merge() returns each."""
    ids = list(dict.fromkeys(ids))
    if not ids:
        raise DomainError(_("Choose the inputs to merge."), "ids")
    if len(ids) > MAX_GROUP:
        raise DomainError(_("At most %(n)d inputs can be merged at once.", n=MAX_GROUP), "ids")
    kept = _in_forum(db, forum, into_id)
    kept = _in_forum(db, forum, kept["merged_into_id"]) if kept["merged_into_id"] else kept
    duplicates = [_in_forum(db, forum, comment_id) for comment_id in ids]  # every one checked first
    if any(d["id"] in (into_id, kept["id"]) for d in duplicates):
        raise DomainError(_("An input cannot be merged into itself."), "into_id")
    with events.change(db, forum["id"]):  # each merge() joins it: one seq, one commit, or none
        merged = [merge(db, forum, duplicate["id"], kept["id"], user_id) for duplicate in duplicates]
    return [comments.get(db, m["id"]) for m in merged]  # as committed: a later one may repoint an earlier


def unmerge(db, forum, comment_id, user_id):
    """Undo a merge: the input stands on its own again, with the status it had before it was
    merged (read from the audit entry of that merge; "pending", to be moderated again, when
    there is none), and its giver is no longer credited on the kept input."""
    comment = _in_forum(db, forum, comment_id)
    if not comment["merged_into_id"]:
        raise DomainError(_("This input is not merged into another one."), "id", status=409)
    merged = audit.latest(db, forum["id"], events.COMMENT_MERGED, comment["id"])
    status = ((merged or {}).get("before") or {}).get("status")
    if status not in STATUSES or (status == "approved" and comment["service_id"] is None):
        status = "pending"
    kept_id = comment["merged_into_id"]
    return _change(db, forum, comment, dict(merged_into_id=None, status=status), events.COMMENT_UNMERGED,
                   user_id, into=lambda: comments.get(db, kept_id))


def correct(db, forum, comment_id, user_id, *, text=None, kind=None, service_id=None, aspect_id=None):
    """Fix a typo, the kind, or the service and aspect; the original stays in the audit log."""
    comment = _in_forum(db, forum, comment_id)
    text = comment["text"] if text is None else clean(text, multiline=True)
    if not text:  # a moderator removes an input by hiding it, never by emptying it
        raise DomainError(_("The corrected text cannot be empty."), "text")
    if len(text) > comments.MAX_CHARS:
        raise DomainError(_("Input is at most %(n)d characters.", n=comments.MAX_CHARS), "text")
    kind = kind or comment["kind"]
    if kind not in KINDS:
        raise DomainError(_("Choose the kind of input."), "kind")
    service_id = service_id or comment["service_id"]
    aspect_id = aspect_id or comment["aspect_id"]
    if service_id or aspect_id:
        check_pair(db, forum["id"], service_id, aspect_id)
    # A corrected text is checked again for restricted words, as a new one is.
    return _change(db, forum, comment, dict(text=text, kind=kind, service_id=service_id, aspect_id=aspect_id,
                                            flag_words=comments.flag_words(db, text)),
                   events.COMMENT_EDITED, user_id)
