"""The attendance list for staff: everyone present, with contact details (internal only),
a form to complete or correct an attendee (e.g. one named only in an imported chat), the
merge of a duplicate record into the attendee it repeats and the removal of a record with
no input, and the deletion of an attendee's personal data at their request (UU PDP)."""
from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ... import permissions
from ...errors import DomainError
from ...people import duplicates, participants, privacy
from ...record import scans
from ...store.db import get_db
from ..common import current_user, flash_errors, forum_or_403, login_required
from ..forms.common import ActionForm
from ..forms.record import AttendeeForm, MergeAttendeeForm

bp = Blueprint("attendance", __name__, url_prefix="/staff/forums")


@bp.route("/<code>/attendance")
@login_required
def index(code):
    """Who attended, grouped by unsur, with how they took part."""
    forum = forum_or_403(code, permissions.can_view_forum)
    return render_template("staff/attendance/attendance.html", forum=forum, form=ActionForm(),
                           people=participants.staff_list(get_db(), forum["id"]),
                           inputs=participants.input_counts(get_db(), forum["id"]),
                           counts=participants.group_counts(get_db(), forum["id"]),
                           without_group=participants.without_group(get_db(), forum["id"]),
                           can_edit=permissions.can_check_in(current_user(), forum),
                           can_delete=permissions.can_delete_participant(current_user(), forum))


@bp.route("/<code>/attendance/<int:participant_id>", methods=["POST"])
@login_required
def edit(code, participant_id):
    """Save one attendee's name, institution, position and group."""
    forum = forum_or_403(code, permissions.can_check_in)
    form = AttendeeForm()
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            abort(400)
        flash_errors(form)
    else:
        try:
            participants.update(get_db(), forum, participant_id, name=form.name.data or "",
                                institution=form.institution.data or "", position=form.position.data or "",
                                group=form.group.data or "", user_id=current_user()["id"])
        except DomainError as e:
            flash(e.message, "error")
        else:
            flash(_("Saved."), "success")
    return redirect(url_for(".index", code=forum["code"]) + f"#p{participant_id}")


@bp.route("/<code>/attendance/<int:participant_id>/delete")
@login_required
def confirm_delete(code, participant_id):
    """Ask before erasing: the deletion cannot be undone."""
    forum = forum_or_403(code, permissions.can_delete_participant)
    person = participants.get(get_db(), participant_id)
    if person is None or person["forum_id"] != forum["id"]:
        abort(404)
    if participants.is_deleted(get_db(), participant_id):
        flash(_("This participant's personal data has already been deleted."), "error")
        return redirect(url_for(".index", code=forum["code"]))
    return render_template("staff/attendance/delete_participant.html", forum=forum, person=person, form=ActionForm(),
                           inputs=participants.input_count(get_db(), participant_id),
                           deleted_name=privacy.DELETED_NAME,
                           signed_list=scans.get(get_db(), forum["id"], "daftar_hadir"))


@bp.route("/<code>/attendance/<int:participant_id>/delete", methods=["POST"])
@login_required
def delete(code, participant_id):
    """Erase one attendee's personal data; their inputs stay, attributed to a deleted participant."""
    forum = forum_or_403(code, permissions.can_delete_participant)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        privacy.erase_participant(get_db(), forum, participant_id, current_user()["id"],
                                  current_app.config["DATABASE"], current_app.extensions.get("fkp_offload"))
    except DomainError as e:
        flash(e.message, "error")
    else:
        flash(_("The attendee's personal data was deleted; their inputs stay, without their name."),
              "success")
    return redirect(url_for(".index", code=forum["code"]))


def _person_or_404(forum, participant_id):
    person = participants.get(get_db(), participant_id)
    if person is None or person["forum_id"] != forum["id"] or participants.is_deleted(get_db(), participant_id):
        abort(404)
    return person


@bp.route("/<code>/attendance/<int:participant_id>/merge", methods=["GET", "POST"])
@login_required
def merge(code, participant_id):
    """Merge a duplicate record (someone listed twice) into the attendee it repeats."""
    forum = forum_or_403(code, permissions.can_check_in)
    db, person = get_db(), _person_or_404(forum, participant_id)
    form = MergeAttendeeForm()
    key, likely, others = participants.name_key(person["name"]), [], []
    for p in participants.attendance(db, forum["id"]):
        if p["id"] != participant_id and not p["deleted_utc"]:
            label = " · ".join(x for x in (p["name"], p["institution"]) if x)
            (likely if participants.name_key(p["name"]) == key else others).append((p["id"], label))
    form.into.choices = {_("Likely the same person"): likely, _("Everyone else"): others} if likely else others
    status = 200
    if form.validate_on_submit():
        try:
            kept, moved = duplicates.merge(db, forum, participant_id, form.into.data, current_user()["id"])
        except DomainError as e:
            form.into.errors.append(e.message)
            status = e.status
        else:
            flash(_("Merged: %(n)d inputs moved to %(name)s.", n=moved, name=kept["name"]), "success")
            return redirect(url_for(".index", code=forum["code"]) + f"#p{kept['id']}")
    elif form.is_submitted():
        status = 400
    return render_template("staff/attendance/merge.html", forum=forum, person=person, form=form,
                           inputs=participants.input_count(db, participant_id)), status


@bp.route("/<code>/attendance/<int:participant_id>/remove", methods=["POST"])
@login_required
def remove(code, participant_id):
    """Remove a record without input (an imported host, a test join)."""
    forum = forum_or_403(code, permissions.can_check_in)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        person = duplicates.remove(get_db(), forum, participant_id, current_user()["id"])
    except DomainError as e:
        flash(e.message, "error")
        return redirect(url_for(".index", code=forum["code"]) + f"#p{participant_id}")
    flash(_("%(name)s was removed from the attendance list.", name=person["name"]), "success")
    return redirect(url_for(".index", code=forum["code"]))
