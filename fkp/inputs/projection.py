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
# Who else gave an input merged into it: the staff's list names everyone; every other view
# names only those who agreed to be named publicly (merged_public_names).
NAMES_FIELDS = ("merged_names", "merged_public_names")
# An input that is not (or no longer) approved is named by these alone: enough to take it
# off a screen, never its text or its giver.
UNSHOWN_COMMENT_FIELDS = ("id", "service_id", "aspect_id", "status", "seq")


def public_comment(comment):
    """The input as the public sees it (None stays None). Its giver is named, with their
    institution, only if they agreed to be named publicly (participant_named says which: a
    page writes "Peserta" for the others); "also from" names only the merged givers who did."""
    if not comment:
        return None
    if comment["status"] != "approved":
        return {k: comment[k] for k in UNSHOWN_COMMENT_FIELDS}
    out = {k: comment[k] for k in PUBLIC_COMMENT_FIELDS}
    named = bool(comment.get("participant_public"))
    out.update(participant_named=named, merged_names=comment.get("merged_public_names"))
    if not named:
        out.update(participant_name=None, participant_institution=None)
    return out


def own_comment(comment):
    """The input as its giver sees it: all of it but what only staff see, and of the others
    merged into it, only those named publicly (None stays None)."""
    if not comment:
        return None
    out = {k: v for k, v in comment.items() if k not in STAFF_ONLY_FIELDS + NAMES_FIELDS}
    out["merged_names"] = comment.get("merged_public_names")
    return out
