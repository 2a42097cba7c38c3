"""Who may do what: named predicates, each tested as a table of role × action.

Issue 3 narrows moderators and note-takers to the forums they are assigned to.
"""


def can_moderate(user, forum):
    """Approve, hide, pin, and steer the focus of a forum's live input."""
    return user is not None and user["role"] in ("admin", "moderator")


def can_export(user, forum):
    """Download the forum's minutes and input list (they carry attendees' names)."""
    return user is not None and user["role"] in ("admin", "moderator", "notulis")


def can_view_staff_home(user):
    return user is not None
