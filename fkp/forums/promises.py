"""Last year's promises on the projector: "Janji forum sebelumnya dan perkembangannya".

A review forum (setup.review) names the forum before it, and the staff page already lists
what was promised there. The moderator may also put that list on the projector, so the hall
sees what the office promised last time and where each promise stands before it is asked
for new input — the "reviewed, with its results followed up" rung the evaluation scores.

The projector is public, so only public-safe fields leave this module: the service, the
promised action (or the input's text when no action was written), the target date as the
documents write it, and the status. Never the person in charge (a name) nor who gave the
input. Whether the panel is shown is display state kept on the forum (m022), so a display
that reloads shows it again.
"""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .. import audit, events
from ..errors import DomainError
from ..language.wording import date_plain
from ..record import followups
from . import forums

PROMISES_CHANGED = events.PROMISES_CHANGED
# The status in words as the hall reads it: whole words ("Sedang berjalan"), where the
# documents' table cells use the short vocabulary.FOLLOWUP_STATUSES ("Proses").
STATUS_LABELS = {
    "not_started": _l("Not started yet"),
    "in_progress": _l("Under way"),
    "done": _l("Done"),
}
# Rows a 1080p projector shows legibly at once (each at most two lines of service and
# promise); the rest are counted ("dan N lainnya").
SHOWN_AT_ONCE = 6


def previous(db, forum):
    """The forum this one reviews, or None."""
    return forums.get(db, forum["previous_forum_id"]) if forum.get("previous_forum_id") else None


def rows(db, previous_forum):
    """The previous forum's promises as the projector may show them, the open ones first,
    then by target date."""
    return [{"service": r["service_name"] or "",
             "promise": (r["action"] or "").strip() or r["text"],
             "target": date_plain(r["target_date"]) if r["target_date"] else "",
             "status": r["followup_status"] or "not_started"}
            for r in followups.open_first(db, previous_forum["id"])]


def current(db, forum):
    """What the projector shows: {forum: {title, date}, items, more, total} while the panel is
    shown, else None."""
    before = previous(db, forum)
    if not forum.get("show_promises") or before is None:
        return None
    found = rows(db, before)
    return {"forum": {"title": before["title"], "date": date_plain(before["date"]) if before["date"] else ""},
            "items": found[:SHOWN_AT_ONCE], "more": max(0, len(found) - SHOWN_AT_ONCE), "total": len(found)}


def set_shown(db, forum, shown, user_id=None):
    """Show the previous forum's promises on the projector, or take them off; returns the
    forum's new seq. Refused for a forum that was not started from a previous one."""
    if previous(db, forum) is None:
        raise DomainError(_("This forum was not started from a previous forum: it has no promises to show."),
                          status=409)
    with events.change(db, forum["id"]) as change:
        db.execute("UPDATE forums SET show_promises = ? WHERE id = ?", [int(bool(shown)), forum["id"]])
        audit.record(db, user_id=user_id, forum_id=forum["id"], action="display.promises",
                     before={"shown": bool(forum.get("show_promises"))}, after={"shown": bool(shown)})
        change.raise_event(PROMISES_CHANGED,
                           {"shown": bool(shown), "promises": current(db, {**forum, "show_promises": shown})})
    return change.seq
