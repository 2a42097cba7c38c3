"""The projector: QR code beside the typeable code, the focus and its draft, approved input.

No login: it shows only what a moderator approved, and never contact details.
"""
from flask import Blueprint, current_app, render_template, request

from .. import comments, forums, netaddr, qr
from ..db import get_db
from .common import forum_or_404

bp = Blueprint("display", __name__, url_prefix="/d")


def join_url(forum):
    base = netaddr.base_url(current_app.config["PUBLIC_URL"], request.host, current_app.config["PORT"])
    return f"{base}/j/{forum['code']}"


@bp.route("/<code>")
def screen(code):
    """The full-screen live view for a 16:9 projector."""
    db = get_db()
    forum = forum_or_404(code)
    url = join_url(forum)
    return render_template(
        "display/screen.html", forum=forum, join_url=url, short_url=url.split("://", 1)[-1],
        services=forums.services(db, forum["id"]), aspects=forums.aspects(db, forum["id"]),
        drafts=forums.drafts(db, forum["id"]), shown=comments.approved(db, forum["id"]),
        counts=comments.aspect_counts(db, forum["id"], status="approved"))


@bp.route("/<code>/qr.svg")
def qr_svg(code):
    """The join QR code as an image (also for printing on posters)."""
    forum = forum_or_404(code)
    return qr.svg(join_url(forum)), 200, {"Content-Type": "image/svg+xml",
                                          "Cache-Control": "no-cache"}
