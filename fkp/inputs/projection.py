"""The public projection of an input: what the display and attendees' phones may see of it.

Both the live events (fkp/live.py) and a page catching up (fkp/inputs/resync.py) send
inputs through public_comment(), so a page shows the same thing whichever way it heard.
"""

# What a comment looks like outside the staff room and its giver's own view.
PUBLIC_COMMENT_FIELDS = ("id", "service_id", "aspect_id", "kind", "text", "status", "pinned",
                         "participant_name", "participant_institution", "participant_group",
                         "channel", "approved_utc", "seq", "answered", "support_count",
                         "merged_names")
# What only staff see of an input: the restricted words it was flagged for (a hint for the
# moderator, fkp/inputs/flags.py), kept even from its giver's own view.
STAFF_ONLY_FIELDS = ("flag_words",)
# An input that is not (or no longer) approved is named by these alone: enough to take it
# off a screen, never its text or its giver.
UNSHOWN_COMMENT_FIELDS = ("id", "service_id", "aspect_id", "status", "seq")


def public_comment(comment):
    """The input as the public sees it (None stays None)."""
    if not comment:
        return None
    fields = PUBLIC_COMMENT_FIELDS if comment["status"] == "approved" else UNSHOWN_COMMENT_FIELDS
    return {k: comment[k] for k in fields}


def own_comment(comment):
    """The input as its giver sees it: all of it but what only staff see (None stays None)."""
    if not comment:
        return None
    return {k: v for k, v in comment.items() if k not in STAFF_ONLY_FIELDS}
