"""The organising unit's letterhead (kop surat), edited from one of its forums and shared by
all of them: every official document prints it."""
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ... import permissions
from ...errors import DomainError
from ...forums import units
from ...store.db import get_db
from ..common import current_user, forum_or_403, login_required, show_error
from ..forms.setup import LetterheadForm
from ..uploads import accepts

bp = Blueprint("letterhead", __name__, url_prefix="/staff/forums")


@bp.route("/<code>/letterhead", methods=["GET", "POST"])
@accepts(units.LOGO_MAX_BYTES)
@login_required
def edit(code):
    """Set the kop of the forum's unit; changes show in every forum of that unit."""
    db = get_db()
    forum = forum_or_403(code, permissions.can_edit_letterhead)
    current = units.get(db, forum["unit"])
    form = LetterheadForm(data=dict(current) if current else {})
    status = 200
    if form.validate_on_submit():
        upload = form.logo.data
        logo = upload.read(units.LOGO_MAX_BYTES + 1) if upload and upload.filename else None
        try:
            units.save(db, forum["unit"], {k: form[k].data for k in units.FIELDS}, current_user()["id"],
                       logo=logo, remove_logo=form.remove_logo.data)
        except DomainError as e:
            show_error(form, e)
            status = 400
        else:
            flash(_("Saved. The letterhead is used by every forum of %(unit)s.", unit=forum["unit"]), "success")
            return redirect(url_for(".edit", code=forum["code"]))
    elif request.method == "POST":
        status = 400
    return render_template("staff/letterhead/edit.html", forum=forum, form=form, unit=current), status


@bp.route("/<code>/letterhead/logo")
@login_required
def logo(code):
    """The unit's logo as stored (decoded and checked at upload), for the preview."""
    forum = forum_or_403(code, permissions.can_view_forum)
    current = units.get(get_db(), forum["unit"])
    if not current or not current["logo"]:
        abort(404)
    return Response(current["logo"], content_type=current["logo_type"],
                    headers={"Cache-Control": "private, no-cache", "Content-Disposition": "inline"})
