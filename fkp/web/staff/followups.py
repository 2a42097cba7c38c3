"""Follow-ups across every forum the staff member can see: open ones by person in charge,
overdue ones marked; progress can be updated here, even after a forum is final."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ... import permissions
from ...errors import DomainError
from ...forums import forums
from ...record import followups, responses
from ...store.db import get_db
from ..common import current_user, flash_errors, forum_or_403, login_required, safe_next
from ..forms.common import ActionForm
from ..forms.record import FollowupForm

bp = Blueprint("followups", __name__, url_prefix="/staff/followups")


def _visible_forum_ids(user):
    return None if permissions.is_admin(user) else [
        f["id"] for f in forums.all_forums(get_db()) if permissions.can_view_forum(user, f)]


@bp.route("/")
@login_required
def index():
    """Filter by unit, person in charge, status; overdue only."""
    ids = _visible_forum_ids(current_user())
    args = request.args
    rows = followups.search(get_db(), forum_ids=ids, unit=args.get("unit") or None,
                            pic=args.get("pic") or None, status=args.get("status") or None,
                            overdue_only=args.get("overdue") == "1")
    units, pics = followups.choices(get_db(), ids)
    return render_template("staff/followups/followups.html", rows=rows, units=units, pics=pics, args=args,
                           form=ActionForm())


@bp.route("/<code>/<int:comment_id>", methods=["POST"])
@login_required
def update(code, comment_id):
    """Save a follow-up's status and note."""
    forum = forum_or_403(code, permissions.can_update_followup)
    form = FollowupForm()
    if form.validate_on_submit():
        try:
            responses.update_followup(get_db(), forum, comment_id, form.followup_status.data or "",
                                      form.note.data or "", current_user()["id"])
            flash(_("Saved."), "success")
        except DomainError as e:
            flash(e.message, "error")
    else:
        flash_errors(form)
    return redirect(safe_next(request.args.get("next"), url_for(".index")))
