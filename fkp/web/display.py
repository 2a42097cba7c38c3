"""The projector: join screen, live feed, one highlighted input, charts, word cloud, or "closed".

No login: it shows only what a moderator approved, and never contact details. The
moderator picks the mode (screen.set_mode); the page renders it on load and follows
`display_changed` live.
"""
from flask import Blueprint, current_app, jsonify, make_response, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from ..forums import agreement, forums, promises
from ..forums import display as screen_state
from ..inputs import comments, wordcloud
from ..inputs.projection import public_comment
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
    "cloud": _l("Word cloud"),
    "closed": _l("Session closed"),
}
bp.add_app_template_global(MODE_LABELS, "display_mode_labels")


def join_url(forum):
    base = lan.phones_base(current_app.config, request.host, request.scheme)
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
    focused, others = screen_state.feed(db, forum)
    page = make_response(render_template(
        "display/screen.html", forum=forum, join_url=url, short_url=url.split("://", 1)[-1],
        mode=mode, highlighted=public_comment(highlighted),
        services=forums.services(db, forum["id"]), aspects=forums.aspects(db, forum["id"]),
        drafts=forums.drafts(db, forum["id"]), focused=focused, others=others, feed_cards=screen_state.FEED_CARDS,
        counts=comments.aspect_counts(db, forum["id"], status="approved"),
        group_counts=participants.group_counts(db, forum["id"]), cloud=cloud_data(db, forum),
        agreement=agreement.current(db, forum), agreement_answers=agreement.ANSWERS,
        promises=promises.current(db, forum), promise_labels=promises.STATUS_LABELS))
    page.headers["Content-Security-Policy"] = FRAMED_BY_THIS_SERVER  # the console's preview
    return page


def cloud_data(db, forum):
    """The word cloud as the display draws it: its title and note in the visitor's language,
    each word with how many inputs use it in words (for screen readers), and the forum's seq
    it was counted at (display.js asks again only for a change after it)."""
    found = wordcloud.cloud(db, forum)
    if found["focused"]:
        service = next((s["name"] for s in forums.services(db, forum["id"]) if s["id"] == found["service_id"]), "")
        aspect = next((a["label"] for a in forums.aspects(db, forum["id"]) if a["id"] == found["aspect_id"]), "")
        title, note = _("Word cloud: %(service)s — %(aspect)s", service=service, aspect=aspect), ""
    else:
        title = _("Word cloud: all input shown")
        note = _("No service and aspect is under discussion: these are the words of every input shown in this forum.")
    words = [{**w, "label": ngettext("%(num)d input", "%(num)d inputs", w["count"])} for w in found["words"]]
    return {"seq": forum["seq"], "title": title, "note": note, "focused": found["focused"],
            "inputs": found["inputs"], "words": words}


@bp.route("/<code>/cloud")
def cloud(code):
    """The word cloud's data, for the display to redraw it live (approved input only, like the
    page; restricted words never)."""
    db = get_db()
    return jsonify(cloud_data(db, forum_or_404(code))), 200, {"Cache-Control": "no-store"}


@bp.route("/<code>/feed")
def feed(code):
    """The feed's cards for the focus now, as the display shows them (display.js asks after a
    focus change: the page holds only the first few dozen of each part)."""
    db = get_db()
    focused, others = screen_state.feed(db, forum_or_404(code))
    return jsonify(focused=[public_comment(c) for c in focused], others=[public_comment(c) for c in others],
                   limit=screen_state.FEED_CARDS), 200, {"Cache-Control": "no-store"}


@bp.route("/<code>/qr.svg")
def qr_svg(code):
    """The join QR code as an image (also for printing on posters)."""
    forum = forum_or_404(code)
    return qr.svg(join_url(forum)), 200, {"Content-Type": "image/svg+xml",
                                          "Cache-Control": "no-cache"}
