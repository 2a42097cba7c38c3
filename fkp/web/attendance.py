"""The attendance list for staff: everyone present, with contact details (internal only),
and a form to complete or correct an attendee (e.g. one named only in an imported chat)."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from .. import participants, permissions
from ..db import get_db
from ..errors import DomainError
from ..forms import ActionForm
from .common import current_user, forum_or_404, login_required

bp = Blueprint("attendance", __name__, url_prefix="/staff/forums")


@bp.route("/<code>/attendance")
@login_required
def index(code):
    """Who attended, grouped by unsur, with how they took part."""
    forum = forum_or_404(code)
    if not permissions.can_view_forum(current_user(), forum):
        abort(403)
    return render_template("staff/attendance.html", forum=forum, form=ActionForm(),
                           people=participants.staff_list(get_db(), forum["id"]),
                           counts=participants.group_counts(get_db(), forum["id"]),
                           can_edit=permissions.can_check_in(current_user(), forum))


@bp.route("/<code>/attendance/<int:participant_id>", methods=["POST"])
@login_required
def edit(code, participant_id):
    """Save one attendee's name, institution, position and group."""
    forum = forum_or_404(code)
    if not permissions.can_check_in(current_user(), forum):
        abort(403)
    if not ActionForm().validate_on_submit():
        abort(400)
    form = request.form
    try:
        participants.update(get_db(), forum, participant_id, name=form.get("name", ""),
                            institution=form.get("institution", ""), position=form.get("position", ""),
                            group=form.get("group", ""), user_id=current_user()["id"])
    except DomainError as e:
        flash(e.message, "error")
    else:
        flash(_("Saved."), "success")
    return redirect(url_for(".index", code=forum["code"]) + f"#p{participant_id}")
