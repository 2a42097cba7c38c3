"""What the projector shows: the join screen, the live feed, one highlighted input,
a chart of counts, a word cloud of the topic under discussion (fkp/inputs/wordcloud.py), or a
"session closed" screen. The moderator chooses."""
from flask_babel import gettext as _

from .. import audit, events
from ..errors import DomainError
from ..inputs import comments

MODES = ("join", "feed", "highlight", "chart", "cloud", "closed")
SORTS = ("newest", "support")  # how the feed orders approved input (pinned always first)


def state(db, forum):
    """{mode, comment}: the current mode and, when highlighting, the input shown."""
    comment = None
    if forum["display_mode"] == "highlight" and forum["highlight_comment_id"]:
        comment = comments.get(db, forum["highlight_comment_id"])
    return {"mode": forum["display_mode"], "comment": comment, "sort": forum["display_sort"]}


FEED_CARDS = 40  # approved inputs the projector's page holds per part: it shows about a dozen


def feed(db, forum, limit=FEED_CARDS):
    """(focused, others) as focus_first splits them, each the first `limit` in the feed's
    order, read so from the database: at 10,000 inputs the whole list was a 1.9 MB page that
    took the server half a second to write for every display (and the console's preview)."""
    sort = forum["display_sort"]
    pair = [forum["focus_service_id"], forum["focus_aspect_id"]]
    if None in pair:
        return [], comments.approved(db, forum["id"], sort=sort, limit=limit)
    mine = "(c.service_id = ? AND c.aspect_id = ?)"
    return (comments.approved(db, forum["id"], sort=sort, where=f"AND {mine}", params=pair, limit=limit),
            comments.approved(db, forum["id"], sort=sort, where=f"AND NOT {mine}", params=pair, limit=limit))


def focus_first(shown, forum):
    """(focused, others): the approved inputs in the feed's order, split so the projector shows
    the ones on the service × aspect under discussion first and the rest after them. Without a
    focus every input is an "other" one."""
    pair = (forum["focus_service_id"], forum["focus_aspect_id"])
    if None in pair:
        return [], list(shown)
    focused = [c for c in shown if (c["service_id"], c["aspect_id"]) == pair]
    return focused, [c for c in shown if (c["service_id"], c["aspect_id"]) != pair]


def set_mode(db, forum, mode, comment_id=None, user_id=None):
    """Switch the display; highlighting needs an approved input of this forum."""
    if mode not in MODES:
        raise DomainError(_("Unknown display mode."), "mode")
    comment = None
    if mode == "highlight":
        comment = comments.get(db, comment_id) if comment_id else None
        if comment is None or comment["forum_id"] != forum["id"] or comment["status"] != "approved":
            raise DomainError(_("Only an input that is shown can be highlighted."), "comment_id")
    with events.change(db, forum["id"]) as change:
        db.execute("UPDATE forums SET display_mode = ?, highlight_comment_id = ? WHERE id = ?",
                   [mode, comment["id"] if comment else None, forum["id"]])
        audit.record(db, user_id=user_id, forum_id=forum["id"], action="display.set_mode",
                     before={"mode": forum["display_mode"]}, after={"mode": mode,
                                                                    "comment_id": comment_id})
        change.raise_event(events.DISPLAY_CHANGED,
                           {"mode": mode, "comment": comment, "sort": forum["display_sort"]})
    return change.seq


def set_sort(db, forum, sort, user_id=None):
    """Order the feed by newest or by most support ("setuju")."""
    if sort not in SORTS:
        raise DomainError(_("Unknown sort order."), "sort")
    with events.change(db, forum["id"]) as change:
        db.execute("UPDATE forums SET display_sort = ? WHERE id = ?", [sort, forum["id"]])
        audit.record(db, user_id=user_id, forum_id=forum["id"], action="display.set_sort",
                     before={"sort": forum["display_sort"]}, after={"sort": sort})
        change.raise_event(events.DISPLAY_CHANGED, state(db, {**forum, "display_sort": sort}))
    return change.seq
