"""The projector: join screen, live feed, one highlighted input, charts, or "closed".

No login: it shows only what a moderator approved, and never contact details. The
moderator picks the mode (screen.set_mode); the page renders it on load and follows
`display_changed` live.
"""
from flask import Blueprint, current_app, make_response, render_template, request
from flask_babel import lazy_gettext as _l

from ..forums import display as screen_state
from ..forums import forums
from ..inputs import comments
from ..people import participants
from ..serve import lan
from ..store.db import get_db
from . import qr
from .common import forum_or_404
from .csp import FRAMED_BY_THIS_SERVER

bp = Blueprint("display", __name__, url_prefix="/d")

# Shared by the display (its announcement) and the moderator's controls: one wording.
MODE_LABELS = {
    "join": _l("Join code"),
    "feed": _l("Live input"),
    "highlight": _l("One input"),
    "chart": _l("Charts"),
    "closed": _l("Session closed"),
}
bp.add_app_template_global(MODE_LABELS, "display_mode_labels")


def join_url(forum):
    base = lan.base_url(current_app.config["PUBLIC_URL"], request.host, current_app.config["PORT"])
    return f"{base}/j/{forum['code']}"


def shown_state(db, forum):
    """The mode to render and the highlighted input. An input hidden after it was
    highlighted must not stay on the projector: the feed takes its place."""
    state = screen_state.state(db, forum)
    comment = state["comment"]
    if state["mode"] == "highlight" and (comment is None or comment["status"] != "approved"):
        return "feed", None
    return state["mode"], comment


@bp.route("/<code>")
def screen(code):
    """The full-screen live view for a 16:9 projector."""
    db = get_db()
    forum = forum_or_404(code)
    url = join_url(forum)
    mode, highlighted = shown_state(db, forum)
    focused, others = screen_state.focus_first(
        comments.approved(db, forum["id"], sort=forum["display_sort"]), forum)
    page = make_response(render_template(
        "display/screen.html", forum=forum, join_url=url, short_url=url.split("://", 1)[-1],
        mode=mode, highlighted=highlighted,
        services=forums.services(db, forum["id"]), aspects=forums.aspects(db, forum["id"]),
        drafts=forums.drafts(db, forum["id"]), focused=focused, others=others,
        counts=comments.aspect_counts(db, forum["id"], status="approved"),
        group_counts=participants.group_counts(db, forum["id"])))
    page.headers["Content-Security-Policy"] = FRAMED_BY_THIS_SERVER  # the console's preview
    return page


@bp.route("/<code>/qr.svg")
def qr_svg(code):
    """The join QR code as an image (also for printing on posters)."""
    forum = forum_or_404(code)
    return qr.svg(join_url(forum)), 200, {"Content-Type": "image/svg+xml",
                                          "Cache-Control": "no-cache"}
