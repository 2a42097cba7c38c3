"""Who may do what: named predicates of (user, forum), tested as a table of
role × route × forum state.

A user is a dict with `role` and `forum_ids` (the forums they are assigned to).
Admins may act on every forum; moderators and note-takers only on their own.
"""
from .forums import lifecycle
from .forums.lifecycle import TRANSITIONS

# Locking, unlocking and publishing the official record are an administrator's; reopening a
# closed forum is for those who may close it (the moderators of the forum).
ADMIN_ONLY_ACTIONS = {"finalise", "unfinalise", "publish"}


def record_is_final(forum):
    """Finalised or published: the record is the official one and no longer changes. The
    predicates below that allow a change until then ask this, not the statuses themselves."""
    return lifecycle.is_final(forum)


def _staff_of(user, forum, roles):
    if user is None:
        return False
    return user["role"] == "admin" or (user["role"] in roles and forum["id"] in user["forum_ids"])


def is_admin(user):
    return user is not None and user["role"] == "admin"


def can_manage_users(user):
    """Create accounts and assign them to forums."""
    return is_admin(user)


def can_manage_restricted_words(user):
    """Add words to the restricted words every forum's input is checked against."""
    return is_admin(user)


def can_create_forum(user):
    return is_admin(user)


def can_assign_staff(user, forum):
    """Let a moderator or note-taker work on a forum, or stop them: admins, in every state
    (someone may still have to follow up a final record)."""
    return is_admin(user)


def can_delete_forum(user, forum):
    """Delete a forum: admins. Which forums can be deleted at all (a draft, or the demo in any
    state) is the domain's rule (forums/removal.py), which refuses the others with a reason."""
    return is_admin(user)


def can_edit_forum(user, forum):
    """Change a forum's details (title, place, time, head of unit, agenda)."""
    return is_admin(user) and not record_is_final(forum)


def can_edit_letterhead(user, forum):
    """Set the letterhead of the forum's unit: admins, in every state (the kop is the unit's,
    shared by all its forums, not this record's)."""
    return is_admin(user)


def can_edit_structure(user, forum):
    """Change services, aspects and drafts: only before the forum opens, so no input is orphaned."""
    return is_admin(user) and forum["status"] == "draft"


def can_view_forum(user, forum):
    """See a forum's staff pages at all."""
    return _staff_of(user, forum, {"moderator", "notulis"})


def can_moderate(user, forum):
    """Approve, hide, pin, merge, ban, correct, steer focus and the display."""
    return _staff_of(user, forum, {"moderator"}) and not record_is_final(forum)


def can_record_spoken(user, forum):
    """Record spoken input for a named speaker (the note-taker's console)."""
    return _staff_of(user, forum, {"moderator", "notulis"}) and forum["status"] == "open"


def can_check_in(user, forum):
    """Add an attendee who has no phone to the attendance list."""
    return _staff_of(user, forum, {"moderator", "notulis"}) and not record_is_final(forum)


def can_delete_participant(user, forum):
    """Erase an attendee's personal data at their request (UU PDP). The right to deletion
    does not end when the record is locked, so every state; their inputs stay."""
    return _staff_of(user, forum, {"moderator"})


def can_import_chat(user, forum):
    """Turn a saved video-call chat into pending online input."""
    return _staff_of(user, forum, {"moderator"}) and forum["status"] != "draft" and not record_is_final(forum)


def can_export(user, forum):
    """Download the forum's documents (they carry attendees' names)."""
    return _staff_of(user, forum, {"moderator", "notulis"})


def can_write_record(user, forum):
    """Write responses, decisions, follow-up, conclusions, signatories, the organiser's
    statements in the Notulen; upload photos."""
    return _staff_of(user, forum, {"moderator", "notulis"}) and not record_is_final(forum)


def can_keep_signed_scans(user, forum):
    """Keep, replace or remove the signed scan of the Berita Acara and the Daftar Hadir: those
    who write the record, and in every state, since a scan is evidence of paper, not part of
    the record the lifecycle locks. The Daftar Hadir is signed as attendees arrive; the Berita
    Acara is signed once the document is final, so its scan mostly comes after finalising."""
    return _staff_of(user, forum, {"moderator", "notulis"})


def can_track_followups(user):
    """See the follow-ups of every forum (admins) — others see their own forums' follow-ups."""
    return user is not None


def can_update_followup(user, forum):
    """Move a promised follow-up along (its status and note). Unlike the rest of the record this
    goes on after it is final: offices check months later what they promised."""
    return _staff_of(user, forum, {"moderator", "notulis"})


def can_transition(user, forum, action):
    """Take a lifecycle step: moderators run the live part (and reopen what they closed, until
    it is finalised), only admins lock, unlock and publish."""
    if action not in TRANSITIONS or forum["status"] not in TRANSITIONS[action][0]:
        return False
    if action in ADMIN_ONLY_ACTIONS:
        return is_admin(user)
    return _staff_of(user, forum, {"moderator"})
